"""Ticked symptoms to ranked guidance and checklists, each with "because you ticked".

What may be shown depends on the answer's level, and what contradicts a warning sign is
declared in the content, never here: ``avoid_if`` names symptoms, ``avoid_if_flags`` red flags,
and ``avoid_at`` a level (held back whenever the answer reaches it, whatever made it so):
- ``emergency``: no self-care at all (the answer is only what to do now);
- ``urgent``: only advice and checklists that nothing ticked holds back;
- ``soon`` and ``self_care``: the same, with what was held back listed and why.
"""

from __future__ import annotations

from dataclasses import dataclass

from backlearn.content import LEVELS, STRENGTHS, Checklist, ChecklistItem, Content, Guidance
from backlearn.content.rules import Ticked
from backlearn.engine.triage import FlagMatch, ScreeningMatch

__all__ = [
    "NO_SELF_CARE_LEVELS",
    "ChecklistMatch",
    "GuidanceMatch",
    "Warnings",
    "Withheld",
    "match_checklists",
    "match_guidance",
]

#: Levels at which no self-care advice or checklist is shown at all.
NO_SELF_CARE_LEVELS: tuple[str, ...] = ("emergency",)


@dataclass(frozen=True, slots=True)
class GuidanceMatch:
    """A guidance item shown, and the ticked symptoms it applies to."""

    item: Guidance
    because: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Withheld:
    """A guidance item or checklist held back because something ticked makes it unsafe or unsuitable."""

    item: Guidance | Checklist
    because: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ChecklistMatch:
    """A checklist shown, with the items that apply and why it was chosen."""

    checklist: Checklist
    items: tuple[ChecklistItem, ...]
    because: tuple[str, ...]


def _strength_rank(strength: str) -> int:
    """0 for the strongest evidence, larger for weaker."""
    return STRENGTHS.index(strength)


@dataclass(frozen=True, slots=True)
class Warnings:
    """Everything ticked that can hold advice back: the ticks, the red flags they matched, and
    the screening questions they already answer yes."""

    ticked: Ticked
    flags: tuple[FlagMatch, ...] = ()
    answered_yes: tuple[ScreeningMatch, ...] = ()

    def holding_back(self, item: Guidance | Checklist | ChecklistItem) -> frozenset[str]:
        """The ticked symptoms that hold ``item`` back (empty when nothing does): named in its
        ``avoid_if``, behind a red flag named in its ``avoid_if_flags``, or behind any flag or
        answered question at or above its ``avoid_at`` level."""
        found = set(self.ticked.intersection(item.avoid_if))
        floor = LEVELS.index(item.avoid_at) if item.avoid_at else len(LEVELS)
        for match in self.flags:
            if match.flag.id in item.avoid_if_flags or LEVELS.index(match.flag.level) >= floor:
                found.update(match.because)
        for question in self.answered_yes:
            if LEVELS.index(question.question.level) >= floor:
                found.update(question.answered_yes)
        return frozenset(found)


def match_guidance(
    warnings: Warnings, content: Content, level: str = "self_care"
) -> tuple[tuple[GuidanceMatch, ...], tuple[Withheld, ...]]:
    """Guidance that applies, ranked by how many ticks it matches, then by evidence strength,
    and what is held back (nothing at all is shown, or listed, at an emergency)."""
    if level in NO_SELF_CARE_LEVELS:
        return (), ()
    ticked = warnings.ticked
    shown: list[tuple[tuple[int, int, int], GuidanceMatch]] = []
    withheld: list[Withheld] = []
    for order, item in enumerate(content.guidance.values()):
        because = ticked.intersection(item.applies_to)
        if not because:
            continue
        unsafe = warnings.holding_back(item)
        if unsafe:
            withheld.append(Withheld(item, content.order_of(unsafe)))
            continue
        key = (-len(because), _strength_rank(item.strength), order)
        shown.append((key, GuidanceMatch(item, content.order_of(because))))
    shown.sort(key=lambda pair: pair[0])
    return tuple(match for _, match in shown), tuple(withheld)


def match_checklists(
    warnings: Warnings, content: Content, level: str = "self_care"
) -> tuple[tuple[ChecklistMatch, ...], tuple[Withheld, ...]]:
    """Checklists that apply, most relevant first, keeping only the items nothing holds back;
    and the checklists held back, with why (none at an emergency: no checklist is shown)."""
    if level in NO_SELF_CARE_LEVELS:
        return (), ()
    ticked = warnings.ticked
    found: list[tuple[tuple[int, int], ChecklistMatch]] = []
    withheld: list[Withheld] = []
    for order, checklist in enumerate(content.checklists.values()):
        because = ticked.intersection(checklist.applies_to)
        if not because:
            continue
        unsafe = warnings.holding_back(checklist)
        if unsafe:
            withheld.append(Withheld(checklist, content.order_of(unsafe)))
            continue
        items = tuple(
            item
            for item in checklist.items
            if (not item.applies_to or ticked.intersection(item.applies_to))
            and not warnings.holding_back(item)
        )
        if not items:
            continue
        match = ChecklistMatch(checklist, items, content.order_of(because))
        found.append(((-len(because), order), match))
    found.sort(key=lambda pair: pair[0])
    return tuple(match for _, match in found), tuple(withheld)
