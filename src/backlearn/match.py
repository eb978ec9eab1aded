"""Ticked symptoms to ranked guidance and checklists, each with "because you ticked"."""

from __future__ import annotations

from backlearn.content import STRENGTHS, Checklist, ChecklistItem, Content, Guidance
from backlearn.records import record
from backlearn.rules import Ticked
from backlearn.triage import in_content_order


@record
class GuidanceMatch:
    """A guidance item shown, and the ticked symptoms it applies to."""

    item: Guidance
    because: tuple[str, ...]


@record
class Withheld:
    """A guidance item held back because something ticked makes it unsafe or unsuitable."""

    item: Guidance
    because: tuple[str, ...]


@record
class ChecklistMatch:
    """A checklist shown, with the items that apply and why it was chosen."""

    checklist: Checklist
    items: tuple[ChecklistItem, ...]
    because: tuple[str, ...]


def _strength_rank(strength: str) -> int:
    """0 for the strongest evidence, larger for weaker."""
    return STRENGTHS.index(strength)


def match_guidance(
    ticked: Ticked, content: Content
) -> tuple[tuple[GuidanceMatch, ...], tuple[Withheld, ...]]:
    """Guidance that applies, ranked by how many ticks it matches, then by evidence strength."""
    shown: list[tuple[tuple[int, int, int], GuidanceMatch]] = []
    withheld: list[Withheld] = []
    for order, item in enumerate(content.guidance.values()):
        because = ticked.intersection(item.applies_to)
        if not because:
            continue
        unsafe = ticked.intersection(item.avoid_if)
        if unsafe:
            withheld.append(Withheld(item, in_content_order(unsafe, content)))
            continue
        key = (-len(because), _strength_rank(item.strength), order)
        shown.append((key, GuidanceMatch(item, in_content_order(because, content))))
    shown.sort(key=lambda pair: pair[0])
    return tuple(match for _, match in shown), tuple(withheld)


def match_checklists(ticked: Ticked, content: Content) -> tuple[ChecklistMatch, ...]:
    """Checklists that apply, most relevant first, keeping only the items that apply."""
    found: list[tuple[tuple[int, int], ChecklistMatch]] = []
    for order, checklist in enumerate(content.checklists.values()):
        because = ticked.intersection(checklist.applies_to)
        if not because or ticked.intersection(checklist.avoid_if):
            continue
        items = tuple(
            item
            for item in checklist.items
            if not item.applies_to or ticked.intersection(item.applies_to)
        )
        match = ChecklistMatch(checklist, items, in_content_order(because, content))
        found.append(((-len(because), order), match))
    found.sort(key=lambda pair: pair[0])
    return tuple(match for _, match in found)
