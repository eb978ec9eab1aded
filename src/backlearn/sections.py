"""What an answer shows, as one ordered list of sections: every output formats this list.

Text, Markdown, HTML, JSON, the widgets and the printable plan all show the same sections in
the same order, because each is only a formatting of :func:`sections`. The order is the safety
rule made visible: the banner (what to do now) first; why; the questions to ask first; the
warning signs; self-care only after them (under "only after you have got help" when help is
needed, and not at all at an emergency); what was held back and why; checklists; the sources
cited; the education-not-diagnosis note once.
"""

from __future__ import annotations

from dataclasses import dataclass

from backlearn.content import Content, RedFlag, Source
from backlearn.engine.assessment import Assessment, disclaimer_for

__all__ = [
    "ALSO_TELL",
    "COME_BACK",
    "DISCLAIMER_HEADING",
    "NOTHING_TICKED",
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

#: Every kind of section, in the order they are shown. A kind may be absent, or (checklist) repeated.
SECTION_ORDER: tuple[str, ...] = (
    "banner",
    "reasons",
    "screening",
    "red_flags",
    "guidance",
    "come_back",
    "held_back",
    "checklist",
    "sources",
    "disclaimer",
)
#: The banner before anything is ticked: neutral, so an empty form never reads as "self-care".
NOTHING_TICKED = ("NOTHING TICKED YET", "Tick the boxes that fit. Check the warning signs too.")
#: The only thing said about self-care at an emergency.
COME_BACK = "When you have been seen, come back for advice on easing pain."
WITHHELD_HEADING = "Not for you now"
#: Lower-level warning signs under a more urgent banner are named in one line, never with their own
#: "what to do" ("book an appointment in the next few days" must not sit under "call 999 now").
ALSO_TELL = "Also tell them about"
DISCLAIMER_HEADING = "Please note"
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


@dataclass(frozen=True, slots=True)
class Section:
    """One block of the answer: its kind (see SECTION_ORDER), heading, intro and entries."""

    kind: str
    heading: str
    intro: str = ""
    entries: tuple[Entry, ...] = ()
    #: Sources the heading cites (a checklist's).
    cites: tuple[int, ...] = ()
    #: Entries are numbered (guidance, sources) rather than bulleted.
    numbered: bool = False
    #: What the section is about, when it is one of several of its kind (a checklist's id).
    id: str = ""


def labels(ids: tuple[str, ...], content: Content) -> str:
    """Symptom ids as their labels, joined for a sentence."""
    return "; ".join(content.symptom_label(i) for i in ids)


def self_care_heading(assessment: Assessment) -> str:
    """The heading over the advice shown: it must never read as the answer when help is needed.
    Under an urgent banner only what the content declares safe while getting help is shown."""
    if assessment.triage == "emergency":
        return ""
    if assessment.needs_help_first:
        return "While you get help today"
    if assessment.triage == "soon":
        return "While you wait for your appointment: what you can do"
    return "What you can do"


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


def disclaimer_section(content: Content) -> Section:
    """The education-not-diagnosis note every answer ends with, in the region's words: the last of
    :func:`sections`, and the note a widget shows on its own."""
    return Section("disclaimer", DISCLAIMER_HEADING, disclaimer_for(content))


def sections(assessment: Assessment) -> tuple[Section, ...]:
    """The answer for these ticks as ordered sections: the one thing every output formats."""
    content = assessment.content
    disclaimer = disclaimer_section(content)
    if not assessment.symptoms:
        return Section("banner", NOTHING_TICKED[0], NOTHING_TICKED[1]), disclaimer
    numbers = source_numbers(assessment)

    def cites(ids: tuple[str, ...]) -> tuple[int, ...]:
        return tuple(numbers[i] for i in ids)

    level = assessment.level
    banner_entries = [
        Entry(m.flag.name, (Part(flag_do(assessment, m.flag), action=True),), style=m.flag.level)
        for m in assessment.red_flags
        if m.flag.level == assessment.triage
    ]
    # A "check first" question that a tick already answers yes can set the level on its own:
    # the banner says so, rather than leaving the reason further down.
    banner_entries += [
        Entry(
            "You already answered yes to a question to check first",
            (Part(m.question.question), Part(labels(m.answered_yes, content) + ".", "Because you ticked")),
            style=m.question.level,
        )
        for m in assessment.answered_yes
        if m.question.level == assessment.triage and not any(f.flag.level == assessment.triage
                                                             for f in assessment.red_flags)
    ]
    found: list[Section] = [
        Section("banner", f"{level.label.upper()}: {headline(assessment)}", banner_action(assessment),
                tuple(banner_entries))
    ]
    reasons = [Entry(parts=(Part(labels(assessment.symptoms, content) + ".", "You ticked"),))]
    reasons += [
        Entry(
            f"{content.levels[m.question.level].label}: you already answered yes to a question to check first",
            (
                Part(m.question.question, cites=cites(m.question.sources)),
                Part(labels(m.answered_yes, content) + ".", "Because you ticked"),
            ),
            style=m.question.level,
        )
        for m in assessment.answered_yes
    ]
    reasons += [
        Entry(parts=(Part(reassurance_sentence(assessment, n)),)) for n in range(len(assessment.reassurances))
    ]
    found.append(Section("reasons", "Why this answer", entries=tuple(reasons)))
    if assessment.to_ask:
        found.append(
            Section(
                "screening",
                "Check these first",
                "If the answer to any is yes, do what it says beside it.",
                tuple(
                    Entry(f"If yes: {content.levels[m.question.level].headline}",
                          (Part(m.question.question, cites=cites(m.question.sources)),), tick=True,
                          style=m.question.level)
                    for m in assessment.to_ask
                ),
            )
        )
    if assessment.red_flags:
        # Under an emergency or urgent banner, only the flags at the banner's level say what to do;
        # the others are named, so the person can mention them, with no "what to do" of their own.
        full, named = assessment.flags_in_full, assessment.flags_named
        flag_entries = [
            Entry(
                f"{content.levels[m.flag.level].label}: {m.flag.name}",
                (
                    Part(flag_do(assessment, m.flag), "What to do", action=True),
                    Part(m.flag.why, "Why", cites(m.flag.sources)),
                    Part(labels(m.because, content) + ".", "Because you ticked"),
                ),
                style=m.flag.level,
            )
            for m in full
        ]
        if named:
            flag_entries.append(Entry(ALSO_TELL, (Part("; ".join(m.flag.name for m in named) + "."),)))
        found.append(Section("red_flags", "Warning signs", entries=tuple(flag_entries)))
    if assessment.triage == "emergency":
        found.append(Section("come_back", "After you have been seen", COME_BACK))
    if assessment.guidance:
        found.append(
            Section(
                "guidance",
                self_care_heading(assessment),
                entries=tuple(
                    Entry(
                        f"{'Do' if m.item.kind == 'do' else 'Avoid'}: {m.item.title} "
                        f"(evidence: {STRENGTH_WORDS[m.item.strength]})",
                        (
                            Part(m.item.text),
                            Part(labels(m.because, content) + ".", "Because you ticked"),
                            Part(m.item.evidence, "Evidence", cites(m.item.sources)),
                        ),
                        style=m.item.kind,
                    )
                    for m in assessment.guidance
                ),
                numbered=True,
            )
        )
    if assessment.withheld:
        found.append(
            Section(
                "held_back",
                WITHHELD_HEADING,
                entries=tuple(
                    Entry(parts=(Part(withheld_line(assessment, n)),)) for n in range(len(assessment.withheld))
                ),
            )
        )
    after_help = "Only after you have got help: " if assessment.needs_help_first else ""
    for cm in assessment.checklists:
        found.append(
            Section(
                "checklist",
                f"{after_help}Checklist: {cm.checklist.title}",
                cm.checklist.intro,
                tuple(Entry(parts=(Part(item.text),), tick=True) for item in cm.items),
                cites=cites(cm.checklist.sources),
                id=cm.checklist.id,
            )
        )
    if numbers:
        found.append(
            Section(
                "sources",
                "Sources",
                entries=tuple(
                    Entry(parts=(Part(source_line(content.sources[sid])),), link=content.sources[sid].link)
                    for sid in numbers
                ),
                numbered=True,
            )
        )
    found.append(disclaimer)
    return tuple(found)
