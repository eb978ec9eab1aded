"""Questions in context: which boxes are shown for what is ticked, and which answers count.

A box (or a whole group) may say ``shown_if``: a rule in the red flags' language. It is shown only
while the rule holds for what is ticked. An answer whose box is hidden again is cleared: the engine
never sees it, so "my back pain first started before 45" counts only once the pain has lasted more
than 3 months, as the question it answers means.
"""

from __future__ import annotations

from collections.abc import Iterable

from backlearn.content import Content
from backlearn.content.rules import evaluate, symptom_ids

__all__ = ["answers_that_count", "shown_symptoms", "with_their_questions"]


def shown_symptoms(ticked: Iterable[str], content: Content) -> frozenset[str]:
    """Every box shown when ``ticked`` is ticked: its group's and its own ``shown_if`` hold."""
    ticks = frozenset(ticked)
    shown: set[str] = set()
    for group in content.groups.values():
        if group.shown_if is not None and evaluate(group.shown_if, ticks) is None:
            continue
        for sid in group.symptoms:
            rule = content.symptoms[sid].shown_if
            if rule is None or evaluate(rule, ticks) is not None:
                shown.add(sid)
    return frozenset(shown)


def answers_that_count(ticked: Iterable[str], content: Content) -> frozenset[str]:
    """The ticks left once every answer whose box is hidden is cleared (clearing one can hide
    another, so this repeats until nothing changes)."""
    kept = frozenset(ticked)
    while True:
        still = kept & shown_symptoms(kept, content)
        if still == kept:
            return kept
        kept = still


def with_their_questions(ticked: Iterable[str], content: Content) -> frozenset[str]:
    """The ticks with the answers that bring each one's question into view (a follow-up's parent,
    and its parent's), so every one of them counts: "my chest" comes with "comes on when I walk"."""
    kept = set(ticked)
    todo = list(kept)
    while todo:
        symptom = content.symptoms[todo.pop()]
        for rule in (content.groups[symptom.group].shown_if, symptom.shown_if):
            for opening in symptom_ids(rule) if rule is not None else ():
                if opening not in kept:
                    kept.add(opening)
                    todo.append(opening)
    return frozenset(kept)
