"""Ticked symptoms to ranked guidance and checklists, each with "because you ticked".

Allow, don't forbid. Under a warning (a matched red flag, or a screening question that something
ticked answers yes), an item is shown only where the content declares it safe for that warning:
its ``safe_with`` names the warning's ``kind`` (or the flag's id). Silence means held back, so a
new warning sign or flag can never re-open advice that nobody checked against it.
- ``emergency``: nothing at all (the answer is only what to do now);
- ``urgent`` and ``soon``: only what is declared safe with every matched warning; the rest is
  listed as held back, with the ticks behind the warning;
- any level: ``avoid_if`` still holds an item back when one of its symptoms is ticked (heat on
  numb skin, ibuprofen in pregnancy).
"""

from __future__ import annotations

from dataclasses import dataclass

from backlearn.content import STRENGTHS, Checklist, ChecklistItem, Content, Guidance
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

    def holding_back(
        self, item: Guidance | Checklist | ChecklistItem, safe_with: tuple[str, ...] | None = None
    ) -> frozenset[str]:
        """The ticked symptoms that hold ``item`` back (empty when nothing does): named in its
        ``avoid_if``, or behind a matched warning that ``safe_with`` (the item's own unless given)
        does not name by kind or id."""
        allowed = set(item.safe_with or () if safe_with is None else safe_with)
        found = set(self.ticked.intersection(item.avoid_if))
        for match in self.flags:
            if match.flag.kind not in allowed and match.flag.id not in allowed:
                found.update(match.because)
        for question in self.answered_yes:
            if question.question.kind not in allowed:
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
        because = set(ticked.intersection(item.applies_to))
        for match in warnings.flags:
            if {match.flag.kind, match.flag.id} & set(item.applies_to_flags):
                because.update(match.because)
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
            and not warnings.holding_back(item, item.safe_with if item.safe_with is not None else checklist.safe_with)
        )
        if not items:
            continue
        match = ChecklistMatch(checklist, items, content.order_of(because))
        found.append(((-len(because), order), match))
    found.sort(key=lambda pair: pair[0])
    return tuple(match for _, match in found), tuple(withheld)
