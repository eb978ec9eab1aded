"""The lessons' answers as escaped HTML: a quiz answer's feedback and a case study's comparison.

``quiz.py`` and ``cases.py`` decide what is said (right or not, why, with which sources; the
comparison as ``Attempt.lines``); this module only formats it for the widgets, as ``render.py``
formats an answer's sections.
"""

from __future__ import annotations

from html import escape

from backlearn.cases import Attempt
from backlearn.glossary import OFF
from backlearn.quiz import Feedback, as_sentence

__all__ = ["attempt_html", "feedback_html"]

#: The edge colour of a right (or matching) answer and of a wrong one; always paired with words.
_RIGHT, _WRONG = "#2e7d32", "#b00020"


def feedback_html(feedback: Feedback) -> str:
    """A quiz answer's feedback as escaped HTML, announced to screen readers when it appears."""
    colour = _RIGHT if feedback.correct else _WRONG
    links = "; ".join(
        f'<a href="{escape(s.link)}" target="_blank" rel="noopener">{escape(s.by.rstrip("."))}: '
        f"{escape(s.title)} ({s.year})</a>"
        for s in feedback.sources
    )
    return (
        f'<div class="bl-quiz-feedback bl-quiz-{"right" if feedback.correct else "wrong"}" role="status" '
        f'aria-live="polite" style="border-left:4px solid {colour};padding:4px 10px;margin:4px 0">'
        f'<strong style="color:{colour}">{escape(feedback.verdict)}</strong> '
        f"You chose: {escape(as_sentence(feedback.chosen))} The right answer is: "
        f"<strong>{escape(as_sentence(feedback.right_answer))}</strong>"
        f"<br>{escape(feedback.explanation)}<br><small>Source: {links}</small></div>"
    )


def attempt_html(attempt: Attempt) -> str:
    """A case study's comparison (``Attempt.lines``) as escaped HTML, announced to screen readers."""
    colour = _RIGHT if attempt.triage_matches else _WRONG
    parts = [f'<div class="bl-case-result" role="status" aria-live="polite" style="border-left:4px solid '
             f'{colour};padding:4px 12px">']
    in_list = False
    for kind, line in attempt.lines():
        if kind == "item":
            if not in_list:
                parts.append("<ul>")
                in_list = True
            parts.append(f"<li>{escape(line)}</li>")
            continue
        if in_list:
            parts.append("</ul>")
            in_list = False
        if kind == "verdict":
            parts.append(f'<p style="color:{colour}"><strong>{escape(line)}</strong></p>')
        elif kind == "head":
            parts.append(f'<p style="margin-bottom:0"><strong>{escape(line)}</strong></p>')
        elif kind == "action":  # what to do now: never cluttered with glossary links
            parts.append(f"<p {OFF}>{escape(line)}</p>")
        else:
            parts.append(f"<p>{escape(line)}</p>")
    if in_list:
        parts.append("</ul>")
    parts.append("</div>")
    return "".join(parts)
