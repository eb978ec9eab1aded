"""Quizzes: check an answer, explain the right one with its sources, and keep the score.

Questions live in ``data/quizzes.yaml`` (parsed and validated by ``backlearn.content``), so a
teacher adds a question without code. This module is pure logic and never imports widgets; the notebook
widget is ``backlearn.QuizWidget`` (in ``backlearn.widgets.quiz``), so the CLI never loads ipywidgets.

Why our own widget and not jupyterquiz: jupyterquiz draws and marks its questions in the
browser with JavaScript, so the marking cannot be tested without a browser, and its answers
and feedback live in JSON beside the notebook rather than in our validated, source-citing
content. Our widget is a few ipywidgets (RadioButtons, a Check button, an HTML line) over
``check`` and ``score`` below, so nbval and pytest check it headless.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from backlearn.content import Content, QuizQuestion, Source, suggest

__all__ = ["Feedback", "Score", "as_sentence", "check", "choice_index", "questions_for", "score"]

#: What a choice may be given as: its index in ``question.choices`` (from 0), its text,
#: or True/False for a true/false question.
Choice = int | str | bool


@dataclass(frozen=True, slots=True)
class Feedback:
    """The result of checking one answer: right or not, the right answer, why, and the sources."""

    question: QuizQuestion
    choice: int
    correct: bool
    right_answer: str
    explanation: str
    sources: tuple[Source, ...]

    @property
    def chosen(self) -> str:
        """The text of the choice that was checked."""
        return self.question.choices[self.choice]

    @property
    def verdict(self) -> str:
        """'Right!' or 'Not quite.'"""
        return "Right!" if self.correct else "Not quite."

    @property
    def citation(self) -> str:
        """The sources in short form, e.g. 'NHS: Back pain (2023); ...'."""
        return "; ".join(f"{s.by.rstrip('.')}: {s.title} ({s.year})" for s in self.sources)

    @property
    def text(self) -> str:
        """The feedback as plain text."""
        return (
            f"You chose: {as_sentence(self.chosen)} {self.verdict} "
            f"The right answer is: {as_sentence(self.right_answer)} {self.explanation} Source: {self.citation}."
        )


def as_sentence(text: str) -> str:
    """Text ending in a full stop, without doubling one a choice already has (the text and HTML
    feedback both say it so)."""
    return text if text.endswith((".", "!", "?")) else f"{text}."


@dataclass(frozen=True, slots=True)
class Score:
    """How many answers were right, out of how many questions."""

    right: int
    total: int
    answered: int

    @property
    def text(self) -> str:
        """'You got 2 of 3 right.', with how many are left while some are unanswered."""
        line = f"You got {self.right} of {self.total} right."
        left = self.total - self.answered
        if left > 0:
            line += f" {left} question{'s' if left != 1 else ''} to go."
        return line


def questions_for(topic_id: str, content: Content) -> tuple[QuizQuestion, ...]:
    """The quiz questions about a topic, in the order of the content file."""
    if topic_id not in content.topics:
        raise KeyError(f"unknown topic '{topic_id}'{suggest(topic_id, content.topics)}")
    return tuple(q for q in content.quizzes.values() if q.topic == topic_id)


def choice_index(question: QuizQuestion, choice: Choice) -> int:
    """The index of ``choice`` in ``question.choices``; raise ValueError naming the choices if none fits."""
    if isinstance(choice, bool):
        if question.kind != "true_false":
            raise ValueError(f"question '{question.id}' is not true/false; choose one of {list(question.choices)}")
        return 0 if choice else 1
    if isinstance(choice, int):
        if not 0 <= choice < len(question.choices):
            raise ValueError(
                f"choice {choice} is out of range for question '{question.id}': "
                f"expected 0 to {len(question.choices) - 1}"
            )
        return choice
    wanted = str(choice).strip().casefold()
    for index, text in enumerate(question.choices):
        if text.casefold() == wanted:
            return index
    raise ValueError(f"{choice!r} is not a choice of question '{question.id}'; choose one of {list(question.choices)}")


def check(question: QuizQuestion, choice: Choice, content: Content) -> Feedback:
    """Check an answer: whether it is right, what the right answer is, why, and the sources."""
    index = choice_index(question, choice)
    return Feedback(
        question=question,
        choice=index,
        correct=index == question.answer,
        right_answer=question.right_answer,
        explanation=question.explanation,
        sources=tuple(content.sources[s] for s in question.sources),
    )


def score(results: Iterable[Feedback], total: int | None = None) -> Score:
    """The score of checked answers; the first answer to each question counts.

    ``total`` is the number of questions (default: the number of questions answered).
    """
    first: dict[str, Feedback] = {}
    for feedback in results:
        first.setdefault(feedback.question.id, feedback)
    answered = len(first)
    return Score(
        right=sum(f.correct for f in first.values()),
        total=answered if total is None else total,
        answered=answered,
    )

