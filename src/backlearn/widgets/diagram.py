"""The labelled back diagram as a widget (anywidget): click an area, or Tab to it and press Space,
to tick the matching "Where it hurts" box. ``link_to(chooser)`` keeps both in step both ways.

The drawing (``assets/back.svg``), its script and style ship inside the package and are read
with importlib.resources. Its text alternative: the SVG's title and description, a caption,
and each area is a named check box for screen readers, with a status line announcing changes.
"""

from __future__ import annotations

from typing import Any

import anywidget
import traitlets

from backlearn import places
from backlearn.backmap import BackArea, areas_for, areas_ticked, ticks_for_areas
from backlearn.content import Content

__all__ = ["CAPTION", "BackDiagram", "asset"]

#: The drawing's text alternative: it names the areas drawn in assets/back.svg and the keys, so it
#: stays in code with the drawing, not in data/ (docs/architecture.md).
CAPTION = (
    "A drawing of a person's back, seen from behind, with five areas: neck and shoulders, between the "
    "shoulder blades, middle back, lower back and buttock. Click an area where it hurts, or press Tab to "
    "reach it and Space to tick it. It ticks the same box in the list below."
)


def asset(name: str) -> str:
    """A file shipped in ``backlearn/assets``, as text."""
    return places.asset_text(name)


class BackDiagram(anywidget.AnyWidget):
    """The diagram. ``selected`` is the tuple of ticked area ids; ``areas`` says what each ticks."""

    _esm = traitlets.Unicode(asset("back_diagram.js")).tag(sync=True)
    _css = traitlets.Unicode(asset("back_diagram.css")).tag(sync=True)
    svg = traitlets.Unicode(asset("back.svg")).tag(sync=True)
    caption = traitlets.Unicode(CAPTION).tag(sync=True)
    group_label = traitlets.Unicode("Where it hurts: areas of the back").tag(sync=True)
    regions = traitlets.List(traitlets.Dict()).tag(sync=True)
    selected = traitlets.List(traitlets.Unicode()).tag(sync=True)

    def __init__(self, content: Content, offered: Any = None, **kwargs: Any) -> None:
        self.areas: tuple[BackArea, ...] = areas_for(content, offered)
        super().__init__(
            regions=[{"id": a.id, "label": a.label, "available": a.available} for a in self.areas], **kwargs
        )
        self.add_class("bl-back-diagram-widget")
        self._chooser: Any = None

    def __repr__(self) -> str:
        # Short and stable for notebooks (the default would print the whole SVG and script).
        return f"BackDiagram(ticked={list(self.selected)!r})"

    @property
    def available(self) -> bool:
        """True when at least one area can be ticked."""
        return any(a.available for a in self.areas)

    def click(self, area_id: str) -> None:
        """Tick or untick one area, as a click does."""
        open_ids = [a.id for a in self.areas if a.available]
        if area_id not in open_ids:
            raise ValueError(f"no area '{area_id}' to tick; expected one of {open_ids}")
        chosen = list(self.selected)
        self.selected = [s for s in chosen if s != area_id] if area_id in chosen else [*chosen, area_id]

    def link_to(self, chooser: Any) -> None:
        """Keep the diagram and a SymptomChooser in step: a click ticks the box, a tick lights the area."""
        self._chooser = chooser
        self.selected = list(areas_ticked(chooser.value, self.areas))
        chooser.observe(self._from_chooser, names="value")
        self.observe(self._to_chooser, names="selected")

    def _from_chooser(self, change: dict[str, Any]) -> None:
        wanted = list(areas_ticked(change["new"], self.areas))
        if wanted != list(self.selected):
            self.selected = wanted

    def _to_chooser(self, change: dict[str, Any]) -> None:
        if self._chooser is None:
            return
        ticks = ticks_for_areas(self._chooser.value, change["new"], self.areas)
        if set(ticks) != set(self._chooser.value):
            self._chooser.value = ticks
