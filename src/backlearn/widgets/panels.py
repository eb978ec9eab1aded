"""The answer's panels in the explorer: the triage banner, the guidance, the checklists as tick boxes,
the sources, and the closing note. Each shows its sections of ``sections()`` as every output does."""

from __future__ import annotations

import textwrap
from typing import Any

import ipywidgets as widgets
from ipywidgets.widgets.widget_bool import CheckboxStyle  # not exported at the top level
from ipywidgets.widgets.widget_string import HTMLStyle  # nor this

from backlearn.content import Content
from backlearn.engine.assessment import Assessment
from backlearn.engine.promises import content_or_loaded
from backlearn.render import SOURCES_ANCHOR, render_banner_html, render_details_html, render_section_html
from backlearn.sections import Section, disclaimer_section, sections
from backlearn.widgets.announcer import not_live
from backlearn.widgets.layout import WIDE, with_classes
from backlearn.widgets.plain_text import plain_text

__all__ = [
    "PANEL_SECTIONS",
    "ChecklistPanel",
    "GuidancePanel",
    "SourcesPanel",
    "TriageBanner",
    "disclaimer",
    "disclaimer_html",
]


def disclaimer(content: Content | None = None) -> widgets.HTML:
    """The 'education, not diagnosis' note every view shows, once: the answer's last section, as in
    every output (it names the emergency number of the region in use, which a notebook's own text cannot)."""
    return widgets.HTML(value=disclaimer_html(content_or_loaded(content)))


def disclaimer_html(content: Content) -> str:
    """The note's HTML: exactly the disclaimer section ``sections()`` ends every answer with."""
    return render_section_html(disclaimer_section(content))


class TriageBanner(widgets.HTML):  # type: ignore[misc]
    """The triage level in colour and words; always first.

    Its HTML is replaced on every tick, so it is not the live region (a new element that arrives
    already marked live is read out by few screen readers): the explorer's Announcer, which stays in
    the page, says the level instead, and the banner's own role and aria-live are taken off."""

    #: The id prefix of the numbered sources its ``[1]`` links lead to (set by the explorer).
    cites = SOURCES_ANCHOR

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**with_classes(kwargs, "bl-banner-widget"))

    def show(self, assessment: Assessment) -> None:
        """Show this assessment's level."""
        html = render_banner_html(assessment, cites=self.cites)
        head, _, rest = html.partition(">")
        self.value = not_live(head) + ">" + rest


#: The sections the guidance panel shows: everything between the banner and the checklists.
PANEL_SECTIONS: tuple[str, ...] = ("reasons", "screening", "red_flags", "guidance", "come_back", "held_back")


class GuidancePanel(widgets.HTML):  # type: ignore[misc]
    """Why, the checks to make first, red flags, then ranked guidance (or, at an emergency,
    only when to come back) and what was held back: the answer's sections up to the checklists.
    The first use of each glossary word links to its meaning in a "Words we use" list at the end."""

    #: The id prefix of the numbered sources its ``[1]`` links lead to (set by the explorer).
    cites = SOURCES_ANCHOR

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**with_classes(kwargs, "bl-guidance-widget"))
        #: The prefix of this panel's glossary ids, unique on the page (two explorers may share one).
        self.words = f"bl-words-{self.model_id[:8]}"

    def show(self, assessment: Assessment) -> None:
        """Show this assessment's sections between the banner and the checklists."""
        self.value = render_details_html(assessment, kinds=PANEL_SECTIONS, words=self.words, cites=self.cites)


class SourcesPanel(widgets.HTML):  # type: ignore[misc]
    """The numbered sources every other panel cites, after the checklists as in every output."""

    #: The id prefix of its numbered sources (set by the explorer: unique on the page).
    cites = SOURCES_ANCHOR

    def show(self, assessment: Assessment) -> None:
        """Show the sources this assessment cites."""
        self.value = render_details_html(assessment, kinds=("sources",), cites=self.cites)


class ChecklistPanel(widgets.VBox):  # type: ignore[misc]
    """Matched checklists as tick boxes. A tick survives a change of symptoms, even off screen.

    Each checklist's heading (with its sources and intro) is the same HTML every output shows.
    Each item's Checkbox (and each heading) is made once and reused whenever it is shown again,
    so a tick, the widget's identity and its place in the browser persist, and a change of
    symptoms sends only the new list of children instead of new widgets.
    """

    #: The id prefix of the numbered sources the headings' ``[1]`` links lead to (set by the explorer).
    cites = SOURCES_ANCHOR

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**with_classes(kwargs, "bl-checklists"))
        #: The boxes on screen now, by (checklist id, item text).
        self.boxes: dict[tuple[str, str], widgets.Checkbox] = {}
        self._made: dict[tuple[str, str], widgets.Checkbox] = {}
        self._headings: dict[str, widgets.HTML] = {}
        self._box_style = CheckboxStyle()  # shared by every item's box: one model, not one each
        # Shared by every checklist's heading, likewise: neither is ever changed.
        self._heading_layout, self._heading_style = widgets.Layout(), HTMLStyle()

    def _heading(self, section: Section) -> widgets.HTML:
        # The heading and intro only: the items are Checkboxes, so a tick is widget state.
        html = render_section_html(Section(section.kind, section.heading, section.intro, cites=section.cites),
                                   cites=self.cites)
        heading = self._headings.get(html)
        if heading is None:
            heading = self._headings[html] = widgets.HTML(
                value=html, layout=self._heading_layout, style=self._heading_style,
                _dom_classes=("bl-checklist-heading",),
            )
        return heading

    def _box(self, key: tuple[str, str]) -> widgets.Checkbox:
        box = self._made.get(key)
        if box is None:
            box = widgets.Checkbox(
                value=False,
                description=key[1],
                description_allow_html=False,
                indent=False,
                layout=WIDE,
                style=self._box_style,
                tooltip="",  # none would show "null" when hovered
                _dom_classes=("bl-check-item",),
            )
            self._made[key] = box
        return box

    def show(self, assessment: Assessment) -> None:
        """Show this assessment's checklists, reusing (and so keeping the ticks of) boxes already made."""
        children: list[widgets.Widget] = []
        boxes: dict[tuple[str, str], widgets.Checkbox] = {}
        for section in sections(assessment):
            if section.kind != "checklist":
                continue
            children.append(self._heading(section))
            for entry in section.entries:
                key = (section.id, entry.parts[0].text)
                boxes[key] = box = self._box(key)
                children.append(box)
        self.boxes = boxes
        self.children = tuple(children)  # traitlets sends nothing when the children are unchanged

    @property
    def text(self) -> str:
        """The lists as plain text, '[x]' for done: what a learner sees, for print-outs."""
        lines: list[str] = []
        for child in self.children:
            if isinstance(child, widgets.Checkbox):
                # Wrapped like the rest of the text views, so a print-out never breaks a word.
                lines += textwrap.wrap(f"[{'x' if child.value else ' '}] {child.description}", 88,
                                       initial_indent="  ", subsequent_indent="      ")
            elif isinstance(child, widgets.HTML):
                lines.append(plain_text(child.value.replace("</h3>", "</h3>\n")).strip())
        return "\n".join(lines)
