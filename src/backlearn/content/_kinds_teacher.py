"""The teacher's files: evidence charts, lesson pages, the can't-miss map and short mode."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from functools import partial
from typing import Any

from backlearn.content._located import Located, LocatedList
from backlearn.content._reader import (
    _by_hand,
    _choice,
    _flag,
    _ids,
    _integer,
    _Kind,
    _read_each,
    _read_one,
    _Reader,
    _text,
    _texts,
)
from backlearn.content.errors import Problem, suggest
from backlearn.content.model import (
    ACTIVITY_KINDS,
    CHART_KINDS,
    COVERAGE_TYPES,
    LEVELS,
    Activity,
    ActivityItem,
    Checklist,
    CoverageRow,
    CoverageTickSet,
    EvidenceChart,
    EvidenceNumber,
    HeldBackLine,
    LessonPage,
    ShortMode,
    Topic,
)

# ----------------------------------------------------------------------------- lesson pages and evidence charts
# evidence.yaml and lesson_pages.yaml: what each topic's lesson notebook shows of its own. Both are
# optional; when one is there, every topic needs its record (checked in ``_check_lessons``).


def _number(r: _Reader, rec: Located, name: str, *, required: bool = True) -> float | None:
    value = rec.get(name)
    if value is None:
        if required:
            r.absent(rec, name, "a number")
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        r.problem(rec.line_of(name), name, f"expected a number, got {value!r}")
        return None
    return float(value)


def _one_id(r: _Reader, rec: Located, name: str, kind: str) -> str:
    found = r.ids(rec, name, kind)
    if len(found) > 1:
        r.problem(rec.line_of(name), name, f"expected one {kind} id, got {len(found)}")
    return found[0] if found else ""


def _evidence_number(r: _Reader, rec: Located) -> dict[str, Any]:
    value = _number(r, rec, "value") or 0.0
    low, high = _number(r, rec, "low", required=False), _number(r, rec, "high", required=False)
    out_of = _number(r, rec, "out_of", required=False)
    if (low is None) != (high is None):
        r.problem(rec.line, "low", "expected both low and high (the range), or neither")
    elif low is not None and high is not None and not low <= value <= high:
        r.problem(rec.line_of("value"), "value",
                  f"expected a value from low ({low:g}) to high ({high:g}), got {value:g}")
    if out_of is not None and out_of <= 0:
        r.problem(rec.line_of("out_of"), "out_of", "expected the top of the scale, a number above 0")
    return {"value": value, "low": low, "high": high, "out_of": out_of,
            "source": _one_id(r, rec, "source", "source")}


_EVIDENCE_NUMBER = _Kind("evidence numbers", EvidenceNumber, (
    _text("label"), _by_hand("value"), _by_hand("low"), _by_hand("high"), _by_hand("out_of"),
    _by_hand("source"), _text("how_sure"),
), has_id=False, before=_evidence_number)


def _evidence_numbers(r: _Reader, rec: Located) -> dict[str, Any]:
    numbers = rec.get("numbers")
    found = () if numbers is None else tuple(item for _, item in _read_each(_EVIDENCE_NUMBER, r, numbers))
    return {"numbers": found, "baseline": _number(r, rec, "baseline", required=False)}


def _evidence_is_drawable(topics: Mapping[str, Topic], r: _Reader, rec: Located, chart: EvidenceChart) -> bool:
    """A chart can be drawn from what it gives, and every number comes from a source its topic cites."""
    if chart.kind == "words":
        if chart.numbers:
            r.problem(rec.line_of("numbers"), "numbers", "a 'words' chart has no numbers; use kind: bars or people")
    else:
        if not chart.numbers:
            r.absent(rec, "numbers", f"the numbers a '{chart.kind}' chart draws")
        if not chart.measure:
            r.absent(rec, "measure", "what the numbers count, in plain words")
    if chart.kind == "people" and chart.numbers and not 0 <= chart.numbers[0].value <= 100:
        r.problem(rec.line_of("numbers"), "numbers", "a 'people' chart shows how many out of 100; expected 0 to 100")
    topic = topics.get(chart.id)
    if topic is not None:
        for number in chart.numbers:
            if number.source and number.source not in topic.sources:
                r.problem(rec.line_of("numbers"), "source",
                          f"'{number.source}' is not among topic '{chart.id}''s sources; expected a source the "
                          f"topic cites ({', '.join(topic.sources)}), or add it to the topic first")
    return True


_EVIDENCE = _Kind("evidence charts", EvidenceChart, (
    _text("title"), _choice("kind", CHART_KINDS), _text("measure"), _by_hand("baseline"),
    _text("baseline_label"), _by_hand("numbers"), _text("note"),
    _ids("sources", "source"),
), before=_evidence_numbers)


_ACTIVITY_ITEM = _Kind("activity items", ActivityItem, (
    _text("text"), _text("why"), _text("answer"), _flag("best"),
), has_id=False)


def _activity_parts(r: _Reader, rec: Located) -> dict[str, Any]:
    items = rec.get("items")
    found = () if items is None else tuple(item for _, item in _read_each(_ACTIVITY_ITEM, r, items))
    plan = rec.get("kind") == "plan"
    return {
        "items": found,
        "bins": _texts(r, rec, "bins", required=False),
        "goal_days": r.integer(rec, "goal_days", 1, 7) if plan else 0,
        "goal_minutes": r.integer(rec, "goal_minutes", 1, 180) if plan else 0,
    }


def _activity_is_whole(r: _Reader, rec: Located, activity: Activity) -> bool:
    """Each kind has what it needs: bins and an answer in them (sort), a best choice (choose), a goal (plan)."""
    if activity.kind in ("sort", "choose") and len(activity.items) < 2:
        r.absent(rec, "items", "at least two items")
    if activity.kind == "sort":
        if len(activity.bins) < 2:
            r.absent(rec, "bins", "at least two bins")
        for item in activity.items:
            if item.answer not in activity.bins:
                r.problem(rec.line_of("items"), "answer",
                          f"'{item.answer}' is not a bin; expected one of {', '.join(activity.bins)}")
    if activity.kind == "choose" and activity.items and not any(item.best for item in activity.items):
        r.problem(rec.line_of("items"), "best", "no item has best: true; expected at least one right choice")
    if activity.kind == "plan" and not activity.why:
        r.absent(rec, "why", "where the goal comes from, in plain words")
    return True


_ACTIVITY = _Kind("activities", Activity, (
    _choice("kind", ACTIVITY_KINDS), _text("title"), _text("prompt"), _by_hand("bins"), _by_hand("items"),
    _by_hand("goal_days"), _by_hand("goal_minutes"), _text("why"), _ids("sources", "source"),
), has_id=False, before=_activity_parts, after=_activity_is_whole)

_NO_ACTIVITY = Activity(kind="sort", title="", prompt="", sources=())


def _lesson_page_parts(r: _Reader, rec: Located) -> dict[str, Any]:
    part = rec.get("activity")
    activity = None
    if isinstance(part, Located):
        activity = _read_one(_ACTIVITY, r, part, {})[1]
    else:
        r.absent(rec, "activity", "the lesson's activity (kind, title, prompt, ...)")
    values: dict[str, Any] = {"activity": activity or _NO_ACTIVITY}
    values["warning_tick"] = _one_id(r, rec, "warning_tick", "symptom")
    heading = r.text(rec, "warning_heading", required=False)
    if heading:
        values["warning_heading"] = heading
    return values


_LESSON_PAGES = _Kind("lesson pages", LessonPage, (
    _text("intro"), _text("person"), _text("story"), _ids("ticks", "symptom"), _by_hand("warning_tick"),
    _by_hand("warning_heading"), _text("warning_story"), _by_hand("activity"), _text("in_class"), _text("at_home"),
), before=_lesson_page_parts)


def _check_lessons(r: _Reader, topics: Mapping[str, Topic], evidence: Mapping[str, Any],
                   pages: Mapping[str, Any], present: Iterable[str]) -> None:
    """Each record of evidence.yaml and lesson_pages.yaml is a topic's, and, when a file is there, every
    topic has one (the lesson notebooks draw every topic's chart and activity)."""
    for file, records in (("evidence.yaml", evidence), ("lesson_pages.yaml", pages)):
        if file not in present:
            continue
        for rid in records:
            if rid not in topics:
                line = r.found[(file, rid)].line_of("id") if (file, rid) in r.found else 0
                r.problems.append(Problem(file, line, "id", f"unknown topic '{rid}'{suggest(rid, topics)}; "
                                          "expected a topic id from topics.yaml"))
        missing = [tid for tid in topics if tid not in records]
        if missing and "topics.yaml" not in r.failed:
            r.problems.append(Problem(file, 0, "", f"no record for topic(s) {', '.join(missing)}; "
                                      "expected one per topic in topics.yaml"))


# ----------------------------------------------------------------------------- the can't-miss map


def _raw_text(r: _Reader, rec: Located, name: str) -> str:
    """Text that is not shown to learners as it is (a row's cause, a person's own words): not checked
    for placeholders, since people name 999 or A&E in their own words."""
    value = rec.get(name)
    if not isinstance(value, str) or not value.strip():
        r.problem(rec.line_of(name), name, "expected some text")
        return ""
    return value.strip()


def _coverage_parts(r: _Reader, rec: Located) -> dict[str, Any]:
    guideline = rec.get("guideline")
    name = url = ""
    if isinstance(guideline, Located) and isinstance(guideline.get("name"), str) and isinstance(
            guideline.get("url"), str) and guideline["url"].startswith(("https://", "http://")):
        name, url = guideline["name"].strip(), guideline["url"].strip()
    else:
        r.problem(rec.line_of("guideline"), "guideline", "expected {name: ..., url: https://...}: the guideline "
                  "or health-service page the level follows, with its address")
    sets: list[CoverageTickSet] = []
    raw_sets = rec.get("tick_sets")
    if not isinstance(raw_sets, LocatedList):
        raw_sets = LocatedList()
        raw_sets.item_lines = []
    for item, line in zip(raw_sets, raw_sets.item_lines, strict=True):
        if not isinstance(item, Located) or not isinstance(item.get("ticks"), list):
            r.problem(line, "tick_sets", "each tick set needs says: (in a person's own words) and ticks: [ids]")
            continue
        r.unknown_fields(item, ("says", "ticks"))
        ticks = r.ids(item, "ticks", "symptom")
        sets.append(CoverageTickSet(_raw_text(r, item, "says"), ticks))
    if len(sets) < 2:
        r.problem(rec.line_of("tick_sets"), "tick_sets", "expected at least two different ways a person would "
                  "describe it (says and ticks)")
    return {"cause": _raw_text(r, rec, "cause"), "guideline_name": name, "guideline_url": url,
            "tick_sets": tuple(sets), "note": str(rec.get("note") or "").strip()}


_COVERAGE = _Kind("can't-miss map rows", CoverageRow, (
    _by_hand("cause"), _choice("type", COVERAGE_TYPES), _by_hand("guideline"), _choice("level", LEVELS),
    _ids("flags", "red flag"), _by_hand("note"), _by_hand("tick_sets"),
), before=_coverage_parts)


# ----------------------------------------------------------------------------- short mode (short_mode.yaml)
# One mapping of settings, every field optional (its default is on ShortMode). What it names is checked
# against the guidance and checklists of the same folder.


def _line_is_in_its_checklist(checklists: Mapping[str, Checklist], r: _Reader, rec: Located,
                              line: HeldBackLine) -> bool:
    if "checklists.yaml" in r.failed or not line.checklist:
        return False
    checklist = checklists.get(line.checklist)
    if checklist is None:
        r.problem(rec.line_of("checklist"), "checklist",
                  f"unknown checklist '{line.checklist}'{suggest(line.checklist, checklists)}")
        return False
    lines = [item.text for item in checklist.items]
    if line.item and line.item not in lines:
        r.problem(rec.line_of("item"), "item", f"expected one of the lines of checklist '{line.checklist}' exactly; "
                  f"got {line.item!r}{suggest(line.item, lines)}")
        return False
    return bool(line.item)


_HELD_BACK_LINE = _Kind("checklist lines", HeldBackLine, (_text("checklist"), _text("item")), has_id=False)


def _says_why_when_holding_back(r: _Reader, rec: Located, mode: ShortMode) -> bool:
    if (mode.adults_only or mode.adults_only_checklist_items) and not mode.adults_only_note:
        r.absent(rec, "adults_only_note", "the note shown instead of what short mode holds back")
    return True


_SHORT_MODE = _Kind("short mode settings", ShortMode, (
    _integer("top_advice", 1, 1000), _integer("checklists", 1, 1000), _ids("adults_only", "guidance"),
    _by_hand("adults_only_checklist_items"), _text("adults_only_note"),
), has_id=False, after=_says_why_when_holding_back)  # _parse_short_mode reads the checklist lines


def _parse_short_mode(checklists: Mapping[str, Checklist], r: _Reader, data: Any) -> ShortMode:
    """short_mode.yaml: one mapping of settings, checked against ``checklists`` (the guidance ids it
    names are checked with every other reference)."""
    if not isinstance(data, Located):
        got = "an empty file" if data is None else "a list" if isinstance(data, list) else "a single value"
        r.problem(getattr(data, "line", 1), "", f"expected the short mode's settings "
                  f"({', '.join(_SHORT_MODE.allowed)}); got {got}")
        return ShortMode()
    line_kind = replace(_HELD_BACK_LINE, after=partial(_line_is_in_its_checklist, checklists))

    def lines(r: _Reader, rec: Located) -> dict[str, Any]:
        raw = rec.get("adults_only_checklist_items")
        if raw is None:
            return {}
        return {"adults_only_checklist_items": tuple(item for _, item in _read_each(line_kind, r, raw))}

    mode: ShortMode = _read_one(replace(_SHORT_MODE, before=lines), r, data, {})[1]
    return mode
