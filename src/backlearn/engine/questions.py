"""Questions in context: which boxes are shown for what is ticked, and which answers count.

A box (or a whole group) may say ``shown_if``: a rule in the red flags' language. It is shown only
while the rule holds for what is ticked. An answer whose box is hidden again is cleared: the engine
never sees it, so "my back pain first started before 45" counts only once the pain has lasted more
than 3 months, as the question it answers means.
"""

from __future__ import annotations

from collections.abc import Iterable

from backlearn.content import Content
from backlearn.content.rules import evaluate

__all__ = ["answers_that_count", "shown_symptoms"]


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
