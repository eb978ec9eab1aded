"""Reading the teacher's files (lessons.yaml, pack.yaml, safeguarding.yaml) into records, with the same
declared kinds, the same reader and the same messages as every other content file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from backlearn.content._located import Located, LocatedList
from backlearn.content._reader import (
    _by_hand,
    _defaulted,
    _ids,
    _integer,
    _Kind,
    _read_each,
    _read_one,
    _Reader,
    _text,
    _texts,
)
from backlearn.content.errors import suggest
from backlearn.content.model import (
    GLOSSARY_GROUPS,
    LEVELS,
    Demo,
    Helpline,
    Lesson,
    Letter,
    Misconception,
    NoteSection,
    Pack,
    PackWording,
    Poster,
    Prompt,
    RegionSafeguarding,
    Safeguarding,
    SafeguardingRegions,
    Step,
)


def _list_of(kind: _Kind, name: str, *, required: bool = True) -> Callable[[_Reader, Located], tuple[Any, ...]]:
    """A field holding a list of ``kind`` records (at least one when ``required``)."""

    def read(r: _Reader, rec: Located) -> tuple[Any, ...]:
        value = rec.get(name)
        if value is None and not required:
            return ()
        if not isinstance(value, LocatedList) or (required and not value):
            r.problem(rec.line_of(name), name, f"expected a list of {{{', '.join(kind.allowed)}}} items")
            return ()
        return tuple(item for _, item in _read_each(kind, r, value))

    return read


def _one_of(kind: _Kind, name: str) -> Callable[[_Reader, Located], Any]:
    """A field holding one ``kind`` record, or None when it is left out."""

    def read(r: _Reader, rec: Located) -> Any:
        value = rec.get(name)
        if value is None:
            return None
        if not isinstance(value, Located):
            r.problem(rec.line_of(name), name, f"expected {{{', '.join(kind.allowed)}}}")
            return None
        return _read_one(kind, r, value, {})[1]

    return read


# ----------------------------------------------------------------------------- lessons.yaml

_STEP = _Kind("timed steps", Step, (_integer("minutes", 1, 240), _text("activity"), _text("details")),
              has_id=False)
_MISCONCEPTION = _Kind("misconceptions", Misconception, (_text("belief"), _text("truth")), has_id=False)
#: A question with its model answer (prompts, the baseline question); an exit ticket adds its mark scheme.
_QUESTION = _Kind("questions", Prompt, (_text("question"), _text("model_answer")), has_id=False)
_EXIT_QUESTION = replace(_QUESTION, fields=(*_QUESTION.fields, _text("accept"), _text("reject")))


def _demo_level(r: _Reader, rec: Located, demo: Demo) -> bool:
    if demo.level and demo.level not in LEVELS:
        r.problem(rec.line_of("level"), "demo.level",
                  f"unknown level '{demo.level}'{suggest(demo.level, LEVELS)} Expected one of: {', '.join(LEVELS)}")
    return True


_DEMO = _Kind("demo steps", Demo, (_ids("ticks", "symptom"), _text("level")), has_id=False, after=_demo_level)


#: A lesson's nested lists, and the kind of record each holds; required unless Lesson gives a default.
_LESSON_LISTS = {"timings": _STEP, "misconceptions": _MISCONCEPTION, "prompts": _QUESTION,
                 "exit_ticket": _EXIT_QUESTION, "demo": _DEMO}
_LESSON_TEXTS = ("objectives", "prepare", "key_points", "success_criteria", "support", "stretch")


def _lesson_parts(r: _Reader, rec: Located) -> dict[str, Any]:
    optional = _defaulted(Lesson)
    return {
        **{name: _list_of(kind, name, required=name not in optional)(r, rec) for name, kind in _LESSON_LISTS.items()},
        **{name: _texts(r, rec, name, required=name not in optional) for name in _LESSON_TEXTS},
        "baseline": _one_of(_QUESTION, "baseline")(r, rec),
    }


def _steps_add_up(r: _Reader, rec: Located, lesson: Lesson) -> bool:
    total = sum(step.minutes for step in lesson.timings)
    if lesson.timings and lesson.minutes and total != lesson.minutes:
        r.problem(rec.line_of("timings"), "timings",
                  f"the steps add up to {total} minutes; expected {lesson.minutes} (the lesson's minutes)")
    return True


_LESSONS = _Kind("lessons", Lesson, (
    _text("title"), _integer("minutes", 5, 240), _text("audience"), _text("summary"), _by_hand("objectives"),
    _by_hand("prepare"), _by_hand("timings"), _by_hand("key_points"), _by_hand("misconceptions"),
    _by_hand("prompts"), _by_hand("exit_ticket"), _ids("cases", "case"), _ids("topics", "topic"), _by_hand("demo"),
    _by_hand("success_criteria"), _by_hand("support"), _by_hand("stretch"), _by_hand("baseline"),
), before=_lesson_parts, after=_steps_add_up)


# ----------------------------------------------------------------------------- pack.yaml

_NOTE_SECTION = _Kind("sections", NoteSection, (_text("heading"), _by_hand("points")), has_id=False,
                      before=lambda r, rec: {"points": _texts(r, rec, "points")})
_SAFEGUARDING = _Kind("safeguarding note", Safeguarding, (_text("title"), _text("intro"), _by_hand("sections")),
                      has_id=False, before=lambda r, rec: {"sections": _list_of(_NOTE_SECTION, "sections")(r, rec)})
_LETTER = _Kind("parent letter", Letter, (_text("title"), _by_hand("paragraphs")), has_id=False,
                before=lambda r, rec: {"paragraphs": _texts(r, rec, "paragraphs")})


def _actions(r: _Reader, rec: Located) -> dict[str, Any]:
    raw = rec.get("actions")
    if raw is None:
        return {}
    if not isinstance(raw, Located):
        r.problem(rec.line_of("actions"), "actions", f"expected one text for each level: {', '.join(LEVELS)}")
        return {}
    r.unknown_fields(raw, LEVELS)
    return {"actions": tuple((level, r.text(raw, level)) for level in LEVELS)}


_POSTER = _Kind("poster", Poster, (
    _text("title"), _text("intro"), _ids("signs", "warning symptom"), _text("footer"), _text("youth"),
    _by_hand("actions"),
), has_id=False, before=_actions)



def _glossary_groups(r: _Reader, rec: Located) -> dict[str, Any]:
    raw = rec.get("glossary_groups")
    if not isinstance(raw, Located):
        r.problem(rec.line_of("glossary_groups"), "glossary_groups",
                  f"expected a heading for each glossary group: {', '.join(GLOSSARY_GROUPS)}")
        return {}
    r.unknown_fields(raw, GLOSSARY_GROUPS)
    return {"glossary_groups": tuple((group, r.text(raw, group)) for group in GLOSSARY_GROUPS)}


_WORDING = _Kind("wording", PackWording, (
    _text("licence_line"), _text("claim_attribution"), _by_hand("glossary_groups"),
), has_id=False, before=_glossary_groups)

_PACK_PARTS = {"safeguarding": _SAFEGUARDING, "parent_letter": _LETTER, "poster": _POSTER, "wording": _WORDING}


def _parse_pack(r: _Reader, data: Any) -> Pack | None:
    """pack.yaml: one mapping with the safeguarding note, the parent letter, the poster and the wording."""
    if not isinstance(data, Located):
        r.problem(getattr(data, "line", 1), "", f"expected {', '.join(_PACK_PARTS)}")
        return None
    r.unknown_fields(data, _PACK_PARTS)
    parts: dict[str, Any] = {}
    for name, kind in _PACK_PARTS.items():
        part = data.get(name)
        if not isinstance(part, Located):
            r.problem(data.line_of(name), name, f"missing; expected {', '.join(kind.allowed)}")
            continue
        parts[name] = _read_one(kind, r, part, {})[1]
    return Pack(**parts) if len(parts) == len(_PACK_PARTS) else None


# ----------------------------------------------------------------------------- safeguarding.yaml


def _https(r: _Reader, rec: Located, name: str, where: str) -> str:
    url = r.text(rec, name)
    if url and not url.startswith("https://"):
        r.problem(rec.line_of(name), f"{where}{name}",
                  f"expected an https:// address of the official page, got {url!r}")
    return url


def _helpline(r: _Reader, rec: Located) -> dict[str, Any]:
    # The file says who a line is 'for'; the record calls it ``audience`` ('for' is a Python word).
    return {"audience": r.text(rec, "for"), "url": _https(r, rec, "url", "helplines.")}


_HELPLINE = _Kind("helplines", Helpline, (_text("name"), _text("number"), _by_hand("for"), _by_hand("url")),
                  has_id=False, before=_helpline)


def _region_parts(r: _Reader, rec: Located) -> dict[str, Any]:
    source = rec.get("duty_source")
    title = url = ""
    if isinstance(source, Located):
        r.unknown_fields(source, ("title", "url"))
        title, url = r.text(source, "title"), _https(r, source, "url", "duty_source.")
    else:
        r.absent(rec, "duty_source", "{title, url}: the official page that states the duty")
    return {"region": r.text(rec, "id"), "duty_title": title, "duty_url": url,
            "helplines": _list_of(_HELPLINE, "helplines")(r, rec)}


_REGION_SAFEGUARDING = _Kind("regions", RegionSafeguarding, (
    _by_hand("id"), _text("go_to"), _text("how_fast"), _text("duty"), _by_hand("duty_source"), _by_hand("helplines"),
), has_id=False, before=_region_parts)


def _parse_safeguarding(regions: Any, r: _Reader, data: Any) -> SafeguardingRegions | None:
    """safeguarding.yaml: the check box and a part for every region of regions.yaml (``regions``), so a
    new region cannot silently print another country's law."""
    if not isinstance(data, Located):
        r.problem(getattr(data, "line", 1), "", "expected check and regions")
        return None
    r.unknown_fields(data, ("check", "regions"))
    check = r.text(data, "check")
    parts: dict[str, RegionSafeguarding] = {}
    raw = data.get("regions")
    if not isinstance(raw, LocatedList):
        r.problem(data.line_of("regions"), "regions", "expected a list of regions")
        raw = LocatedList()
        raw.item_lines = []
    for rec in r.records(raw, "regions"):
        part = _read_one(_REGION_SAFEGUARDING, r, rec, {})[1]
        if part.region in parts:
            r.problem(rec.line_of("id"), "id", f"region '{part.region}' is listed twice")
        elif part.region and part.region not in regions and "regions.yaml" not in r.failed:
            r.problem(rec.line_of("id"), "id", f"unknown region '{part.region}'{suggest(part.region, regions)}")
        parts[part.region] = part
    if "regions.yaml" not in r.failed:
        for rid in regions:
            if rid not in parts:
                r.problem(data.line_of("regions"), "regions", f"no entry for region '{rid}' (regions.yaml has it); "
                          "add its go_to, how_fast, duty, duty_source and helplines")
    return SafeguardingRegions(check, parts)
