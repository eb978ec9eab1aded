"""The areas of the back diagram and the "Where it hurts" tick boxes they stand for (pure logic).

The diagram (``widgets.diagram.BackDiagram``) draws five areas. Each area ticks one symptom;
an area whose symptom the content does not offer is drawn greyed out and cannot be ticked,
so the diagram never ticks something the explorer would not show.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from backlearn.content import Content

__all__ = ["AREAS", "BackArea", "areas_for", "areas_ticked", "ticks_for_areas"]


@dataclass(frozen=True, slots=True)
class BackArea:
    """One area of the drawing: its id in the SVG, its name, the symptom it ticks, and whether it can."""

    id: str
    label: str
    symptom: str
    available: bool = True


#: The drawing's areas, top to bottom: (SVG id, name, the symptom id it ticks).
AREAS: tuple[tuple[str, str, str], ...] = (
    ("neck_shoulders", "Neck and shoulders", "neck_shoulders"),
    ("between_shoulder_blades", "Between the shoulder blades", "between_shoulder_blades"),
    ("mid_back", "Middle back", "mid_back"),
    ("low_back", "Lower back", "low_back"),
    ("buttock", "Buttock", "buttock_pelvis_back"),
)


def areas_for(content: Content, offered: Iterable[str] | None = None) -> tuple[BackArea, ...]:
    """The areas, each marked available when its symptom is in the content (and among ``offered``)."""
    allowed = set(content.symptoms if offered is None else offered) & set(content.symptoms)
    return tuple(BackArea(area, label, symptom, symptom in allowed) for area, label, symptom in AREAS)


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
