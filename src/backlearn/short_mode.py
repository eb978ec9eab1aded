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

from backlearn import places
from backlearn.content import Content, ContentError, Problem, suggest
from backlearn.engine.assessment import Assessment
from backlearn.engine.match import ChecklistMatch

__all__ = [
    "SHORT_ENV", "ShortMode", "ShortModeError", "class_default", "has_more", "held_back", "load_short_mode", "shorten",
]

#: Set to 1 (or true, yes, on) to start every explorer in short mode: the teacher's class setting.
SHORT_ENV = places.SHORT_MODE_ENV
FILE = "short_mode.yaml"


class ShortModeError(ContentError):
    """short_mode.yaml cannot be read or does not fit the content: a ContentError, each problem naming
    the file, line and field, as for every other content file."""


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
    value = (places.environment() if env is None else env).get(SHORT_ENV, "")
    return value.strip().lower() in ("1", "true", "yes", "on")


def load_short_mode(content: Content) -> ShortMode:
    """The settings from the content folder's short_mode.yaml. A folder without one (a teacher's copy
    made before short mode existed) gets the shipped file's settings, with the ids it names kept only
    where this content has them. The file is read through the content's guarded reader: a folder, a
    pipe, a broken link, a huge or non-UTF-8 file or a YAML error raise ShortModeError, never hang.

    Settings that passed these checks are kept in the content cache, keyed on the file's bytes and
    on everything of the content they were checked against, so an explorer built again (a new
    notebook kernel, the app) neither imports PyYAML nor parses the file.
    """
    from backlearn.content._read import FileProblem, checked_file

    folder = Path(content.path)
    own = os.path.lexists(folder / FILE)  # a link that leads nowhere is the teacher's file, and an error
    if not own:
        folder = places.shipped_content()
    path = folder / FILE
    try:
        checked_file(path, missing="the short mode needs it")
        data = path.read_bytes()
    except FileProblem as problem:
        raise ShortModeError([Problem(FILE, problem.line, "", problem.message)], content.path) from None
    except OSError as error:  # unreadable (permissions)
        raise ShortModeError([Problem(FILE, 0, "", f"cannot be read ({error.strerror or error})")],
                             content.path) from None
    from backlearn.content._cache import read_cached, write_cached

    file, key = _cache_place(path, data, own, content)
    stored = read_cached(file, key)
    if stored is not None:
        with contextlib.suppress(Exception):  # a damaged cache file is only a missed shortcut
            return _from_plain(stored)
    mode = _read(folder, own, content)
    write_cached(file, key, _to_plain(mode))
    return mode


def _cache_place(path: Path, data: bytes, own: bool, content: Content) -> tuple[Path | None, list[str]]:
    """The cache file for these settings and their key: the file's bytes, and the advice and checklist
    lines they were checked against."""
    import zlib

    from backlearn.content._cache import Checksum, cache_file

    digest = Checksum()
    digest.update(data)
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


_FIELDS = ("top_advice", "checklists", "adults_only", "adults_only_checklist_items", "adults_only_note")


def _read(folder: Path, own: bool, content: Content) -> ShortMode:
    """short_mode.yaml parsed and checked against the content; ShortModeError lists every problem, each
    with its line and field (a misspelt field gets a 'did you mean')."""
    from backlearn.content._located import Located, LocatedList
    from backlearn.content._parse import _Reader
    from backlearn.content._read import read_content_file

    reader = _Reader()
    reader.file = FILE
    data = read_content_file(reader, folder, FILE, missing="the short mode needs it")
    if not reader.problems and not isinstance(data, Located):
        got = "an empty file" if data is None else "a list" if isinstance(data, list) else "a single value"
        reader.problem(getattr(data, "line", 1), "", f"expected the short mode's settings ({', '.join(_FIELDS)}); "
                       f"got {got}")
    if reader.problems:
        raise ShortModeError(reader.problems, content.path)
    assert isinstance(data, Located)
    reader.unknown_fields(data, _FIELDS)
    top, first = (reader.integer(data, key, 1, 1000) for key in ("top_advice", "checklists"))
    adults: list[str] = []
    value = data.get("adults_only") or LocatedList()
    if not isinstance(value, list) or not all(isinstance(g, str) for g in value):
        reader.problem(data.line_of("adults_only"), "adults_only", "expected a list of guidance ids")
    else:
        for guidance_id in value:
            if guidance_id in content.guidance:
                adults.append(guidance_id)
            elif own:
                reader.problem(data.line_of("adults_only"), "adults_only", f"unknown guidance id '{guidance_id}' "
                               f"(expected ids from guidance.yaml){suggest(guidance_id, content.guidance)}")
    items: set[tuple[str, str]] = set()
    entries = data.get("adults_only_checklist_items") or LocatedList()
    if not isinstance(entries, LocatedList):
        reader.problem(data.line_of("adults_only_checklist_items"), "adults_only_checklist_items",
                       "expected a list of {checklist, item} entries")
        entries = LocatedList()
    for entry, line in zip(entries, entries.item_lines, strict=True):
        if not isinstance(entry, Located):
            reader.problem(line, "adults_only_checklist_items", f"expected a checklist id and one of its lines; "
                           f"got {entry!r}")
            continue
        reader.unknown_fields(entry, ("checklist", "item"))
        name, text = entry.get("checklist"), entry.get("item")
        checklist = content.checklists.get(name) if isinstance(name, str) else None
        lines = [i.text for i in checklist.items] if checklist else []
        if checklist is not None and text in lines:
            items.add((checklist.id, str(text)))
        elif own and checklist is None:
            reader.problem(entry.line_of("checklist"), "checklist", f"unknown checklist {name!r}"
                           + (suggest(name, content.checklists) if isinstance(name, str) else ""))
        elif own:
            reader.problem(entry.line_of("item"), "item", f"expected one of the lines of checklist '{name}' "
                           f"exactly; got {text!r}" + (suggest(text, lines) if isinstance(text, str) else ""))
    note = reader.text(data, "adults_only_note")
    if reader.problems:
        raise ShortModeError(reader.problems, content.path)
    return ShortMode(top, first, frozenset(adults), frozenset(items), note)


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
