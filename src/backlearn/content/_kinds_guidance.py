"""Sources, topics, guidance, checklists, quizzes and case studies."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from backlearn.content._located import Located, LocatedList
from backlearn.content._reader import (
    _by_hand,
    _choice,
    _ids,
    _integer,
    _Kind,
    _own,
    _read_each,
    _Reader,
    _text,
)
from backlearn.content._rule_syntax import (
    _quiz_choices,
)
from backlearn.content.model import (
    BACK_REGIONS,
    GUIDANCE_KINDS,
    LEVELS,
    QUIZ_KINDS,
    SOURCE_KINDS,
    STRENGTHS,
    VERDICTS,
    Case,
    Checklist,
    ChecklistItem,
    Guidance,
    QuizQuestion,
    Source,
    SymptomGroup,
    Topic,
)


def _source_links(r: _Reader, rec: Located) -> dict[str, Any]:
    url = r.text(rec, "url", required=False) or None
    doi = r.text(rec, "doi", required=False) or None
    if url is None and doi is None:
        r.problem(rec.line, "url", "missing; expected a url or a doi so readers can find the source")
    if url is not None and not url.startswith(("https://", "http://")):
        r.problem(rec.line_of("url"), "url", f"expected a web address starting https://, got {url!r}")
    if doi is not None and not doi.startswith("10."):
        r.problem(rec.line_of("doi"), "doi", f"expected a DOI starting '10.', got {doi!r}")
    return {"url": url, "doi": doi}


def _one_source_per_link(r: _Reader, rec: Located, source: Source) -> bool:
    """Two sources with the same web address or DOI are one source listed twice: a learner would
    see two numbers lead to the same page. The record is kept, so what cites it is still checked."""
    for name, link in (("url", source.url), ("doi", source.doi)):
        if link is None:
            continue
        first_id, first_line = r.links.setdefault((name, link.rstrip("/").lower()), (source.id, rec.line_of(name)))
        if first_id != source.id:
            what = "web address" if name == "url" else "DOI"
            r.problem(rec.line_of(name), name, f"the same {what} as source '{first_id}' (line {first_line}); "
                      f"expected each source once: cite '{first_id}' instead")
    return True


_SOURCES = _Kind("sources", Source, (
    _text("title"), _text("by"), _integer("year", 1900, 2100), _choice("kind", SOURCE_KINDS),
    _by_hand("url"), _by_hand("doi"),
), before=_source_links, after=_one_source_per_link)

def _notebook_name(r: _Reader, rec: Located, topic: Topic) -> bool:
    if topic.notebook and not topic.notebook.endswith(".ipynb"):
        r.problem(rec.line_of("notebook"), "notebook", f"expected a file name ending .ipynb, got {topic.notebook!r}")
    return True


_TOPICS = _Kind("topics", Topic, (
    _integer("number", 1, 99), _text("notebook"), _text("question"), _text("page_claim"),
    _choice("verdict", VERDICTS), _text("verdict_reason"), _text("answer"), _choice("strength", STRENGTHS),
    _ids("sources", "source"), _ids("symptoms", "symptom"),
), after=_notebook_name)

#: What may hold a guidance item or checklist back (engine/match.py): a ticked symptom it names in
#: ``avoid_if``, or any matched warning (red flag or answered-yes question) it does not name in ``safe_with``.
_HELD_BACK = (
    _ids("avoid_if", "symptom"),
    _ids("safe_with", "warning kind"),
)


def _applies_to_something(r: _Reader, rec: Located, item: Guidance) -> bool:
    if not item.applies_to and not item.applies_to_flags:
        r.problem(rec.line, "applies_to", "missing; expected a list of symptom ids (or applies_to_flags: a list "
                  "of red-flag kinds) saying when this is shown")
    return True


_GUIDANCE = _Kind("guidance items", Guidance, (
    _text("title"), _choice("kind", GUIDANCE_KINDS), _text("text"), _ids("applies_to", "symptom"),
    _ids("applies_to_flags", "warning kind"), *_HELD_BACK, _ids("topics", "topic"),
    _choice("strength", STRENGTHS), _text("evidence"), _ids("sources", "source"),
), after=_applies_to_something)


def _item_safe_with(r: _Reader, rec: Located) -> tuple[str, ...] | None:
    """A checklist item's own ``safe_with``, or None when it has none (it then follows its checklist's)."""
    return r.ids(rec, "safe_with", "warning kind", required=False) if "safe_with" in rec else None


_CHECKLIST_ITEM = _Kind("checklist items", ChecklistItem, (
    _text("text"), _ids("applies_to", "symptom"), _ids("avoid_if", "symptom"),
    _own("safe_with", _item_safe_with),
), has_id=False)


def _checklist_items(r: _Reader, rec: Located) -> dict[str, Any]:
    raw_items = rec.get("items")
    if not isinstance(raw_items, LocatedList) or not raw_items:
        r.problem(rec.line_of("items"), "items", "expected a list of items, each with a 'text'")
        return {"items": ()}
    return {"items": tuple(item for _, item in _read_each(_CHECKLIST_ITEM, r, raw_items))}


_CHECKLISTS = _Kind("checklists", Checklist, (
    _text("title"), _text("intro"), _ids("applies_to", "symptom"), *_HELD_BACK,
    _ids("topics", "topic"), _ids("sources", "source"), _by_hand("items"),
), before=_checklist_items)


def _quiz_answer(r: _Reader, rec: Located) -> dict[str, Any]:
    topic = r.text(rec, "topic")
    if topic:
        r.refs.append((r.file, rec.line_of("topic"), "topic", "topic", topic))
    kind = r.choice(rec, "kind", QUIZ_KINDS)
    choices, answer = _quiz_choices(r, rec, kind)
    return {"topic": topic, "kind": kind, "choices": choices, "answer": answer}


_QUIZZES = _Kind("quiz questions", QuizQuestion, (
    _by_hand("topic"), _by_hand("kind"), _text("question"), _by_hand("choices"), _by_hand("answer"),
    _text("explanation"), _ids("sources", "source"),
), before=_quiz_answer)


def _case_person(r: _Reader, rec: Located) -> dict[str, Any]:
    person = rec.get("person")
    if not isinstance(person, Located):
        r.problem(rec.line_of("person"), "person", "expected name, age and an optional about, e.g. "
                  "person: {name: Priya, age: 34, about: works in an office}")
        person = Located()
        person.line, person.key_lines = rec.line_of("person"), {}
    else:
        r.unknown_fields(person, ("name", "age", "about"))
    name = r.text(person, "name")
    _unique_case_name(r, rec, person, name)
    return {
        "name": name,
        "age": r.integer(person, "age", 1, 120),
        "about": r.text(person, "about", required=False),
    }


def _unique_case_name(r: _Reader, rec: Located, person: Located, name: str) -> None:
    """Every case has its own name: a class sorting cards confuses two Zaras (review 2026-12, N26)."""
    if not name:
        return
    for (file, cid), other in r.found.items():
        if other is rec:
            return  # only the cases before this one: the first use is the one kept
        earlier = other.get("person")
        if file != r.file or not isinstance(earlier, Located):
            continue
        if str(earlier.get("name", "")).strip().casefold() == name.strip().casefold():
            r.problem(person.line_of("name"), "person.name",
                      f"duplicate case name {name!r} (first used on line {earlier.line_of('name')}, "
                      f"case '{cid}'); give every case its own name, so learners can tell the cards apart")
            return


def _one_per_pick_one_group(groups: Mapping[str, SymptomGroup], r: _Reader, rec: Located, case: Case) -> bool:
    """One symptom per 'pick one' group (one age, one duration), as the chooser allows."""
    for group in groups.values():
        picked = [s for s in case.symptoms if s in group.symptoms]
        if group.choose == "one" and len(picked) > 1:
            r.problem(rec.line_of("symptoms"), "symptoms",
                      f"ticks {', '.join(picked)}; the group '{group.id}' allows only one")
    return True


#: Its ``after`` check needs the symptom groups: ``_load`` adds it.
_CASES = _Kind("case studies", Case, (
    _text("title"), _by_hand("person"), _choice("region", BACK_REGIONS), _text("story"),
    _ids("symptoms", "symptom"), _choice("expected_triage", LEVELS), _text("teaching_point"),
    _ids("sources", "source"),
), before=_case_person)


