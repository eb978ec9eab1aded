"""The content a teacher edits (data/*.yaml): its model, loading, and every check made on it.

Every content file, the teacher's (lessons.yaml, pack.yaml, safeguarding.yaml) and short_mode.yaml
included, is read by one reader into the records of ``model`` and checked before anything is used:
every problem of a load is reported together, each naming the file, the line, the field and what was
expected. Inside: ``model`` (the records), ``errors`` (Problem, ContentError), ``rules`` (the red-flag
rule language), ``regions`` (emergency numbers by region), ``teaching`` (the teacher's content gathered
for the pack), ``schema`` (JSON Schemas for editors); private: reading YAML with line numbers
(``_yaml``, ``_located``), parsing (``_parse``, ``_parse_teaching``), reading a folder's files
(``_read``), loading (``_loader``), the cache (``_cache``, ``_cache_json``) and the safety checks
(``_safety``).

The checks that need the engine (case studies, emergencies) are added by ``backlearn.engine.promises``,
whose ``load_content`` (``backlearn.load_content``, the one to use) calls :func:`read_content` with
them: this package never imports the engine.
"""

from backlearn.content._cache import MAX_FILE_BYTES
from backlearn.content._loader import read_content
from backlearn.content._safety import Check, ProblemAt
from backlearn.content.errors import ContentError, Problem, suggest
from backlearn.content.model import (
    BACK_REGIONS,
    DIAGRAM_AREAS,
    FLAG_LEVELS,
    GLOSSARY_GROUPS,
    GUIDANCE_KINDS,
    HELP_FIRST_LEVELS,
    LEVELS,
    OPTIONAL_FILES,
    QUIZ_KINDS,
    REQUIRED_FILES,
    SOURCE_KINDS,
    STRENGTHS,
    TRUE_FALSE,
    VERDICTS,
    Case,
    Checklist,
    ChecklistItem,
    Content,
    Demo,
    GlossaryEntry,
    Guidance,
    HeldBackLine,
    Helpline,
    Lesson,
    Letter,
    Level,
    Misconception,
    NoteSection,
    Pack,
    Poster,
    Prompt,
    QuizQuestion,
    RedFlag,
    RegionSafeguarding,
    Safeguarding,
    SafeguardingRegions,
    ScreeningQuestion,
    ShortMode,
    Source,
    Step,
    Symptom,
    SymptomGroup,
    Topic,
)
from backlearn.places import CACHE_ENV, CONTENT_ENV

__all__ = [
    "BACK_REGIONS",
    "CACHE_ENV",
    "CONTENT_ENV",
    "DIAGRAM_AREAS",
    "FLAG_LEVELS",
    "GLOSSARY_GROUPS",
    "GUIDANCE_KINDS",
    "HELP_FIRST_LEVELS",
    "LEVELS",
    "MAX_FILE_BYTES",
    "OPTIONAL_FILES",
    "QUIZ_KINDS",
    "REQUIRED_FILES",
    "SOURCE_KINDS",
    "STRENGTHS",
    "TRUE_FALSE",
    "VERDICTS",
    "Case",
    "Check",
    "Checklist",
    "ChecklistItem",
    "Content",
    "ContentError",
    "Demo",
    "GlossaryEntry",
    "Guidance",
    "HeldBackLine",
    "Helpline",
    "Lesson",
    "Letter",
    "Level",
    "Misconception",
    "NoteSection",
    "Pack",
    "Poster",
    "Problem",
    "ProblemAt",
    "Prompt",
    "QuizQuestion",
    "RedFlag",
    "RegionSafeguarding",
    "Safeguarding",
    "SafeguardingRegions",
    "ScreeningQuestion",
    "ShortMode",
    "Source",
    "Step",
    "Symptom",
    "SymptomGroup",
    "Topic",
    "read_content",
    "suggest",
]
