"""The can't-miss map (issue 22 item 2): every row of data/coverage.yaml, every tick set.

Each test is named by its row (``test_tick_set[meningitis-2]``). A tick set must get its row's level
(a look-alike above it is an over-call), name one of the row's warning signs, and show nothing that
contradicts the level: at an emergency no advice, checklist or "not for you now" list; under any
warning only what the content declares safe with it. docs/clinical-coverage.md must be what
tools/clinical_coverage.py writes, so the map cannot drift from the content or from these tests.
"""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest
import yaml

from backlearn import LEVELS, Content, assess, load_content
from backlearn.content import CoverageRow, CoverageTickSet

ROOT = Path(__file__).resolve().parent.parent
_SPEC = importlib.util.spec_from_file_location("clinical_coverage", ROOT / "tools" / "clinical_coverage.py")
assert _SPEC is not None and _SPEC.loader is not None
coverage = importlib.util.module_from_spec(_SPEC)
sys.modules["clinical_coverage"] = coverage
_SPEC.loader.exec_module(coverage)

#: (row id, tick set number) of data/coverage.yaml, read at collection only to name the test cases
#: (plain YAML, no content loaded); the rows and the content are loaded when a test first needs them.
_RAW = yaml.safe_load((ROOT / "data" / "coverage.yaml").read_text(encoding="utf-8"))
ROW_IDS = [raw["id"] for raw in _RAW]


@cache
def _content() -> Content:
    return load_content(region=coverage.REGION)


@cache
def _rows() -> dict[str, CoverageRow]:
    return {row.id: row for row in coverage.load_rows(_content())}


#: The causes issue 22 names; a row may be added, never silently dropped.
REQUIRED = {
    "heart_attack", "angina", "aortic_dissection", "burst_aaa", "pulmonary_embolism", "collapsed_lung",
    "pneumonia_pleurisy", "meningitis", "spinal_infection", "spinal_abscess", "kidney_infection", "kidney_stone",
    "pancreatitis", "gallbladder", "pre_eclampsia", "pregnancy_emergencies", "cauda_equina",
    "cord_compression_sudden", "cord_compression_slow", "neck_injury_after_fall", "major_trauma",
    "fragility_fracture", "cancer_spread", "axial_spondyloarthritis", "polymyalgia_rheumatica",
    "giant_cell_arteritis", "shingles", "youth_bone_stress", "youth_infection", "youth_tumour",
    "spinal_stenosis", "postural_upper_back_ache", "pregnancy_back_ache", "rib_strain_after_coughing",
}

TICK_SETS = [
    pytest.param(raw["id"], n, id=f"{raw['id']}-{n}") for raw in _RAW for n in range(1, len(raw["tick_sets"]) + 1)
]


def _row_and_tick_set(row_id: str, n: int) -> tuple[CoverageRow, CoverageTickSet]:
    row = _rows()[row_id]
    return row, row.tick_sets[n - 1]


def test_every_cause_the_issue_names_has_a_row_and_ids_are_unique():
    ids = [row.id for row in _rows().values()]
    assert ids == ROW_IDS
    assert len(ids) == len(set(ids))
    assert not REQUIRED - set(ids), sorted(REQUIRED - set(ids))
    looks = {row.id for row in _rows().values() if row.type == "look_alike"}
    assert {"spinal_stenosis", "postural_upper_back_ache", "pregnancy_back_ache", "rib_strain_after_coughing"} <= looks


@pytest.mark.parametrize("row_id", ROW_IDS)
def test_row_has_two_tick_sets_a_guideline_address_and_known_ids(row_id):
    assert coverage.row_problems(_rows()[row_id], _content()) == []


@pytest.mark.parametrize(("row_id", "n"), TICK_SETS)
def test_tick_set(row_id, n):
    """The level, a named warning sign, and nothing shown that contradicts them."""
    row, tick_set = _row_and_tick_set(row_id, n)
    result = assess(tick_set.ticks, _content())
    if row.type == "look_alike":
        assert LEVELS.index(result.triage) <= LEVELS.index(row.level), (
            f"over-called: {tick_set.says!r} gets {result.triage}, expected no more than {row.level}")
    assert result.triage == row.level, f"{tick_set.says!r} gets {result.triage}, expected {row.level}"
    if row.flags:
        assert set(row.flags) & {m.flag.id for m in result.red_flags}, [m.flag.id for m in result.red_flags]
    if result.triage == "emergency":
        assert not (result.guidance or result.checklists or result.withheld)
    assert coverage.contradictions(result) == []
    assert coverage.tick_set_problems(row, tick_set, _content()) == []


def test_the_committed_map_is_what_the_script_writes():
    """docs/clinical-coverage.md is generated: edit data/coverage.yaml, then run
    python tools/clinical_coverage.py."""
    expected = coverage.render(list(_rows().values()), _content())
    assert coverage.DOC.read_text(encoding="utf-8") == expected, "run: python tools/clinical_coverage.py"
    assert coverage.main(["--check"]) == 0


def test_a_row_with_one_tick_set_or_no_guideline_address_is_refused():
    good = next(iter(_rows().values()))
    one = replace(good, tick_sets=good.tick_sets[:1])
    assert any("two tick sets" in p for p in coverage.row_problems(one, _content()))
    no_address = replace(good, guideline_url="")
    assert any("address" in p for p in coverage.row_problems(no_address, _content()))
    unknown = replace(good, tick_sets=(CoverageTickSet("x", ("no_such_box",)),) * 2)
    assert any("unknown box" in p for p in coverage.row_problems(unknown, _content()))
    two_ages = replace(good, tick_sets=(
        CoverageTickSet("x", ("low_back", "age_under_20", "age_65_plus")), CoverageTickSet("y", ("low_back",))))
    assert any("pick-one" in p for p in coverage.row_problems(two_ages, _content()))
    hidden = replace(good, tick_sets=(
        CoverageTickSet("x", ("low_back", "first_started_before_45")), CoverageTickSet("y", ("low_back",))))
    assert any("not shown" in p for p in coverage.row_problems(hidden, _content()))


def test_a_failing_tick_set_is_reported_and_shown_in_the_map():
    """A wrong level makes the tick set fail, and the map says so beside it."""
    row = _rows()["meningitis"]
    wrong = replace(row, level="self_care", type="look_alike")
    problems = coverage.tick_set_problems(wrong, row.tick_sets[0], _content())
    assert problems and problems[0].startswith("over-called")
    assert "FAILS: over-called" in coverage.render([wrong], _content())


@pytest.fixture(scope="module")
def explorer():
    from backlearn.widgets.explorer import SymptomExplorer

    return SymptomExplorer(_content())


@pytest.mark.parametrize(("row_id", "n"), TICK_SETS)
def test_the_explorer_and_the_saved_plan_show_the_rows_level_and_nothing_against_it(explorer, row_id, n):
    """What a person sees: the explorer's banner (the widget notebook 08, the lessons, the app and the
    site all use) and the printable plan say the row's level, and at an emergency neither shows advice."""
    import datetime as dt

    from backlearn.export import plan_html

    row, tick_set = _row_and_tick_set(row_id, n)
    explorer.value = tick_set.ticks
    label = _content().levels[row.level].label.upper()
    assert label in explorer.banner.value
    page = plan_html(assess(tick_set.ticks, _content()), on=dt.date(2026, 12, 6))
    assert label in page
    if row.level == "emergency":
        for html in (explorer.guidance.value, page):
            assert 'data-section="guidance"' not in html and 'data-section="checklist"' not in html
            assert 'data-section="held_back"' not in html
    explorer.value = ()
