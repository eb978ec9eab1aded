"""``assess``: ticked symptoms in, a complete, explained assessment out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from backlearn.content import HELP_FIRST_LEVELS, LEVELS, Content, Level, suggest
from backlearn.engine.match import (
    ChecklistMatch,
    GuidanceMatch,
    Warnings,
    Withheld,
    match_checklists,
    match_guidance,
)
from backlearn.engine.promises import content_or_loaded
from backlearn.engine.questions import answers_that_count
from backlearn.engine.safety_wording import DISCLAIMER, DISCLAIMER_TEXT, EMERGENCY_TEXT
from backlearn.engine.triage import (
    FlagMatch,
    Reassurance,
    ScreeningMatch,
    find_reassurances,
    match_red_flags,
    screening_questions,
    triage_level,
)

__all__ = [
    "Assessment",
    "UnknownSymptomError",
    "assess",
    "check_symptoms",
    "disclaimer_for",
]


def disclaimer_for(content: Content) -> str:
    """The note in the words of the region ``content`` is filled in for, naming its emergency number
    (a notebook's own text cannot); content not filled in for a region gets the default's words alone."""
    if content.region is None:
        return DISCLAIMER
    return content.region.fill(f"{DISCLAIMER_TEXT} {EMERGENCY_TEXT}")


class UnknownSymptomError(ValueError):
    """A symptom id that the content does not know; the message suggests the closest ids."""

    def __init__(self, unknown: list[str], known: Iterable[str]) -> None:
        known = list(known)
        parts = [f"unknown symptom '{u}'{suggest(u, known)}" for u in unknown]
        super().__init__("; ".join(parts) + " (run 'backlearn symptoms' to list them)")
        self.unknown = tuple(unknown)


@dataclass(frozen=True, slots=True)
class Assessment:
    """What backlearn says about a set of ticked symptoms, with every reason kept."""

    symptoms: tuple[str, ...]
    triage: str
    red_flags: tuple[FlagMatch, ...]
    reassurances: tuple[Reassurance, ...]
    screening: tuple[ScreeningMatch, ...]
    guidance: tuple[GuidanceMatch, ...]
    withheld: tuple[Withheld, ...]
    checklists: tuple[ChecklistMatch, ...]
    content: Content = field(repr=False, compare=False)

    @property
    def level(self) -> Level:
        """The triage level's record: its label, headline and what to do."""
        return self.content.levels[self.triage]

    @property
    def needs_help_first(self) -> bool:
        """True when a warning must come before any self-care advice (emergency or urgent)."""
        return self.triage in HELP_FIRST_LEVELS

    @property
    def answered_yes(self) -> tuple[ScreeningMatch, ...]:
        """Screening questions that something ticked already answers yes (they count towards the level)."""
        return tuple(m for m in self.screening if m.answered_yes)

    @property
    def to_ask(self) -> tuple[ScreeningMatch, ...]:
        """Screening questions still to ask: nothing ticked answers them yet."""
        return tuple(m for m in self.screening if not m.answered_yes)

    @property
    def flags_in_full(self) -> tuple[FlagMatch, ...]:
        """The red flags shown with their own "what to do": under an emergency or urgent banner only
        those at the banner's level (a lower flag's "book an appointment in the next few days" must
        not sit under "call 999 now"); the others are only named."""
        if not self.needs_help_first:
            return self.red_flags
        return tuple(m for m in self.red_flags if m.flag.level == self.triage)

    @property
    def flags_named(self) -> tuple[FlagMatch, ...]:
        """The red flags below the banner's level, named without a "what to do" of their own."""
        return tuple(m for m in self.red_flags if m not in self.flags_in_full)

    @property
    def source_ids(self) -> tuple[str, ...]:
        """Every source cited by what is shown, in first-cited order."""
        seen: dict[str, None] = {}
        groups: list[tuple[str, ...]] = [m.flag.sources for m in self.flags_in_full]
        groups += [m.question.sources for m in self.screening]
        groups += [m.item.sources for m in self.guidance]
        groups += [m.checklist.sources for m in self.checklists]
        for ids in groups:
            seen.update(dict.fromkeys(ids))
        return tuple(seen)


def check_symptoms(symptom_ids: Iterable[str], content: Content) -> None:
    """Raise UnknownSymptomError naming any id the content does not know (with the closest ids)."""
    unknown = sorted(set(symptom_ids).difference(content.symptoms))
    if unknown:
        raise UnknownSymptomError(unknown, content.symptoms)


def assess(symptom_ids: Iterable[str], content: Content | None = None) -> Assessment:
    """Assess ticked symptoms: the most urgent red flag first, then guidance and checklists.

    At an emergency no self-care is kept at all; under any other warning only what the content
    declares safe with it (``safe_with``) is shown, and the rest is held back with the reason.

    Raises UnknownSymptomError (a ValueError) naming any id the content does not know.
    """
    content = content_or_loaded(content)
    if isinstance(symptom_ids, str):
        symptom_ids = [symptom_ids]
    ticked = set(symptom_ids)
    check_symptoms(ticked, content)
    # An answer to a question that is not shown (its box hidden by what else is ticked) is cleared.
    ticked = set(answers_that_count(ticked, content))
    flags = match_red_flags(ticked, content)
    screening = screening_questions(ticked, content)
    level = triage_level(flags, screening)
    warnings = Warnings(ticked, flags, tuple(m for m in screening if m.answered_yes))
    guidance, withheld = match_guidance(warnings, content, level)
    checklists, withheld_lists = match_checklists(warnings, content, level)
    # "It is not urgent because you ticked ..." would contradict a banner that says it is; and a
    # reassurance for a flag no higher than the answer's own level reassures about nothing.
    reassurances = () if level in HELP_FIRST_LEVELS else tuple(
        r for r in find_reassurances(ticked, content) if LEVELS.index(r.flag.level) > LEVELS.index(level)
    )
    return Assessment(
        symptoms=content.order_of(ticked),
        triage=level,
        red_flags=flags,
        reassurances=reassurances,
        screening=screening,
        guidance=guidance,
        withheld=withheld + withheld_lists,
        checklists=checklists,
        content=content,
    )
