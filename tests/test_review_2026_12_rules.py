"""The red-flag findings of the clinical review 2026-12 (N1, N2, N5, N8, N9, N15, N18, N28), the
pre-eclampsia signs and a neck injury after a fall (NICE NG41).

Each test names the guideline its rule follows. An emergency missed is the worst outcome; sending
everyone to the doctor is the second worst, so most tests check both sides of a rule.
"""

from __future__ import annotations

import pytest
import textstat

from backlearn import Content, assess
from backlearn.sections import sections

NEW_FLAGS = (
    "meningitis", "burst_aortic_aneurysm", "bleeding_on_blood_thinner", "neck_injury_after_fall",
    "fever_with_headache", "headache_jaw_or_eyes", "new_headache_or_eyesight", "pre_eclampsia", "night_waking",
    "both_arms_nerve_signs", "youth_tender_spine", "tender_spine_after_fall",
)
NEW_BOXES = (
    "stiff_neck_fever_headache", "rash_not_fading", "tingling_both_hands", "pregnancy_blood_pressure_signs",
    "blood_thinner", "wakes_second_half_night",
)


def _level(ticked: list[str], content: Content) -> str:
    return assess(ticked, content).triage


def _flags(ticked: list[str], content: Content) -> set[str]:
    return {m.flag.id for m in assess(ticked, content).red_flags}


def _shown(ticked: list[str], content: Content) -> set[str]:
    result = assess(ticked, content)
    return {m.item.id for m in result.guidance} | {m.checklist.id for m in result.checklists}


def _flag_words(ticked: list[str], content: Content) -> str:
    return " ".join(f"{m.flag.name} {m.flag.do} {m.flag.why}" for m in assess(ticked, content).red_flags).lower()


# ------------------------------------------------------------------ N1 meningitis (NHS meningitis)

@pytest.mark.parametrize(
    "ticked",
    [
        ["neck_shoulders", "stiff_neck_fever_headache", "age_under_20"],
        ["low_back", "rash_not_fading", "fever", "age_20_to_49"],
        ["neck_shoulders", "stiffness", "fever", "headache_jaw_eyes", "age_under_20"],
    ],
    ids=["stiff-neck-box", "rash-that-does-not-fade", "fever-headache-stiff-neck"],
)
def test_nhs_meningitis_signs_are_an_emergency_with_nothing_else_shown(content, ticked):
    """NHS meningitis: call the emergency number if you think it could be meningitis (review N1, T27)."""
    result = assess(ticked, content)
    assert result.triage == "emergency"
    assert "meningitis" in {m.flag.id for m in result.red_flags}
    assert not (result.guidance or result.checklists or result.withheld)
    flag = content.red_flags["meningitis"]
    assert flag.kind == "infection" and "nhs_meningitis" in flag.sources


@pytest.mark.parametrize(
    "ticked",
    [
        ["low_back", "fever", "headache_jaw_eyes", "age_20_to_49"],
        ["neck_shoulders", "stiffness", "fever", "age_under_20"],
    ],
    ids=["fever-and-headache", "fever-and-stiff-neck"],
)
def test_nhs_meningitis_a_fever_with_a_headache_or_stiff_neck_names_meningitis_and_when_to_call(content, ticked):
    """NHS meningitis: early signs are like flu, so a fever with a headache is urgent (not every flu is an
    ambulance call), but meningitis is named with the signs that mean the emergency number now."""
    result = assess(ticked, content)
    assert result.triage == "urgent"
    assert "fever_with_headache" in {m.flag.id for m in result.red_flags}
    flag = content.red_flags["fever_with_headache"]
    assert "meningitis" in flag.name.lower()
    for sign in ("chin down to your chest", "bright light", "rash", "Call 999 now"):
        assert sign in flag.do
    assert {m.item.id for m in result.guidance} <= {"bring_what_you_ticked", "no_massage_with_warning_signs"}


def test_nhs_meningitis_a_sore_neck_with_a_cold_and_no_fever_is_not_meningitis(content):
    """Not over-called: a stiff, sore neck without a fever or the meningitis box is not an emergency."""
    assert _level(["neck_shoulders", "stiffness", "worse_moving", "age_under_20"], content) == "self_care"


# ------------------------------------------------------------------ N2 leaking or burst AAA (NHS AAA)

@pytest.mark.parametrize("risk", ["age_50_to_64", "age_65_plus", "smoker", "high_blood_pressure"])
@pytest.mark.parametrize("where", ["low_back", "mid_back"])
def test_nhs_aaa_sudden_very_bad_back_pain_at_50_plus_or_in_a_smoker_is_an_emergency(content, risk, where):
    """NHS AAA: a burst AAA causes sudden, severe pain in the tummy or lower back; call 999 (review N2, T8, T9)."""
    result = assess([where, "started_suddenly", "severe_pain", risk], content)
    assert result.triage == "emergency"
    assert "burst_aortic_aneurysm" in {m.flag.id for m in result.red_flags}
    assert not (result.guidance or result.checklists)


def test_nhs_aaa_the_flag_names_the_aorta_and_an_aaa():
    """NHS AAA: the why names the main blood vessel (aorta) and AAA, so the call handler hears it."""
    from backlearn import load_content

    flag = load_content().red_flags["burst_aortic_aneurysm"]
    assert flag.kind == "aorta" and flag.level == "emergency"
    assert "aorta" in flag.why and "AAA" in flag.why
    assert "nhs_aaa" in flag.sources


def test_nhs_aaa_the_review_examples_no_longer_get_hurting_is_not_harm_or_ibuprofen(content):
    """Review T9: 58, sudden severe sharp low back pain, no trigger, had "Hurting does not mean harm"."""
    ticked = ["low_back", "severe_pain", "started_suddenly", "sharp_pain", "age_50_to_64"]
    assert _level(ticked, content) == "emergency"
    assert not _shown(ticked, content)


def test_nhs_aaa_a_young_non_smoker_lifting_strain_is_not_an_aorta_emergency(content):
    """Not over-called: very bad pain after lifting at 20 to 49 is a reason to see someone, not the aorta."""
    assert _level(["low_back", "severe_pain", "after_lifting", "age_20_to_49"], content) == "soon"


# ------------------------------------------------------------------ N18 blood thinner (NHS anticoagulants)

def test_nhs_anticoagulants_sudden_very_bad_back_pain_on_a_blood_thinner_is_an_emergency(content):
    """NHS anticoagulants: sudden severe back pain is a sign of bleeding inside the body (review N18)."""
    result = assess(["low_back", "blood_thinner", "started_suddenly", "severe_pain", "age_20_to_49"], content)
    assert result.triage == "emergency"
    assert "bleeding_on_blood_thinner" in {m.flag.id for m in result.red_flags}
    assert content.red_flags["bleeding_on_blood_thinner"].sources == ("nhs_anticoagulants",)
    assert "warfarin" in content.symptoms["blood_thinner"].label


def test_nhs_anticoagulants_a_blood_thinner_alone_changes_nothing(content):
    """Not over-called: taking a blood thinner is a risk, not a sign."""
    assert _level(["low_back", "worse_moving", "after_lifting", "blood_thinner", "age_65_plus"], content) == "soon"
    assert _level(["low_back", "worse_moving", "blood_thinner", "age_20_to_49"], content) == "self_care"


# ------------------------------------------------------------------ N5 giant cell arteritis only at 50+

@pytest.mark.parametrize("age", ["age_under_20", "age_20_to_49", None])
def test_nhs_gca_under_50_a_new_headache_is_urgent_without_naming_giant_cell_arteritis(content, age):
    """NHS giant cell arteritis is a disease of the over-50s: a teenager's headache is checked today,
    without being told it may be GCA (review N5, T3)."""
    ticked = ["low_back", "headache_jaw_eyes", *([age] if age else [])]
    result = assess(ticked, content)
    assert result.triage == "urgent"
    assert "new_headache_or_eyesight" in {m.flag.id for m in result.red_flags}
    assert "headache_jaw_or_eyes" not in {m.flag.id for m in result.red_flags}
    assert "giant cell" not in _flag_words(ticked, content)
    assert "arteritis" not in " ".join(s.heading + s.intro for s in sections(result)).lower()


@pytest.mark.parametrize("age", ["age_50_to_64", "age_65_plus"])
def test_nhs_gca_at_50_plus_a_new_headache_names_giant_cell_arteritis(content, age):
    """NHS giant cell arteritis: a new headache, jaw pain on chewing or eyesight change at 50 or older."""
    assert {"headache_jaw_or_eyes", "new_headache_or_eyesight"} <= _flags(["neck_shoulders", "headache_jaw_eyes", age],
                                                                          content)
    assert _level(["neck_shoulders", "headache_jaw_eyes", age], content) == "urgent"


# ------------------------------------------------------------------ pre-eclampsia (NHS pre-eclampsia)

@pytest.mark.parametrize("when", ["pregnant", "recently_given_birth"])
@pytest.mark.parametrize("sign", ["headache_jaw_eyes", "side_under_ribs"])
def test_nhs_pre_eclampsia_a_headache_or_pain_below_the_ribs_in_pregnancy_or_after_birth_is_urgent(content, when, sign):
    """NHS pre-eclampsia: a bad headache, eyesight problems or pain just below the ribs, in pregnancy or
    the weeks after birth: get advice at once (review N5, T4)."""
    result = assess(["low_back", when, sign], content)
    assert result.triage == "urgent"
    assert "pre_eclampsia" in {m.flag.id for m in result.red_flags}
    assert "giant cell" not in _flag_words(["low_back", when, sign], content)


def test_nhs_pre_eclampsia_the_box_alone_sends_her_to_the_maternity_unit_in_the_banner(content):
    """NHS pre-eclampsia and the pregnancy_warning banner: the maternity unit leads, not the GP (review N6)."""
    result = assess(["low_back", "pregnancy_blood_pressure_signs"], content)
    assert result.triage == "urgent"
    flag = content.red_flags["pre_eclampsia"]
    assert flag.kind == "pregnancy_warning" and "nhs_pre_eclampsia" in flag.sources
    assert sections(result)[0].intro.startswith("Call your maternity unit or midwife now")
    label = content.symptoms["pregnancy_blood_pressure_signs"].label
    for sign in ("headache", "blurred eyes", "below your ribs", "swell"):
        assert sign in label


def test_nhs_pregnancy_back_pain_without_a_warning_sign_stays_soon(content):
    """Not over-called: ordinary back ache in pregnancy is soon (NHS back pain in pregnancy)."""
    assert _level(["low_back", "pregnant", "dull_ache", "worse_moving"], content) == "soon"


# ------------------------------------------------------------------ N8 night pain (NHS back pain, NICE NG65)

def test_nhs_back_pain_the_night_waking_box_says_it_is_stiffness_that_eases_on_moving(content):
    """Review N8: the NG65 box says what counts, so night pain is not ticked as stiffness."""
    label = content.symptoms["wakes_second_half_night"].label
    assert "second half of the night" in label and "get up and move" in label and "(stiffness)" in label


@pytest.mark.parametrize(
    ("ticked", "level"),
    [
        (["low_back", "wakes_second_half_night", "gradually", "age_50_to_64"], "urgent"),  # T16
        (["low_back", "wakes_second_half_night", "better_moving", "age_65_plus"], "urgent"),
        (["low_back", "wakes_second_half_night", "age_20_to_49"], "urgent"),
        (["low_back", "wakes_second_half_night", "better_moving", "age_20_to_49"], "self_care"),
    ],
    ids=["60-gradual", "65-eases-moving", "30-not-eased", "30-eases-moving"],
)
def test_nhs_back_pain_waking_at_night_at_50_plus_or_not_eased_by_moving_is_urgent(content, ticked, level):
    """NHS back pain: pain worse at night needs an urgent check; stiffness that eases once moving (NICE NG65)
    under 50 does not."""
    assert _level(ticked, content) == level


# ------------------------------------------------------------------ N9 a very sore spot on the spine

@pytest.mark.parametrize(
    "ticked",
    [
        ["low_back", "tender_spine_spot", "after_activity", "age_under_20"],
        ["mid_back", "tender_spine_spot", "after_minor_fall", "age_20_to_49"],
        ["mid_back", "tender_spine_spot", "started_suddenly", "age_50_to_64"],
    ],
    ids=["16-after-sport", "adult-after-a-fall", "sudden-at-55"],
)
def test_finucane_2020_a_tender_spot_on_the_spine_in_the_young_or_after_a_fall_is_soon(content, ticked):
    """Finucane 2020 (fracture) and Sheehan 2020 (youth): a very sore spot on the spine needs a check
    (review N9); no massage and no "you do not need a scan" under it (review N7)."""
    result = assess(ticked, content)
    assert result.triage == "soon"
    assert {"youth_tender_spine", "tender_spine_after_fall"} & {m.flag.id for m in result.red_flags}
    shown = _shown(ticked, content)
    assert not shown & {"no_scan_without_warning_signs", "massage_as_an_extra", "any_massage_style",
                        "massage_short_course", "longer_sessions", "keep_moving", "hurt_is_not_harm"}


def test_han_2023_a_tender_spot_after_a_fall_at_65_plus_stays_urgent(content):
    """Han 2023: at 65 or older a small fall is a fragility fracture sign (urgent, as before)."""
    assert _level(["mid_back", "tender_spine_spot", "after_minor_fall", "age_65_plus"], content) == "urgent"


def test_finucane_2020_a_tender_spot_alone_in_an_adult_is_not_over_called(content):
    """Not over-called: a sore spot with no fall, no sudden start and no other sign, 20 to 49."""
    assert _level(["low_back", "tender_spine_spot", "after_lifting", "worse_moving", "age_20_to_49"],
                  content) == "self_care"


# ------------------------------------------------------------------ N15 pain between the shoulder blades

def test_finucane_2020_a_fall_is_not_a_reassuring_strain_feature_between_the_shoulder_blades(content):
    """Review N15: a fall is a fracture cue, not a strain cue, so it no longer lowers the urgent flag."""
    assert _level(["between_shoulder_blades", "after_minor_fall", "better_changing_position"], content) == "urgent"
    rule = content.red_flags["unexplained_upper_back_pain"]
    assert "after_minor_fall" not in repr(rule.when).split("NoneOf")[-1]


def test_finucane_2020_getting_worse_between_the_shoulder_blades_is_never_reassured(content):
    """Review N15 (Finucane 2020: progressive pain is a flag): getting worse keeps the flag, even with two
    reassuring features, one about movement."""
    ticked = ["between_shoulder_blades", "after_lifting", "worse_moving", "getting_worse", "age_20_to_49"]
    result = assess(ticked, content)
    assert result.triage == "urgent"
    assert "unexplained_upper_back_pain" in {m.flag.id for m in result.red_flags}


# ------------------------------------------------------------------ NICE NG41 neck injury; the spinal cord

@pytest.mark.parametrize(
    "ticked",
    [
        ["neck_shoulders", "after_minor_fall", "age_65_plus"],
        ["neck_shoulders", "after_minor_fall", "arm_tingling_one_side", "age_20_to_49"],
        ["neck_shoulders", "after_minor_fall", "tingling_both_hands", "age_under_20"],
    ],
    ids=["65-plus", "tingling-one-arm", "tingling-both-arms"],
)
def test_nice_ng41_neck_pain_after_a_fall_at_65_plus_or_with_tingling_arms_is_an_emergency(content, ticked):
    """NICE NG41 (Canadian C-spine rule): after a fall or blow, age 65+ or tingling in the arms or hands."""
    result = assess(ticked, content)
    assert result.triage == "emergency"
    assert "neck_injury_after_fall" in {m.flag.id for m in result.red_flags}
    assert content.red_flags["neck_injury_after_fall"].kind == "injury"
    assert "neck still" in sections(result)[0].intro


def test_nice_ng41_a_stiff_neck_after_a_small_bump_at_30_without_tingling_is_not_an_emergency(content):
    """Not over-called: NG41's low-risk adult (under 65, no tingling) is not sent by ambulance."""
    assert _level(["neck_shoulders", "after_minor_fall", "stiffness", "worse_moving", "age_20_to_49"],
                  content) != "emergency"


def test_nice_ng234_slow_spinal_cord_pressure_clumsy_hands_and_unsteady_walking_are_covered(content):
    """NICE NG234 / Finucane 2020: tingling in both arms or clumsy hands is urgent; with unsteady walking
    or clumsy legs, an emergency."""
    assert _level(["neck_shoulders", "tingling_both_hands"], content) == "urgent"
    assert _level(["neck_shoulders", "clumsy_hands"], content) == "urgent"
    assert _level(["neck_shoulders", "clumsy_hands", "legs_weak_unsteady"], content) == "emergency"
    assert _level(["neck_shoulders", "tingling_both_hands", "legs_clumsy_stiff"], content) == "emergency"


# ------------------------------------------------------------------ N28 help texts

def test_review_n28_help_texts_say_when_an_epidural_or_a_curving_spine_counts(content):
    """Review N28: an epidural in labour counts only with a fever or worse pain; a teenager's slowly
    curving spine without night pain is a visit in the next weeks (NHS scoliosis: see a GP)."""
    assert "epidural" in content.symptoms["recent_infection_or_back_procedure"].help
    assert "fever" in content.symptoms["recent_infection_or_back_procedure"].help
    help_text = content.symptoms["lump_or_shape_change"].help
    assert "curve" in help_text and "next few weeks" in help_text


# ------------------------------------------------------------------ plain words, sources, kinds

@pytest.mark.parametrize("symptom_id", NEW_BOXES)
def test_new_box_labels_read_at_grade_6_or_lower(content, symptom_id):
    """Plain words: each new or reworded box label reads at US grade 6 or lower (Flesch-Kincaid)."""
    assert textstat.flesch_kincaid_grade(content.symptoms[symptom_id].label) <= 6.0


@pytest.mark.parametrize("flag_id", NEW_FLAGS)
def test_new_flag_texts_read_at_grade_6_or_lower_and_cite_sources(content, flag_id):
    """Plain words and sources: each new flag's what-to-do and why read at grade 6 or lower, and cite
    sources that exist."""
    flag = content.red_flags[flag_id]
    assert textstat.flesch_kincaid_grade(f"{flag.do} {flag.why}") <= 6.0
    assert flag.sources and all(s in content.sources for s in flag.sources)


def test_every_kind_below_emergency_is_declared_safe_with_something(content):
    """Allow, don't forbid: each non-emergency kind (new ones too) is named in some safe_with."""
    declared = {k for g in content.guidance.values() for k in g.safe_with}
    declared |= {k for c in content.checklists.values() for k in c.safe_with}
    for flag in content.red_flags.values():
        if flag.level != "emergency":
            assert flag.kind in declared or flag.id in declared, flag.id
