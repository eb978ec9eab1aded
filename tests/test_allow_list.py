"""Safe by construction (issue 22): under a warning, only what the content declares safe with it.

Hypothesis draws symptom sets of any size; each test adds what makes its invariant apply, then
checks every output (text, Markdown, HTML, JSON, the printed plan in HTML and Markdown, short mode
and the explorer widget). The invariants are the clinical review's (2026-12, section 4):

- allow-list: nothing shown under a matched warning lacks a declaration for it (``safe_with``);
- I1b: an emergency lists no lower-level flag's "what to do"; I1j: no advice heading in its JSON;
- I4: no aspirin sentence with tearing pain, sudden very bad tummy pain, or under 20;
- I5b-I5f: under urgent heart, lung or pregnancy warnings no exertion advice; no "Easing a knot"
  under "no clear cause"; no "Hurting does not mean harm" at urgent; no ibuprofen with a possible
  heart or lung cause; no "usually harmless" glossary text at urgent;
- I6: with a possible fracture or a young person's flag, no "you do not need a scan" and no massage;
- I7: pregnant: no ibuprofen, no chilli cream;
- I8b: "get help now" is never said over questions that mean "today";
- I9: no reassurance for a flag at or below the banner's level;
- I10: an urgent or emergency banner always has an entry saying why.
"""

from __future__ import annotations

import json
from functools import cache

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from shipped import drawn_from, shipped, symptom_sets
from test_safe_answers import _flat, emergency_signs, outputs

from backlearn import LEVELS, assess
from backlearn.content import ShortMode
from backlearn.render import render_json, render_text
from backlearn.sections import sections
from backlearn.short_mode import shorten

any_symptoms = symptom_sets(max_size=12)
big_symptoms = symptom_sets()
checked = settings(max_examples=150, deadline=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])

EXERTION = ("keep_moving", "no_bed_rest", "walk_a_little_more_each_day", "exercise_you_enjoy",
            "exercise_and_learning_to_prevent", "walking_plan_after_recovery", "hurt_is_not_harm")
MASSAGE = ("massage_as_an_extra", "any_massage_style", "massage_short_course", "longer_sessions",
           "tell_your_therapist", "trigger_points_unclear")
HEART_LUNG_PREGNANCY = {"heart", "lung", "chest_cause", "pregnancy_warning"}
FRACTURE_OR_YOUNG = {"fracture", "thin_bones", "youth", "youth_bone_stress"}



@cache
def _short() -> ShortMode:
    return shipped().short_mode

def every_output(ticked: set[str]) -> dict[str, str]:
    """All outputs, short mode included, as plain words."""
    shown = outputs(ticked)
    shown["short"] = _flat(render_text(shorten(assess(ticked, shipped()), _short())))
    return shown


def warning_kinds(result) -> set[str]:
    return {m.flag.kind for m in result.red_flags} | {m.question.kind for m in result.answered_yes}


def texts(ids: tuple[str, ...]) -> list[str]:
    return [_flat(shipped().guidance[i].text) for i in ids if i in shipped().guidance]


@checked
@given(big_symptoms)
def test_nothing_is_shown_under_a_warning_that_is_not_declared_safe_with_it(ticked):
    result = assess(ticked, shipped())
    names = warning_kinds(result)
    flag_ids = {m.flag.id for m in result.red_flags}

    def declared(safe_with: tuple[str, ...]) -> bool:
        return all(m.flag.kind in safe_with or m.flag.id in safe_with for m in result.red_flags) and all(
            m.question.kind in safe_with for m in result.answered_yes)

    if result.triage == "emergency":
        assert not (result.guidance or result.checklists or result.withheld)
    for match in result.guidance:
        assert declared(match.item.safe_with), (match.item.id, names, flag_ids)
    for cm in result.checklists:
        assert declared(cm.checklist.safe_with), (cm.checklist.id, names)
        for item in cm.items:
            assert declared(cm.checklist.safe_with if item.safe_with is None else item.safe_with), item.text
    # And what was held back is listed, so the learner sees why.
    held = {w.item.id for w in result.withheld}
    for item in shipped().guidance.values():
        if result.triage != "emergency" and set(item.applies_to) & set(ticked) and not declared(item.safe_with):
            assert item.id in held


@checked
@given(any_symptoms, drawn_from(emergency_signs))
def test_an_emergency_names_lower_flags_without_their_what_to_do(ticked, sign):  # I1b, I1j
    ticked = ticked | {sign}
    result = assess(ticked, shipped())
    lower = [m.flag for m in result.red_flags if m.flag.level != "emergency"]
    data = json.loads(render_json(result))
    assert data["guidance_heading"] is None
    for name, shown in every_output(ticked).items():
        for flag in lower:
            assert _flat(flag.do) not in shown, (name, flag.id)
            assert flag.name in shown, (name, flag.id)  # named, so they can be mentioned


@checked
@given(any_symptoms, st.sampled_from(["tearing_pain", "severe_tummy_pain", "age_under_20"]))
def test_no_aspirin_sentence_with_an_aortic_sign_or_under_20(ticked, sign):  # I4
    ticked = ticked | {sign, "chest_pain"}
    region = shipped().region
    assert region is not None
    aspirin = _flat(region.values["aspirin_advice"])
    for name, shown in every_output(ticked).items():
        assert aspirin not in shown and "aspirin" not in shown.lower(), name


@checked
@given(any_symptoms)
def test_urgent_heart_lung_or_pregnancy_warnings_get_no_exertion_knot_or_ibuprofen(ticked):  # I5b-e
    result = assess(ticked, shipped())
    assume(result.triage == "urgent")
    kinds = warning_kinds(result)
    shown_ids = {m.item.id for m in result.guidance} | {m.checklist.id for m in result.checklists}
    assert "hurt_is_not_harm" not in shown_ids  # I5d
    if kinds & HEART_LUNG_PREGNANCY:
        assert not shown_ids & set(EXERTION), shown_ids  # I5b
        assert "safe_return_to_walking" not in shown_ids
        assert "ask_about_painkillers" not in shown_ids  # I5e
    if "chest_cause" in kinds:
        assert "easing_a_knot" not in shown_ids  # I5c
    for name, shown in every_output(ticked).items():
        assert "usually harmless" not in shown and "gets better by itself" not in shown, name  # I5f
        if kinds & HEART_LUNG_PREGNANCY:
            for text in texts((*EXERTION, "ask_about_painkillers")):
                assert text not in shown, name


# Sets that usually reach a soon-level possible fracture or young person's flag.
young_or_old = st.sets(st.sampled_from(["age_under_20", "age_65_plus", "tender_spine_spot", "after_lifting",
                                        "after_activity", "duration_2_to_6_weeks", "duration_6_to_12_weeks",
                                        "getting_shorter", "mid_back", "knot", "stiffness", "worse_moving",
                                        "low_mood_afraid", "neck_shoulders"]), min_size=1)


@checked
@given(young_or_old, any_symptoms)
def test_a_possible_fracture_or_a_young_persons_flag_gets_no_no_scan_and_no_massage(core, more):  # I6
    ticked = core | more
    result = assess(ticked, shipped())
    assume(warning_kinds(result) & FRACTURE_OR_YOUNG)
    shown_ids = {m.item.id for m in result.guidance} | {m.checklist.id for m in result.checklists}
    assert not shown_ids & {*MASSAGE, "no_scan_without_warning_signs", "before_your_massage"}, shown_ids
    for name, shown in every_output(ticked).items():
        for text in texts((*MASSAGE, "no_scan_without_warning_signs")):
            assert text not in shown, name


@checked
@given(any_symptoms)
def test_pregnant_gets_no_ibuprofen_and_no_chilli_cream(ticked):  # I7
    ticked = ticked | {"pregnant"}
    for name, shown in every_output(ticked).items():
        for text in texts(("ask_about_painkillers", "chilli_cream")):
            assert text not in shown, name
        assert "I asked a pharmacist which painkiller is safe for me." not in shown, name


@checked
@given(any_symptoms)
def test_the_questions_say_what_a_yes_means_and_never_get_help_now_over_today(ticked):  # I8b
    result = assess(ticked, shipped())
    for section in sections(result):
        if section.kind == "screening":
            assert "get help now" not in section.intro.lower()
            for entry, match in zip(section.entries, result.to_ask, strict=True):
                assert entry.lead == f"If yes: {shipped().levels[match.question.level].headline}"


@checked
@given(big_symptoms)
def test_reassurance_only_for_a_flag_above_the_banner(ticked):  # I9
    result = assess(ticked, shipped())
    for reassurance in result.reassurances:
        assert LEVELS.index(reassurance.flag.level) > LEVELS.index(result.triage)


@checked
@given(big_symptoms)
def test_an_urgent_or_emergency_banner_says_why(ticked):  # I10
    result = assess(ticked, shipped())
    assume(result.needs_help_first)
    banner = sections(result)[0]
    assert banner.kind == "banner" and banner.entries


def test_the_minimal_examples_of_the_review_hold():
    """The review's shrunk examples, one per finding, as plain checks."""
    knot_urgent = assess({"between_shoulder_blades"}, shipped())  # N3
    assert knot_urgent.triage == "urgent"
    assert {m.item.id for m in knot_urgent.guidance} <= {"bring_what_you_ticked", "rest_until_checked"}
    assert not knot_urgent.checklists
    spinal = assess({"numb_from_chest_down", "duration_6_to_12_weeks"}, shipped())  # N4
    assert "Keep up gentle activity" not in render_text(spinal)
    pregnant = assess({"pregnant", "severe_pain"}, shipped())  # N6
    assert "ibuprofen" not in render_text(pregnant)
    warning = assess({"pregnant_warning", "sharp_pain"}, shipped())  # N6: the maternity unit leads
    assert sections(warning)[0].intro.startswith("Call your maternity unit")
    reassured = assess({"duration_6_to_12_weeks", "getting_better", "leg_pain_one_side"}, shipped())  # N22
    assert all(LEVELS.index(r.flag.level) > LEVELS.index(reassured.triage) for r in reassured.reassurances)
    cough = assess({"mid_back", "cough_phlegm"}, shipped())  # N23
    if cough.triage == "urgent" and not any(m.flag.level == "urgent" for m in cough.red_flags):
        assert sections(cough)[0].entries
    heart = assess({"chest_pain"}, shipped())  # N24: call, not "or go to A&E"
    assert "or go to" not in sections(heart)[0].intro
