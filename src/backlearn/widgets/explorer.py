"""The symptom explorer: the chooser and the answer's panels wired to one ``assess`` call, with the
short version for ages 13 to 15 and "Save my plan"; and its two forms, for a topic and in full.

State lives in widget values. ``SymptomChooser.value`` holds the ticked ids; every view's
``value`` is computed from ``assess`` by the renderers, so a test can set one value and
read the others without a browser. No ``Output`` widget is used.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from html import escape
from typing import Any

import ipywidgets as widgets

from backlearn.content import Content, suggest
from backlearn.engine.assessment import Assessment, assess
from backlearn.engine.promises import content_or_loaded
from backlearn.engine.triage import raising_symptoms
from backlearn.render import SOURCES_ANCHOR, render_brief, render_text
from backlearn.short_mode import class_default, has_more, held_back, shorten
from backlearn.widgets.announcer import Announcer, announcement
from backlearn.widgets.chooser import SymptomChooser
from backlearn.widgets.follows_region import FollowsRegion
from backlearn.widgets.layout import SHOWN, WIDE, with_classes
from backlearn.widgets.panels import (
    ChecklistPanel,
    GuidancePanel,
    SourcesPanel,
    TriageBanner,
    disclaimer,
    disclaimer_html,
)
from backlearn.widgets.plan_bar import ExportBar
from backlearn.widgets.style import NotStartedHint, quiet_tooltips, widget_style

__all__ = ["Explorer", "SymptomExplorer", "TopicExplorer"]


class Explorer(NotStartedHint, FollowsRegion, widgets.VBox):  # type: ignore[misc]
    """Chooser, banner, guidance and checklists wired together.

    The banner sits above the chooser so a warning is always seen first. Set
    ``chooser.value`` (or tick boxes) and every view updates from one ``assess`` call.
    """

    hint_name = "The symptom explorer"

    def __init__(
        self,
        content: Content | None = None,
        symptoms: Iterable[str] | None = None,
        *,
        title: str = "",
        open_groups: bool | Iterable[str] = False,
        save_dir: str | os.PathLike[str] | None = None,
        diagram: bool = False,
        short: bool | None = None,
        **kwargs: Any,
    ) -> None:
        self.content = content_or_loaded(content)
        self.short_rules = self.content.short_mode
        #: Short mode (ages 13 to 15): the class setting ($BACKLEARN_SHORT_MODE) unless ``short`` says.
        self.short_mode = widgets.Checkbox(
            value=class_default() if short is None else short,
            description="Short version (ages 13 to 15): the top advice and one checklist",
            indent=False,
            layout=WIDE,
            _dom_classes=("bl-short-toggle",),
        )
        self.show_more = widgets.ToggleButton(
            value=False, description="Show more", icon="plus", _dom_classes=("bl-show-more",),
            layout=widgets.Layout(display="none"),
        )
        self.short_note = widgets.HTML(value="", _dom_classes=("bl-short-note",))
        self.chooser = SymptomChooser(self.content, symptoms, open_groups=open_groups)
        #: The labelled back diagram linked to the chooser (None unless asked for and some area is offered).
        self.diagram: Any = None
        if diagram:
            # anywidget, which draws it, is loaded only for an explorer with the diagram (about 25 ms).
            from backlearn.widgets.diagram import BackDiagram

            drawing = BackDiagram(self.content, self.chooser.offered)
            if drawing.available:
                drawing.link_to(self.chooser)
                self.diagram = drawing
        self.banner = TriageBanner()
        #: What a screen reader hears when the answer changes (one live region that stays in the page).
        self.announcer = Announcer(_dom_classes=("bl-announcer",))
        self.guidance = GuidancePanel()
        self.checklists = ChecklistPanel()
        self.sources = SourcesPanel()
        # One id prefix for this answer's numbered sources, so a [1] leads to this explorer's list
        # even when another explorer (the app's lessons, a second cell) is on the same page.
        cites = f"{SOURCES_ANCHOR}-{self.sources.model_id[:8]}"
        for panel in (self.banner, self.guidance, self.checklists, self.sources):
            panel.cites = cites
        self.assessment = assess((), self.content)
        parts: list[widgets.Widget] = [widget_style()]
        if title:
            parts.append(widgets.HTML(value=f"<h2>{escape(title)}</h2>"))
        self.export = ExportBar(lambda: self.assessment, save_dir=save_dir)
        self.note = disclaimer(self.content)
        # The live region that says each answer first (it is not seen); then the answer's sections in their
        # one order (banner, details, checklists, sources, note),
        # with the back diagram and the chooser under the banner, the short version's switch above
        # the advice and its "Show more" after the checklists, and "Save my plan" before the note.
        parts += [self.announcer, self.banner, *([self.diagram] if self.diagram is not None else []), self.chooser,
                  self.short_mode, self.guidance, self.checklists, self.show_more, self.short_note,
                  self.sources, self.export, self.note]
        super().__init__(parts, **with_classes(kwargs, "bl-explorer"))
        self.chooser.observe(self._update, names="value")
        self.short_mode.observe(lambda _change: self._show(), names="value")
        self.show_more.observe(lambda _change: self._show(), names="value")
        self._show()
        quiet_tooltips(self)

    def _update(self, change: dict[str, Any]) -> None:
        self.assessment = assess(change["new"], self.content)
        self._show()

    def _region_changed(self) -> None:
        """Show the same ticks with the new region's numbers and services."""
        self.chooser.content = self.content
        self.note.value = disclaimer_html(self.content)
        self.assessment = assess(self.value, self.content)
        self._show()

    @property
    def shown(self) -> Assessment:
        """The assessment as the views show it: whole, or cut by short mode."""
        if not self.short_mode.value:
            return self.assessment
        return shorten(self.assessment, self.short_rules, more=bool(self.show_more.value))

    def _show(self) -> None:
        shown = self.shown
        short = bool(self.short_mode.value)
        more = short and (bool(self.show_more.value) or has_more(self.assessment, self.short_rules))
        note = short and held_back(self.assessment, self.short_rules)
        # Every panel's new state is worked out first and sent together when the block ends, so
        # the browser gets the tick's updates in one burst rather than spread over the rendering.
        # (A held widget sends when its block ends, last held first: the banner goes out first.)
        held_widgets = (self.banner, self.announcer, self.guidance, self.checklists, self.sources, self.show_more,
                        self.show_more.layout, self.short_note)
        with contextlib.ExitStack() as held:
            for widget in reversed(held_widgets):
                held.enter_context(widget.hold_sync())
            self.banner.show(self.assessment)  # the level and its warnings are never cut
            self.announcer.say(*announcement(self.assessment))
            self.guidance.show(shown)
            self.checklists.show(shown)
            self.sources.show(shown)
            self.show_more.layout.display = SHOWN if more else "none"
            self.show_more.description = "Show less" if self.show_more.value else "Show more"
            self.show_more.icon = "minus" if self.show_more.value else "plus"
            self.short_note.value = (
                f'<p class="bl-adults-only" role="note">{escape(self.short_rules.adults_only_note)}</p>' if note else ""
            )

    @property
    def value(self) -> tuple[str, ...]:
        """The ticked symptom ids (the chooser's value)."""
        return tuple(self.chooser.value)

    @value.setter
    def value(self, ids: Iterable[str]) -> None:
        self.chooser.value = tuple(ids)

    @property
    def text(self) -> str:
        """The answer shown (cut in short mode), as plain text (``render_text``): banner, warning signs,
        advice, the checklists' items, sources and the note. The learner's own ticks are not in it:
        ``checklists.text`` has them ('[x]')."""
        return render_text(self.shown)

    @property
    def brief(self) -> str:
        """The banner, warning signs and the titles of the advice shown: the top of the view, as text."""
        return render_brief(self.shown)



class TopicExplorer(Explorer):
    """The explorer for one topic: its symptoms, open, plus, in folded groups, every warning sign and
    every box that can raise the level (ages, risk factors: see :func:`raising_symptoms`).

    So "no warning signs ticked" is never said when a sign the learner has could not be ticked, and
    the level is the full explorer's; the other groups start folded to keep the lesson short.
    """

    def __init__(self, topic_id: str, content: Content | None = None, **kwargs: Any) -> None:
        content = content_or_loaded(content)
        if topic_id not in content.topics:
            raise KeyError(f"no topic '{topic_id}'{suggest(topic_id, content.topics)}")
        self.topic = content.topics[topic_id]
        offered = dict.fromkeys(self.topic.symptoms)
        offered.update(dict.fromkeys(raising_symptoms(content)))
        topic_groups = {content.symptoms[s].group for s in self.topic.symptoms}
        kwargs.setdefault("title", f"Try it: {self.topic.question}")
        kwargs.setdefault(
            "open_groups", [g.id for g in content.groups.values() if g.id in topic_groups and not g.warning]
        )
        super().__init__(content, tuple(offered), **with_classes(kwargs, "bl-topic-explorer"))


class SymptomExplorer(Explorer):
    """The full explorer of notebooks 00 and 08 and the app: every symptom, with the back diagram."""

    def __init__(self, content: Content | None = None, symptoms: Iterable[str] | None = None, *,
                 diagram: bool = True, **kwargs: Any) -> None:
        super().__init__(content, symptoms, diagram=diagram, **kwargs)
