"""Short mode for ages 13 to 15: a filter over an assessment, so every view shows less.

What stays: the triage level, every warning sign and every "check these first" question (a red
flag always wins). What is cut: advice beyond the top few and checklists beyond the first (until
"Show more"), and adult-only advice such as medicines (always, in short mode). The settings are
in ``short_mode.yaml`` in the content folder, so a teacher edits them without code.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from backlearn.content import Content, default_content_dir
from backlearn.engine.assessment import Assessment
from backlearn.engine.match import ChecklistMatch

__all__ = [
    "SHORT_ENV", "ShortMode", "ShortModeError", "class_default", "has_more", "held_back", "load_short_mode", "shorten",
]

#: Set to 1 (or true, yes, on) to start every explorer in short mode: the teacher's class setting.
SHORT_ENV = "BACKLEARN_SHORT_MODE"
FILE = "short_mode.yaml"


class ShortModeError(ValueError):
    """short_mode.yaml does not fit the content; the message names the file, line and field."""


@dataclass(frozen=True, slots=True)
class ShortMode:
    """The short mode's settings, checked against the content."""

    top_advice: int
    checklists: int
    adults_only: frozenset[str]
    adults_only_items: frozenset[tuple[str, str]]
    note: str


def class_default(env: Mapping[str, str] | None = None) -> bool:
    """True when the teacher turned short mode on for the class (``BACKLEARN_SHORT_MODE``)."""
    value = (os.environ if env is None else env).get(SHORT_ENV, "")
    return value.strip().lower() in ("1", "true", "yes", "on")


def _line(data: Any, key: str) -> int:
    return int(data.line_of(key)) if hasattr(data, "line_of") else 1


def load_short_mode(content: Content) -> ShortMode:
    """The settings from the content folder's short_mode.yaml. A folder without one gets the shipped
    file's settings, with the ids it names kept only where this content has them.

    Settings that passed these checks are kept in the content cache, keyed on the file's bytes and
    on everything of the content they were checked against, so an explorer built again (a new
    notebook kernel, the app) neither imports PyYAML nor parses the file.
    """
    path = Path(content.path) / FILE
    own = path.exists()
    if not own:
        path = default_content_dir() / FILE
    from backlearn.content._cache import read_cached, write_cached

    file, key = _cache_place(path, own, content)
    stored = read_cached(file, key)
    if stored is not None:
        with contextlib.suppress(Exception):  # a damaged cache file is only a missed shortcut
            return _from_plain(stored)
    mode = _read(path, own, content)
    write_cached(file, key, _to_plain(mode))
    return mode


def _cache_place(path: Path, own: bool, content: Content) -> tuple[Path | None, list[str]]:
    """The cache file for these settings and their key: the file's bytes, and the advice and checklist
    lines they were checked against."""
    import zlib

    from backlearn.content._cache import Checksum, cache_file

    digest = Checksum()
    digest.update(path.read_bytes())
    for guidance_id in content.guidance:
        digest.update(b"\0g" + guidance_id.encode("utf-8", "surrogateescape"))
    for checklist in content.checklists.values():
        for item in checklist.items:
            digest.update(b"\0c" + f"{checklist.id}\0{item.text}".encode("utf-8", "surrogateescape"))
    name = f"short-mode-{zlib.crc32(str(content.path).encode('utf-8')):08x}"
    return cache_file(name), [str(path), str(own), digest.hexdigest()]


def _to_plain(mode: ShortMode) -> dict[str, Any]:
    return {
        "top_advice": mode.top_advice, "checklists": mode.checklists, "adults_only": sorted(mode.adults_only),
        "adults_only_items": sorted(mode.adults_only_items), "note": mode.note,
    }


def _from_plain(data: dict[str, Any]) -> ShortMode:
    return ShortMode(
        int(data["top_advice"]), int(data["checklists"]), frozenset(str(g) for g in data["adults_only"]),
        frozenset((str(c), str(t)) for c, t in data["adults_only_items"]), str(data["note"]),
    )


def _read(path: Path, own: bool, content: Content) -> ShortMode:
    """short_mode.yaml parsed and checked against the content; ShortModeError names the line and field."""
    from backlearn.content._yaml import read_yaml

    data = read_yaml(path)

    def fail(key: str, expected: str) -> ShortModeError:
        return ShortModeError(f"{path.name}, line {_line(data, key)}: field '{key}': expected {expected}")

    if not isinstance(data, dict):
        raise ShortModeError(f"{path.name}, line 1: expected a mapping of settings")
    numbers = {}
    for key in ("top_advice", "checklists"):
        value = data.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise fail(key, "a whole number, 1 or more")
        numbers[key] = value
    adults = data.get("adults_only") or []
    if not isinstance(adults, list) or not all(isinstance(g, str) for g in adults):
        raise fail("adults_only", "a list of guidance ids")
    unknown = [g for g in adults if g not in content.guidance]
    if unknown and not own:
        adults, unknown = [g for g in adults if g in content.guidance], []
    if unknown:
        raise fail("adults_only", f"guidance ids from guidance.yaml; unknown: {', '.join(unknown)}")
    items: set[tuple[str, str]] = set()
    for entry in data.get("adults_only_checklist_items") or []:
        checklist = content.checklists.get(entry.get("checklist", "")) if isinstance(entry, dict) else None
        text = entry.get("item") if isinstance(entry, dict) else None
        if checklist is None or text not in {i.text for i in checklist.items}:
            if not own:
                continue
            raise fail("adults_only_checklist_items", f"a checklist id and one of its lines exactly; got {entry!r}")
        items.add((checklist.id, str(text)))
    note = data.get("adults_only_note")
    if not isinstance(note, str) or not note.strip():
        raise fail("adults_only_note", "a sentence shown when something is held back")
    return ShortMode(numbers["top_advice"], numbers["checklists"], frozenset(adults), frozenset(items), note.strip())


def _without_adult_items(match: ChecklistMatch, mode: ShortMode) -> ChecklistMatch:
    kept = tuple(i for i in match.items if (match.checklist.id, i.text) not in mode.adults_only_items)
    return ChecklistMatch(checklist=match.checklist, items=kept, because=match.because)


def held_back(assessment: Assessment, mode: ShortMode) -> bool:
    """True when short mode holds back adult-only advice or checklist lines from this assessment."""
    return any(g.item.id in mode.adults_only for g in assessment.guidance) or any(
        (c.checklist.id, i.text) in mode.adults_only_items for c in assessment.checklists for i in c.items
    )


def shorten(assessment: Assessment, mode: ShortMode, *, more: bool = False) -> Assessment:
    """The assessment as short mode shows it: adult-only advice out; with ``more=False`` also only
    the top advice and the first checklists. Triage, warning signs and screening are untouched."""
    guidance = tuple(g for g in assessment.guidance if g.item.id not in mode.adults_only)
    checklists = tuple(c for c in (_without_adult_items(c, mode) for c in assessment.checklists) if c.items)
    if not more:
        guidance, checklists = guidance[: mode.top_advice], checklists[: mode.checklists]
    return Assessment(
        symptoms=assessment.symptoms,
        triage=assessment.triage,
        red_flags=assessment.red_flags,
        reassurances=assessment.reassurances,
        screening=assessment.screening,
        guidance=guidance,
        withheld=assessment.withheld,
        checklists=checklists,
        content=assessment.content,
    )


def has_more(assessment: Assessment, mode: ShortMode) -> bool:
    """True when "Show more" would show something the short view leaves out."""
    return shorten(assessment, mode, more=True) != shorten(assessment, mode)
