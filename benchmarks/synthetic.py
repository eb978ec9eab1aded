"""Synthetic content N times larger than a real content folder, for measuring how cost grows.

Copy 0 keeps the original ids; copy k (k >= 1) renames every symptom, group, red flag,
screening question, guidance item, checklist and row of the can't-miss map (coverage.yaml)
with a ``_k<k>`` suffix and rewires every reference (rules, ``shown_if``, ``do_instead_if``, a
row's flags and tick sets) to the renamed ids of the same copy. Sources, levels and topics are shared, so
the result validates like the original; the back diagram is one drawing, so only copy 0's
symptoms keep their ``diagram_area`` (an area ticks one box). Nothing generated here is shipped.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

_COPIED = ("symptoms.yaml", "red_flags.yaml", "screening.yaml", "guidance.yaml", "checklists.yaml", "coverage.yaml")


def _read(folder: Path, name: str) -> Any:
    path = folder / name
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None


def _rename(value: str, k: int) -> str:
    return value if k == 0 else f"{value}_k{k}"


def _ids(values: Any, k: int) -> Any:
    if values is None:
        return None
    if isinstance(values, str):
        return _rename(values, k)
    return [_rename(v, k) for v in values]


def _rule(rule: Any, k: int) -> Any:
    if isinstance(rule, str):
        return _rename(rule, k)
    if isinstance(rule, list):
        return [_rule(r, k) for r in rule]
    if isinstance(rule, dict):
        return {key: _rule(value, k) for key, value in rule.items()}
    return rule


def _without(record: dict[str, Any], name: str) -> dict[str, Any]:
    return {key: value for key, value in record.items() if key != name}


def _shown_if(record: dict[str, Any], k: int) -> dict[str, Any]:
    """A group or symptom asked only once another box is ticked asks after its own copy's box."""
    if "shown_if" in record:
        record["shown_if"] = _ids(record["shown_if"], k)
    return record


def _copy_symptoms(groups: list[dict[str, Any]], k: int) -> list[dict[str, Any]]:
    out = []
    for group in groups:
        g = _shown_if(dict(group, id=_rename(group["id"], k)), k)
        if k:
            g["label"] = f"{group['label']} ({k})"
        g["symptoms"] = [
            _shown_if(dict(_without(s, "diagram_area") if k else s, id=_rename(s["id"], k),
                           **({"label": f"{s['label']} ({k})"} if k else {})), k)
            for s in group["symptoms"]
        ]
        out.append(g)
    return out


def _copy_records(records: list[dict[str, Any]], k: int, id_fields: tuple[str, ...]) -> list[dict[str, Any]]:
    out = []
    for record in records:
        r = dict(record, id=_rename(record["id"], k))
        for name in id_fields:
            if name in r:
                r[name] = _ids(r[name], k)
        if "when" in r:
            r["when"] = _rule(r["when"], k)
        if "tick_sets" in r:
            r["tick_sets"] = [dict(tick_set, ticks=_ids(tick_set["ticks"], k)) for tick_set in r["tick_sets"]]
        if "items" in r:
            r["items"] = [
                dict(item, applies_to=_ids(item["applies_to"], k)) if "applies_to" in item else dict(item)
                for item in r["items"]
            ]
        out.append(r)
    return out


def write_scaled(source: Path, target: Path, factor: int) -> Path:
    """Write ``factor`` renamed copies of the content at ``source`` into ``target``; return it."""
    target.mkdir(parents=True, exist_ok=True)
    for file in source.glob("*.yaml"):
        if file.name not in _COPIED:
            shutil.copy(file, target / file.name)
    fields = {
        "red_flags.yaml": ("do_instead_if",),
        "screening.yaml": ("asks_about", "applies_to"),
        "guidance.yaml": ("applies_to", "avoid_if"),
        "checklists.yaml": ("applies_to",),
        "coverage.yaml": ("flags",),
    }
    symptoms = _read(source, "symptoms.yaml") or []
    scaled: dict[str, list[Any]] = {"symptoms.yaml": []}
    for k in range(factor):
        scaled["symptoms.yaml"] += _copy_symptoms(symptoms, k)
    for name, id_fields in fields.items():
        records = _read(source, name) or []
        scaled[name] = []
        for k in range(factor):
            scaled[name] += _copy_records(records, k, id_fields)
    for name, records in scaled.items():
        text = yaml.safe_dump(records, sort_keys=False, allow_unicode=True, width=100)
        (target / name).write_text(text, encoding="utf-8")
    return target
