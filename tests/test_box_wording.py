"""The words on screen as a person reads them (issue 23, item 4): each box below is true only for
the people it is meant for, and the table in docs/content-format.md ("Who ticks which box") says so.

Every check is about what a person sees (the label, the help, whether the box is shown) or what the
engine does with it, never about an example story.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from shipped import shipped

from backlearn import assess
from backlearn.engine.questions import answers_that_count, shown_symptoms

DOC = (Path(__file__).resolve().parents[1] / "docs" / "content-format.md").read_text(encoding="utf-8")


def label(sid: str) -> str:
    return shipped().symptoms[sid].label.lower()


def test_age_of_onset_is_asked_only_of_long_lasting_pain():
    for sid in ("first_started_before_45", "first_started_before_35"):
        assert sid not in shown_symptoms({"duration_days", "age_under_20"}, shipped())
        assert sid in shown_symptoms({"duration_over_12_weeks"}, shipped())
        assert sid not in answers_that_count({sid, "duration_2_to_6_weeks"}, shipped())


def test_pain_on_walking_is_told_apart_chest_from_legs():
    assert "chest" in label("effort_pain") and "leg" in shipped().symptoms["effort_pain"].help.lower()
    assert "legs" in label("legs_heavy_walking")


def test_where_it_aches_on_walking_is_a_follow_up_that_tells_chest_from_legs():
    group = shipped().groups["walking_where"]
    assert group.choose == "one" and group.warning
    assert "walk" in label("pain_on_walking") and not shipped().symptoms["pain_on_walking"].warning
    for sid in group.symptoms:
        assert sid not in shown_symptoms((), shipped()) and sid in shown_symptoms({"pain_on_walking"}, shipped())
    assert "chest" in label("walk_ache_chest") and "leg" not in label("walk_ache_chest")
    assert "legs" in label("walk_ache_legs") and "chest" not in label("walk_ache_legs")
    # The same red flag as the box of its own: angina is urgent, spinal narrowing soon.
    for answer, own_box, flag in (("walk_ache_chest", "effort_pain", "angina"),
                                  ("walk_ache_legs", "legs_heavy_walking", "spinal_narrowing")):
        through = assess({"low_back", "pain_on_walking", answer}, shipped())
        direct = assess({"low_back", own_box}, shipped())
        assert through.triage == direct.triage == shipped().red_flags[flag].level
        assert flag in {m.flag.id for m in through.red_flags}
    # Both own boxes stay in their warning groups, shown from the start whatever is ticked.
    everything = answers_that_count(set(shipped().symptoms), shipped())
    start = shown_symptoms((), shipped())
    assert {"effort_pain", "legs_heavy_walking"} <= shown_symptoms(everything, shipped()) & start


def test_walking_pain_left_unplaced_still_asks_the_effort_question():
    result = assess({"low_back", "pain_on_walking"}, shipped())
    effort = next(m for m in result.screening if m.question.id == "effort")
    assert not effort.answered_yes and result.triage == "self_care"
    placed = assess({"low_back", "pain_on_walking", "walk_ache_chest"}, shipped())
    assert next(m for m in placed.screening if m.question.id == "effort").answered_yes


def test_leg_pain_in_both_legs_is_pointed_to_its_warning_box():
    assert "one leg" in label("leg_pain_one_side")
    assert "both legs" in shipped().symptoms["leg_pain_one_side"].help.lower()
    assert "both legs" in label("both_legs") and shipped().symptoms["both_legs"].min_level == "emergency"
    assert assess({"low_back", "leg_pain_one_side", "both_legs"}, shipped()).triage == "emergency"


def test_better_the_same_or_worse_is_one_choice():
    group = shipped().groups[shipped().symptoms["getting_better"].group]
    assert group.choose == "one"
    assert {"getting_better", "not_improving", "getting_worse"} <= set(group.symptoms)


@pytest.mark.parametrize("sid", ["sweating_sick_breathless", "severe_tummy_pain"])
def test_warning_boxes_are_not_tied_to_one_place(sid):
    assert "upper back" not in label(sid) and "through to your back" not in label(sid)
    assert assess({"low_back", sid}, shipped()).triage == "emergency"


def test_a_usual_flare_up_reassures_nothing_and_a_different_one_is_checked():
    assert shipped().symptoms["usual_flare_up"].information_only
    assert assess({"low_back", "feels_different"}, shipped()).triage == "soon"


def test_boundaries_and_lengths_have_a_box():
    assert "about 6 weeks" in shipped().symptoms["duration_6_to_12_weeks"].help.lower()
    assert "less than 45 minutes" in label("morning_stiffness_short")
    assert "45 minutes or more" in label("morning_stiffness_long")


def test_one_side_of_the_upper_back_asks_the_heart_and_lung_questions():
    asked = {m.question.id for m in assess({"one_side_upper_back"}, shipped()).screening}
    assert {"heart", "breathing", "aorta"} <= asked


def test_the_table_names_every_box_it_is_about():
    section = DOC.split("### Who ticks which box", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    assert len(rows) >= 10
    for row in rows:
        sid = row.split("`")[1]
        assert sid in shipped().symptoms, sid
