"""The engine on the shipped content: triage, red flags first, reasons, ranking, rendering."""

from __future__ import annotations

import json

import pytest

from backlearn import (
    LEVELS,
    UnknownSymptomError,
    assess,
    load_content,
    render_html,
    render_json,
    render_markdown,
    render_text,
    to_dict,
)
from backlearn.content import STRENGTHS


def test_knot_after_sleeping_that_hurts_on_moving_is_self_care_with_the_reason_shown(content):
    """Two reassuring features, one about movement (clinical review R1), lower the NHS upper-back flag."""
    result = assess(["knot", "between_shoulder_blades", "after_sleeping", "worse_moving"], content)
    assert result.triage == "self_care"
    assert not result.red_flags
    (reassurance,) = result.reassurances
    assert reassurance.flag.id == "unexplained_upper_back_pain"
    assert reassurance.pattern == ("after_sleeping", "worse_moving")
    assert "not, because you ticked" in " ".join(render_text(result).split())


def test_upper_back_pain_asks_the_heart_and_breathing_questions_before_self_care(content):
    result = assess(["knot", "between_shoulder_blades", "after_sleeping", "worse_moving"], content)
    asked = {s for m in result.screening for s in m.question.asks_about}
    assert {"chest_pain", "tearing_pain", "sudden_breathless"} <= asked
    text = render_text(result)
    assert text.index("Check these first") < text.index("What you can do")
    html = render_html(result)
    assert html.index("Check these first") < html.index("What you can do")


def test_pain_between_the_shoulder_blades_with_no_clear_cause_is_urgent(content):
    result = assess(["between_shoulder_blades", "dull_ache", "gradually"], content)
    assert result.triage == "urgent"
    assert result.red_flags[0].flag.id == "unexplained_upper_back_pain"
    assert result.red_flags[0].because == ("between_shoulder_blades",)


def test_chest_pain_with_a_knot_is_an_emergency_shown_first(content):
    result = assess(["knot", "between_shoulder_blades", "after_sleeping", "chest_pain"], content)
    assert result.triage == "emergency"
    assert result.red_flags[0].flag.level == "emergency"
    assert "chest_pain" in result.red_flags[0].because
    assert not (result.guidance or result.checklists or result.withheld or result.reassurances)
    for render in (render_text, render_markdown, render_html):
        out = " ".join(render(result).split())
        assert out.index("EMERGENCY") < out.index("come back for advice on easing pain")
        assert "Only after you have got help" not in out and "Keep moving" not in out
        assert "self-care is a sensible start" not in out


@pytest.mark.parametrize(
    ("ticked", "level", "flag"),
    [
        (["low_back", "past_cancer"], "urgent", "cancer_history"),
        (["low_back", "past_cancer", "one_leg_weaker"], "emergency", "cancer_with_nerve_signs"),
        (["low_back", "thin_bones_steroids"], "self_care", None),
        (["low_back", "thin_bones_steroids", "after_lifting"], "urgent", "fragility_fracture"),
        (["low_back", "numb_saddle"], "emergency", "cauda_equina"),
        (["low_back", "after_lifting", "duration_days", "worse_moving"], "self_care", None),
        (["mid_back", "burning_strip_rash"], "urgent", "shingles"),
        (
            ["low_back", "duration_over_12_weeks", "first_started_before_35", "wakes_second_half_night",
             "buttock_pelvis_back", "better_moving"],
            "soon",
            "inflammatory_back_pain",
        ),
        (["low_back", "fever"], "urgent", "infection_signs"),
        (["low_back", "fever", "confused_drowsy"], "emergency", "sepsis_or_serious_infection"),
        (["between_shoulder_blades", "tearing_pain"], "emergency", "aortic_dissection"),
    ],
)
def test_red_flag_combinations(content, ticked, level, flag):
    result = assess(ticked, content)
    assert result.triage == level
    if flag is None:
        assert not result.red_flags
    else:
        assert flag in [m.flag.id for m in result.red_flags]
        assert result.red_flags[0].flag.level == level


def test_nothing_ticked_is_self_care_with_nothing_matched(content):
    result = assess([], content)
    assert result.triage == "self_care"
    assert not (result.red_flags or result.guidance or result.checklists)


def test_unknown_symptom_suggests_the_closest_ids(content):
    with pytest.raises(UnknownSymptomError) as caught:
        assess(["knott", "between_shoulder_blade"], content)
    message = str(caught.value)
    assert "unknown symptom 'knott'; did you mean 'knot'" in message
    assert "'between_shoulder_blades'" in message
    assert isinstance(caught.value, ValueError)


def test_checking_ids_says_the_same_without_assessing(content):
    """What the widgets and case studies call to check ids: the same error as assess, no engine run."""
    from backlearn.engine.assessment import check_symptoms

    assert check_symptoms(["knot", "low_back"], content) is None
    with pytest.raises(UnknownSymptomError, match="unknown symptom 'knott'; did you mean 'knot'") as caught:
        check_symptoms(["knot", "knott"], content)
    assert caught.value.unknown == ("knott",)


def test_guidance_is_ranked_by_relevance_then_evidence(content):
    result = assess(["knot", "between_shoulder_blades", "after_sleeping", "stiffness"], content)
    keys = [(-len(m.because), STRENGTHS.index(m.item.strength)) for m in result.guidance]
    assert keys == sorted(keys)
    flagged = {m.flag.kind for m in result.red_flags} | {m.flag.id for m in result.red_flags}
    for match in result.guidance:
        assert set(match.because) <= set(result.symptoms)
        # Shown for a tick it applies to, or (what to do while getting help) for a warning it names.
        assert set(match.because) & set(match.item.applies_to) or flagged & set(match.item.applies_to_flags)


def test_unsafe_guidance_is_held_back_with_the_reason(content):
    massage = [g for g in content.guidance.values() if g.avoid_if]
    assert massage, "the content marks some advice as unsafe for some signs"
    item = massage[0]
    result = assess([item.applies_to[0], item.avoid_if[0]], content)
    assert item.id not in [m.item.id for m in result.guidance]
    assert item.id in [w.item.id for w in result.withheld]


def test_checklist_items_follow_the_symptoms(content):
    result = assess(["knot", "between_shoulder_blades", "after_sleeping", "better_moving"], content)
    assert result.checklists
    for match in result.checklists:
        assert set(match.because) & set(match.checklist.applies_to)
        for item in match.items:
            assert not item.applies_to or set(item.applies_to) & set(result.symptoms)


def test_json_has_the_documented_shape(content):
    data = json.loads(render_json(assess(["knot", "between_shoulder_blades", "past_cancer"], content)))
    assert data["triage"] == "urgent"
    assert data["needs_help_first"] is True and data["guidance_heading"] == "While you get help today"
    assert [s["kind"] for s in data["sections"]][:2] == ["banner", "reasons"]
    assert data["sections"][-1]["kind"] == "disclaimer"
    emergency = json.loads(render_json(assess(["knot", "between_shoulder_blades", "chest_pain"], content)))
    assert emergency["triage"] == "emergency" and not (emergency["guidance"] or emergency["checklists"])
    assert emergency["guidance_heading"] is None  # no advice at an emergency, so no heading for it
    soon = json.loads(render_json(assess(["knot", "low_back", "getting_worse"], content)))
    assert soon["triage"] == "soon"
    for key in ("red_flags", "guidance", "checklists"):
        assert data[key] or soon[key], key
        for item in data[key] + soon[key]:
            assert {"id", "text", "because", "sources"} <= set(item)
            assert item["sources"] and all(s["id"] and s["link"] for s in item["sources"])
    assert data["triage"] in LEVELS
    assert to_dict(assess([], content))["red_flags"] == []


def test_html_escapes_content(minimal_copy):
    guidance = minimal_copy / "guidance.yaml"
    guidance.write_text(
        guidance.read_text(encoding="utf-8").replace(
            "text: Keep moving gently.", "text: \"<script>alert('x')</script> & <b>bold</b>\""
        ),
        encoding="utf-8",
    )
    symptoms = minimal_copy / "symptoms.yaml"
    symptoms.write_text(
        symptoms.read_text(encoding="utf-8").replace("label: Lower back", 'label: "Low <img src=x onerror=alert(1)>"'),
        encoding="utf-8",
    )
    result = assess(["low"], load_content(minimal_copy))
    html = render_html(result)
    assert "<script>" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html and "&lt;img src=x" in html
    md = render_markdown(result)
    assert "<script>" not in md and "<img" not in md


def test_every_source_cited_is_listed_once(content):
    result = assess(["knot", "between_shoulder_blades", "after_sleeping", "low_back"], content)
    text = render_text(result)
    listed = text[text.index("\nSources\n"):]
    assert result.source_ids
    for number, source_id in enumerate(result.source_ids, start=1):
        assert f"[{number}]" in text[: text.index("\nSources\n")], f"source {number} is never cited"
        assert text.count(content.sources[source_id].link) == 1
        assert f"\n  {number}. " in listed


def test_a_checklist_is_held_back_when_it_would_be_unsafe(content):
    walking = assess(["low_back", "better_moving"], content)
    assert "safe_return_to_walking" in [m.checklist.id for m in walking.checklists]
    clot = assess(["low_back", "better_moving", "swollen_calf"], content)
    assert clot.triage == "urgent"
    assert "safe_return_to_walking" not in [m.checklist.id for m in clot.checklists]
    massage = assess(["knot", "stiffness", "fever"], content)
    assert "before_your_massage" not in [m.checklist.id for m in massage.checklists]


def test_held_back_advice_is_named_with_the_reason_in_every_rendering(content):
    result = assess(["low_back", "better_moving", "swollen_calf"], content)
    assert "walk_a_little_more_each_day" in [w.item.id for w in result.withheld]
    for rendering in (render_text(result), render_markdown(result), render_html(result)):
        flat = " ".join(rendering.split())
        assert "Not for you now" in flat and "Walk a little more each day: not while you have ticked" in flat


@pytest.mark.parametrize("folder", [None, "tests/fixtures/minimal"])
def test_symptom_levels_match_ticking_each_symptom_on_its_own(folder):
    """symptom_levels tries each red flag only with the symptoms its rule names; the answer is
    the same as assessing every symptom alone against every red flag."""
    from pathlib import Path

    from backlearn.engine.triage import match_red_flags, symptom_levels, triage_level

    root = Path(__file__).resolve().parents[1]
    content = load_content(root / folder if folder else None)
    naive = {}
    for symptom_id in content.symptoms:
        matches = match_red_flags({symptom_id}, content)
        if matches:
            naive[symptom_id] = triage_level(matches)
    assert symptom_levels(content) == naive
    assert list(symptom_levels(content)) == list(naive)
    assert naive  # the content has symptoms that raise a level on their own
