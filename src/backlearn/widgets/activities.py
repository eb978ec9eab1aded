"""The lesson's own activity as a widget: sort lines into bins, choose a next step, or plan a week
of walks. A thin view over :mod:`backlearn.activities`; its state is in widget values (``value``)
and what the learner sees after trying it is ``text``, so tests read both without a browser.

    activity = LessonActivity("walking", content)
    activity.value = (3, 20)      # plan: 3 walks a week of 20 minutes
    print(activity.text)
"""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as widgets

from backlearn.activities import ActivityResult, activity_for, choose_result, plan_result, sort_result
from backlearn.charts import source_name
from backlearn.content import Content
from backlearn.engine.promises import content_or_loaded
from backlearn.widgets.announcer import Announcer
from backlearn.widgets.style import NotStartedHint, inactive_style, quiet_tooltips

__all__ = ["LessonActivity"]

_NOT_PLACED = "Pick a bin"


def _result_html(result: ActivityResult, sources: str) -> str:
    # No live-region role here: this element is replaced on every change; the Announcer speaks instead.
    lines = "".join(f"<li>{escape(line)}</li>" for line in result.lines)
    return (f'<div class="bl-activity-result"><p><strong>{escape(result.headline)}</strong></p>'
            + (f"<ul>{lines}</ul>" if lines else "") + (sources if result.done else "") + "</div>")


def _choices(top: int, step: int = 1) -> list[tuple[str, int]]:
    return [(str(n), n) for n in range(0, top + 1, step)]


class LessonActivity(NotStartedHint, widgets.VBox):  # type: ignore[misc]
    """The activity of one topic's lesson (its kind and words come from data/lesson_pages.yaml)."""

    hint_name = "The lesson's activity"

    def __init__(self, topic_id: str, content: Content | None = None, **kwargs: Any) -> None:
        self.content = content_or_loaded(content)
        self.activity = activity_for(topic_id, self.content)
        self.topic_id = topic_id
        self.kind = self.activity.kind
        self.result: ActivityResult | None = None
        self._result = widgets.HTML(value="")
        #: Says each new mark to a screen reader (the result's element is replaced each time).
        self.announcer = Announcer(_dom_classes=("bl-announcer",))
        #: Where the answers come from, shown under the marks.
        self._sources = "<p><small>Where this comes from: " + ", ".join(
            f'<a href="{escape(source.link)}" target="_blank" rel="noopener">{escape(source_name(source))}</a>'
            for source in (self.content.sources[sid] for sid in self.activity.sources)
        ) + ".</small></p>"
        header = widgets.HTML(value=f"<h3>{escape(self.activity.title)}</h3><p>{escape(self.activity.prompt)}</p>")
        # The style that says how to start it when drawn from saved state (before Run All).
        parts: list[widgets.Widget] = [inactive_style(), header]
        if self.kind == "sort":
            options = [(_NOT_PLACED, ""), *((name, name) for name in self.activity.bins)]
            # Each line is its drop-down list's label, so a screen reader names the list by the line it sorts.
            self._pickers = [
                widgets.Dropdown(options=options, value="", description=item.text,
                                 style={"description_width": "initial"}, layout=widgets.Layout(width="auto"),
                                 _dom_classes=("bl-activity-picker",))
                for item in self.activity.items
            ]
            for picker in self._pickers:
                picker.observe(self._changed, names="value")
                parts.append(picker)
            button = widgets.Button(description="Check", button_style="primary")
            button.on_click(lambda _: self.check())
            parts.append(button)
        elif self.kind == "choose":
            self._choice = widgets.RadioButtons(
                options=[(item.text, index) for index, item in enumerate(self.activity.items)], value=None,
                layout=widgets.Layout(width="auto"))
            self._choice.observe(lambda _: self.check(), names="value")
            parts.append(self._choice)
        else:
            # Drop-down lists, not sliders: their labels are tied to them, so a screen reader names them.
            self._days = widgets.Dropdown(options=_choices(7), value=0, description="Walks a week",
                                          style={"description_width": "initial"})
            self._minutes = widgets.Dropdown(options=_choices(60, 5), value=0, description="Minutes a walk",
                                             style={"description_width": "initial"})
            self._week = widgets.HTML(value="")
            for choice in (self._days, self._minutes):
                choice.observe(lambda _: self.check(), names="value")
            parts += [self._days, self._minutes, self._week]
        parts += [self._result, self.announcer]
        super().__init__(children=parts, **kwargs)
        self.add_class("backlearn-activity")
        self.add_class("bl-activity")
        quiet_tooltips(self)  # a control with no tooltip shows "null" when hovered
        if self.kind != "sort":
            self.check()

    def _changed(self, _change: Any) -> None:
        """A line moved to another bin: the last marks no longer fit, so they go."""
        self.result = None
        self._result.value = ""
        self.announcer.say("polite", "")

    @property
    def value(self) -> Any:
        """What the learner did: the bins chosen (sort), the index chosen (choose) or (days, minutes) (plan)."""
        if self.kind == "sort":
            return tuple(picker.value for picker in self._pickers)
        if self.kind == "choose":
            return self._choice.value
        return (self._days.value, self._minutes.value)

    @value.setter
    def value(self, new: Any) -> None:
        if self.kind == "sort":
            for picker, bin_name in zip(self._pickers, tuple(new) + ("",) * len(self._pickers), strict=False):
                picker.value = bin_name
        elif self.kind == "choose":
            self._choice.value = new
        else:
            days, minutes = new
            self._minutes.value = minutes
            self._days.value = days

    def check(self) -> ActivityResult:
        """Mark what the learner did, and show it (a sort's Check button; the others on every change)."""
        if self.kind == "sort":
            result = sort_result(self.activity, self.value)
        elif self.kind == "choose":
            result = choose_result(self.activity, self.value)
        else:
            days, minutes = self.value
            result = plan_result(self.activity, days, minutes)
            self._week.value = self._week_bars(days * minutes)
        self.result = result
        self._result.value = _result_html(result, self._sources)
        self.announcer.say("polite", result.headline)
        return result

    def solve(self) -> ActivityResult:
        """Give every right answer and mark it: for a teacher's worked example (never the learner's copy)."""
        if self.kind == "sort":
            self.value = tuple(item.answer for item in self.activity.items)
        elif self.kind == "choose":
            self.value = next(index for index, item in enumerate(self.activity.items) if item.best)
        else:
            self.value = (self.activity.goal_days, self.activity.goal_minutes)
        return self.check()

    def _week_bars(self, yours: int) -> str:
        """The week's minutes beside the goal's, as two bars (with the numbers in words too)."""
        goal = self.activity.goal_days * self.activity.goal_minutes
        top = max(goal, yours, 1)

        def bar(label: str, minutes: int, colour: str) -> str:
            width = round(100 * minutes / top)
            return (f'<div style="margin:2px 0"><span style="display:inline-block;width:9em">{escape(label)}</span>'
                    f'<span style="display:inline-block;height:1em;width:{width * 2}px;background:{colour};'
                    f'vertical-align:middle"></span> {minutes} minutes a week</div>')

        return bar("Your plan", yours, "#1f5f99") + bar("The trial's goal", goal, "#b85c00")

    @property
    def text(self) -> str:
        """What the learner sees under the activity now, as plain text ('' before a sort is checked)."""
        return self.result.text if self.result is not None else ""
