"""The content a teacher edits (data/*.yaml): its model, loading, and every check made on it.

Loading checks everything before anything is used: every problem of a load is reported together,
each naming the file, the line, the field and what was expected. Inside: ``model`` (the records),
``errors`` (Problem, ContentError), ``rules`` (the red-flag rule language), ``regions`` (emergency
numbers by region), ``teaching`` (lessons and the teacher pack); private: reading YAML with line
numbers (``_yaml``, ``_located``), parsing (``_parse``), reading a folder's files (``_read``), loading
(``_loader``), the cache (``_cache``, ``_cache_json``) and the safety checks (``_safety``).

The checks that need the engine (case studies, emergencies) are added by ``backlearn.engine.promises``,
whose ``load_content`` is ``backlearn.load_content``: this package never imports the engine.
"""

from backlearn.content._cache import MAX_FILE_BYTES
from backlearn.content._loader import load_content
from backlearn.content._safety import Check, ProblemAt
from backlearn.content.errors import ContentError, Problem, suggest
from backlearn.content.model import (
    BACK_REGIONS,
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
    GlossaryEntry,
    Guidance,
    HeldBackLine,
    Level,
    QuizQuestion,
    RedFlag,
    ScreeningQuestion,
    ShortMode,
    Source,
    Symptom,
    SymptomGroup,
    Topic,
)
from backlearn.places import CACHE_ENV, CONTENT_ENV
from backlearn.places import content_dir as default_content_dir

__all__ = [
    "BACK_REGIONS",
    "CACHE_ENV",
    "CONTENT_ENV",
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
    "GlossaryEntry",
    "Guidance",
    "HeldBackLine",
    "Level",
    "Problem",
    "ProblemAt",
    "QuizQuestion",
    "RedFlag",
    "ScreeningQuestion",
    "ShortMode",
    "Source",
    "Symptom",
    "SymptomGroup",
    "Topic",
    "default_content_dir",
    "load_content",
    "suggest",
]
