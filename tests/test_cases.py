"""Case studies: the shipped cases are valid, varied and agree with ``assess``; the comparison
and the widget work without a browser."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from backlearn import CaseStudy, assess, load_content
from backlearn.cases import case_table, case_table_text, compare, get_case, tally_cases
from backlearn.lesson_html import attempt_html

CASES = """\
- id: strained
  title: A strain
  person: {name: Ann, age: 30, about: a <b>painter</b>}
  region: upper
  story: Ann hurt her back <script>lifting</script>. It eases when she moves.
  symptoms: [upper, strain]
  expected_triage: self_care
  teaching_point: A strain that eases with movement is a muscle & settles.
  sources: [guide]
- id: after_cancer
  title: After cancer
  person: {name: Bob, age: 70}
  region: low
  story: Bob had cancer. His lower back hurts.
  symptoms: [low, cancer]
  expected_triage: urgent
  teaching_point: Cancer in the past needs a check today.
  sources: [guide, review]
"""

AGE_GROUPS = {"age_under_20": (0, 19), "age_20_to_49": (20, 49), "age_50_to_64": (50, 64), "age_65_plus": (65, 200)}
REGION_SYMPTOMS = {
    "upper": {"between_shoulder_blades", "neck_shoulders"},
    "mid": {"mid_back"},
    "low": {"low_back"},
}


@pytest.fixture
def case_content(minimal_copy: Path):
    (minimal_copy / "cases.yaml").write_text(CASES, encoding="utf-8")
    return load_content(minimal_copy)


# ----------------------------------------------------------------------------- validation


def test_cases_are_parsed(case_content):
    case = get_case("strained", case_content)
    assert case.person == "Ann, 30, a <b>painter</b>"
    assert case.symptoms == ("upper", "strain") and case.expected_triage == "self_care"
    assert get_case("after_cancer", case_content).person == "Bob, 70"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("symptoms: [upper, strain]", "symptoms: [uper, strain]",
         "field 'symptoms': unknown symptom 'uper'; did you mean 'upper'?"),
        ("expected_triage: urgent", "expected_triage: urgnet",
         "field 'expected_triage': expected one of self_care, soon, urgent, emergency; got 'urgnet'"),
        ("region: low", "region: lower", "field 'region': expected one of upper, mid, low"),
        ("person: {name: Bob, age: 70}", "person: {name: Bob}", "field 'age': expected a whole number, got nothing"),
        ("person: {name: Bob, age: 70}", "person: Bob, 70", "field 'person': expected name, age"),
        ("sources: [guide, review]", "sources: [guide, reviw]", "unknown source 'reviw'; did you mean 'review'?"),
        ("  teaching_point: Cancer", "  lesson: Cancer", "field 'lesson': unknown field"),
    ],
)
def test_bad_cases_are_named_with_file_line_and_field(minimal_copy, old, new, expected, problems):
    assert old in CASES
    (minimal_copy / "cases.yaml").write_text(CASES.replace(old, new, 1), encoding="utf-8")
    found = problems(minimal_copy)
    assert any(p.startswith("cases.yaml, line ") and expected in p for p in found), found


def test_a_case_ticks_one_symptom_per_pick_one_group(minimal_copy, problems):
    (minimal_copy / "symptoms.yaml").write_text(
        (minimal_copy / "symptoms.yaml").read_text(encoding="utf-8")
        + "- id: age\n  label: Age\n  choose: one\n  symptoms:\n    - {id: young, label: Young}\n"
        "    - {id: old, label: Old}\n",
        encoding="utf-8",
    )
    (minimal_copy / "cases.yaml").write_text(CASES.replace("[low, cancer]", "[low, cancer, young, old]"), "utf-8")
    found = problems(minimal_copy)
    assert any("field 'symptoms': ticks young, old; the group 'age' allows only one" in p for p in found)


# ----------------------------------------------------------------------------- comparison


def test_compare_explains_backlearns_level_and_the_learners_ticks(case_content):
    case = get_case("after_cancer", case_content)
    attempt = compare(case, "soon", ["low", "strain"], case_content)
    assert not attempt.triage_matches and attempt.assessment.triage == "urgent"
    assert attempt.missed == ("cancer",) and attempt.extra == ("strain",)
    text = attempt.text
    assert text.splitlines()[0] == "You picked Soon, which is less urgent. backlearn says: Urgent."
    assert "What backlearn says: URGENT: Get help today" in text
    assert "Urgent: Cancer. Because of: Had cancer. Cancer." in text
    assert "In the story, but not ticked: Had cancer." in text
    assert "Ticked, but not in the story: After a strain." in text
    assert text.rstrip().endswith("Cancer in the past needs a check today.")


def test_compare_when_the_learner_agrees(case_content):
    attempt = compare(get_case("strained", case_content), "self_care", ["upper", "strain"], case_content)
    assert attempt.triage_matches
    assert "backlearn says Self-care too" in attempt.text
    assert "You ticked what the story describes." in attempt.text
    assert "Why: no warning signs in this story" in attempt.text
    assert "is not flagged, because of: After a strain" in attempt.text  # the reassuring pattern
    over = compare(get_case("strained", case_content), "emergency", [], case_content)
    assert "which is more urgent" in over.triage_verdict


def test_compare_rejects_unknown_levels_and_symptoms(case_content):
    case = get_case("strained", case_content)
    with pytest.raises(ValueError, match="unknown triage level"):
        compare(case, "later", [], case_content)
    with pytest.raises(ValueError, match="did you mean 'upper'"):
        compare(case, "soon", ["uper"], case_content)
    with pytest.raises(KeyError, match="did you mean 'strained'"):
        get_case("strain", case_content)


def test_comparison_html_is_escaped(case_content):
    html = attempt_html(compare(get_case("strained", case_content), "", [], case_content))
    assert "You did not pick a level." in html
    assert "muscle &amp; settles" in html and "<script" not in html


def test_case_table(case_content):
    rows = case_table(case_content)
    assert [(r.case.id, r.backlearn, r.agrees) for r in rows] == [
        ("strained", "self_care", True),
        ("after_cancer", "urgent", True),
    ]
    assert rows[1].as_dict()["red flags"] == "cancer_alone"


def test_case_table_text_is_aligned_without_pandas(case_content):
    lines = case_table_text(case_table(case_content)).splitlines()
    assert lines[0].split() == ["case", "person", "back", "expected", "backlearn", "agrees"]
    assert lines[2].split()[0] == "after_cancer" and lines[2].split()[-3:] == ["urgent", "urgent", "True"]
    starts = {line.index("True") for line in lines[1:]}
    assert len(starts) == 1 and lines[0].index("agrees") in starts


def test_tally_counts_agreement_and_help_today(case_content):
    tally = tally_cases(case_table(case_content))
    assert (tally.total, tally.agree, tally.needs_help_today) == (2, 2, 1)
    assert tally.text.splitlines() == [
        "backlearn gives the expected level in 2 of 2 cases.",
        "1 of 2 cases have a warning sign that needs help today or now.",
    ]
    assert tally_cases([]).text.startswith("backlearn gives the expected level in 0 of 0 cases.")


# ----------------------------------------------------------------------------- widget


def test_widget_compares_like_a_learner(case_content):
    study = CaseStudy(case_content)
    assert study.case.id == "strained"
    assert "&lt;script&gt;lifting&lt;/script&gt;" in study.story.value and "<b>" not in study.story.value
    assert study.triage.description and study.triage.index is None
    assert study.text.endswith("Pick a level, tick the symptoms, then press Compare.")
    attempt = study.attempt("after_cancer", "urgent", ["low", "cancer"])
    assert attempt.triage_matches
    assert "backlearn says Urgent too" in study.result.value
    assert study.text.startswith("After cancer\nBob, 70.\nBob had cancer.")
    assert "You ticked what the story describes." in study.text


def test_widget_resets_when_another_case_is_picked(case_content):
    study = CaseStudy(case_content, case_id="after_cancer")
    study.triage.value = "soon"
    study.chooser.value = ("low",)
    study.compare_button.click()
    assert "less urgent" in study.result.value
    study.picker.value = "strained"
    assert study.result.value == "" and study.triage.index is None and study.chooser.value == ()
    assert study.attempt_result is None


def test_cases_module_does_not_import_ipywidgets():
    code = "import sys, backlearn.cases; print('ipywidgets' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# ----------------------------------------------------------------------------- the shipped cases


@pytest.fixture(scope="module")
def shipped():
    content = load_content()
    assert content.cases, "data/cases.yaml is missing or empty"
    return content


def test_every_case_gets_its_expected_triage(shipped):
    wrong = {
        case.id: (case.expected_triage, assess(case.symptoms, shipped).triage)
        for case in shipped.cases.values()
        if assess(case.symptoms, shipped).triage != case.expected_triage
    }
    assert not wrong, f"expected vs assess: {wrong}"


def test_cases_are_many_and_varied(shipped):
    cases = list(shipped.cases.values())
    assert len(cases) >= 12
    flagged = [c for c in cases if c.expected_triage in ("emergency", "urgent")]
    assert len(cases) / 3 <= len(flagged) <= len(cases) / 2, "about a third should have a warning sign"
    assert {c.expected_triage for c in cases} == {"emergency", "urgent", "soon", "self_care"}
    assert {c.region for c in cases} == {"upper", "mid", "low"}
    for region in ("upper", "mid", "low"):
        in_region = [c for c in cases if c.region == region]
        assert any(c.expected_triage in ("emergency", "urgent") for c in in_region), region
        assert any(c.expected_triage == "self_care" for c in in_region), region
    ages = [c.age for c in cases]
    assert min(ages) < 20 and max(ages) >= 80


def test_each_case_ticks_its_region_and_age_group(shipped):
    for case in shipped.cases.values():
        assert REGION_SYMPTOMS[case.region] & set(case.symptoms), case.id
        groups = [s for s in case.symptoms if s in AGE_GROUPS]
        assert len(groups) == 1, case.id
        low, high = AGE_GROUPS[groups[0]]
        assert low <= case.age <= high, case.id


def test_stories_are_short_and_plain(shipped):
    import textstat

    for case in shipped.cases.values():
        sentences = len(re.findall(r"[.!?](\s|$)", case.story))
        assert 2 <= sentences <= 4, f"{case.id}: {sentences} sentences"
    texts = [c.story for c in shipped.cases.values()] + [c.teaching_point for c in shipped.cases.values()]
    grades = [textstat.flesch_kincaid_grade(t) for t in texts]
    assert sum(grades) / len(grades) <= 6.0
    assert max(grades) <= 9.0


def test_every_case_shows_in_the_widget(shipped):
    study = CaseStudy(shipped)
    for case in shipped.cases.values():
        attempt = study.attempt(case.id, case.expected_triage, case.symptoms)
        assert attempt.triage_matches and not attempt.missed and not attempt.extra
