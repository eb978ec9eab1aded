"""JSON Schemas of the content files, made from the same declarations the reader uses, for teachers'
editors: with a YAML language server (VS Code, JupyterLab), a misspelt field or a wrong value is
underlined while typing, before ``backlearn validate`` runs.

Nothing here runs when content is loaded, and nothing needs a JSON Schema library: the schemas are
plain dicts, written to ``schema/`` by ``tools/content_schema.py``. They describe the shape of each
file (fields, types, choices, what is required); ``backlearn validate`` remains the full check
(references between files, rules, the safety checks).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from backlearn.content import _parse_teaching as t
from backlearn.content._glossary_regions import _GLOSSARY
from backlearn.content._kinds_guidance import (
    _CASES,
    _CHECKLIST_ITEM,
    _CHECKLISTS,
    _GUIDANCE,
    _QUIZZES,
    _SOURCES,
    _TOPICS,
)
from backlearn.content._kinds_safety import _RED_FLAGS, _SCREENING
from backlearn.content._kinds_symptoms import _GROUP, _LEVEL, _SYMPTOM
from backlearn.content._kinds_teacher import (
    _ACTIVITY,
    _ACTIVITY_ITEM,
    _COVERAGE,
    _EVIDENCE,
    _EVIDENCE_NUMBER,
    _HELD_BACK_LINE,
    _LESSON_PAGES,
    _SHORT_MODE,
)
from backlearn.content._reader import _Kind
from backlearn.content.model import ID_PATTERN, LEVELS

__all__ = ["SCHEMA_FILES", "content_schemas"]

_Schema = dict[str, Any]


def _list(items: _Schema) -> _Schema:
    return {"type": "array", "items": items}


def _texts() -> _Schema:
    return _list({"type": "string"})


#: Fields a kind reads by hand, by (kind, field): what they hold.
_BY_HAND: Mapping[tuple[str, str], Any] = {
    ("checklists", "items"): lambda: _list(_record(_CHECKLIST_ITEM)),
    ("short mode settings", "adults_only_checklist_items"): lambda: _list(_record(_HELD_BACK_LINE)),
    ("evidence charts", "numbers"): lambda: _list(_record(_EVIDENCE_NUMBER)),
    ("evidence charts", "baseline"): lambda: {"type": "number"},
    ("evidence numbers", "value"): lambda: {"type": "number"},
    ("evidence numbers", "low"): lambda: {"type": "number"},
    ("evidence numbers", "high"): lambda: {"type": "number"},
    ("evidence numbers", "out_of"): lambda: {"type": "number"},
    ("evidence numbers", "source"): lambda: {"type": "string"},
    ("lesson pages", "activity"): lambda: _record(_ACTIVITY),
    ("lesson pages", "warning_tick"): lambda: {"type": "string"},
    ("lesson pages", "warning_heading"): lambda: {"type": "string"},
    ("activities", "items"): lambda: _list(_record(_ACTIVITY_ITEM)),
    ("activities", "bins"): _texts,
    ("activities", "goal_days"): lambda: {"type": "integer", "minimum": 1, "maximum": 7},
    ("activities", "goal_minutes"): lambda: {"type": "integer", "minimum": 1, "maximum": 180},
    ("case studies", "person"): lambda: {"type": "object", "additionalProperties": False, "required": ["name", "age"],
                                         "properties": {"name": {"type": "string"}, "about": {"type": "string"},
                                                        "age": {"type": "integer", "minimum": 1, "maximum": 120}}},
    ("sources", "url"): lambda: {"type": "string", "pattern": "^https?://"},
    ("sources", "doi"): lambda: {"type": "string", "pattern": "^10\\."},
    ("lessons", "timings"): lambda: _list(_record(t._STEP)),
    ("lessons", "misconceptions"): lambda: _list(_record(t._MISCONCEPTION)),
    ("lessons", "prompts"): lambda: _list(_record(t._QUESTION)),
    ("lessons", "exit_ticket"): lambda: _list(_record(t._EXIT_QUESTION)),
    ("lessons", "demo"): lambda: _list(_record(t._DEMO)),
    ("lessons", "baseline"): lambda: _record(t._QUESTION),
    **{("lessons", name): _texts for name in t._LESSON_TEXTS},
    ("sections", "points"): _texts,
    ("safeguarding note", "sections"): lambda: _list(_record(t._NOTE_SECTION)),
    ("parent letter", "paragraphs"): _texts,
    ("poster", "actions"): lambda: {"type": "object", "additionalProperties": False,
                                    "properties": {level: {"type": "string"} for level in LEVELS}},
    ("helplines", "for"): lambda: {"type": "string"},
    ("helplines", "url"): lambda: {"type": "string", "pattern": "^https://"},
    ("regions", "id"): lambda: {"type": "string", "pattern": ID_PATTERN.pattern},
    ("regions", "duty_source"): lambda: {"type": "object", "additionalProperties": False, "required": ["title", "url"],
                                         "properties": {"title": {"type": "string"},
                                                        "url": {"type": "string", "pattern": "^https://"}}},
    ("regions", "helplines"): lambda: _list(_record(t._HELPLINE)),
    ("symptom groups", "label"): lambda: {"type": "string"},
    ("symptom groups", "choose"): lambda: {"enum": ["one", "many"]},
    ("symptom groups", "warning"): lambda: {"type": "boolean"},
    ("symptom groups", "symptoms"): lambda: _list(_record(_SYMPTOM)),
    ("symptoms", "also_called"): _texts,
    ("can't-miss map rows", "cause"): lambda: {"type": "string"},
    ("can't-miss map rows", "note"): lambda: {"type": "string"},
    ("can't-miss map rows", "guideline"): lambda: {
        "type": "object", "additionalProperties": False, "required": ["name", "url"],
        "properties": {"name": {"type": "string"}, "url": {"type": "string", "pattern": "^https?://"}}},
    ("can't-miss map rows", "tick_sets"): lambda: _list({
        "type": "object", "additionalProperties": False, "required": ["says", "ticks"],
        "properties": {"says": {"type": "string"}, "ticks": _list({"type": "string"})}}),
    ("checklist items", "safe_with"): lambda: _list({"type": "string"}),
}


def _record(kind: _Kind) -> _Schema:
    """One record of ``kind``: its fields, the required ones (no default on the record), nothing else."""
    properties: _Schema = {}
    if kind.has_id:
        properties["id"] = {"type": "string", "pattern": ID_PATTERN.pattern}
    for spec in kind.fields:
        made = _BY_HAND.get((kind.what, spec.name))
        properties[spec.name] = made() if made is not None else dict(spec.schema)
    required = [name for name in kind.allowed if name not in kind.optional
                and (name == "id" or any(f.name == name and f.read is not None for f in kind.fields))]
    return {"type": "object", "additionalProperties": False, "properties": properties,
            **({"required": required} if required else {})}


def _file(title: str, body: _Schema) -> _Schema:
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title, **body}


#: The files a schema is made for, each with the kind its records are (a list of them, unless said).
_LISTS: Mapping[str, _Kind] = {
    "sources.yaml": _SOURCES, "symptoms.yaml": _GROUP, "red_flags.yaml": _RED_FLAGS,
    "screening.yaml": _SCREENING, "topics.yaml": _TOPICS, "guidance.yaml": _GUIDANCE,
    "checklists.yaml": _CHECKLISTS, "quizzes.yaml": _QUIZZES, "cases.yaml": _CASES,
    "evidence.yaml": _EVIDENCE, "lesson_pages.yaml": _LESSON_PAGES, "coverage.yaml": _COVERAGE,
    "lessons.yaml": t._LESSONS, "glossary.yaml": _GLOSSARY,
}
SCHEMA_FILES: tuple[str, ...] = (*_LISTS, "levels.yaml", "short_mode.yaml", "pack.yaml", "safeguarding.yaml")


def content_schemas() -> dict[str, _Schema]:
    """A JSON Schema for each content file in SCHEMA_FILES, by file name (regions.yaml, whose fields are
    the placeholders, has none yet)."""
    out = {name: _file(name, _list(_record(kind))) for name, kind in _LISTS.items()}
    level = _record(_LEVEL)
    out["levels.yaml"] = _file("levels.yaml", {"type": "object", "additionalProperties": False,
                                               "required": list(LEVELS),
                                               "properties": {level_id: level for level_id in LEVELS}})
    out["short_mode.yaml"] = _file("short_mode.yaml", _record(_SHORT_MODE))
    out["pack.yaml"] = _file("pack.yaml", {"type": "object", "additionalProperties": False,
                                           "required": list(t._PACK_PARTS),
                                           "properties": {name: _record(kind) for name, kind in t._PACK_PARTS.items()}})
    out["safeguarding.yaml"] = _file("safeguarding.yaml", {
        "type": "object", "additionalProperties": False, "required": ["check", "regions"],
        "properties": {"check": {"type": "string"}, "regions": _list(_record(t._REGION_SAFEGUARDING))}})
    return {name: out[name] for name in SCHEMA_FILES}
