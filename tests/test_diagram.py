"""The back diagram: its areas and the symptoms they tick (pure), the drawing shipped in the
package, and the widget kept in step with the explorer's tick boxes both ways."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from shipped import shipped

from backlearn.backmap import AREAS, areas_for, areas_ticked, ticks_for_areas
from backlearn.widgets.diagram import BackDiagram, asset
from backlearn.widgets.explorer import Explorer, SymptomExplorer

SVG = "{http://www.w3.org/2000/svg}"


def test_every_area_is_drawn_labelled_and_described() -> None:
    root = ET.fromstring(asset("back.svg"))
    assert root.find(f"{SVG}title") is not None and root.find(f"{SVG}desc") is not None
    drawn = [el.get("data-region") for el in root.iter() if el.get("data-region")]
    assert drawn == [area for area, _label in AREAS]
    labels = [el.text for el in root.iter(f"{SVG}text")]
    assert labels == [label for _area, label in AREAS]
    description = root.find(f"{SVG}desc").text or ""
    for _area, label in AREAS:
        assert label.lower() in description.lower()


def test_areas_tick_only_symptoms_the_content_offers() -> None:
    areas = areas_for(shipped())
    assert all(area.available for area in areas), "the shipped content offers every area's symptom"
    assert [a.symptom for a in areas if a.id == "buttock"] == ["buttock_pelvis_back"]
    assert areas_for(shipped(), ["low_back"])[3].available
    assert not areas_for(shipped(), ["low_back"])[0].available, "not offered by this explorer"


def test_ticks_follow_the_areas_and_keep_other_ticks() -> None:
    areas = areas_for(shipped())
    ticked = ("knot", "neck_shoulders")
    assert areas_ticked(ticked, areas) == ("neck_shoulders",)
    assert ticks_for_areas(ticked, ["low_back"], areas) == ("knot", "low_back")
    assert ticks_for_areas(ticked, [], areas) == ("knot",)


def test_a_click_ticks_the_box_and_a_tick_lights_the_area() -> None:
    explorer = SymptomExplorer(shipped())
    place = explorer.children.index
    assert explorer.diagram is not None and place(explorer.diagram) == place(explorer.banner) + 1, "under the banner"
    explorer.diagram.click("between_shoulder_blades")
    assert explorer.value == ("between_shoulder_blades",)
    explorer.value = ("knot", "low_back")
    assert explorer.diagram.selected == ["low_back"]
    explorer.diagram.click("low_back")
    assert explorer.value == ("knot",)
    with pytest.raises(ValueError, match="no area 'elbow'"):
        explorer.diagram.click("elbow")


def test_the_diagram_is_short_in_a_notebook_and_only_where_asked() -> None:
    assert repr(BackDiagram(shipped())) == "BackDiagram(ticked=[])"
    assert Explorer(shipped()).diagram is None
    assert SymptomExplorer(shipped(), ["knot"]).diagram is None, "no area offered: no diagram"
