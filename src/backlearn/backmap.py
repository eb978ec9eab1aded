"""The areas of the back diagram and the "Where it hurts" tick boxes they stand for (pure logic).

The diagram (``widgets.diagram.BackDiagram``) draws five areas. Each area ticks the one symptom
that names it with ``diagram_area`` in symptoms.yaml; an area no symptom names, or whose symptom
this explorer does not offer, is drawn greyed out and cannot be ticked, so the diagram never ticks
something the explorer would not show.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from backlearn.content import DIAGRAM_AREAS, Content

__all__ = ["AREAS", "BackArea", "areas_for", "areas_ticked", "ticks_for_areas"]


@dataclass(frozen=True, slots=True)
class BackArea:
    """One area of the drawing: its id in the SVG, its name, the symptom it ticks, and whether it can."""

    id: str
    label: str
    symptom: str
    available: bool = True


#: The drawing's areas, top to bottom: (SVG id, the name drawn on it). Which symptom each ticks is
#: content (``diagram_area`` in symptoms.yaml); the drawing and its names are code.
AREAS: tuple[tuple[str, str], ...] = tuple(zip(DIAGRAM_AREAS, (
    "Neck and shoulders",
    "Between the shoulder blades",
    "Middle back",
    "Lower back",
    "Buttock",
), strict=True))


def areas_for(content: Content, offered: Iterable[str] | None = None) -> tuple[BackArea, ...]:
    """The areas, each with the symptom that names it, marked available when that symptom is in the
    content (and among ``offered``)."""
    allowed = set(content.symptoms if offered is None else offered) & set(content.symptoms)
    ticks = {s.diagram_area: s.id for s in content.symptoms.values() if s.diagram_area}
    return tuple(BackArea(area, label, ticks.get(area, ""), ticks.get(area, "") in allowed) for area, label in AREAS)


def areas_ticked(ticked: Iterable[str], areas: Iterable[BackArea]) -> tuple[str, ...]:
    """The ids of the areas whose symptom is ticked, in drawing order."""
    chosen = set(ticked)
    return tuple(a.id for a in areas if a.available and a.symptom in chosen)


def ticks_for_areas(ticked: Iterable[str], selected: Iterable[str], areas: Iterable[BackArea]) -> tuple[str, ...]:
    """The ticks after the diagram's areas became ``selected``: other ticks kept, area symptoms set to match."""
    areas = tuple(a for a in areas if a.available)
    chosen = set(selected)
    mapped = {a.symptom for a in areas}
    kept = [s for s in ticked if s not in mapped]
    return tuple(kept + [a.symptom for a in areas if a.id in chosen])
