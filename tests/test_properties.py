"""Safety properties over any set of symptoms (hypothesis): red flags always win."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backlearn import LEVELS, assess, load_content, symptom_levels

CONTENT = load_content()
ALL = sorted(CONTENT.symptoms)
WARNINGS = sorted(CONTENT.warning_ids())
SOLO = symptom_levels(CONTENT)
EMERGENCY_SIGNS = sorted(s for s, level in SOLO.items() if level == "emergency")

symptom_sets = st.sets(st.sampled_from(ALL), max_size=12)
quick = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def rank(level: str) -> int:
    return LEVELS.index(level)


@quick
@given(symptom_sets, st.sampled_from(EMERGENCY_SIGNS))
def test_any_emergency_sign_gives_emergency_listed_first(ticked, sign):
    result = assess(ticked | {sign}, CONTENT)
    assert result.triage == "emergency"
    assert result.red_flags[0].flag.level == "emergency"
    emergency_flags = [m for m in result.red_flags if m.flag.level == "emergency"]
    assert result.red_flags[: len(emergency_flags)] == tuple(emergency_flags)
    assert any(sign in m.because for m in emergency_flags)


@quick
@given(symptom_sets, st.sampled_from(WARNINGS))
def test_adding_a_warning_sign_never_lowers_the_level(ticked, sign):
    before = assess(ticked, CONTENT)
    after = assess(ticked | {sign}, CONTENT)
    assert rank(after.triage) >= rank(before.triage)


@quick
@given(symptom_sets, st.sampled_from(ALL))
def test_a_lower_level_always_comes_with_the_reassuring_reason(ticked, extra):
    before = assess(ticked, CONTENT)
    after = assess(ticked | {extra}, CONTENT)
    if rank(after.triage) < rank(before.triage):
        assert extra not in CONTENT.warning_ids()
        assert any(extra in r.pattern and r.flag.reassured_by for r in after.reassurances)


@quick
@given(symptom_sets)
def test_red_flags_come_first_and_self_care_never_stands_alone(ticked):
    result = assess(ticked, CONTENT)
    levels = [rank(m.flag.level) for m in result.red_flags]
    assert levels == sorted(levels, reverse=True)
    reasons = [m.flag.level for m in result.red_flags] + [m.question.level for m in result.answered_yes]
    assert result.triage == max(reasons, key=rank, default="self_care")
    if result.needs_help_first:
        assert result.red_flags or result.answered_yes


@quick
@given(symptom_sets)
def test_everything_shown_cites_a_known_source(ticked):
    result = assess(ticked, CONTENT)
    for match in result.guidance:
        assert match.item.sources and set(match.item.sources) <= set(CONTENT.sources)
    for flag in result.red_flags:
        assert flag.flag.sources and set(flag.flag.sources) <= set(CONTENT.sources)
    for checklist in result.checklists:
        assert checklist.checklist.sources and set(checklist.checklist.sources) <= set(CONTENT.sources)
