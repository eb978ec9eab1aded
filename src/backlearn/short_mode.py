"""Short mode for ages 13 to 15: a filter over an assessment, so every view shows less.

What stays: the triage level, every warning sign and every "check these first" question (a red
flag always wins). What is cut: advice beyond the top few and checklists beyond the first (until
"Show more"), and adult-only advice such as medicines (always, in short mode). The settings are
in ``short_mode.yaml`` in the content folder, so a teacher edits them without code: they are read
and checked with the rest of the content (``content.short_mode``, a
:class:`backlearn.content.ShortMode`).
"""

from __future__ import annotations

from collections.abc import Mapping

from backlearn import places
from backlearn.content import ShortMode
from backlearn.engine.assessment import Assessment
from backlearn.engine.match import ChecklistMatch

__all__ = ["class_default", "has_more", "held_back", "shorten"]

def class_default(env: Mapping[str, str] | None = None) -> bool:
    """True when the teacher turned short mode on for the class: ``BACKLEARN_SHORT_MODE`` is 1 (or true,
    yes, on), so every explorer starts short."""
    value = (places.environment() if env is None else env).get(places.SHORT_MODE_ENV, "")
    return value.strip().lower() in ("1", "true", "yes", "on")


def _without_adult_items(match: ChecklistMatch, mode: ShortMode) -> ChecklistMatch:
    kept = tuple(i for i in match.items if (match.checklist.id, i.text) not in mode.adults_only_items)
    return ChecklistMatch(checklist=match.checklist, items=kept, because=match.because)


def held_back(assessment: Assessment, mode: ShortMode) -> bool:
    """True when short mode holds back adult-only advice or checklist lines from this assessment."""
    return any(g.item.id in mode.adults_only for g in assessment.guidance) or any(
        (c.checklist.id, i.text) in mode.adults_only_items for c in assessment.checklists for i in c.items
    )


def shorten(assessment: Assessment, mode: ShortMode, *, more: bool = False) -> Assessment:
    """The assessment as short mode shows it: adult-only advice out; with ``more=False`` also only
    the top advice and the first checklists. Triage, warning signs and screening are untouched."""
    guidance = tuple(g for g in assessment.guidance if g.item.id not in mode.adults_only)
    checklists = tuple(c for c in (_without_adult_items(c, mode) for c in assessment.checklists) if c.items)
    if not more:
        guidance, checklists = guidance[: mode.top_advice], checklists[: mode.checklists]
    return Assessment(
        symptoms=assessment.symptoms,
        triage=assessment.triage,
        red_flags=assessment.red_flags,
        reassurances=assessment.reassurances,
        screening=assessment.screening,
        guidance=guidance,
        withheld=assessment.withheld,
        checklists=checklists,
        content=assessment.content,
    )


def has_more(assessment: Assessment, mode: ShortMode) -> bool:
    """True when "Show more" would show something the short view leaves out."""
    return shorten(assessment, mode, more=True) != shorten(assessment, mode)
