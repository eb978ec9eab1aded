"""The symptom chooser: tick boxes in groups that fold open and shut, made when first needed, with
the pick-one rule, the questions asked in context and the "Type what you feel" search."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any

import ipywidgets as widgets
import traitlets
from ipywidgets.widgets.widget_bool import CheckboxStyle  # not exported at the top level

from backlearn.content import Content
from backlearn.engine.assessment import check_symptoms
from backlearn.engine.promises import content_or_loaded
from backlearn.engine.questions import answers_that_count, shown_symptoms
from backlearn.search import search_symptoms
from backlearn.widgets.announcer import Announcer
from backlearn.widgets.fold_button import FoldButton
from backlearn.widgets.layout import SHOWN, WIDE, with_classes

__all__ = ["SymptomChooser"]


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
                         **with_classes(kwargs, "bl-symptom-chooser"))

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
                        if symptom.shown_if is not None else WIDE),
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
