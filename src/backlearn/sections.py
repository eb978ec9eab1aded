"""What an answer shows, as one ordered list of sections: every output formats this list.

Text, Markdown, HTML, JSON, the widgets and the printable plan all show the same sections in
the same order, because each is only a formatting of :func:`sections`. The order is the safety
rule made visible: the banner (what to do now) first; why; the questions to ask first; the
warning signs; self-care only after them (under "only after you have got help" when help is
needed, and not at all at an emergency); what was held back and why; checklists; the sources
cited; the education-not-diagnosis note once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from backlearn.content import Content, RedFlag, Source
from backlearn.engine.assessment import Assessment, disclaimer_for
from backlearn.engine.safety_wording import (
    ALSO_TELL,
    COME_BACK,
    COME_BACK_HEADING,
    DISCLAIMER_HEADING,
    NOTHING_TICKED,
    SCREENING_HEADING,
    SCREENING_INTRO,
    SELF_CARE_HEADINGS,
)

__all__ = [
    "SECTION_KINDS",
    "SECTION_ORDER",
    "STRENGTH_WORDS",
    "WITHHELD_HEADING",
    "Entry",
    "Part",
    "Section",
    "banner_action",
    "disclaimer_section",
    "flag_do",
    "headline",
    "labels",
    "reassurance_sentence",
    "sections",
    "self_care_heading",
    "source_line",
    "source_numbers",
    "withheld_line",
]

WITHHELD_HEADING = "Not for you now"
STRENGTH_WORDS: dict[str, str] = {
    "high": "high",
    "moderate": "moderate",
    "low": "low",
    "very_low": "very low",
    "expert_opinion": "expert opinion",
}


@dataclass(frozen=True, slots=True)
class Part:
    """One piece of an entry: an optional label ("What to do"), its text and the sources it cites."""

    text: str
    label: str = ""
    cites: tuple[int, ...] = ()
    #: What to do now (a warning sign's action): shown as it is, never with glossary links in it.
    action: bool = False


@dataclass(frozen=True, slots=True)
class Entry:
    """One thing in a section: a lead in bold, the parts beneath it, and whether it is a tick box."""

    lead: str = ""
    parts: tuple[Part, ...] = ()
    tick: bool = False
    #: A web address the entry is about (sources).
    link: str = ""
    #: A style hint, such as a warning sign's level or a guidance item's kind.
    style: str = ""
    #: What the entry is about in a few words (a warning sign's or an advice's name), for brief views.
    name: str = ""


@dataclass(frozen=True, slots=True)
class Section:
    """One block of the answer: its kind (see SECTION_KINDS), heading, intro and entries."""

    kind: str
    heading: str
    intro: str = ""
    entries: tuple[Entry, ...] = ()
    #: Sources the heading cites (a checklist's).
    cites: tuple[int, ...] = ()
    #: Entries are numbered (guidance, sources) rather than bulleted.
    numbered: bool = False
    #: What the section is about, when it is one of several of its kind (a checklist's id and title).
    id: str = ""
    name: str = ""


def labels(ids: tuple[str, ...], content: Content) -> str:
    """Symptom ids as their labels, joined for a sentence."""
    return "; ".join(content.symptom_label(i) for i in ids)


def self_care_heading(assessment: Assessment) -> str:
    """The heading over the advice shown: it must never read as the answer when help is needed.
    Under an urgent banner only what the content declares safe while getting help is shown."""
    if assessment.triage == "emergency":
        return ""
    if assessment.needs_help_first:
        return SELF_CARE_HEADINGS["help_first"]
    if assessment.triage == "soon":
        return SELF_CARE_HEADINGS["soon"]
    return SELF_CARE_HEADINGS["self_care"]


def source_line(source: Source) -> str:
    """A reference line: who, title, year, link."""
    return f"{source.by.rstrip('.')}. {source.title} ({source.year}). {source.link}"


def reassurance_sentence(assessment: Assessment, index: int) -> str:
    """Why a red flag did not count: the reassuring pattern ticked, in words."""
    r = assessment.reassurances[index]
    content = assessment.content
    would = content.levels[r.flag.level].headline
    return (
        f"{r.flag.name} would mean: {would}. It does not, because you ticked: "
        f"{labels(r.pattern, content)}. {r.flag.reassured_by}"
    )


def flag_do(assessment: Assessment, flag: RedFlag) -> str:
    """What to do for a red flag: its ``do_instead`` when a tick it names is ticked (no aspirin
    sentence with tearing pain, say), else its ``do``."""
    if flag.do_instead and set(flag.do_instead_if) & set(assessment.symptoms):
        return flag.do_instead
    return flag.do


def banner_action(assessment: Assessment) -> str:
    """What the banner says to do: the level's action, or the first ``banner`` of the flags at the
    answer's level (a pregnancy warning: call your maternity unit; with a new headache as well, the
    maternity unit still leads, and the headache's own line is among the entries beneath)."""
    at_level = [m.flag for m in assessment.red_flags if m.flag.level == assessment.triage]
    own = [flag.banner for flag in at_level if flag.banner]
    if own:
        return own[0]  # every flag's own line is in the banner's entries beneath it
    return assessment.level.action


def withheld_line(assessment: Assessment, index: int) -> str:
    """Why a piece of advice is held back: its title and the ticked signs that make it unsafe."""
    held = assessment.withheld[index]
    return f"{held.item.title}: not while you have ticked {labels(held.because, assessment.content)}."


def headline(assessment: Assessment) -> str:
    """The banner's big words. "No warning signs ticked" is never said when a box from a
    warning group is ticked: the level's ``headline_with_signs`` is used then."""
    level = assessment.level
    content = assessment.content
    signs_ticked = any(content.symptoms[s].warning for s in assessment.symptoms)
    return level.headline_with_signs if signs_ticked and level.headline_with_signs else level.headline


def source_numbers(assessment: Assessment) -> dict[str, int]:
    """Each cited source's number, in first-cited order."""
    return {sid: n for n, sid in enumerate(assessment.source_ids, start=1)}


def _cites(numbers: Mapping[str, int], ids: tuple[str, ...]) -> tuple[int, ...]:
    """The numbers of these sources in the answer's list of sources."""
    return tuple(numbers[i] for i in ids)


def _banner(assessment: Assessment, numbers: Mapping[str, int]) -> tuple[Section, ...]:
    """What to do now: the level, its action, and each warning sign at the level with its action."""
    content = assessment.content
    entries = [
        Entry(m.flag.name, (Part(flag_do(assessment, m.flag), action=True),), style=m.flag.level, name=m.flag.name)
        for m in assessment.red_flags
        if m.flag.level == assessment.triage
    ]
    # A "check first" question that a tick already answers yes can set the level on its own:
    # the banner says so, rather than leaving the reason further down.
    entries += [
        Entry(
            "You already answered yes to a question to check first",
            (Part(m.question.question), Part(labels(m.answered_yes, content) + ".", "Because you ticked")),
            style=m.question.level,
        )
        for m in assessment.answered_yes
        if m.question.level == assessment.triage and not any(f.flag.level == assessment.triage
                                                             for f in assessment.red_flags)
    ]
    heading = f"{assessment.level.label.upper()}: {headline(assessment)}"
    return (Section("banner", heading, banner_action(assessment), tuple(entries)),)


def _reasons(assessment: Assessment, numbers: Mapping[str, int]) -> tuple[Section, ...]:
    """Why this answer: the ticks, the questions they already answer yes, and the reassurances."""
    content = assessment.content
    entries = [Entry(parts=(Part(labels(assessment.symptoms, content) + ".", "You ticked"),))]
    entries += [
        Entry(
            f"{content.levels[m.question.level].label}: you already answered yes to a question to check first",
            (
                Part(m.question.question, cites=_cites(numbers, m.question.sources)),
                Part(labels(m.answered_yes, content) + ".", "Because you ticked"),
            ),
            style=m.question.level,
        )
        for m in assessment.answered_yes
    ]
    entries += [
        Entry(parts=(Part(reassurance_sentence(assessment, n)),)) for n in range(len(assessment.reassurances))
    ]
    return (Section("reasons", "Why this answer", entries=tuple(entries)),)


def _screening(assessment: Assessment, numbers: Mapping[str, int]) -> tuple[Section, ...]:
    """The questions to ask first that no tick answers yet, each with what a yes means."""
    if not assessment.to_ask:
        return ()
    levels = assessment.content.levels
    entries = tuple(
        Entry(f"If yes: {levels[m.question.level].headline}",
              (Part(m.question.question, cites=_cites(numbers, m.question.sources)),), tick=True,
              style=m.question.level)
        for m in assessment.to_ask
    )
    return (Section("screening", SCREENING_HEADING, SCREENING_INTRO,
                    entries),)


def _red_flags(assessment: Assessment, numbers: Mapping[str, int]) -> tuple[Section, ...]:
    """The warning signs ticked. Under an emergency or urgent banner, only the flags at the
    banner's level say what to do; the others are named, so the person can mention them, with
    no "what to do" of their own."""
    if not assessment.red_flags:
        return ()
    content = assessment.content
    entries = [
        Entry(
            f"{content.levels[m.flag.level].label}: {m.flag.name}",
            (
                Part(flag_do(assessment, m.flag), "What to do", action=True),
                Part(m.flag.why, "Why", _cites(numbers, m.flag.sources)),
                Part(labels(m.because, content) + ".", "Because you ticked"),
            ),
            style=m.flag.level,
            name=m.flag.name,
        )
        for m in assessment.flags_in_full
    ]
    if assessment.flags_named:
        entries.append(Entry(ALSO_TELL, (Part("; ".join(m.flag.name for m in assessment.flags_named) + "."),)))
    return (Section("red_flags", "Warning signs", entries=tuple(entries)),)


def _come_back(assessment: Assessment, numbers: Mapping[str, int]) -> tuple[Section, ...]:
    """At an emergency, the only thing said about self-care."""
    if assessment.triage != "emergency":
        return ()
    return (Section("come_back", COME_BACK_HEADING, COME_BACK),)


def _guidance(assessment: Assessment, numbers: Mapping[str, int]) -> tuple[Section, ...]:
    """The advice that fits, under a heading that never reads as the answer when help is needed."""
    if not assessment.guidance:
        return ()
    content = assessment.content
    entries = tuple(
        Entry(
            f"{'Do' if m.item.kind == 'do' else 'Avoid'}: {m.item.title} "
            f"(evidence: {STRENGTH_WORDS[m.item.strength]})",
            (
                Part(m.item.text),
                Part(labels(m.because, content) + ".", "Because you ticked"),
                Part(m.item.evidence, "Evidence", _cites(numbers, m.item.sources)),
            ),
            style=m.item.kind,
            name=m.item.title,
        )
        for m in assessment.guidance
    )
    return (Section("guidance", self_care_heading(assessment), entries=entries, numbered=True),)


def _held_back(assessment: Assessment, numbers: Mapping[str, int]) -> tuple[Section, ...]:
    """The advice held back, and the ticks that make it unsafe."""
    if not assessment.withheld:
        return ()
    entries = tuple(Entry(parts=(Part(withheld_line(assessment, n)),)) for n in range(len(assessment.withheld)))
    return (Section("held_back", WITHHELD_HEADING, entries=entries),)


def _checklists(assessment: Assessment, numbers: Mapping[str, int]) -> tuple[Section, ...]:
    """One section a checklist, "only after you have got help" when help comes first."""
    after_help = "Only after you have got help: " if assessment.needs_help_first else ""
    return tuple(
        Section(
            "checklist",
            f"{after_help}Checklist: {cm.checklist.title}",
            cm.checklist.intro,
            tuple(Entry(parts=(Part(item.text),), tick=True) for item in cm.items),
            cites=_cites(numbers, cm.checklist.sources),
            id=cm.checklist.id,
            name=cm.checklist.title,
        )
        for cm in assessment.checklists
    )


def _sources(assessment: Assessment, numbers: Mapping[str, int]) -> tuple[Section, ...]:
    """The sources cited above, numbered in first-cited order."""
    if not numbers:
        return ()
    found = (assessment.content.sources[sid] for sid in numbers)
    entries = tuple(Entry(parts=(Part(source_line(source)),), link=source.link) for source in found)
    return (Section("sources", "Sources", entries=entries, numbered=True),)


def disclaimer_section(content: Content) -> Section:
    """The education-not-diagnosis note every answer ends with, in the region's words: the last of
    :func:`sections`, and the note a widget shows on its own."""
    return Section("disclaimer", DISCLAIMER_HEADING, disclaimer_for(content))


def _disclaimer(assessment: Assessment, numbers: Mapping[str, int]) -> tuple[Section, ...]:
    """Education, not diagnosis: the last section of every answer."""
    return (disclaimer_section(assessment.content),)


#: A kind's builder: the assessment and its sources' numbers in, that kind's sections out (none,
#: one, or one a checklist).
_Builder = Callable[[Assessment, Mapping[str, int]], tuple[Section, ...]]

#: Every kind of section with its builder, in the order they are shown; a kind may be absent, or
#: (checklist) repeated. A new section is one builder and one line here.
SECTION_ORDER: tuple[tuple[str, _Builder], ...] = (
    ("banner", _banner),
    ("reasons", _reasons),
    ("screening", _screening),
    ("red_flags", _red_flags),
    ("come_back", _come_back),
    ("guidance", _guidance),
    ("held_back", _held_back),
    ("checklist", _checklists),
    ("sources", _sources),
    ("disclaimer", _disclaimer),
)
#: The kinds alone, in order.
SECTION_KINDS: tuple[str, ...] = tuple(kind for kind, _ in SECTION_ORDER)


def sections(assessment: Assessment) -> tuple[Section, ...]:
    """The answer for these ticks as ordered sections: the one thing every output formats."""
    if not assessment.symptoms:
        return (Section("banner", NOTHING_TICKED[0], NOTHING_TICKED[1]), *_disclaimer(assessment, {}))
    numbers = source_numbers(assessment)
    return tuple(section for _, build in SECTION_ORDER for section in build(assessment, numbers))
