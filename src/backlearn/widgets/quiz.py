"""The quiz widget: per question, radio buttons, a Check button and feedback; a score line at the end.

A thin view over ``backlearn.quiz.check`` and ``score``. No Output widget: every result is
a widget value, so tests and nbval read it without a browser. Import it as
``from backlearn import QuizWidget``.
"""

from __future__ import annotations

import textwrap
from html import escape
from typing import Any

import ipywidgets as widgets
from ipywidgets.widgets.widget_description import DescriptionStyle  # these two are not exported
from ipywidgets.widgets.widget_string import HTMLStyle

from backlearn.classresults.client import CLASS_NOTE, AnswerSender, Delivery, delivery_html
from backlearn.classresults.client import enabled as sending_enabled
from backlearn.content import Content
from backlearn.engine.promises import content_or_loaded
from backlearn.lesson_html import feedback_html
from backlearn.quiz import Choice, Feedback, check, choice_index, questions_for, score
from backlearn.widgets.announcer import Announcer, not_live
from backlearn.widgets.style import CONTROLS_CSS, INACTIVE_CSS, NotStartedHint, quiet_tooltips

__all__ = ["QuizWidget"]


class QuizWidget(NotStartedHint, widgets.VBox):  # type: ignore[misc]
    """The quiz for one topic. ``answer(1, "True")`` picks and checks; ``text`` is what a learner sees.

    Questions are numbered from 1, as shown; choices are given by their text, True/False,
    or their index in the list (from 0).
    """

    hint_name = "A quiz"

    def __init__(self, topic_id: str, content: Content | None = None, *, title: str = "Quiz",
                 **kwargs: Any) -> None:
        self.content = content_or_loaded(content)
        self.questions = questions_for(topic_id, self.content)  # raises KeyError for an unknown topic
        self.topic = self.content.topics[topic_id]
        self.choices: list[widgets.RadioButtons] = []
        self.buttons: list[widgets.Button] = []
        self.feedback: list[widgets.HTML] = []
        #: The latest checked feedback per question (None until checked).
        self.results: list[Feedback | None] = [None] * len(self.questions)
        self._history: list[Feedback] = []
        sending = sending_enabled()
        #: Under a hub, per question: whether its answer reached the class results, in plain words.
        self.delivery: list[widgets.HTML] = []
        #: Sends answers to the class results (under a hub), trying again while the service restarts.
        self.sender = AnswerSender(button="Check")
        parts: list[widgets.Widget] = []
        # Made with their classes, no tooltip and one layout and text style for the quiz's HTML,
        # buttons and boxes (none is ever changed): every widget made by default, and every class
        # or tooltip set afterwards, is one more model or message for the kernel and the page.
        plain, wide = widgets.Layout(), widgets.Layout(width="auto")
        text_style, choice_style = HTMLStyle(), DescriptionStyle(description_width="initial")
        button_style = widgets.ButtonStyle()

        def html(value: str, *classes: str) -> widgets.HTML:
            return widgets.HTML(value=value, tooltip="", layout=plain, style=text_style, _dom_classes=classes)

        if title:
            count = len(self.questions)
            parts.append(html(  # with the style that says how to start a quiz drawn from saved state
                f"<style>{INACTIVE_CSS}{CONTROLS_CSS}</style>"
                f"<h3>{escape(title)}</h3><p>{count} question{'s' if count != 1 else ''}. "
                "Pick an answer, then press Check.</p>"
            ))
        for number, question in enumerate(self.questions, start=1):
            prompt = html(f"<p><strong>Question {number}.</strong> {escape(question.question)}</p>")
            radio = widgets.RadioButtons(
                options=list(question.choices),
                index=None,
                description=f"Answer {number}",
                description_allow_html=False,
                tooltip="",
                layout=wide,
                style=choice_style,
                _dom_classes=("bl-quiz-choices",),
            )
            button = widgets.Button(
                description="Check",
                tooltip=f"Check your answer to question {number}",
                button_style="primary",
                icon="check",
                layout=plain,
                style=button_style,
                _dom_classes=("bl-quiz-check",),
            )
            button.on_click(lambda _button, index=number - 1: self._check_clicked(index))
            feedback = html("", "bl-quiz-feedback")
            self.choices.append(radio)
            self.buttons.append(button)
            self.feedback.append(feedback)
            status = [html("", "bl-class-delivery")] if sending else []
            self.delivery += status
            parts.append(widgets.VBox([prompt, radio, button, feedback, *status], layout=plain,
                                      _dom_classes=("bl-quiz-question",)))
        self.score = html("", "bl-quiz-score")
        #: Says each check's result to a screen reader (the feedback's element is replaced on each check).
        self.announcer = Announcer(_dom_classes=("bl-announcer",))
        parts.append(widgets.VBox([self.score, self.announcer], layout=plain, _dom_classes=("bl-quiz-end",)))
        if sending:
            parts.append(html(CLASS_NOTE))
        super().__init__(parts, _dom_classes=("bl-quiz", *kwargs.pop("_dom_classes", ())), **kwargs)
        quiet_tooltips(self)
        self._show_score()

    def _index(self, question: int | str) -> int:
        if isinstance(question, int) and not isinstance(question, bool):
            if not 1 <= question <= len(self.questions):
                raise ValueError(f"question {question} does not exist; expected 1 to {len(self.questions)}")
            return question - 1
        for index, q in enumerate(self.questions):
            if q.id == question:
                return index
        raise ValueError(f"no question '{question}' in this quiz; expected one of {[q.id for q in self.questions]}")

    def _check(self, index: int) -> Feedback | None:
        radio = self.choices[index]
        if radio.index is None:
            self.feedback[index].value = "<p>Pick an answer first.</p>"
            self.announcer.say("polite", f"Question {index + 1}: pick an answer first.")
            return None
        result = check(self.questions[index], int(radio.index), self.content)
        self.results[index] = result
        self._history.append(result)
        self.feedback[index].value = not_live(feedback_html(result))
        self._show_score()
        self.announcer.say("polite", f"Question {index + 1}: {result.verdict} {self.summary}")
        return result

    def _check_clicked(self, index: int) -> None:
        """A learner pressed Check: check, and send the choice to the class results (under a hub).
        Only a press of the button sends, so a notebook's worked example never counts."""
        result = self._check(index)
        if result is not None:
            self.sender.send("quiz", self.questions[index].id, result.choice,
                             lambda delivery: self._delivered(index, delivery))

    def _delivered(self, index: int, delivery: Delivery) -> None:
        """Say under the question whether its answer reached the class results (also from the retry thread)."""
        if self.delivery:
            self.delivery[index].value = delivery_html(delivery)

    def _show_score(self) -> None:
        self.score.value = f"<p><strong>{escape(self.summary)}</strong></p>"

    @property
    def summary(self) -> str:
        """The score line as text: 'You got N of M right.' The first answer to each question counts."""
        return score(self._history, total=len(self.questions)).text

    def answer(self, question: int | str, choice: Choice) -> Feedback:
        """Pick ``choice`` for ``question`` (its number from 1, or its id) and check it, as a learner would."""
        index = self._index(question)
        self.choices[index].index = choice_index(self.questions[index], choice)
        result = self._check(index)
        assert result is not None  # a choice was just set
        return result

    @property
    def text(self) -> str:
        """Each answered question with its feedback, then the score, as plain text."""
        lines: list[str] = []
        for number, (question, result) in enumerate(zip(self.questions, self.results, strict=True), start=1):
            if result is None:
                continue
            lines += textwrap.wrap(f"Question {number}. {question.question}", 88)
            lines += textwrap.wrap(result.text, 88, initial_indent="  ", subsequent_indent="  ")
        lines.append(self.summary)
        return "\n".join(lines)
