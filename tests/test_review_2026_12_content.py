"""The clinical review of 2026-12, section 1: the content findings that are not engine rules (issue 22).

Each test names its finding (N10, N11, ...) and fails on the content as it was before the fix.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import pytest
import textstat
from content_edits import edit_file as _edit

from backlearn import ContentError, load_content
from backlearn.content.teaching import load_teaching

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
NOTEBOOK_08 = ROOT / "notebooks" / "08_symptom_explorer.ipynb"


@pytest.fixture(scope="module")
def teaching():
    return load_teaching(load_content())



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


# ----------------------------------------------------------------------------- N25: the glossary


NEW_WORDS = {
    "angina": "Angina",
    "collapsed_lung": "pneumothorax",
    "spondylolysis": "spondylolysis",
    "polymyalgia_rheumatica": "polymyalgia rheumatica",
    "giant_cell_arteritis": "giant cell arteritis",
    "spinal_abscess": "spinal abscess",
    "spinal_stenosis": "narrowing of the spine",
    "spinal_cord": "spinal cord",
    "stress_fracture": "stress fractures",
}


@pytest.mark.parametrize(("entry", "word"), sorted(NEW_WORDS.items()))
def test_n25_conditions_now_named_have_a_glossary_entry(content, entry, word):
    from backlearn.glossary import terms_in

    assert entry in content.glossary
    assert terms_in([f"It may be {word}."], content.glossary) == (entry,)
    assert textstat.flesch_kincaid_grade(content.glossary[entry].meaning) <= 7.0


def test_n25_an_aortic_aneurysm_links_to_aneurysm_not_to_the_tear(content):
    from backlearn.glossary import terms_in

    assert "aortic" not in content.glossary["aortic_dissection"].words
    assert terms_in(["a bulging main blood vessel (aortic aneurysm)"], content.glossary) == ("aneurysm",)
    assert "tearing, ripping or sharp" in content.glossary["aortic_dissection"].meaning


def test_n25_a_red_flag_may_need_help_now_today_or_soon(content):
    assert "now, today or soon" in content.glossary["red_flag"].meaning
    levels = {f.level for f in content.red_flags.values()}
    assert "soon" in levels  # so "now or today" would be wrong


# ----------------------------------------------------------------------------- N19: regions


def test_n19_northern_ireland_is_told_its_own_out_of_hours_service():
    uk = load_content(region="uk")
    assert "Northern Ireland" in uk.region.values["health_line"]
    assert any("in Northern Ireland, your GP out-of-hours service" in f.do for f in uk.red_flags.values())


@pytest.mark.parametrize("region_id", ["us", "ca"])
def test_n19_north_american_aspirin_advice_says_children_or_teenagers(region_id):
    advice = load_content(region=region_id).region.values["aspirin_advice"]
    assert "not for children or teenagers" in advice and "under 16" not in advice


@pytest.mark.parametrize("region_id", ["au", "eu"])
def test_n19_without_a_page_on_aspirin_the_call_handler_decides(region_id):
    advice = load_content(region=region_id).region.values["aspirin_advice"]
    assert advice.startswith("The call handler decides")
    assert "mg" not in advice


def test_n19_new_zealands_aspirin_advice_cites_a_page_about_aspirin(content):
    link = content.regions["nz"].sources["aspirin_advice"]
    assert link.startswith("https://www.heartfoundation.org.nz/")
    assert "police.govt.nz" not in link


#: Region -> the source id of the body its aspirin advice names (or, for nz, follows).
OWN_PAGES = {
    "us": "aha_heart_attack_warning_signs",
    "ca": "heart_and_stroke_emergency_signs",
    "nz": "heart_foundation_nz_warning_signs",
}


@pytest.mark.parametrize(("region_id", "own"), sorted(OWN_PAGES.items()))
def test_n19_a_text_naming_a_regions_own_body_cites_that_bodys_page(region_id, own):
    content = load_content(region=region_id)
    assert content.sources[own].url == content.region.sources["aspirin_advice"]
    heart_attack = content.red_flags["heart_attack"]
    assert own in heart_attack.sources
    # Every record that uses the advice cites the page, and no other record does.
    for flag_id in content.red_flags:
        uses = "{aspirin_advice}" in _raw_flag_text(flag_id)
        assert (own in content.red_flags[flag_id].sources) == uses, flag_id


@functools.cache
def _raw_flag_texts() -> dict[str, str]:
    import yaml

    flags = yaml.safe_load((DATA / "red_flags.yaml").read_text(encoding="utf-8"))
    return {f["id"]: " ".join(str(f.get(k, "")) for k in ("name", "do", "why", "reassured_by")) for f in flags}


def _raw_flag_text(flag_id: str) -> str:
    return _raw_flag_texts()[flag_id]


def test_n19_the_us_answer_lists_the_american_heart_association_under_sources(capsys):
    from backlearn.cli import main

    main(["assess", "chest_pain", "--region", "us"])
    out = capsys.readouterr().out
    sources = out[out.index("\nSources"):]
    assert "American Heart Association" in out[: out.index("\nSources")]
    assert "https://www.heart.org/en/health-topics/heart-attack/warning-signs-of-a-heart-attack" in sources


def test_n19_the_uk_answer_cites_no_other_regions_page(content):
    foreign = set(OWN_PAGES.values())
    for flag in content.red_flags.values():
        assert not foreign & set(flag.sources), flag.id


def test_n19_a_regions_page_replaces_the_default_regions_page_when_that_is_cited():
    from dataclasses import dataclass

    from backlearn.content.regions import Region, localize

    @dataclass(frozen=True)
    class Item:
        text: str
        sources: tuple[str, ...]

    region = Region(id="xx", name="X", values={"aspirin_advice": "Ask."}, sources={})
    cites = {"aspirin_advice": ("uk_page", "own_page")}
    assert localize(Item("{aspirin_advice}", ("a", "uk_page")), region, cites).sources == ("a", "own_page")
    assert localize(Item("{aspirin_advice}", ("a",)), region, cites).sources == ("a", "own_page")
    assert localize(Item("No advice here.", ("a",)), region, cites).sources == ("a",)
    assert localize(Item("{aspirin_advice}", ("own_page",)), region, cites).sources == ("own_page",)
