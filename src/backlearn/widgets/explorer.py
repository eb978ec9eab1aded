"""ipywidgets builders shared by the notebooks and the app: a thin layer over the pure engine.

State lives in widget values. ``SymptomChooser.value`` holds the ticked ids; every view's
``value`` is computed from ``assess`` by the renderers, so a test can set one value and
read the others without a browser. No ``Output`` widget is used.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterable
from html import escape
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import traitlets
from ipywidgets.widgets.widget_bool import CheckboxStyle  # not exported at the top level
from ipywidgets.widgets.widget_string import HTMLStyle  # nor this

from backlearn import places
from backlearn.content import Content
from backlearn.content.rules import symptom_ids
from backlearn.engine.assessment import Assessment, assess, check_symptoms
from backlearn.engine.promises import content_or_loaded, load_content
from backlearn.engine.questions import answers_that_count, shown_symptoms
from backlearn.render import (
    SOURCES_ANCHOR,
    render_banner_html,
    render_brief,
    render_details_html,
    render_section_html,
    render_text,
)
from backlearn.search import search_symptoms
from backlearn.sections import Section, disclaimer_section, sections
from backlearn.widgets.announcer import Announcer, announcement, not_live
from backlearn.widgets.fold_button import FoldButton
from backlearn.widgets.style import NotStartedHint

__all__ = [
    "PANEL_SECTIONS",
    "ChecklistPanel",
    "Explorer",
    "ExportBar",
    "GuidancePanel",
    "SourcesPanel",
    "SymptomChooser",
    "SymptomExplorer",
    "TopicExplorer",
    "TriageBanner",
    "disclaimer",
    "raising_symptoms",
]

_WIDE = widgets.Layout(width="auto")
#: ``layout.display`` of a shown part. Not None: in the course's web version (JupyterLite's Pyodide
#: kernel) a change to None never reaches the page, so a hidden part would stay hidden.
SHOWN = ""


def _classes(kwargs: dict[str, Any], *classes: str) -> dict[str, Any]:
    """``kwargs`` with these CSS classes added to ``_dom_classes``: given at creation, they travel in the
    widget's first message; ``add_class`` afterwards would send one more message per widget."""
    return {**kwargs, "_dom_classes": (*classes, *kwargs.get("_dom_classes", ()))}


def disclaimer(content: Content | None = None) -> widgets.HTML:
    """The 'education, not diagnosis' note every view shows, once: the answer's last section, as in
    every output (it names the emergency number of the region in use, which a notebook's own text cannot)."""
    return widgets.HTML(value=_disclaimer_html(content_or_loaded(content)))


def _disclaimer_html(content: Content) -> str:
    """The note's HTML: exactly the disclaimer section ``sections()`` ends every answer with."""
    return render_section_html(disclaimer_section(content))


class _TickBox(widgets.Checkbox):  # type: ignore[misc]
    """A Checkbox whose ticks from the page are not echoed back to it.

    ipywidgets 8 answers every change made in the page with an echo of the same value, for other
    windows showing the same widget; ipywidgets' own FileUpload turns it off the same way. Each
    tick is followed by the explorer's answer, so the echo is one more message (kernel, server,
    page) ahead of the answer. A second window on the same kernel sees the answer change but not
    the tick, as with ipywidgets 7; each Voilà page has a kernel of its own.
    """

    value = traitlets.Bool(False, help="Whether the box is ticked").tag(sync=True, echo_update=False)


class SymptomChooser(widgets.VBox):  # type: ignore[misc]
    """Tick boxes in groups that fold open and shut. ``value`` is the tuple of ticked ids.

    Each group's heading is a real button (a FoldButton, with ``aria-expanded``), so Tab reaches
    it, Space or Enter opens it and a screen reader says whether it is open; ipywidgets'
    Accordion headings cannot be reached from the keyboard, which would hide the warning signs
    from keyboard users. Several groups may be open at once.
    Each tick box's description is the symptom's plain label, so a screen reader announces
    it, and native check boxes are reached with Tab and ticked with Space.

    Questions in context: a box or group with ``shown_if`` in the content is shown only while its
    rule holds for what is ticked, and an answer whose box is hidden again is cleared. Above the
    groups, "Type what you feel" (``search.value``) narrows the boxes to those that fit the words
    typed (``found``), opens their groups and highlights them; every box is also in its group.
    """

    value = traitlets.Tuple()

    def __init__(
        self,
        content: Content | None = None,
        symptoms: Iterable[str] | None = None,
        *,
        open_groups: bool | Iterable[str] = False,
        **kwargs: Any,
    ) -> None:
        self.content = content_or_loaded(content)
        opened = set(self.content.groups) if open_groups is True else set(open_groups or ())
        allowed = set(symptoms) if symptoms is not None else set(self.content.symptoms)
        unknown = allowed.difference(self.content.symptoms)
        check_symptoms(unknown, self.content)  # an unknown id raises UnknownSymptomError with suggestions
        self._boxes: dict[str, widgets.Checkbox] = {}  # the boxes made so far (see _build)
        self._shown = shown_symptoms((), self.content)  # the boxes shown for what is ticked
        self._asked: frozenset[str] = frozenset()  # the follow-up groups in view (opened as they appear)
        self._one_of: dict[str, tuple[str, ...]] = {}
        self._members: dict[str, tuple[str, ...]] = {}  # by group id: the symptoms offered in it
        self._group_of: dict[str, str] = {}
        self._bodies: dict[str, widgets.VBox] = {}
        sections: list[widgets.Widget] = []
        #: One heading button per group shown, by group id.
        self.toggles: dict[str, FoldButton] = {}
        # One style, one heading layout and one section layout for the whole chooser: neither is ever
        # changed, and each widget made by default would be one more model (and comm) per box or group
        # for the kernel to build and the page to load. (A body's layout is its own: it folds.)
        self._box_style = CheckboxStyle()
        heading_layout = widgets.Layout(width="100%", height="auto")
        section_layout = widgets.Layout()
        #: A section per group, by id: shown or hidden by ``shown_if`` and by the search.
        self._sections: dict[str, widgets.VBox] = {}
        for group in self.content.groups.values():
            members = tuple(s for s in group.symptoms if s in allowed)
            if not members:
                continue
            self._members[group.id] = members
            for sid in members:
                self._group_of[sid] = group.id
                if group.choose == "one":
                    self._one_of[sid] = members
            title = group.label + (" (pick one)" if group.choose == "one" else "")
            is_open = group.id in opened
            self._bodies[group.id] = widgets.VBox(
                self._make_boxes(group.id) if is_open else (),
                layout=widgets.Layout(display=SHOWN if is_open else "none"),
                _dom_classes=(f"bl-group-{group.id}",) + (("bl-warning-group",) if group.warning else ()),
            )
            toggle = FoldButton(
                value=is_open,
                description=title,
                tooltip=f"Show or hide: {title}",
                layout=heading_layout,
                _dom_classes=("bl-group-toggle",) + (("bl-warning-toggle",) if group.warning else ()),
            )
            toggle.observe(lambda change, group_id=group.id: self._fold(change, group_id), names="value")
            self.toggles[group.id] = toggle
            section = widgets.VBox([toggle, self._bodies[group.id]],
                                   layout=widgets.Layout() if group.shown_if is not None else section_layout,
                                   _dom_classes=("bl-group-section",))
            self._sections[group.id] = section
            sections.append(section)
        #: Every symptom id offered, in the order of the groups (and of the boxes).
        self.offered: tuple[str, ...] = tuple(self._group_of)
        self.groups = widgets.VBox(sections, _dom_classes=("bl-chooser", "bl-groups"))
        self._syncing = False
        #: The boxes that fit what was typed, best first (empty when nothing is typed).
        self.found: tuple[str, ...] = ()
        self.search = widgets.Text(
            value="", placeholder="for example: knot, tingling, stiff in the morning",
            description="Type what you feel", continuous_update=True, tooltip="",
            style={"description_width": "initial"}, layout=widgets.Layout(width="100%"),
            _dom_classes=("bl-search",),
        )
        self.search_status = widgets.HTML(value="", _dom_classes=("bl-search-status",))
        #: Says how many boxes fit what is typed to a screen reader (the count's element is replaced each time).
        self.search_announcer = Announcer(_dom_classes=("bl-announcer", "bl-search-announcer"))
        self.search.observe(lambda _change: self._narrow(), names="value")
        self._show_what_applies(())
        super().__init__([self.search, self.search_status, self.search_announcer, self.groups],
                         **_classes(kwargs, "bl-symptom-chooser"))

    def _build(self, group_id: str) -> None:
        """Make a group's tick boxes the first time they are needed: when the group opens, when one
        of its symptoms is ticked, or when ``boxes`` is read. A folded group shows nothing, and most
        groups start folded, so their boxes (a widget each, for the kernel to make and the page to
        load) wait until then."""
        body = self._bodies[group_id]
        if not body.children:
            body.children = self._make_boxes(group_id)

    def _make_boxes(self, group_id: str) -> tuple[widgets.Checkbox, ...]:
        ticked = set(self.value)
        boxes = []
        for sid in self._members[group_id]:
            symptom = self.content.symptoms[sid]
            box = _TickBox(
                value=sid in ticked,
                description=symptom.label,
                description_allow_html=False,
                indent=False,
                # A box shown only sometimes has a layout of its own, to hide it by; the others share one.
                layout=(widgets.Layout(width="auto", display=SHOWN if sid in self._shown else "none")
                        if symptom.shown_if is not None else _WIDE),
                style=self._box_style,
                tooltip=symptom.help or symptom.label,
                # Classes given here travel with the widget's creation; add_class afterwards
                # would send one more message per class and box to the browser.
                _dom_classes=("bl-symptom", f"bl-symptom-{sid}", *self._search_class(sid)),
            )
            box.observe(self._on_box, names="value")
            self._boxes[sid] = box
            boxes.append(box)
        return tuple(boxes)

    @property
    def boxes(self) -> dict[str, widgets.Checkbox]:
        """Every tick box by symptom id, in the order of the groups (making those not made yet)."""
        for group_id in self._members:
            self._build(group_id)
        return {sid: self._boxes[sid] for sid in self.offered}

    def _fold(self, change: dict[str, Any], group_id: str) -> None:
        if change["new"]:
            self._build(group_id)
        self._bodies[group_id].layout.display = SHOWN if change["new"] else "none"

    @property
    def titles(self) -> tuple[str, ...]:
        """The group headings, in order."""
        return tuple(t.description for t in self.toggles.values())

    def open_group(self, group_id: str, show: bool = True) -> None:
        """Open (or close) one group, as pressing its heading does."""
        self.toggles[group_id].value = show

    def _on_box(self, change: dict[str, Any]) -> None:
        if self._syncing:
            return
        owner = change["owner"]
        sid = next(s for s, b in self._boxes.items() if b is owner)
        ticked = [s for s in self.offered if s in self._boxes and self._boxes[s].value]
        if change["new"] and sid in self._one_of:
            ticked = [s for s in ticked if s == sid or s not in self._one_of[sid]]
        self.value = tuple(ticked)

    @traitlets.validate("value")
    def _valid_value(self, proposal: dict[str, Any]) -> tuple[str, ...]:
        ids = tuple(dict.fromkeys(proposal["value"]))
        unknown = [s for s in ids if s not in self._group_of]
        if unknown:
            check_symptoms(unknown, self.content)  # unknown ids: raises with suggestions
            raise traitlets.TraitError(f"not offered in this chooser: {', '.join(unknown)}")
        # An answer whose question is hidden by the other answers is cleared, as the engine ignores it.
        kept = answers_that_count(ids, self.content)
        return tuple(s for s in self.offered if s in kept)

    @traitlets.observe("value")
    def _sync_boxes(self, change: dict[str, Any]) -> None:
        for group_id in dict.fromkeys(self._group_of[sid] for sid in change["new"]):
            self._build(group_id)  # a ticked symptom always has its box, even in a folded group
        self._syncing = True
        try:
            for sid, box in self._boxes.items():
                box.value = sid in change["new"]
        finally:
            self._syncing = False
        self._show_what_applies(change["new"])

    def _show_what_applies(self, ticked: Iterable[str]) -> None:
        """Show the boxes and groups whose ``shown_if`` holds for these ticks; hide the others."""
        self._shown = shown_symptoms(ticked, self.content)
        for sid, box in self._boxes.items():
            if self.content.symptoms[sid].shown_if is not None:
                box.layout.display = SHOWN if sid in self._shown else "none"
        for group_id, section in self._sections.items():
            if self.content.groups[group_id].shown_if is not None:
                visible = any(s in self._shown for s in self._members[group_id])
                if visible and group_id not in self._asked:
                    self.open_group(group_id)  # a follow-up question appears open, right under its parent
                self._asked = (self._asked | {group_id}) if visible else (self._asked - {group_id})
                section.layout.display = SHOWN if visible else "none"
                classes = tuple(c for c in section._dom_classes if c != "bl-nomatch")
                section._dom_classes = classes if visible else (*classes, "bl-nomatch")

    def group_shown(self, group_id: str) -> bool:
        """True while a group is in view: its ``shown_if`` holds and the search leaves it."""
        return self._sections[group_id].layout.display != "none" and "bl-nomatch" not in \
            self._sections[group_id]._dom_classes

    @property
    def shown(self) -> tuple[str, ...]:
        """The boxes shown now (folded groups included), in order."""
        return tuple(s for s in self.offered if s in self._shown)

    def _typed(self) -> bool:
        """True while something is typed in the search (the search is made after the first boxes)."""
        return hasattr(self, "search") and bool(self.search.value.strip())

    def _search_class(self, sid: str) -> tuple[str, ...]:
        """A box's class for the search: none while nothing is typed, else found or not."""
        if not self._typed():
            return ()
        if sid in self.found:
            return ("bl-match",)
        # A follow-up question asks about a box just ticked: what is typed never hides its answers.
        return () if self.content.groups[self._group_of[sid]].shown_if is not None else ("bl-nomatch",)

    def _fits_search(self, group_id: str) -> bool:
        """A group stays in view while nothing is typed, when one of its boxes fits, or when it is a
        follow-up question (shown only while its ``shown_if`` holds, whatever is typed)."""
        return (not self._typed() or self.content.groups[group_id].shown_if is not None
                or any(s in self.found for s in self._members[group_id]))

    def _narrow(self) -> None:
        """Narrow the boxes to those that fit what is typed: open their groups, mark them, hide the rest."""
        query = self.search.value
        self.found = search_symptoms(query, self.content, [s for s in self.offered if s in self._shown])
        typed = self._typed()
        for group_id in self._members:
            if self.found and any(s in self.found for s in self._members[group_id]):
                self.open_group(group_id)
        for sid, box in self._boxes.items():
            classes = tuple(c for c in box._dom_classes if c not in ("bl-match", "bl-nomatch"))
            box._dom_classes = classes + self._search_class(sid)
        for group_id, section in self._sections.items():
            hidden_by_rule = self.content.groups[group_id].shown_if is not None and not any(
                s in self._shown for s in self._members[group_id])
            wanted = not hidden_by_rule and self._fits_search(group_id)
            classes = tuple(c for c in section._dom_classes if c != "bl-nomatch")
            section._dom_classes = classes if wanted else (*classes, "bl-nomatch")
        if not typed:
            said = ""
        elif self.found:
            count = len(self.found)
            said = (f'{count} box{"es" if count != 1 else ""} fit what you typed. '
                    "They are shown below. Clear the search to see every box again.")
        else:
            said = "No box fits those words. Try other words, or open the groups below. Check the warning signs too."
        self.search_status.value = f'<p class="bl-search-count">{escape(said)}</p>' if said else ""
        if said != self.search_announcer.polite:
            self.search_announcer.say("polite", said)


class TriageBanner(widgets.HTML):  # type: ignore[misc]
    """The triage level in colour and words; always first.

    Its HTML is replaced on every tick, so it is not the live region (a new element that arrives
    already marked live is read out by few screen readers): the explorer's Announcer, which stays in
    the page, says the level instead, and the banner's own role and aria-live are taken off."""

    #: The id prefix of the numbered sources its ``[1]`` links lead to (set by the explorer).
    cites = SOURCES_ANCHOR

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**_classes(kwargs, "bl-banner-widget"))

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
        super().__init__(**_classes(kwargs, "bl-guidance-widget"))
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
        super().__init__(**_classes(kwargs, "bl-checklists"))
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
                layout=_WIDE,
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
        import textwrap

        lines: list[str] = []
        for child in self.children:
            if isinstance(child, widgets.Checkbox):
                # Wrapped like the rest of the text views, so a print-out never breaks a word.
                lines += textwrap.wrap(f"[{'x' if child.value else ' '}] {child.description}", 88,
                                       initial_indent="  ", subsequent_indent="      ")
            elif isinstance(child, widgets.HTML):
                lines.append(_strip_tags(child.value.replace("</h3>", "</h3>\n")).strip())
        return "\n".join(lines)


def _strip_tags(html: str) -> str:
    import re
    from html import unescape

    return unescape(re.sub(r"<[^>]+>", "", html))


class Explorer(NotStartedHint, widgets.VBox):  # type: ignore[misc]
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
        from backlearn.short_mode import class_default

        self.content = content_or_loaded(content)
        self.short_rules = self.content.short_mode
        #: Short mode (ages 13 to 15): the class setting ($BACKLEARN_SHORT_MODE) unless ``short`` says.
        self.short_mode = widgets.Checkbox(
            value=class_default() if short is None else short,
            description="Short version (ages 13 to 15): the top advice and one checklist",
            indent=False,
            layout=_WIDE,
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
        from backlearn.widgets.style import quiet_tooltips, widget_style

        parts: list[widgets.Widget] = [widget_style()]
        if title:
            parts.append(widgets.HTML(value=f"<h2>{escape(title)}</h2>"))
        self.export = ExportBar(self, save_dir=save_dir)
        self.note = disclaimer(self.content)
        # The live region that says each answer first (it is not seen); then the answer's sections in their
        # one order (banner, details, checklists, sources, note),
        # with the back diagram and the chooser under the banner, the short version's switch above
        # the advice and its "Show more" after the checklists, and "Save my plan" before the note.
        parts += [self.announcer, self.banner, *([self.diagram] if self.diagram is not None else []), self.chooser,
                  self.short_mode, self.guidance, self.checklists, self.show_more, self.short_note,
                  self.sources, self.export, self.note]
        super().__init__(parts, **_classes(kwargs, "bl-explorer"))
        self.chooser.observe(self._update, names="value")
        self.short_mode.observe(lambda _change: self._show(), names="value")
        self.show_more.observe(lambda _change: self._show(), names="value")
        self._show()
        quiet_tooltips(self)

    def _update(self, change: dict[str, Any]) -> None:
        self.assessment = assess(change["new"], self.content)
        self._show()

    @property
    def region(self) -> str | None:
        """The id of the region whose numbers and services the views name."""
        return self.content.region.id if self.content.region else None

    @region.setter
    def region(self, region_id: str) -> None:
        """Show the same ticks with another region's numbers and services (the region picker sets it)."""
        self.content = load_content(self.content.path, region=region_id)
        self.chooser.content = self.content
        self.note.value = _disclaimer_html(self.content)
        self.assessment = assess(self.value, self.content)
        self._show()

    @property
    def shown(self) -> Assessment:
        """The assessment as the views show it: whole, or cut by short mode."""
        from backlearn.short_mode import shorten

        if not self.short_mode.value:
            return self.assessment
        return shorten(self.assessment, self.short_rules, more=bool(self.show_more.value))

    def _show(self) -> None:
        from backlearn.short_mode import has_more, held_back

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
        """The answer shown, as plain text (``render_text``): banner, warning signs, advice and the
        checklists' items. The learner's own ticks are not in it: ``checklists.text`` has them ('[x]')."""
        return render_text(self.shown)

    @property
    def brief(self) -> str:
        """The banner, warning signs and the titles of the advice shown: the top of the view, as text."""
        return render_brief(self.shown)


#: Environment variable naming the folder where "Save my plan" writes.
PLANS_ENV = places.PLANS_ENV


def _default_plans_dir() -> Path:
    """Where saved plans go: ``$BACKLEARN_PLANS``, else backlearn's folder in the user's data directory."""
    return places.plans_dir()


def _free_name(folder: Path, stem: str, suffix: str) -> Path:
    """A file name in folder that is not taken yet, so an earlier plan is never overwritten."""
    candidate = folder / f"{stem}{suffix}"
    number = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{number}{suffix}"
        number += 1
    return candidate


class ExportBar(widgets.VBox):  # type: ignore[misc]
    """"Save my plan": writes the printable plan for the explorer's current ticks and offers it.

    The status carries a download button (a link with the plan inside, a data: address), so the plan
    reaches the learner's own computer when the explorer runs on a server, as in the web app. The
    server's copy (``path``) is not named: a learner cannot open it.
    """

    def __init__(self, explorer: Explorer, save_dir: str | os.PathLike[str] | None = None, **kwargs: Any) -> None:
        self.explorer = explorer
        self.save_dir = Path(save_dir) if save_dir is not None else None
        self.format = widgets.ToggleButtons(
            options=[("Web page (HTML)", "html"), ("Text (Markdown)", "md")],
            value="html",
            description="Plan format",
            tooltips=["A page you can print", "Plain text you can edit"],
            style={"description_width": "initial"},
        )
        self.button = widgets.Button(
            description="Save my plan",
            tooltip="Save a printable plan for what you ticked",
            icon="download",
            button_style="success",
            _dom_classes=("bl-export-button",),
        )
        self.status = widgets.HTML(value="", _dom_classes=("bl-export-status",))
        self.button.on_click(self._clicked)
        super().__init__([widgets.HTML(value="<h3>Your plan</h3>"), self.format, self.button, self.status],
                         **_classes(kwargs, "bl-export"))
        #: The last file written, if any.
        self.path: Path | None = None

    def _clicked(self, _button: widgets.Button) -> None:
        # A failed save is reported in the status; a traceback would only reach the browser's console.
        with contextlib.suppress(OSError):
            self.save()

    def save(self, on: dt.date | None = None) -> Path:
        """Write the plan now; return the file written. The status offers it as a download button."""
        from backlearn._files import write_atomically
        from backlearn.downloads import download_button_html
        from backlearn.export import plan

        fmt = str(self.format.value)
        day = (on or dt.date.today()).isoformat()
        folder = self.save_dir or _default_plans_dir()
        suffix = ".html" if fmt == "html" else ".md"
        text = plan(self.explorer.assessment, fmt, on)
        name = f"backlearn-plan-{day}{suffix}"
        # The plan travels inside the button (a data: address), so it reaches the learner's own computer
        # from JupyterLab, Voila and the site alike; where the server keeps its copy is not theirs to open.
        button = download_button_html(name, text, mime="text/html" if fmt == "html" else "text/markdown",
                                      label="Download my plan")
        try:
            path = write_atomically(_free_name(folder, f"backlearn-plan-{day}", suffix), text)
        except OSError as error:
            self.status.value = (
                f'<p role="alert">Could not save a copy of the plan here ({escape(error.strerror or str(error))}). '
                "Nothing was lost: your ticks are still here, and the button below still gives you the plan. "
                "Or try again, or ask your teacher.</p>" + button
            )
            raise
        self.path = path
        kind = "a web page you can print" if fmt == "html" else "text you can edit"
        self.status.value = (
            f'<p role="status" aria-live="polite">Your plan is ready: {kind}. Press the button to keep it on '
            "your computer.</p>" + button
        )
        return path

    @property
    def text(self) -> str:
        """The status as plain text."""
        return _strip_tags(self.status.value)


def raising_symptoms(content: Content) -> tuple[str, ...]:
    """Every box that can raise the level, with the rest of its pick-one group: every warning sign,
    every box a red flag's rule names (an age, a risk factor, "suddenly", "very bad pain") and every
    box that makes a "check first" question be asked. A topic's explorer offers them all, so a
    60-year-old smoker gets the same level there as in the full explorer (clinical review N13)."""
    named: set[str] = {s for s in content.symptoms if content.symptoms[s].warning}
    for flag in content.red_flags.values():
        named |= symptom_ids(flag.when)
    for question in content.screening.values():
        named |= set(question.applies_to)
    for group in content.groups.values():
        if group.choose == "one" and named & set(group.symptoms):
            named |= set(group.symptoms)
    return tuple(s for s in content.symptoms if s in named)


class TopicExplorer(Explorer):
    """The explorer for one topic: its symptoms, open, plus, in folded groups, every warning sign and
    every box that can raise the level (ages, risk factors: see :func:`raising_symptoms`).

    So "no warning signs ticked" is never said when a sign the learner has could not be ticked, and
    the level is the full explorer's; the other groups start folded to keep the lesson short.
    """

    def __init__(self, topic_id: str, content: Content | None = None, **kwargs: Any) -> None:
        content = content_or_loaded(content)
        if topic_id not in content.topics:
            from backlearn.content import suggest

            raise KeyError(f"no topic '{topic_id}'{suggest(topic_id, content.topics)}")
        self.topic = content.topics[topic_id]
        offered = dict.fromkeys(self.topic.symptoms)
        offered.update(dict.fromkeys(raising_symptoms(content)))
        topic_groups = {content.symptoms[s].group for s in self.topic.symptoms}
        kwargs.setdefault("title", f"Try it: {self.topic.question}")
        kwargs.setdefault(
            "open_groups", [g.id for g in content.groups.values() if g.id in topic_groups and not g.warning]
        )
        super().__init__(content, tuple(offered), **_classes(kwargs, "bl-topic-explorer"))


class SymptomExplorer(Explorer):
    """The full explorer of notebooks 00 and 08 and the app: every symptom, with the back diagram."""

    def __init__(self, content: Content | None = None, symptoms: Iterable[str] | None = None, *,
                 diagram: bool = True, **kwargs: Any) -> None:
        super().__init__(content, symptoms, diagram=diagram, **kwargs)
