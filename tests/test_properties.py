"""Safety properties over any set of symptoms (hypothesis): red flags always win."""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import combinations

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from shipped import drawn_from, shipped

from backlearn import LEVELS, Content, assess, render_markdown, symptom_levels
from backlearn.content.rules import AllOf, AnyOf, AtLeast, NoneOf, Rule, Sym, evaluate, symptom_ids


def _reassured_signs(content: Content) -> list[tuple[frozenset[str], frozenset[str]]]:
    """For each red flag with a reassuring part: each set of one or two of its signs that makes it match
    on its own, with each set of up to three of its reassuring symptoms that stops it matching (where
    adding symptoms can lower the level)."""
    found = []
    for flag in content.red_flags.values():
        calms = sorted(symptom_ids(flag.when, reassuring=True))
        signs = sorted(symptom_ids(flag.when))
        for size in (1, 2):
            for chosen in map(frozenset, combinations(signs, size)):
                if evaluate(flag.when, chosen, ignore_reassurance=True) is None:
                    continue
                for size_calm in (1, 2, 3):
                    for calm in map(frozenset, combinations(calms, size_calm)):
                        if _valid(chosen | calm, content) and evaluate(flag.when, chosen | calm) is None:
                            found.append((chosen, calm))
    return found


def _valid(ids: set[str] | frozenset[str], content: Content) -> bool:
    """At most one answer to each pick-one question, as the chooser and the CLI allow."""
    return all(len(ids & set(g.symptoms)) <= 1 for g in content.groups.values() if g.choose == "one")


ALL = drawn_from(lambda c: sorted(c.symptoms))
WARNINGS = drawn_from(lambda c: sorted(c.warning_ids()))
EMERGENCY_SIGNS = drawn_from(lambda c: sorted(s for s, lv in symptom_levels(c).items() if lv == "emergency"))
REASSURED = drawn_from(_reassured_signs)

symptom_sets = st.sets(ALL, max_size=12)
quick = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def rank(level: str) -> int:
    return LEVELS.index(level)


@quick
@given(symptom_sets, EMERGENCY_SIGNS)
def test_any_emergency_sign_gives_emergency_listed_first(ticked, sign):
    result = assess(ticked | {sign}, shipped())
    assert result.triage == "emergency"
    assert result.red_flags[0].flag.level == "emergency"
    emergency_flags = [m for m in result.red_flags if m.flag.level == "emergency"]
    assert result.red_flags[: len(emergency_flags)] == tuple(emergency_flags)
    assert any(sign in m.because for m in emergency_flags)


@quick
@given(symptom_sets, WARNINGS)
def test_adding_a_warning_sign_never_lowers_the_level(ticked, sign):
    before = assess(ticked, shipped())
    after = assess(ticked | {sign}, shipped())
    assert rank(after.triage) >= rank(before.triage)


def _lowered_without_reason(ticked: frozenset[str] | set[str], extra: frozenset[str], content: Content) -> bool | None:
    """None when adding ``extra`` does not lower the level; else whether it lowered it without saying why."""
    before = assess(ticked, content)
    after = assess(set(ticked) | extra, content)
    if rank(after.triage) >= rank(before.triage):
        return None
    explained = not extra & content.warning_ids() and any(
        extra & set(r.pattern) and r.flag.reassured_by for r in after.reassurances
    )
    return not explained


@quick
@given(REASSURED, st.sets(ALL, max_size=2))
def test_a_lower_level_always_comes_with_the_reassuring_reason(signs_and_calm, others):
    signs, calm = signs_and_calm
    assume(_valid(signs | others | calm, shipped()))
    assert _lowered_without_reason(signs | others, calm, shipped()) is not True


def test_reassuring_symptoms_do_lower_the_level_with_a_reason(content):
    """The property above is not empty: for most flags with a reassuring part, a reassuring symptom
    added to signs that make the flag match lowers the level, and every lowering found says why."""
    lowered: set[str] = set()
    for signs, calm in _reassured_signs(content):
        outcome = _lowered_without_reason(signs, calm, content)
        assert outcome is not True, f"{sorted(signs)} + {sorted(calm)} lowered the level without a reason"
        if outcome is False:
            lowered |= {f.id for f in content.red_flags.values() if signs <= symptom_ids(f.when)
                        and calm <= symptom_ids(f.when, reassuring=True)}
    with_calm = {f.id for f in content.red_flags.values() if symptom_ids(f.when, reassuring=True)}
    assert len(lowered) >= len(with_calm) // 2, f"only {sorted(lowered)} of {sorted(with_calm)} ever lower the level"


@quick
@given(symptom_sets)
def test_red_flags_come_first_and_self_care_never_stands_alone(ticked):
    result = assess(ticked, shipped())
    levels = [rank(m.flag.level) for m in result.red_flags]
    assert levels == sorted(levels, reverse=True)
    reasons = [m.flag.level for m in result.red_flags] + [m.question.level for m in result.answered_yes]
    assert result.triage == max(reasons, key=rank, default="self_care")
    if result.needs_help_first:
        assert result.red_flags or result.answered_yes


@quick
@given(symptom_sets)
def test_every_source_listed_is_cited_and_every_citation_is_listed(ticked):
    """Not what loading checks (each item cites known sources) but what the answer shows: its numbered
    Sources list holds exactly the numbers cited above it, each source once."""
    result = assess(ticked, shipped())
    text = render_markdown(result)
    body, _, listed = text.partition("\n### Sources\n")
    numbers = list(range(1, len(result.source_ids) + 1))
    assert {int(number) for number in re.findall(r"\[(\d+)\]", body)} == set(numbers)
    assert [int(line.split(".")[0]) for line in listed.splitlines() if re.match(r"\d+\. ", line)] == numbers


# symptom_levels over random red-flag rules (issue 14): it tries each flag only with the symptoms
# its rule names and counts the flags that hold with nothing ticked per level; the answer must be
# the definition's, every symptom ticked alone against every red flag.
_IDS = ("a", "b", "c", "d", "e", "f")
_rules = st.recursive(
    st.sampled_from(_IDS).map(Sym)
    | st.builds(NoneOf, st.lists(st.sampled_from(_IDS), min_size=1, max_size=3).map(tuple), st.integers(1, 2)),
    lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=3).map(lambda items: AnyOf(tuple(items))),
        st.lists(inner, min_size=1, max_size=3).map(lambda items: AllOf(tuple(items))),
        st.lists(inner, min_size=1, max_size=3).flatmap(
            lambda items: st.integers(1, len(items)).map(lambda count: AtLeast(count, tuple(items)))
        ),
    ),
    max_leaves=6,
)


def _with_flags(rules: list[tuple[Rule, str]]) -> Content:
    base = shipped()
    template = next(iter(base.red_flags.values()))
    symptom = next(iter(base.symptoms.values()))
    symptoms = {sid: replace(symptom, id=sid) for sid in (*_IDS, "g")}  # "g": named by no rule
    flags = {f"flag_{n}": replace(template, id=f"flag_{n}", when=rule, level=level)
             for n, (rule, level) in enumerate(rules)}
    return replace(base, symptoms=symptoms, red_flags=flags)


@given(st.lists(st.tuples(_rules, st.sampled_from(LEVELS)), max_size=8))
@quick
def test_symptom_levels_is_each_symptom_ticked_alone_against_every_red_flag(rules):
    content = _with_flags(rules)
    expected = {}
    for sid in content.symptoms:
        reached = [flag.level for flag in content.red_flags.values() if evaluate(flag.when, {sid}) is not None]
        if reached:
            expected[sid] = max(reached, key=rank)
    assert list(symptom_levels(content).items()) == list(expected.items())
