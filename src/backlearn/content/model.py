"""The content's model: the records a content folder becomes, and the words they may use.

Every record is a frozen dataclass; ``Content`` holds them all, by id, in the order of the files.
Its names are public through :mod:`backlearn.content`, the package's one face: import them from there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from backlearn.content.regions import Region
from backlearn.content.rules import Rule, evaluate, symptom_ids

#: Triage levels from least to most urgent. The order is the engine's, not the content's.
LEVELS: tuple[str, ...] = ("self_care", "soon", "urgent", "emergency")
FLAG_LEVELS: tuple[str, ...] = ("soon", "urgent", "emergency")
#: The levels at which getting help comes before any self-care (help today, or now).
HELP_FIRST_LEVELS: tuple[str, ...] = ("urgent", "emergency")
STRENGTHS: tuple[str, ...] = ("high", "moderate", "low", "very_low", "expert_opinion")
SOURCE_KINDS: tuple[str, ...] = (
    "guideline",
    "systematic_review",
    "trial",
    "cohort",
    "consensus",
    "patient_information",
)
VERDICTS: tuple[str, ...] = ("supported", "partly_supported", "not_supported")
GUIDANCE_KINDS: tuple[str, ...] = ("do", "avoid")
QUIZ_KINDS: tuple[str, ...] = ("multiple_choice", "true_false")
TRUE_FALSE: tuple[str, ...] = ("True", "False")
BACK_REGIONS: tuple[str, ...] = ("upper", "mid", "low")
#: The areas of the back diagram (``assets/back.svg``), top to bottom. A symptom names the one it
#: stands for with ``diagram_area``; the drawing is code, so the ids are too.
DIAGRAM_AREAS: tuple[str, ...] = ("neck_shoulders", "between_shoulder_blades", "mid_back", "low_back", "buttock")

REQUIRED_FILES: tuple[str, ...] = (
    "sources.yaml",
    "regions.yaml",
    "levels.yaml",
    "symptoms.yaml",
    "red_flags.yaml",
    "screening.yaml",
    "topics.yaml",
    "guidance.yaml",
    "checklists.yaml",
)
OPTIONAL_FILES: tuple[str, ...] = ("quizzes.yaml", "cases.yaml", "glossary.yaml", "evidence.yaml", "lesson_pages.yaml",
                                   "coverage.yaml", "short_mode.yaml", "lessons.yaml", "pack.yaml", "safeguarding.yaml")
#: A row of the can't-miss map (coverage.yaml): a serious cause, or a look-alike not to over-call.
COVERAGE_TYPES: tuple[str, ...] = ("cant_miss", "look_alike")
#: How a topic's evidence is drawn (evidence.yaml's ``kind``).
CHART_KINDS: tuple[str, ...] = ("bars", "people", "words")
#: The kinds of a lesson's own activity (lesson_pages.yaml's ``activity.kind``).
ACTIVITY_KINDS: tuple[str, ...] = ("sort", "choose", "plan")
#: Where a glossary word is listed (glossary.yaml's ``group``).
GLOSSARY_GROUPS: tuple[str, ...] = ("evidence", "body", "condition", "care", "help")

#: What an id may look like: lower-case letters, digits and _, starting with a letter.
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


# ----------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class Source:
    """A guideline, review or patient page that content cites."""

    id: str
    title: str
    by: str
    year: int
    kind: str
    url: str | None = None
    doi: str | None = None

    @property
    def link(self) -> str:
        """Where to read it: the DOI link when there is one, else the URL."""
        return f"https://doi.org/{self.doi}" if self.doi else (self.url or "")

    @property
    def short(self) -> str:
        """A short citation such as 'NICE NG59 (2016)'."""
        return f"{self.title} ({self.year})"


@dataclass(frozen=True, slots=True)
class Level:
    """One of the four triage levels and what it tells a person to do."""

    id: str
    label: str
    headline: str
    action: str
    #: The headline instead when a box from a warning group is ticked (so "no warning signs
    #: ticked" is never said then); empty to keep the headline.
    headline_with_signs: str = ""

    @property
    def rank(self) -> int:
        """Higher is more urgent."""
        return LEVELS.index(self.id)


@dataclass(frozen=True, slots=True)
class Symptom:
    """Something a person can tick, in plain words."""

    id: str
    label: str
    group: str
    warning: bool
    help: str = ""
    #: Shown only while this rule holds for what is ticked (None: always). A hidden box is unticked.
    shown_if: Rule | None = None
    #: The words people use for it ("spasm", "near my shoulder blade"): the search finds the box by them.
    also_called: tuple[str, ...] = ()
    #: Asked so a person can say it, but no rule, question or advice uses it (declared, so it is on purpose).
    information_only: bool = False
    #: A warning sign's pinned level: ticked on its own it must reach at least this (checked on load).
    min_level: str = ""
    #: Pinned: a "check first" question must ask about this sign (deleting the question is refused).
    asked_first: bool = False
    #: The area of the back diagram that ticks this box (one of DIAGRAM_AREAS; "": not on the diagram).
    diagram_area: str = ""


@dataclass(frozen=True, slots=True)
class SymptomGroup:
    """A heading in the symptom chooser."""

    id: str
    label: str
    choose: str
    warning: bool
    symptoms: tuple[str, ...]
    #: The whole group is shown only while this rule holds (None: always).
    shown_if: Rule | None = None


@dataclass(frozen=True, slots=True)
class RedFlag:
    """A warning-sign rule with its triage level and what to do."""

    id: str
    name: str
    level: str
    when: Rule
    do: str
    why: str
    sources: tuple[str, ...]
    #: What the flag suspects, in one word shared by flags of the same family (``heart``, ``fracture``):
    #: what guidance and checklists name in ``safe_with`` to be shown under this flag.
    kind: str = ""
    reassured_by: str = ""
    #: What the banner says instead of the level's action when this is the only flag at the answer's level.
    banner: str = ""
    #: When one of these symptoms is ticked, ``do_instead`` is shown instead of ``do``.
    do_instead_if: tuple[str, ...] = ()
    do_instead: str = ""


@dataclass(frozen=True, slots=True)
class ScreeningQuestion:
    """A question asked before self-care advice for upper back pain."""

    id: str
    question: str
    asks_about: tuple[str, ...]
    applies_to: tuple[str, ...]
    sources: tuple[str, ...]
    #: The level a "yes" means: a ticked sign that answers the question yes raises the answer to it.
    level: str = "urgent"
    #: What a "yes" suspects, as a red flag's ``kind``: advice must be declared safe with it to be shown.
    kind: str = ""


@dataclass(frozen=True, slots=True)
class Topic:
    """One question of the source page, with an evidence-checked answer and a verdict."""

    id: str
    number: int
    notebook: str
    question: str
    page_claim: str
    verdict: str
    verdict_reason: str
    answer: str
    strength: str
    sources: tuple[str, ...]
    symptoms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Guidance:
    """A piece of advice: what to do or what to avoid, with its evidence."""

    id: str
    title: str
    kind: str
    text: str
    strength: str
    evidence: str
    sources: tuple[str, ...]
    #: Shown when one of these symptoms is ticked (or a flag of ``applies_to_flags`` matched: one is needed).
    applies_to: tuple[str, ...] = ()
    #: Held back when one of these symptoms is ticked (listed as "not for you now", with why).
    avoid_if: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    #: The warnings (red-flag kinds or ids) it is safe to show this under. Allow, don't forbid:
    #: under any matched red flag or answered-yes question not named here, it is held back.
    safe_with: tuple[str, ...] = ()
    #: Also shown when a red flag of one of these kinds (or ids) matched, whatever was ticked.
    applies_to_flags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    """One tickable line of a checklist; shown always, or only for some symptoms."""

    text: str
    applies_to: tuple[str, ...] = ()
    #: Left out when one of these symptoms is ticked.
    avoid_if: tuple[str, ...] = ()
    #: The warnings it is safe under, when narrower than its checklist's (None: the checklist's).
    safe_with: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class Checklist:
    """A tickable list of steps for a situation."""

    id: str
    title: str
    applies_to: tuple[str, ...]
    items: tuple[ChecklistItem, ...]
    sources: tuple[str, ...]
    intro: str = ""
    topics: tuple[str, ...] = ()
    #: Never shown when one of these is ticked (e.g. a walking plan with a swollen calf).
    avoid_if: tuple[str, ...] = ()
    #: The warnings (red-flag kinds or ids) it is safe to show this under; under any other, held back.
    safe_with: tuple[str, ...] = ()


# ----------------------------------------------------------------------------- quizzes and case studies


@dataclass(frozen=True, slots=True)
class QuizQuestion:
    """A quiz question about a topic. ``answer`` is the index of the right one of ``choices``.

    True/false questions have the choices ("True", "False").
    """

    id: str
    topic: str
    kind: str
    question: str
    choices: tuple[str, ...]
    answer: int
    explanation: str
    sources: tuple[str, ...]

    @property
    def right_answer(self) -> str:
        """The text of the right choice."""
        return self.choices[self.answer]


@dataclass(frozen=True, slots=True)
class Case:
    """A short case study for class: a person's story, what they would tick, and the expected triage."""

    id: str
    title: str
    name: str
    age: int
    region: str
    story: str
    symptoms: tuple[str, ...]
    expected_triage: str
    teaching_point: str
    sources: tuple[str, ...]
    about: str = ""

    @property
    def person(self) -> str:
        """'Priya, 34, works in an office'."""
        return ", ".join(part for part in (self.name, str(self.age), self.about) if part)


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    """A word learners meet, in plain words, and the forms of it to look for in the text."""

    id: str
    term: str
    group: str
    meaning: str
    #: Other names or short forms found in the content ("physio" for physiotherapist).
    also: tuple[str, ...] = ()
    #: Other forms of the term or its other names (plurals and the like: "trials", "guidelines").
    forms: tuple[str, ...] = ()

    @property
    def words(self) -> tuple[str, ...]:
        """Every form looked for in the text: the term without any part in brackets, its other
        names and their forms."""
        term = re.sub(r"\s*\([^)]*\)", "", self.term).strip()
        return tuple(dict.fromkeys(w for w in (term, *self.also, *self.forms) if w))


@dataclass(frozen=True, slots=True)
class EvidenceNumber:
    """One number of a topic's evidence chart, with its source and how sure we are of it."""

    label: str
    value: float
    source: str
    how_sure: str
    low: float | None = None
    high: float | None = None
    #: The top of the number's scale, when it is not 100 (the chart shows it as a share of 100).
    out_of: float | None = None


@dataclass(frozen=True, slots=True)
class EvidenceChart:
    """The evidence for a topic's verdict as a chart (evidence.yaml); ``id`` is the topic's id."""

    id: str
    title: str
    kind: str
    note: str
    measure: str = ""
    numbers: tuple[EvidenceNumber, ...] = ()
    baseline: float | None = None
    baseline_label: str = ""
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ActivityItem:
    """A line of an activity: a claim to sort into a bin, or a choice (``best`` when it is right)."""

    text: str
    why: str
    answer: str = ""
    best: bool = False


@dataclass(frozen=True, slots=True)
class Activity:
    """A lesson's own activity (see ACTIVITY_KINDS): what the learner does, and the answers."""

    kind: str
    title: str
    prompt: str
    sources: tuple[str, ...]
    bins: tuple[str, ...] = ()
    items: tuple[ActivityItem, ...] = ()
    goal_days: int = 0
    goal_minutes: int = 0
    why: str = ""


@dataclass(frozen=True, slots=True)
class LessonPage:
    """What a topic's lesson teaches of its own (lesson_pages.yaml); ``id`` is the topic's id."""

    id: str
    intro: str
    person: str
    story: str
    ticks: tuple[str, ...]
    warning_tick: str
    warning_story: str
    activity: Activity
    #: What the learners' copies say before the activity in class (made-up people) and at home
    #: (the learner's own back): ``make learner-notebooks MODE=class|self`` keeps one of them.
    in_class: str
    at_home: str
    warning_heading: str = "A warning sign always comes first"


@dataclass(frozen=True, slots=True)
class CoverageTickSet:
    """One way a person would describe a cause: what they would say, and the boxes they would tick."""

    says: str
    ticks: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class HeldBackLine:
    """A checklist line short mode holds back: the checklist's id and the line's text, exactly."""

    checklist: str
    item: str


@dataclass(frozen=True, slots=True)
class ShortMode:
    """Short mode's settings (short_mode.yaml), for ages 13 to 15: how much advice and how many checklists
    show before "Show more", and what is for adults only (never shown in short mode). A field left out
    of the file takes the default here; a folder without the file gets the shipped file's settings."""

    #: How many pieces of advice show before "Show more".
    top_advice: int = 3
    #: How many checklists show before "Show more".
    checklists: int = 1
    #: Guidance ids never shown in short mode, even after "Show more".
    adults_only: tuple[str, ...] = ()
    #: Checklist lines held back the same way.
    adults_only_checklist_items: tuple[HeldBackLine, ...] = ()
    #: Shown instead, when something was held back (needed when anything is adults-only).
    adults_only_note: str = ""

    @property
    def adults_only_items(self) -> frozenset[tuple[str, str]]:
        """The held-back checklist lines as (checklist id, line text) pairs, for looking up."""
        return frozenset((line.checklist, line.item) for line in self.adults_only_checklist_items)


@dataclass(frozen=True, slots=True)
class CoverageRow:
    """A serious cause of back or neck pain (or a look-alike), the level it must get, and how people say it.

    Every load checks each tick set against the engine: deleting or downgrading the red flag that
    gives the level is refused, because the map says what the answer must be, apart from the flag.
    """

    id: str
    cause: str
    type: str
    guideline_name: str
    guideline_url: str
    level: str
    tick_sets: tuple[CoverageTickSet, ...]
    flags: tuple[str, ...] = ()
    note: str = ""


# ----------------------------------------------------------------------------- the teacher's files
# lessons.yaml, pack.yaml and safeguarding.yaml: read and checked with the rest of the content, used
# only by the teacher pack and the slides (``backlearn.content.teaching.load_teaching`` gathers them).


@dataclass(frozen=True, slots=True)
class Step:
    """One timed step of a lesson."""

    minutes: int
    activity: str
    details: str


@dataclass(frozen=True, slots=True)
class Misconception:
    """A wrong idea learners often hold, and what is true instead."""

    belief: str
    truth: str


@dataclass(frozen=True, slots=True)
class Prompt:
    """A question for the class with the answer a teacher is looking for, and (for an exit
    ticket) what to accept and what not to: the mark scheme."""

    question: str
    model_answer: str
    accept: str = ""
    reject: str = ""


@dataclass(frozen=True, slots=True)
class Demo:
    """What the teacher ticks on the projector, and the level the plan says it shows (a test runs
    the ticks through ``assess``, so the plan cannot promise a level the tool does not give)."""

    ticks: tuple[str, ...]
    level: str


@dataclass(frozen=True, slots=True)
class Lesson:
    """A lesson plan: objectives, timings, key points, misconceptions, prompts and an exit ticket."""

    id: str
    title: str
    minutes: int
    audience: str
    summary: str
    objectives: tuple[str, ...]
    prepare: tuple[str, ...]
    timings: tuple[Step, ...]
    key_points: tuple[str, ...]
    misconceptions: tuple[Misconception, ...]
    prompts: tuple[Prompt, ...]
    exit_ticket: tuple[Prompt, ...]
    cases: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    demo: tuple[Demo, ...] = ()
    success_criteria: tuple[str, ...] = ()
    support: tuple[str, ...] = ()
    stretch: tuple[str, ...] = ()
    baseline: Prompt | None = None

    @property
    def outline(self) -> str:
        """The lesson's shape on one line, e.g. '5 min Starter · 10 min The four levels · ...'."""
        return " · ".join(f"{step.minutes} min {step.activity}" for step in self.timings)


@dataclass(frozen=True, slots=True)
class NoteSection:
    """A heading of the safeguarding note with its points."""

    heading: str
    points: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Safeguarding:
    """What a teacher does before and during a lesson about health (pack.yaml's ``safeguarding``)."""

    title: str
    intro: str
    sections: tuple[NoteSection, ...]


@dataclass(frozen=True, slots=True)
class Letter:
    """The parent/carer letter template (pack.yaml's ``parent_letter``)."""

    title: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Poster:
    """The red-flag poster: which warning signs it shows (pack.yaml's ``poster``)."""

    title: str
    intro: str
    signs: tuple[str, ...]
    footer: str
    #: The line for young people (their own rule: see a doctor sooner).
    youth: str = ""
    #: Level id -> what to do, in words for a wall (not the explorer's, which speak of ticks).
    actions: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class PackWording:
    """The pack's lines that are not a page of their own (pack.yaml's ``wording``), so a teacher
    changes them without Python: the line at every page's foot, the credit under the quoted claims
    and the glossary sheet's heading for each group."""

    licence_line: str
    claim_attribution: str
    #: Glossary group id -> its heading on the glossary sheet, one for each of GLOSSARY_GROUPS.
    glossary_groups: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Pack:
    """pack.yaml: the teacher pack's own pages."""

    safeguarding: Safeguarding
    parent_letter: Letter
    poster: Poster
    wording: PackWording


@dataclass(frozen=True, slots=True)
class Helpline:
    """A helpline pupils can call or text, with the service's own page."""

    name: str
    number: str
    audience: str
    url: str

    @property
    def line(self) -> str:
        """'Childline: 0800 1111', as printed on the poster and the slides."""
        return f"{self.name}: {self.number}"


@dataclass(frozen=True, slots=True)
class RegionSafeguarding:
    """One region's part of the safeguarding note (safeguarding.yaml): who to go to, how fast, the
    reporting duty with its source, and helplines for pupils."""

    region: str
    go_to: str
    how_fast: str
    duty: str
    duty_title: str
    duty_url: str
    helplines: tuple[Helpline, ...]


@dataclass(frozen=True, slots=True)
class SafeguardingRegions:
    """safeguarding.yaml: the box a school checks against its policy, and each region's part, by region id."""

    check: str
    regions: dict[str, RegionSafeguarding]


@dataclass(frozen=True, slots=True)
class Content:
    """Everything loaded and validated from one content folder."""

    path: Path
    sources: dict[str, Source]
    levels: dict[str, Level]
    groups: dict[str, SymptomGroup]
    symptoms: dict[str, Symptom]
    red_flags: dict[str, RedFlag]
    screening: dict[str, ScreeningQuestion]
    topics: dict[str, Topic]
    guidance: dict[str, Guidance]
    checklists: dict[str, Checklist]
    quizzes: dict[str, QuizQuestion] = field(default_factory=dict)
    cases: dict[str, Case] = field(default_factory=dict)
    #: Emergency numbers and services by region id (regions.yaml).
    regions: dict[str, Region] = field(default_factory=dict)
    #: The region the text is filled in for; None while the text still has its placeholders.
    region: Region | None = None
    #: Words learners meet, explained (glossary.yaml), by id; the widgets link the words to them.
    glossary: dict[str, GlossaryEntry] = field(default_factory=dict)
    #: Each topic's evidence as a chart (evidence.yaml), by topic id.
    evidence: dict[str, EvidenceChart] = field(default_factory=dict)
    #: What each topic's lesson teaches of its own (lesson_pages.yaml), by topic id.
    lesson_pages: dict[str, LessonPage] = field(default_factory=dict)
    #: The can't-miss map (coverage.yaml), by row id: checked on every load of this content.
    coverage: dict[str, CoverageRow] = field(default_factory=dict)
    #: Short mode's settings (short_mode.yaml; the shipped file's when the folder has none).
    short_mode: ShortMode = field(default_factory=ShortMode)
    #: The teacher's lesson plans (lessons.yaml), by id.
    lessons: dict[str, Lesson] = field(default_factory=dict)
    #: The teacher pack's own pages (pack.yaml); None when the folder has no pack.yaml.
    pack: Pack | None = None
    #: The safeguarding note's parts by region (safeguarding.yaml); None when the folder has none.
    safeguarding: SafeguardingRegions | None = None

    def symptom_label(self, symptom_id: str) -> str:
        """The plain-words label of a symptom id."""
        return self.symptoms[symptom_id].label

    def warning_ids(self) -> frozenset[str]:
        """Ids of every warning-sign symptom."""
        return frozenset(s.id for s in self.symptoms.values() if s.warning)

    #: Each symptom id's place in the content, so ids can be put in content order by sorting.
    symptom_order: dict[str, int] = field(init=False, repr=False, compare=False)
    #: What is worked out from the fields on first use (the records are frozen; this dict is not).
    _memo: dict[str, Any] = field(init=False, repr=False, compare=False, default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "symptom_order", {sid: place for place, sid in enumerate(self.symptoms)})

    @property
    def red_flags_by_symptom(self) -> tuple[dict[str, tuple[RedFlag, ...]], tuple[RedFlag, ...]]:
        """The red flags whose rule names each symptom (as a sign or in a reassuring list), and
        those that must always be tried: the ones that hold with nothing ticked (reassurance
        ignored). A rule gives the same answer for any ticks it does not name as for nothing
        ticked, so only these can match: the engine's cost follows what was ticked, not the
        size of the content. Worked out once, on first use."""
        if "red_flags_by_symptom" not in self._memo:
            by_symptom: dict[str, list[RedFlag]] = {}
            always: list[RedFlag] = []
            names = self.red_flag_names
            for flag in self.red_flags.values():
                if evaluate(flag.when, frozenset(), ignore_reassurance=True) is not None:
                    always.append(flag)
                for symptom_id in names[flag.id]:
                    by_symptom.setdefault(symptom_id, []).append(flag)
            self._memo["red_flags_by_symptom"] = (
                {sid: tuple(flags) for sid, flags in by_symptom.items()}, tuple(always)
            )
        return self._memo["red_flags_by_symptom"]  # type: ignore[no-any-return]

    @property
    def red_flag_names(self) -> dict[str, frozenset[str]]:
        """Every symptom id each red flag's rule names, as a sign or in a reassuring list, by
        red flag id. Worked out once, on first use."""
        if "red_flag_names" not in self._memo:
            self._memo["red_flag_names"] = {
                flag.id: symptom_ids(flag.when) | symptom_ids(flag.when, reassuring=True)
                for flag in self.red_flags.values()
            }
        return self._memo["red_flag_names"]  # type: ignore[no-any-return]

    def red_flags_for(self, ticked: Iterable[str]) -> tuple[RedFlag, ...]:
        """The red flags that can match these ticks, in content order (see red_flags_by_symptom)."""
        by_symptom, always = self.red_flags_by_symptom
        chosen = {flag.id: flag for flag in always}
        for symptom_id in ticked:
            for flag in by_symptom.get(symptom_id, ()):
                chosen[flag.id] = flag
        order = self.red_flag_order
        return tuple(sorted(chosen.values(), key=lambda flag: order[flag.id]))

    @property
    def red_flag_order(self) -> dict[str, int]:
        """Each red flag id's place in the content."""
        if "red_flag_order" not in self._memo:
            self._memo["red_flag_order"] = {flag_id: place for place, flag_id in enumerate(self.red_flags)}
        return self._memo["red_flag_order"]  # type: ignore[no-any-return]

    def order_of(self, ids: Iterable[str]) -> tuple[str, ...]:
        """Known symptom ids in the order the content lists them (unknown ids dropped), so output is stable.

        Sorts the few ids by their place rather than scanning every symptom in the content, so
        the cost follows what was ticked, not the size of the content.
        """
        order = self.symptom_order
        return tuple(sorted({s for s in ids if s in order}, key=order.__getitem__))


