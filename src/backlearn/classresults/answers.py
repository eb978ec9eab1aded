"""One learner's answer to a case or a quiz question, checked against the content.

The service never trusts what a page says is right: it keeps only the kind, the item and the
choice, and works out right or wrong (and under-triage) from the content itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from backlearn.content import LEVELS, Content

__all__ = ["KINDS", "Answer", "AnswerError", "parse_answer"]

#: What may be posted: a case study's chosen level, or a quiz question's chosen answer.
KINDS = ("case", "quiz")


class AnswerError(ValueError):
    """A posted answer that does not fit the content; the message names the field."""


#: How much of a posted value an error message quotes: enough to recognise it, never the whole post.
SHOWN = 80


def _shown(value: Any) -> str:
    """``repr(value)`` cut to :data:`SHOWN` characters, so an error never echoes a huge post back."""
    try:
        text = repr(value)
    except (ValueError, RecursionError):  # an int too long to print, a list nested too deep
        text = "a number too long to show"
    return text if len(text) <= SHOWN else text[: SHOWN - 3] + "..."


@dataclass(frozen=True, slots=True)
class Answer:
    """``kind`` is "case" or "quiz"; ``item`` a case id or question id; ``choice`` a level id
    (for a case) or the chosen answer's index as text (for a quiz question)."""

    kind: str
    item: str
    choice: str


def parse_answer(data: Any, content: Content) -> Answer:
    """The answer in a posted JSON object, or AnswerError saying which field is wrong and what was expected."""
    if not isinstance(data, dict):
        raise AnswerError("expected a JSON object with the fields kind, item and choice")
    kind, item, choice = data.get("kind"), data.get("item"), data.get("choice")
    if kind not in KINDS:
        raise AnswerError(f"field 'kind': expected one of {', '.join(KINDS)}, got {_shown(kind)}")
    if not isinstance(item, str) or not isinstance(choice, str | int) or isinstance(choice, bool):
        raise AnswerError("fields 'item' and 'choice': expected an id (text) and a choice (text or a number)")
    if kind == "case":
        if item not in content.cases:
            raise AnswerError(f"field 'item': no case {_shown(item)}")
        if choice not in LEVELS:
            raise AnswerError(f"field 'choice': expected a level, one of {', '.join(LEVELS)}, got {_shown(choice)}")
        return Answer(kind, item, str(choice))
    questions = content.quizzes
    if item not in questions:
        raise AnswerError(f"field 'item': no quiz question {_shown(item)}")
    try:
        index = int(choice)
    except ValueError:
        raise AnswerError(f"field 'choice': expected the number of a choice, got {_shown(choice)}") from None
    if not 0 <= index < len(questions[item].choices):
        raise AnswerError(f"field 'choice': expected 0 to {len(questions[item].choices) - 1}, got {_shown(index)}")
    return Answer(kind, item, str(index))
