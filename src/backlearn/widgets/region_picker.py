"""The region picker: a learner (or their teacher) chooses the country once, and every view follows.

A native select, so Tab reaches it and the arrow keys change it. The choice is stored in the
learner's settings file, which the other notebooks and the app read when they start; views on
the same page that are given to ``follow`` change at once. When the class setting
``$BACKLEARN_REGION`` fixes the region, the picker shows it and cannot change it.
"""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as widgets
import traitlets

from backlearn.content import Content
from backlearn.content.regions import DEFAULT_REGION, Region, UnknownRegionError
from backlearn.engine.promises import content_or_loaded, load_content
from backlearn.places import REGION_ENV, class_region
from backlearn.settings import save_setting
from backlearn.widgets.plain_text import plain_text
from backlearn.widgets.style import NotStartedHint, inactive_style, quiet_tooltips

__all__ = ["RegionPicker", "region_summary"]


def region_summary(region: Region) -> str:
    """What the region changes, in one short paragraph of plain text. Every name and number is the
    region's (data/); the emergency sentence is safety wording, in code on purpose (docs/architecture.md)."""
    v = region.values
    return (
        f"In an emergency in {v['region_name']}, call {v['emergency_number']} "
        f"or go to {v['emergency_department']}. For help today, call {v['doctor']} or {v['health_line']}, "
        f"or go to {v['urgent_service']}."
    )


class RegionPicker(NotStartedHint, widgets.VBox):  # type: ignore[misc]
    """Pick the country or region whose emergency number and services backlearn names.

    ``value`` is the region id. ``follow`` lists views with a ``region`` property (an explorer,
    the lessons) to change along with it. ``save=False`` changes only this page.
    """

    hint_name = "The country or region picker"

    value = traitlets.Unicode()

    def __init__(
        self, content: Content | None = None, *, follow: tuple[Any, ...] = (), save: bool = True, **kwargs: Any
    ) -> None:
        problem = ""
        try:
            self.content = content_or_loaded(content)
        except UnknownRegionError as error:
            # A stored pick this content does not have (a teacher removed it): the picker is how
            # the learner puts it right, so it starts from the default and says why.
            self.content = load_content(region=DEFAULT_REGION)
            problem = f'<p role="alert">{escape(str(error))}. Pick your country or region again.</p>'
        assert self.content.region is not None  # load_content always fills a region in
        self.follow = list(follow)
        self.save = save
        self.fixed = class_region()
        self.dropdown = widgets.Dropdown(
            options=[(f"{r.label} ({r.values['emergency_number']})", r.id) for r in self.content.regions.values()],
            value=self.content.region.id,
            description="Your country or region",
            tooltip="The emergency number and services every answer names",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="auto", max_width="100%"),
            disabled=self.fixed is not None,
            _dom_classes=("bl-region-select",),
        )
        # An empty tooltip: with none, the browser would show "null" when hovered.
        self.summary = widgets.HTML(tooltip="", _dom_classes=("bl-region-summary",))
        self.status = widgets.HTML(tooltip="", _dom_classes=("bl-region-status",))
        super().__init__([inactive_style(), self.dropdown, self.summary, self.status], **kwargs)
        quiet_tooltips(self)  # a widget with no tooltip shows "null" when hovered
        self.add_class("bl-region-picker")
        self.value = self.content.region.id
        self._show()
        self.status.value = problem
        if self.fixed is not None and not problem:
            self.status.value = (
                f"<p>Your class uses {escape(self.content.region.name)} (set by your teacher with "
                f"{REGION_ENV}).</p>"
            )
        self.dropdown.observe(self._picked, names="value")

    def _picked(self, change: dict[str, Any]) -> None:
        self.value = str(change["new"])

    @traitlets.observe("value")
    def _changed(self, change: dict[str, Any]) -> None:
        region_id = change["new"]
        if change["old"] == "" or self.content.region is None or region_id == self.content.region.id:
            return
        self.content = load_content(self.content.path, region=region_id)
        name = self.content.regions[region_id].name
        self.dropdown.value = region_id
        self._show()
        for view in self.follow:
            view.region = region_id
        if not self.save:
            return
        try:
            save_setting("region", region_id)
        except OSError as error:
            self.status.value = (
                f'<p role="alert">Could not save your choice: {escape(error.strerror or str(error))}. '
                "This page uses it; other notebooks will not.</p>"
            )
        else:
            self.status.value = (
                f'<p role="status">Saved. The other notebooks and the app use {escape(name)} '
                "from now on (run a notebook again to see it there).</p>"
            )

    def _show(self) -> None:
        assert self.content.region is not None
        self.summary.value = (
            f'<p role="status" aria-live="polite"><strong>{escape(region_summary(self.content.region))}</strong></p>'
        )

    @property
    def text(self) -> str:
        """The choice and what it means, as plain text: what a learner sees."""
        parts = [f"Your country or region: {self.dropdown.label}", plain_text(self.summary.value)]
        if self.status.value:
            parts.append(plain_text(self.status.value))
        return "\n".join(parts)
