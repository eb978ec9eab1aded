"""The case-study widget: pick a case, read the story, pick a level, tick symptoms, press Compare.

A thin view over ``backlearn.cases.compare``. No Output widget: the story and the result are
HTML widget values, so tests and nbval read them without a browser. Import it as
``from backlearn import CaseStudy``.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from dataclasses import replace
from html import escape
from typing import Any

import ipywidgets as widgets

from backlearn.cases import Attempt, compare, get_case
from backlearn.classresults.client import CLASS_NOTE, AnswerSender, Delivery, delivery_html
from backlearn.classresults.client import enabled as sending_enabled
from backlearn.content import LEVELS, Case, Content
from backlearn.engine.promises import content_or_loaded
from backlearn.glossary import with_glossary
from backlearn.lesson_html import attempt_html
from backlearn.widgets.announcer import Announcer, not_live
from backlearn.widgets.chooser import SymptomChooser
from backlearn.widgets.panels import disclaimer
from backlearn.widgets.style import NotStartedHint, quiet_tooltips, widget_style

__all__ = ["CaseStudy"]

_REGION_WORDS = {"upper": "upper back", "mid": "middle of the back", "low": "lower back"}


def _story_html(case: Case) -> str:
    """A case's title, person and story, escaped."""
    return (
        f'<div class="bl-case-story" style="border:1px solid #888;border-radius:6px;padding:6px 12px">'
        f"<h3 style='margin-top:4px'>{escape(case.title)}</h3>"
        f"<p><em>{escape(case.person)}. Pain in the {_REGION_WORDS[case.region]}.</em></p>"
        f"<p>{escape(case.story)}</p></div>"
    )


class _Unshown:
    """Stands in for the delivery line outside a hub, where nothing is sent or shown."""

    value = ""


class CaseStudy(NotStartedHint, widgets.VBox):  # type: ignore[misc]
    """A case picker with the learner's level and ticks, and a Compare button.

    Drive it as a learner would: ``select(id)``, set ``triage.value`` and ``chooser.value``,
    then ``compare()``; or ``attempt(id, level, symptoms)`` does all four. ``text`` is the result.
    """

    hint_name = "A case study"

    def __init__(self, content: Content | None = None, case_id: str | None = None, **kwargs: Any) -> None:
        self.content = content_or_loaded(content)
        if not self.content.cases:
            raise ValueError(f"no case studies in {self.content.path}: add cases.yaml")
        self.picker = widgets.Dropdown(
            options=[(f"{n}. {c.title}", c.id) for n, c in enumerate(self.content.cases.values(), start=1)],
            description="Case",
            layout=widgets.Layout(width="auto"),
        )
        self.picker.add_class("bl-case-picker")
        self.story = widgets.HTML(value="")
        self.triage = widgets.RadioButtons(
            options=[(f"{self.content.levels[lv].label}: {self.content.levels[lv].headline}", lv)
                     for lv in reversed(LEVELS)],
            index=None,
            description="Your triage level",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="auto"),
        )
        self.triage.add_class("bl-case-triage")
        self.chooser = SymptomChooser(self.content)
        self.compare_button = widgets.Button(
            description="Compare",
            tooltip="Compare your answer with what backlearn says",
            button_style="primary",
            icon="balance-scale",
        )
        self.compare_button.on_click(lambda _button: self._compare_clicked())
        self.result = widgets.HTML(value="")
        self.result.add_class("bl-case-result")
        #: Says the comparison's verdict to a screen reader (the result's element is replaced on each Compare).
        self.announcer = Announcer(_dom_classes=("bl-announcer",))
        #: The latest comparison, or None before Compare is pressed for this case.
        self.attempt_result: Attempt | None = None
        #: True when the last level compared reached the class results (only ever under a hub).
        self.sent = False
        sending = sending_enabled()
        #: Under a hub: whether the level reached the class results, in plain words (empty until Compare).
        #: Outside a hub nothing is sent, and it is never shown (no widget model is made for it).
        self.delivery = widgets.HTML(value="", _dom_classes=("bl-class-delivery",)) if sending else _Unshown()
        #: Sends the level to the class results (under a hub), trying again while the service restarts.
        self.sender = AnswerSender(button="Compare")
        parts = [
            widget_style(),
            self.picker,
            self.story,
            widgets.HTML(value="<p><strong>1. How urgent is it?</strong> Pick a level.</p>"),
            self.triage,
            widgets.HTML(value="<p><strong>2. What would this person tick?</strong></p>"),
            self.chooser,
            self.compare_button,
            self.result,
            self.announcer,
            *([self.delivery, widgets.HTML(value=CLASS_NOTE)] if sending else []),
            disclaimer(self.content),
        ]
        super().__init__(parts, **kwargs)
        self.add_class("bl-case-study")
        self.picker.observe(self._on_pick, names="value")
        if case_id is not None:
            self.select(case_id)
        self._show_case()
        quiet_tooltips(self)

    @property
    def case(self) -> Case:
        """The case on screen."""
        return self.content.cases[self.picker.value]

    def select(self, case_id: str) -> None:
        """Show another case (and clear the learner's answer)."""
        self.picker.value = get_case(case_id, self.content).id

    def _on_pick(self, change: dict[str, Any]) -> None:
        self._show_case()

    def _glossary(self, html: str, panel: widgets.HTML) -> str:
        """``html`` with its glossary words linked to a "Words we use" list in the same panel."""
        return with_glossary(html, self.content.glossary, f"bl-words-{panel.model_id[:8]}")

    def _show_case(self) -> None:
        self.story.value = self._glossary(_story_html(self.case), self.story)
        self.triage.index = None
        self.chooser.value = ()
        self.result.value = ""
        self.delivery.value = ""
        self.announcer.say("polite", "")
        self.attempt_result = None

    def compare(self) -> Attempt:
        """Compare the learner's level and ticks with backlearn, and show why."""
        attempt = compare(self.case, self.triage.value or "", self.chooser.value, self.content)
        self.attempt_result = attempt
        self.result.value = not_live(self._glossary(attempt_html(attempt), self.result))
        self.announcer.say("polite", attempt.triage_verdict)
        return attempt

    def _compare_clicked(self) -> None:
        """A learner pressed Compare: compare, and send the level to the class results (under a hub).

        Only a press of the button sends, never ``compare()`` or ``attempt()`` called from code, so a
        notebook's worked example does not count as a learner's answer. The level only: never the
        ticks, which are health details.
        """
        self.compare()
        if self.triage.value:
            self.sent = False
            case = self.case
            self.sender.send("case", case.id, str(self.triage.value), lambda delivery: self._delivered(case, delivery))

    def _delivered(self, case: Case, delivery: Delivery) -> None:
        """Say whether the level reached the class results (also called from the retry thread, when the
        learner may have moved on to another case: then the message names the case it is about)."""
        self.sent = delivery.saved
        if case.id != self.picker.value:
            delivery = replace(delivery, message=f"{case.title}: {delivery.message}")
        self.delivery.value = delivery_html(delivery)

    def attempt(self, case_id: str, triage: str, symptoms: Iterable[str]) -> Attempt:
        """Select a case, pick a level, tick symptoms and compare, as a learner would."""
        self.select(case_id)
        self.triage.value = triage
        self.chooser.value = tuple(symptoms)
        return self.compare()

    @property
    def text(self) -> str:
        """The case and the comparison as plain text (the comparison once Compare was pressed)."""
        case = self.case
        head = "\n".join([case.title, f"{case.person}.", *textwrap.wrap(case.story, 88)])
        if self.attempt_result is None:
            return head + "\n\nPick a level, tick the symptoms, then press Compare."
        return head + "\n\n" + self.attempt_result.text
