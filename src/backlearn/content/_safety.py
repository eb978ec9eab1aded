"""Safety checks on content that is otherwise valid: the promises the engine makes to learners.

Each check is a rule of the safety model (docs/content-format.md), not a list of today's ids, so
content added later is held to it too:

- every warning sign is named by at least one red flag (else ticking it reads as self-care);
- a reassuring ``none:`` list never qualifies a warning sign (a non-warning tick may never cancel one);
- no non-warning tick lowers a sign that on its own means an emergency;
- every case study's expected level is the level the engine gives its symptoms;
- two topics never share a number; a guidance item or checklist can be shown to someone
  (its ``applies_to`` is not all inside its ``avoid_if``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from backlearn.content._located import Located
from backlearn.content.errors import Problem
from backlearn.content.model import LEVELS, Content
from backlearn.content.rules import AllOf, AnyOf, NoneOf, Rule, evaluate, symptom_ids

__all__ = ["safety_problems"]


def safety_problems(content: Content, found: Mapping[tuple[str, str], Located]) -> list[Problem]:
    """Every safety problem in ``content``; ``found`` gives each record (by file and id) for its line."""

    def at(file: str, record_id: str, field_name: str, message: str) -> Problem:
        rec = found.get((file, record_id))
        return Problem(file, rec.line_of(field_name) if rec is not None else 0, field_name, message)

    problems: list[Problem] = []
    warnings = content.warning_ids()

    named = set().union(*(symptom_ids(flag.when) for flag in content.red_flags.values()))
    for sid in sorted(warnings - named, key=content.symptom_order.__getitem__):
        problems.append(at("symptoms.yaml", sid, "id", f"'{sid}' is a warning sign, but no red flag names it, so "
                           "ticking it would read as self-care; add it to a red flag's 'when', or move it to a "
                           "group that is not a warning group"))

    for flag in content.red_flags.values():
        for qualified in _qualified_by_none(flag.when):
            bad = sorted(qualified & warnings)
            if bad:
                problems.append(at("red_flags.yaml", flag.id, "when", f"the 'none' list would let a non-warning "
                                   f"tick cancel the warning sign(s) {', '.join(bad)}; a reassuring pattern may "
                                   "only qualify signs that are not warnings"))

    if not problems:  # the engine's checks need the structure above to hold
        problems += _engine_problems(content, at)

    numbers: dict[int, str] = {}
    for topic in sorted(content.topics.values(), key=lambda t: t.id):
        if topic.number in numbers:
            problems.append(at("topics.yaml", topic.id, "number",
                               f"{topic.number} is also the number of '{numbers[topic.number]}'; expected each "
                               "topic to have its own number"))
        numbers.setdefault(topic.number, topic.id)
    for file, items in (("guidance.yaml", content.guidance), ("checklists.yaml", content.checklists)):
        for item in items.values():
            if item.applies_to and set(item.applies_to) <= set(item.avoid_if):
                problems.append(at(file, item.id, "avoid_if", "every symptom in applies_to is also in avoid_if, "
                                   "so this can never be shown; expected avoid_if to hold other symptoms"))
    return problems


def _engine_problems(content: Content, at: Any) -> list[Problem]:

    from backlearn.engine.assessment import assess
    from backlearn.engine.triage import symptom_levels

    problems: list[Problem] = []
    for case in content.cases.values():
        got = assess(case.symptoms, content).triage
        if got != case.expected_triage:
            problems.append(at("cases.yaml", case.id, "expected_triage",
                               f"expected_triage is {case.expected_triage}, but backlearn gives {got} for these "
                               "symptoms; correct the case or the red flags"))
    # Only a reassuring pattern can lower a level: a second tick can cancel the emergency only by
    # being in the reassuring list of a red flag that gives it, so those are the ticks to try
    # (trying every reassuring symptom made loading large content cubic in its size).
    for sid, level in symptom_levels(content).items():
        if level != LEVELS[-1]:
            continue
        giving = [f for f in content.red_flags_for((sid,)) if f.level == level and evaluate(f.when, {sid}) is not None]
        for other in sorted(set().union(*(symptom_ids(f.when, reassuring=True) for f in giving))):
            got = assess((sid, other), content).triage
            if got != level:
                problems.append(at("symptoms.yaml", sid, "id", f"'{sid}' on its own means {level}, but ticking "
                                   f"'{other}' as well gives {got}; an emergency sign must never be cancelled"))
    return problems


def _qualified_by_none(rule: Rule) -> Iterator[frozenset[str]]:
    """For each 'all' that holds a 'none', the positive signs that 'none' qualifies."""
    if isinstance(rule, AllOf):
        if any(isinstance(item, NoneOf) for item in rule.items):
            yield frozenset().union(*(symptom_ids(item) for item in rule.items if not isinstance(item, NoneOf)))
        for item in rule.items:
            yield from _qualified_by_none(item)
    elif isinstance(rule, AnyOf):
        for item in rule.items:
            yield from _qualified_by_none(item)
