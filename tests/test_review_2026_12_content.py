"""The clinical review of 2026-12, section 1: the content findings that are not engine rules (issue 22).

Each test names its finding (N10, N11, ...) and fails on the content as it was before the fix.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import textstat

from backlearn import ContentError, load_content
from backlearn.content.teaching import load_teaching

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
NOTEBOOK_08 = ROOT / "notebooks" / "08_symptom_explorer.ipynb"


@pytest.fixture(scope="module")
def teaching():
    return load_teaching(load_content())


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def _edit(folder: Path, name: str, old: str, new: str) -> None:
    text = (folder / name).read_text(encoding="utf-8")
    assert old in text, old
    (folder / name).write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path.name}")


def _markdown_sources(path: Path) -> list[str]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return ["".join(cell["source"]) for cell in cells if cell["cell_type"] == "markdown"]


# ----------------------------------------------------------------------------- N10: the parent letter


def test_n10_parent_letter_sends_saddle_numbness_and_trouble_peeing_to_the_emergency_number(teaching):
    letter = " ".join(" ".join(teaching.letter.paragraphs).split())
    assert "please see a doctor" not in letter
    assert "fever or pain at night, see a doctor today" in letter
    emergency = re.search(r"Call the emergency number now if they have back pain with (.+?)\.", letter)
    assert emergency, letter
    for sign in ("numbness around the bottom", "trouble peeing", "weak legs", "chest pain", "trouble breathing"):
        assert sign in emergency.group(1), sign


def test_n10_n17_the_letter_and_the_poster_footer_read_at_grade_6(teaching):
    warning = next(p for p in teaching.letter.paragraphs if "emergency number" in p)
    assert textstat.flesch_kincaid_grade(warning) <= 6.0
    assert textstat.flesch_kincaid_grade(teaching.poster.footer) <= 6.0


# ----------------------------------------------------------------------------- N11, N12: sources


def test_n11_the_unconfirmed_2024_bsr_pmr_guideline_is_no_longer_cited(content):
    assert "bsr_2024_pmr" not in content.sources
    assert not any(s.doi == "10.1093/rheumatology/kead665" for s in content.sources.values())
    for tree in ("data", "tests", "docs", "src"):
        for path in (ROOT / tree).rglob("*"):
            if path.is_file() and path.suffix in {".yaml", ".py", ".md"} and path != Path(__file__):
                assert "bsr_2024_pmr" not in path.read_text(encoding="utf-8"), path


def test_n11_gca_and_pmr_flags_cite_guidelines_that_exist(content):
    gca = content.sources["bsr_2020_gca"]
    assert (gca.doi, gca.year) == ("10.1093/rheumatology/kez672", 2020)
    assert content.sources["bsr_2010_pmr"].doi == "10.1093/rheumatology/kep303a"
    assert content.sources["eular_acr_2015_pmr"].doi == "10.1136/annrheumdis-2015-207492"
    assert "bsr_2020_gca" in content.red_flags["headache_jaw_or_eyes"].sources
    assert {"bsr_2010_pmr", "eular_acr_2015_pmr"} <= set(content.red_flags["polymyalgia_rheumatica"].sources)


def test_n12_jfp_2020_youth_has_the_published_issue_doi_and_address(content):
    jfp = content.sources["jfp_2020_youth"]
    assert jfp.doi == "10.12788/jfp.0076"
    assert "69(8):E1-E8" in jfp.title
    assert "/article/230020/" in (jfp.url or "")
    assert "Sheehan" not in jfp.by  # the authors could not be verified: none are named


def test_n12_the_cks_red_flags_page_has_a_nice_id_and_its_own_title(content):
    assert "nhs_spinal_abscess" not in content.sources
    cks = content.sources["nice_cks_back_pain_red_flags"]
    assert cks.url == "https://cks.nice.org.uk/topics/back-pain-low-without-radiculopathy/diagnosis/red-flags/"
    assert "Spinal epidural abscess" not in cks.title and "red flags" in cks.title
    assert "nice_cks_back_pain_red_flags" in content.cases["fever_after_injection"].sources


# ----------------------------------------------------------------------------- N17: teen cases in lessons


@pytest.mark.parametrize("lesson", ["staying_active", "case_study"])
def test_n17_lessons_use_the_teen_cases_lily_and_josh(teaching, lesson):
    plan = teaching.lessons[lesson]
    assert {"gymnast_back", "sudden_sharp_and_breathless"} <= set(plan.cases)
    words = " ".join([*plan.prepare, *(step.details for step in plan.timings)])
    assert "Lily" in words and "Josh" in words


def test_n17_the_sport_myth_has_the_youth_exception(teaching):
    (sport,) = [m for m in teaching.lessons["staying_active"].misconceptions if "sport" in m.belief]
    truth = " ".join(sport.truth.split())
    assert "not settled in about 3 weeks" in truth
    assert "bend backwards" in truth and "see a doctor" in truth and "rest from the moves that hurt" in truth
    assert textstat.flesch_kincaid_grade(truth) <= 6.0


def test_n17_key_points_and_poster_name_back_pain_for_more_than_about_4_weeks(teaching):
    assert any("more than about 4 weeks" in point for point in teaching.lessons["staying_active"].key_points)
    footer = " ".join(teaching.poster.footer.split())
    assert "Young people" in footer and "more than about 4 weeks" in footer


# ----------------------------------------------------------------------------- N26: unique case names


def test_n26_every_shipped_case_has_its_own_name(content):
    names = [case.name.casefold() for case in content.cases.values()]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)


def test_n26_a_second_case_with_the_same_name_is_refused_with_file_line_and_field(data_copy):
    _edit(data_copy, "cases.yaml", "person: {name: Ella, age: 13", "person: {name: zara, age: 13")
    with pytest.raises(ContentError) as caught:
        load_content(data_copy)
    (problem,) = [str(p) for p in caught.value.problems]
    line = _line_of(data_copy / "cases.yaml", "name: zara")
    first = _line_of(data_copy / "cases.yaml", "name: Zara")
    assert problem.startswith(f"cases.yaml, line {line}, field 'person.name'"), problem
    assert f"duplicate case name 'zara' (first used on line {first}, case 'fever_and_back_ache')" in problem


def test_n26_notebook_08_does_not_reuse_a_case_name_with_another_age(content):
    ages = {case.name: case.age for case in content.cases.values()}
    for text in _markdown_sources(NOTEBOOK_08):
        for name, age in re.findall(r"\b([A-Z][a-z]+) is (\d+)\b", text):
            assert name not in ages or ages[name] == int(age), f"{name} is {age} in notebook 08, {ages[name]} in cases"


# ----------------------------------------------------------------------------- N27: notebook 08's rule sentence


def test_n27_notebook_08_says_two_strain_features_are_needed_one_about_movement():
    (text,) = [t for t in _markdown_sources(NOTEBOOK_08) if "### Pain between the shoulder blades" in t]
    assert "unless you ticked two things that fit a strained muscle, one of them that it changes when you move" in text
    assert "if nothing you ticked explains it" not in text
