"""The anonymous spread of a class's answers, per case and per question (pure functions).

Each learner counts once per item, with their FIRST answer: the quiz widget's score counts the
first answer too, and a learner who presses Compare again after seeing backlearn's level would
otherwise hide the mistake the closing discussion is about. Names never leave this module:
a tally holds counts only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from backlearn.classresults.answers import Answer
from backlearn.content import LEVELS, Content

__all__ = ["ChoiceCount", "ItemTally", "first_answers", "is_under_triage", "tally"]


@dataclass(frozen=True, slots=True)
class ChoiceCount:
    """How many learners chose one option; ``right`` and ``under_triage`` say what kind of choice it is."""

    choice: str
    label: str
    count: int
    right: bool
    under_triage: bool = False


@dataclass(frozen=True, slots=True)
class ItemTally:
    """The spread of first answers for one case or question, every option listed (zeros too)."""

    kind: str
    item: str
    title: str
    choices: tuple[ChoiceCount, ...]

    @property
    def total(self) -> int:
        """How many learners answered."""
        return sum(c.count for c in self.choices)

    @property
    def right_count(self) -> int:
        return sum(c.count for c in self.choices if c.right)

    @property
    def under_triage_count(self) -> int:
        """Learners who picked a less urgent level than the right one (cases only)."""
        return sum(c.count for c in self.choices if c.under_triage)


def is_under_triage(chosen: str, right: str) -> bool:
    """True when ``chosen`` is a less urgent level than ``right`` (levels run self-care to emergency)."""
    return LEVELS.index(chosen) < LEVELS.index(right)


def first_answers(answers: Iterable[tuple[str, Answer]]) -> dict[tuple[str, str], dict[str, str]]:
    """Each learner's first choice per item: {(kind, item): {learner: choice}}; ``answers`` in the order given."""
    firsts: dict[tuple[str, str], dict[str, str]] = {}
    for learner, answer in answers:
        firsts.setdefault((answer.kind, answer.item), {}).setdefault(learner, answer.choice)
    return firsts


def tally(answers: Iterable[tuple[str, Answer]], content: Content) -> list[ItemTally]:
    """Per case then per question, in content order, the spread of first answers; items nobody
    answered are left out. ``answers`` are (learner, answer) pairs, oldest first."""
    firsts = first_answers(answers)
    out: list[ItemTally] = []
    for case in content.cases.values():
        counts = Counter(firsts.get(("case", case.id), {}).values())
        if not counts:
            continue
        right = case.expected_triage
        choices = tuple(
            ChoiceCount(level, content.levels[level].label, counts[level], level == right,
                        is_under_triage(level, right))
            for level in LEVELS
        )
        out.append(ItemTally("case", case.id, f"{case.title} ({case.person})", choices))
    for question in content.quizzes.values():
        counts = Counter(firsts.get(("quiz", question.id), {}).values())
        if not counts:
            continue
        choices = tuple(
            ChoiceCount(str(index), text, counts[str(index)], index == question.answer)
            for index, text in enumerate(question.choices)
        )
        out.append(ItemTally("quiz", question.id, question.question, choices))
    return out
