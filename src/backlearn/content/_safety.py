"""Safety checks on content that is otherwise valid: the promises the engine makes to learners.

Each check is a rule of the safety model (docs/content-format.md), not a list of today's ids, so
content added later is held to it too:

- every warning sign is named by at least one red flag (else ticking it reads as self-care);
- a reassuring ``none:`` list never qualifies a warning sign (a non-warning tick may never cancel one);
- two topics never share a number; a guidance item or checklist can be shown to someone
  (its ``applies_to`` is not all inside its ``avoid_if``).

The checks that need the engine itself (every case study gets its expected level; no tick cancels
an emergency) live with the engine (``backlearn.engine.promises``), which hands them to
``load_content`` as ``checks``: content never imports the engine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence

from backlearn.content._located import Located
from backlearn.content.errors import Problem
from backlearn.content.model import Content
from backlearn.content.rules import AllOf, AnyOf, NoneOf, Rule, symptom_ids

__all__ = ["Check", "ProblemAt", "safety_problems"]

#: ``at(file, record_id, field, message)``: a Problem at the line of that field of that record.
ProblemAt = Callable[[str, str, str, str], Problem]

#: A further check on parsed content that is otherwise whole, given to ``load_content`` by a layer
#: above (the engine's promises); it reports each problem through ``at``, so it has a line.
Check = Callable[[Content, ProblemAt], list[Problem]]


def safety_problems(
    content: Content, found: Mapping[tuple[str, str], Located], checks: Sequence[Check] = ()
) -> list[Problem]:
    """Every safety problem in ``content``, with those the ``checks`` find; ``found`` gives each
    record (by file and id) for its line."""

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
        for check in checks:
            problems += check(content, at)

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
    problems += _allow_list_problems(content, at)
    problems += _question_problems(content, at)
    return problems


def _conditions(content: Content, sid: str) -> list[Rule]:
    """The rules that must hold for box ``sid`` to be shown: its group's and its own."""
    symptom = content.symptoms[sid]
    group = content.groups.get(symptom.group)
    return [rule for rule in (group.shown_if if group else None, symptom.shown_if) if rule is not None]


def _question_problems(content: Content, at: ProblemAt) -> list[Problem]:
    """Questions in context hold together: no box is shown only after itself (directly or through
    others), and a warning sign is never more than one always-shown answer away from the start."""
    problems: list[Problem] = []
    needs = {sid: set().union(*(symptom_ids(r) | symptom_ids(r, reassuring=True) for r in _conditions(content, sid)))
             for sid in content.symptoms}
    for sid in content.symptoms:
        seen: set[str] = set()
        todo = list(needs[sid])
        while todo:
            other = todo.pop()
            if other == sid:
                problems.append(at("symptoms.yaml", sid, "shown_if",
                                   f"'{sid}' is shown only after an answer that is itself shown only after it; "
                                   "expected a question that can be reached from the start"))
                break
            if other in seen or other not in needs:
                continue
            seen.add(other)
            todo.extend(needs[other])
    used: set[str] = set()
    for flag in content.red_flags.values():
        used |= symptom_ids(flag.when) | symptom_ids(flag.when, reassuring=True)
    for question in content.screening.values():
        used |= set(question.applies_to) | set(question.asks_about)
    for item in content.guidance.values():
        used |= set(item.applies_to) | set(item.avoid_if)
    for checklist in content.checklists.values():
        used |= set(checklist.applies_to) | set(checklist.avoid_if)
        for entry in checklist.items:
            used |= set(entry.applies_to) | set(entry.avoid_if)
    for sid, symptom in content.symptoms.items():
        if symptom.information_only and sid in used:
            problems.append(at("symptoms.yaml", sid, "information_only", f"'{sid}' is declared information only, "
                               "but a rule, a question or advice uses it; take information_only out"))
        elif not symptom.information_only and not symptom.warning and sid not in used:
            problems.append(at("symptoms.yaml", sid, "id", f"no rule, question, advice or checklist uses '{sid}'; "
                               "use it, or say information_only: true so it is asked on purpose"))
    for sid, symptom in content.symptoms.items():
        if not symptom.warning or not needs[sid]:
            continue
        hidden = sorted(o for o in needs[sid] if needs.get(o))
        if hidden:
            problems.append(at("symptoms.yaml", sid, "shown_if",
                               f"'{sid}' is a warning sign shown only after {', '.join(hidden)}, which is itself "
                               "shown only sometimes; a warning sign must be one or two clicks from the start"))
    return problems


def _allow_list_problems(content: Content, at: ProblemAt) -> list[Problem]:
    """The allow-list (``safe_with``) holds together: nothing is declared safe under an emergency,
    every warning kind below an emergency is declared safe for something (else every answer with it
    would be a bare banner by accident), and advice shown for a kind is safe with that kind."""
    problems: list[Problem] = []
    levels_of: dict[str, set[str]] = {}
    for flag in content.red_flags.values():
        levels_of.setdefault(flag.kind, set()).add(flag.level)
        levels_of.setdefault(flag.id, set()).add(flag.level)
    for question in content.screening.values():
        levels_of.setdefault(question.kind, set()).add(question.level)
    emergency_only = {name for name, levels in levels_of.items() if levels == {"emergency"}}
    declared: set[str] = set()
    records: list[tuple[str, str, str, tuple[str, ...]]] = []
    for item in content.guidance.values():
        records.append(("guidance.yaml", item.id, "safe_with", item.safe_with))
        records.append(("guidance.yaml", item.id, "applies_to_flags", item.applies_to_flags))
        unsafe_for_own = [k for k in item.applies_to_flags if k not in item.safe_with]
        if unsafe_for_own:
            problems.append(at("guidance.yaml", item.id, "applies_to_flags",
                               f"shown for {', '.join(unsafe_for_own)}, which its safe_with does not name, so it "
                               "could never be shown for them; add them to safe_with or take them out here"))
    for checklist in content.checklists.values():
        records.append(("checklists.yaml", checklist.id, "safe_with", checklist.safe_with))
        for entry in checklist.items:
            if entry.safe_with is not None:
                records.append(("checklists.yaml", checklist.id, "safe_with", entry.safe_with))
    for file, record_id, field_name, names in records:
        if field_name == "safe_with":
            declared.update(names)
        bad = [n for n in names if n in emergency_only]
        if bad:
            problems.append(at(file, record_id, field_name,
                               f"names {', '.join(bad)}, which only emergency warnings have; at an emergency "
                               "nothing but what to do now is shown, so take them out"))
    undeclared: dict[str, str] = {}
    for flag in content.red_flags.values():
        if flag.level != "emergency" and flag.kind not in declared and flag.id not in declared:
            undeclared.setdefault(flag.kind, flag.id)
    for kind, flag_id in undeclared.items():
        problems.append(at("red_flags.yaml", flag_id, "kind",
                           f"no guidance item or checklist names '{kind}' in its safe_with, so under this warning "
                           "nothing could be shown but the banner; declare what is safe with it (for example "
                           "what to do while getting help), see docs/content-format.md"))
    for question in content.screening.values():
        if question.level != "emergency" and question.kind not in declared:
            problems.append(at("screening.yaml", question.id, "kind",
                               f"no guidance item or checklist names '{question.kind}' in its safe_with; declare "
                               "what is safe when this question is answered yes"))
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
