"""Warning signs to a triage level, with the reasons: which ticks matched which red flag."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from backlearn.content import LEVELS, Content, RedFlag, ScreeningQuestion
from backlearn.content.rules import Ticked, evaluate, reassuring_symptoms, symptom_ids

__all__ = [
    "FlagMatch",
    "Reassurance",
    "ScreeningMatch",
    "find_reassurances",
    "level_of",
    "match_red_flags",
    "raising_symptoms",
    "screening_questions",
    "screening_symptoms",
    "symptom_levels",
    "triage_level",
]


@dataclass(frozen=True, slots=True)
class FlagMatch:
    """A red flag that matched, and the ticked symptoms that made it match."""

    flag: RedFlag
    because: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Reassurance:
    """A red flag that would have matched but for a reassuring pattern the content names."""

    flag: RedFlag
    because: tuple[str, ...]
    pattern: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ScreeningMatch:
    """A question to ask before self-care, with what was ticked that raised it."""

    question: ScreeningQuestion
    because: tuple[str, ...]
    answered_yes: tuple[str, ...]


def match_red_flags(ticked: Ticked, content: Content) -> tuple[FlagMatch, ...]:
    """Every red flag that matches, most urgent first (content order within a level)."""
    found = []
    for flag in content.red_flags_for(ticked):
        reasons = evaluate(flag.when, ticked)
        if reasons is not None:
            found.append(FlagMatch(flag, content.order_of(reasons)))
    found.sort(key=lambda m: -LEVELS.index(m.flag.level))
    return tuple(found)


def triage_level(matches: tuple[FlagMatch, ...], screening: tuple[ScreeningMatch, ...] = ()) -> str:
    """The most urgent level matched, by a red flag or by a screening question that something
    ticked already answers yes (so the banner never contradicts the questions); else self_care."""
    levels = [m.flag.level for m in matches] + [m.question.level for m in screening if m.answered_yes]
    return max(levels, key=LEVELS.index) if levels else "self_care"


def level_of(symptom_ids: Iterable[str], content: Content) -> str:
    """The level ``assess`` gives ticked symptoms, without the rest of the assessment."""
    ticked = frozenset(symptom_ids)
    return triage_level(match_red_flags(ticked, content), screening_questions(ticked, content))


def find_reassurances(ticked: Ticked, content: Content) -> tuple[Reassurance, ...]:
    """Red flags held back only by a reassuring pattern, so the reason can be shown."""
    found = []
    for flag in content.red_flags_for(ticked):
        if evaluate(flag.when, ticked) is not None:
            continue
        reasons = evaluate(flag.when, ticked, ignore_reassurance=True)
        if reasons is None:
            continue
        pattern = reassuring_symptoms(flag.when, ticked)
        found.append(
            Reassurance(flag, content.order_of(reasons), content.order_of(pattern))
        )
    return tuple(found)


def screening_questions(ticked: Ticked, content: Content) -> tuple[ScreeningMatch, ...]:
    """The questions that must be asked before self-care for what was ticked."""
    found = []
    for question in content.screening.values():
        raised_by = ticked.intersection(question.applies_to)
        if raised_by:
            yes = ticked.intersection(question.asks_about)
            found.append(
                ScreeningMatch(
                    question, content.order_of(raised_by), content.order_of(yes)
                )
            )
    return tuple(found)


def screening_symptoms(content: Content) -> tuple[str, ...]:
    """Every warning sign a screening question asks about (the emergency and urgent questions asked
    before self-care advice, screening.yaml), in content order."""
    asked = {sid for question in content.screening.values() for sid in question.asks_about}
    return tuple(sid for sid in content.symptoms if sid in asked)


def raising_symptoms(content: Content) -> tuple[str, ...]:
    """Every box that can raise the level, with the rest of its pick-one group: every warning sign,
    every box a red flag's rule names (an age, a risk factor, "suddenly", "very bad pain") and every
    box that makes a "check first" question be asked. A topic's explorer offers them all, so a
    60-year-old smoker gets the same level there as in the full explorer (clinical review N13)."""
    named: set[str] = {s for s in content.symptoms if content.symptoms[s].warning}
    for flag in content.red_flags.values():
        named |= symptom_ids(flag.when)
    for question in content.screening.values():
        named |= set(question.applies_to)
    for group in content.groups.values():
        if group.choose == "one" and named & set(group.symptoms):
            named |= set(group.symptoms)
    return tuple(s for s in content.symptoms if s in named)


def symptom_levels(content: Content) -> dict[str, str]:
    """The level each symptom reaches when ticked on its own (absent when it reaches none).

    A rule gives the same answer for any symptom it does not name as for nothing ticked, so each
    red flag is tried only with the symptoms its rule names (``Content.red_flag_names``, worked
    out once per content), and a flag that holds with nothing ticked reaches every symptom it
    does not name. Those flags are counted per level: a symptom reaches the level when fewer of
    them name it than there are. So the cost grows with the content's size, never with
    symptoms × red flags.
    """
    rank = LEVELS.index
    names = content.red_flag_names
    reached: dict[str, str] = {}
    holding: list[RedFlag] = []  # the flags that hold with nothing ticked
    for flag in content.red_flags.values():
        if evaluate(flag.when, frozenset()) is not None:
            holding.append(flag)
        for symptom_id in names[flag.id]:
            if evaluate(flag.when, frozenset((symptom_id,))) is not None:
                known = reached.get(symptom_id)
                if known is None or rank(flag.level) > rank(known):
                    reached[symptom_id] = flag.level
    holding_per_level = Counter(flag.level for flag in holding)
    naming = Counter((symptom_id, flag.level) for flag in holding for symptom_id in names[flag.id])
    levels: dict[str, str] = {}
    for symptom_id in content.symptoms:
        found = [reached[symptom_id]] if symptom_id in reached else []
        found += [level for level, count in holding_per_level.items() if naming[symptom_id, level] < count]
        if found:
            levels[symptom_id] = max(found, key=rank)
    return levels
