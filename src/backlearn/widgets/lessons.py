"""The seven questions as a page that needs no code: pick one, read the checked answer, try its quiz.

Used by the web app, where learners never see a code cell. Each question's quiz is built the
first time it is picked and kept, so answers survive moving between questions.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from backlearn.charts import evidence_html, evidence_notes_html
from backlearn.content import Content
from backlearn.engine.promises import content_or_loaded
from backlearn.quiz import questions_for
from backlearn.topic_pages import render_topic_html, render_topic_markdown
from backlearn.widgets.follows_region import FollowsRegion
from backlearn.widgets.quiz import QuizWidget
from backlearn.widgets.style import NotStartedHint, inactive_style

__all__ = ["LessonBrowser"]


class LessonBrowser(NotStartedHint, FollowsRegion, widgets.VBox):  # type: ignore[misc]
    """A list to pick a question (a native select: keyboard and screen reader friendly), its
    evidence-checked answer with verdict and sources (its glossary words linked to their meanings),
    and the quiz for it."""

    hint_name = "The seven questions"

    def __init__(self, content: Content | None = None, **kwargs: Any) -> None:
        self.content = content_or_loaded(content)
        topics = sorted(self.content.topics.values(), key=lambda t: t.number)
        self.picker = widgets.Dropdown(
            options=[(f"{t.number}. {t.question}", t.id) for t in topics],
            description="Pick a question",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="auto", max_width="100%"),
        )
        self.picker.add_class("bl-lesson-picker")
        self.answer = widgets.HTML()
        self.answer.add_class("bl-lesson")
        #: The topic's evidence as a picture, with how sure we are of each number (when the content has it).
        self.chart = widgets.HTML()
        self.chart.add_class("bl-lesson-chart")
        self.quiz_area = widgets.VBox()
        #: The quiz of each question picked so far, by topic id.
        self.quizzes: dict[str, QuizWidget] = {}
        super().__init__([inactive_style(), self.picker, self.answer, self.chart, self.quiz_area], **kwargs)
        self.add_class("bl-lessons")
        self.picker.observe(lambda _change: self._show(), names="value")
        self._show()

    @property
    def topic_id(self) -> str:
        """The question on show."""
        return str(self.picker.value)

    def _show(self) -> None:
        topic = self.content.topics[self.topic_id]
        self.answer.value = render_topic_html(topic, self.content, words=f"bl-words-{self.answer.model_id[:8]}")
        self.chart.value = (
            "<h3>The evidence as a picture</h3>" + evidence_html(self.topic_id, self.content)
            + evidence_notes_html(self.topic_id, self.content)
        ) if self.topic_id in self.content.evidence else ""
        if self.topic_id not in self.quizzes and questions_for(self.topic_id, self.content):
            self.quizzes[self.topic_id] = QuizWidget(self.topic_id, self.content, title="Check your understanding")
        quiz = self.quizzes.get(self.topic_id)
        self.quiz_area.children = (quiz,) if quiz is not None else ()

    def _region_changed(self) -> None:
        """Show the lessons for the new region; the quizzes start again with its wording."""
        self.quizzes.clear()
        self._show()

    @property
    def text(self) -> str:
        """The answer on show (as Markdown), then the quiz's answers and score, as plain text."""
        answer = render_topic_markdown(self.content.topics[self.topic_id], self.content, words="")
        quiz = self.quizzes.get(self.topic_id)
        return answer + ("\n" + quiz.text if quiz is not None else "")
