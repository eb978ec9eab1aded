"""Levels, symptoms and symptom groups."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from backlearn.content._located import Located, LocatedList
from backlearn.content._reader import (
    _by_hand,
    _flag,
    _Kind,
    _optional_choice,
    _own,
    _parse,
    _read_each,
    _Reader,
    _text,
)
from backlearn.content._rule_syntax import (
    _parse_rule,
)
from backlearn.content.model import (
    DIAGRAM_AREAS,
    LEVELS,
    Level,
    Symptom,
    SymptomGroup,
)
from backlearn.content.model import ID_PATTERN as _ID


def _emergency_names_the_region(r: _Reader, rec: Located, level: Level) -> bool:
    """The number shown differs by region: the emergency action names the region beside it, so
    nobody is misled."""
    if level.id == "emergency" and "{region_name}" not in level.action:
        r.problem(rec.line_of("action"), "action",
                  "the emergency action must name the region with {region_name}, e.g. "
                  "'({emergency_number} is the emergency number in {region_name}.)'")
    return True


#: levels.yaml is one mapping with a record for each of the four levels, named by its id (``_parse_keyed``).
_LEVEL = _Kind("four levels", Level, (
    _text("label"), _text("headline"), _text("headline_with_signs"), _text("action"),
), has_id=False, after=_emergency_names_the_region)


def _shown_if(r: _Reader, rec: Located) -> dict[str, Any]:
    """A box's or group's ``shown_if``: a rule in the red flags' language, or None (always shown)."""
    if "shown_if" not in rec:
        return {"shown_if": None}
    return {"shown_if": _parse_rule(r, rec["shown_if"], rec.line_of("shown_if"), field="shown_if")}


def _phrases(r: _Reader, rec: Located) -> tuple[str, ...]:
    """``also_called``: the words people use for a box ("spasm", "cricked neck"), for the search."""
    value = rec.get("also_called")
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        r.problem(rec.line_of("also_called"), "also_called", "expected a list of phrases, e.g. [spasm, cricked neck]")
        return ()
    return tuple(v.strip() for v in value)


_SYMPTOM = _Kind("symptoms", Symptom, (
    _text("label"), _text("help"), _by_hand("shown_if"), _own("also_called", _phrases),
    _flag("information_only"), _optional_choice("min_level", LEVELS), _flag("asked_first"),
    _optional_choice("diagram_area", DIAGRAM_AREAS),
), before=_shown_if)

#: A group's fields are read by ``_parse_symptoms``, which also collects the symptoms inside it.
_GROUP = _Kind("symptom groups", SymptomGroup, (
    _by_hand("label"), _by_hand("choose"), _by_hand("warning"), _by_hand("shown_if"), _by_hand("symptoms"),
))


def _parse_symptoms(r: _Reader, data: Any) -> tuple[dict[str, SymptomGroup], dict[str, Symptom]]:
    symptoms: dict[str, Symptom] = {}
    seen: dict[str, int] = {}  # symptom ids are unique across groups
    drawn: dict[str, str] = {}  # each area of the back diagram ticks one box

    def one_box_per_area(r: _Reader, rec: Located, symptom: Symptom) -> bool:
        if symptom.diagram_area:
            other = drawn.setdefault(symptom.diagram_area, symptom.id)
            if other != symptom.id:
                r.problem(rec.line_of("diagram_area"), "diagram_area",
                          f"the area '{symptom.diagram_area}' already ticks '{other}'; an area ticks one box")
        return True

    symptom_kind = replace(_SYMPTOM, after=one_box_per_area)

    def group_fields(r: _Reader, rec: Located) -> dict[str, Any]:
        label = r.text(rec, "label")
        # Stated for every group: a pick-one group (an age, how long) left unmarked would let a learner
        # tick two answers that cannot both be true, so there is no silent default.
        choose = r.choice(rec, "choose", ("one", "many"))
        warning = r.flag(rec, "warning")
        items = rec.get("symptoms")
        if not isinstance(items, LocatedList) or not items:
            r.problem(rec.line_of("symptoms"), "symptoms", "expected a list of symptoms")
            items = LocatedList()
            items.item_lines = []
        group_id = rec.get("id")
        group = group_id if isinstance(group_id, str) and _ID.match(group_id) else ""
        members = []
        for sid, symptom in _read_each(symptom_kind, r, items, seen, group=group, warning=warning):
            if sid:
                symptoms[sid] = symptom
                members.append(sid)
        return {"label": label, "choose": choose, "warning": warning, "symptoms": tuple(members),
                **_shown_if(r, rec)}

    groups = _parse(replace(_GROUP, before=group_fields), r, data)
    return groups, symptoms
