"""The content a teacher edits (data/*.yaml): typed records, loading and validation.

Loading checks everything before anything is used: every problem of a load is reported
together, each naming the file, the line, the field and what was expected.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from functools import cached_property, lru_cache
from pathlib import Path

from backlearn.located import Located, LocatedList
from backlearn.records import field, record
from backlearn.regions import (
    PLACEHOLDER,
    PLACEHOLDERS,
    Region,
    UnknownRegionError,
    chosen_region,
    literal_pattern,
    localize,
    service_literals,
)
from backlearn.rules import AllOf, AnyOf, AtLeast, NoneOf, Rule, Sym, symptom_ids

TYPE_CHECKING = False  # typing stays off the CLI's start-up path (benchmarks/README.md)
if TYPE_CHECKING:
    from typing import Any

CONTENT_ENV = "BACKLEARN_CONTENT"

#: Triage levels from least to most urgent. The order is the engine's, not the content's.
LEVELS: tuple[str, ...] = ("self_care", "soon", "urgent", "emergency")
FLAG_LEVELS: tuple[str, ...] = ("soon", "urgent", "emergency")
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
OPTIONAL_FILES: tuple[str, ...] = ("quizzes.yaml", "cases.yaml")

_ID = re.compile(r"^[a-z][a-z0-9_]*$")


# ----------------------------------------------------------------------------- records


@record
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


@record
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


@record
class Symptom:
    """Something a person can tick, in plain words."""

    id: str
    label: str
    group: str
    warning: bool
    help: str = ""


@record
class SymptomGroup:
    """A heading in the symptom chooser."""

    id: str
    label: str
    choose: str
    warning: bool
    symptoms: tuple[str, ...]


@record
class RedFlag:
    """A warning-sign rule with its triage level and what to do."""

    id: str
    name: str
    level: str
    when: Rule
    do: str
    why: str
    sources: tuple[str, ...]
    reassured_by: str = ""


@record
class ScreeningQuestion:
    """A question asked before self-care advice for upper back pain."""

    id: str
    question: str
    asks_about: tuple[str, ...]
    applies_to: tuple[str, ...]
    sources: tuple[str, ...]
    #: The level a "yes" means: a ticked sign that answers the question yes raises the answer to it.
    level: str = "urgent"


@record
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


@record
class Guidance:
    """A piece of advice: what to do or what to avoid, with its evidence."""

    id: str
    title: str
    kind: str
    text: str
    applies_to: tuple[str, ...]
    strength: str
    evidence: str
    sources: tuple[str, ...]
    #: Held back when one of these symptoms is ticked (listed as "not for you now", with why).
    avoid_if: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    #: Held back when one of these red flags matched, whatever ticks made it match.
    avoid_if_flags: tuple[str, ...] = ()
    #: Held back whenever the answer reaches this level (e.g. "urgent"), whatever made it so.
    avoid_at: str = ""


@record
class ChecklistItem:
    """One tickable line of a checklist; shown always, or only for some symptoms."""

    text: str
    applies_to: tuple[str, ...] = ()
    #: Left out when one of these symptoms is ticked, or one of these red flags matched.
    avoid_if: tuple[str, ...] = ()
    avoid_if_flags: tuple[str, ...] = ()
    #: Held back whenever the answer reaches this level (e.g. "urgent"), whatever made it so.
    avoid_at: str = ""


@record
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
    #: Never shown when one of these red flags matched (e.g. the massage checklist with a heart attack).
    avoid_if_flags: tuple[str, ...] = ()
    #: Held back whenever the answer reaches this level (e.g. "urgent"), whatever made it so.
    avoid_at: str = ""


# ----------------------------------------------------------------------------- quizzes and case studies


@record
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


@record
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


@record
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

    def symptom_label(self, symptom_id: str) -> str:
        """The plain-words label of a symptom id."""
        return self.symptoms[symptom_id].label

    def warning_ids(self) -> frozenset[str]:
        """Ids of every warning-sign symptom."""
        return frozenset(s.id for s in self.symptoms.values() if s.warning)

    @cached_property
    def symptom_order(self) -> dict[str, int]:
        """Each symptom id's place in the content, so ids can be put in content order by sorting."""
        return {symptom_id: place for place, symptom_id in enumerate(self.symptoms)}

    @cached_property
    def red_flags_by_symptom(self) -> tuple[dict[str, tuple[RedFlag, ...]], tuple[RedFlag, ...]]:
        """The red flags whose rule names each symptom (as a sign or in a reassuring list), and
        those that must always be tried: the ones that hold with nothing ticked (reassurance
        ignored). A rule gives the same answer for any ticks it does not name as for nothing
        ticked, so only these can match: the engine's cost follows what was ticked, not the
        size of the content."""
        from backlearn.rules import evaluate

        by_symptom: dict[str, list[RedFlag]] = {}
        always: list[RedFlag] = []
        for flag in self.red_flags.values():
            if evaluate(flag.when, frozenset(), ignore_reassurance=True) is not None:
                always.append(flag)
            for symptom_id in symptom_ids(flag.when) | symptom_ids(flag.when, reassuring=True):
                by_symptom.setdefault(symptom_id, []).append(flag)
        return {sid: tuple(flags) for sid, flags in by_symptom.items()}, tuple(always)

    def red_flags_for(self, ticked: Iterable[str]) -> tuple[RedFlag, ...]:
        """The red flags that can match these ticks, in content order (see red_flags_by_symptom)."""
        by_symptom, always = self.red_flags_by_symptom
        chosen = {flag.id: flag for flag in always}
        for symptom_id in ticked:
            for flag in by_symptom.get(symptom_id, ()):
                chosen[flag.id] = flag
        order = self.red_flag_order
        return tuple(sorted(chosen.values(), key=lambda flag: order[flag.id]))

    @cached_property
    def red_flag_order(self) -> dict[str, int]:
        """Each red flag id's place in the content."""
        return {flag_id: place for place, flag_id in enumerate(self.red_flags)}


# ----------------------------------------------------------------------------- errors


@record
class Problem:
    """One thing wrong with the content, and where."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}, line {self.line}"
        if self.field:
            where += f", field '{self.field}'"
        return f"{where}: {self.message}"


class ContentError(ValueError):
    """The content folder has problems; all of them are listed."""

    def __init__(self, problems: Iterable[Problem], folder: Path | None = None) -> None:
        self.problems = tuple(problems)
        self.folder = folder
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the content"
        if folder is not None:
            head += f" at {folder}"
        super().__init__(head + ":\n" + "\n".join(f"  - {p}" for p in self.problems))


def suggest(word: str, choices: Iterable[str]) -> str:
    """A '; did you mean ...?' hint, or an empty string."""
    import difflib  # only needed when something is wrong; kept off the start-up path

    close = difflib.get_close_matches(word, list(choices), n=3, cutoff=0.6)
    if not close:
        return ""
    return "; did you mean " + " or ".join(f"'{c}'" for c in close) + "?"


# ----------------------------------------------------------------------------- reading fields


class _Reader:
    """Collects problems while reading records, and references to check once all is read."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        # (file, line, field, kind, id): checked after every file is read.
        self.refs: list[tuple[str, int, str, str, str]] = []
        # (file, line, field, text): every learner-facing text, checked for placeholders at the end.
        self.texts: list[tuple[str, int, str, str]] = []
        self.file = ""
        # (file, id) -> the record, so checks made after reading can still name the line of a field.
        self.found: dict[tuple[str, str], Located] = {}
        # Files that could not be read or parsed: references into them are not reported again.
        self.failed: set[str] = set()

    def problem(self, line: int, field_name: str, message: str) -> None:
        self.problems.append(Problem(self.file, line, field_name, message))

    def absent(self, rec: Located, name: str, expected: str) -> None:
        """A required field that is missing, or present with nothing after the colon (YAML null)."""
        if name in rec:
            self.problem(rec.line_of(name), name, f"is empty; expected {expected}")
        else:
            self.problem(rec.line, name, f"missing; expected {expected}")

    def text(self, rec: Located, name: str, *, required: bool = True) -> str:
        value = rec.get(name)
        if value is None:
            if required:
                self.absent(rec, name, "some text")
            return ""
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.problem(rec.line_of(name), name, f"expected text, got {_kind(value)}")
            return ""
        text = str(value).strip()
        if required and not text:
            self.problem(rec.line_of(name), name, "is empty; expected some text")
        self.texts.append((self.file, rec.line_of(name), name, text))
        return text

    def choice(self, rec: Located, name: str, choices: tuple[str, ...], default: str = "") -> str:
        value = rec.get(name)
        if value is None:
            if default:
                return default
            self.absent(rec, name, f"one of {', '.join(choices)}")
            return ""
        if value not in choices:
            hint = suggest(str(value), choices) if isinstance(value, str) else ""
            self.problem(
                rec.line_of(name), name, f"expected one of {', '.join(choices)}; got {value!r}{hint}"
            )
            return ""
        return str(value)

    def optional_choice(self, rec: Located, name: str, choices: tuple[str, ...]) -> str:
        """One of ``choices``, or "" when the field is absent."""
        return self.choice(rec, name, choices) if name in rec else ""

    def integer(self, rec: Located, name: str, low: int, high: int) -> int:
        value = rec.get(name)
        if isinstance(value, bool) or not isinstance(value, int):
            got = "nothing" if value is None else repr(value)
            self.problem(rec.line_of(name), name, f"expected a whole number, got {got}")
            return 0
        if not low <= value <= high:
            self.problem(rec.line_of(name), name, f"expected a number from {low} to {high}, got {value}")
        return value

    def flag(self, rec: Located, name: str) -> bool:
        value = rec.get(name, False)
        if not isinstance(value, bool):
            self.problem(rec.line_of(name), name, f"expected true or false, got {value!r}")
            return False
        return value

    def ids(self, rec: Located, name: str, kind: str, *, required: bool = True) -> tuple[str, ...]:
        """A list of ids of ``kind`` (checked later), e.g. sources: [nice_ng59]."""
        value = rec.get(name)
        if value is None:
            if required:
                self.absent(rec, name, f"a list of {kind} ids")
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.problem(rec.line_of(name), name, f"expected a list of {kind} ids, got {_kind(value)}")
            return ()
        if required and not value:
            self.problem(rec.line_of(name), name, f"is empty; expected at least one {kind} id")
        found: list[str] = []
        for item in value:
            if not isinstance(item, str):
                self.problem(rec.line_of(name), name, f"expected a {kind} id, got {_kind(item)}")
                continue
            self.refs.append((self.file, rec.line_of(name), name, kind, item))
            found.append(item)
        return tuple(found)

    def record_id(self, rec: Located, seen: dict[str, int]) -> str | None:
        value = rec.get("id")
        if not isinstance(value, str) or not _ID.match(value):
            got = "nothing" if value is None else repr(value)
            self.problem(
                rec.line_of("id"), "id", f"expected an id of lower-case letters, digits and _, got {got}"
            )
            return None
        if value in seen:
            self.problem(rec.line_of("id"), "id", f"duplicate id '{value}' (first used on line {seen[value]})")
            return None
        seen[value] = rec.line_of("id")
        self.found.setdefault((self.file, value), rec)
        return value

    def unknown_fields(self, rec: Located, allowed: Iterable[str]) -> None:
        allowed = tuple(allowed)
        for key in rec:
            if key not in allowed:
                self.problem(
                    rec.line_of(key), key, f"unknown field; expected one of {', '.join(allowed)}"
                    + suggest(key, allowed)
                )

    def records(self, data: Any, what: str) -> list[Located]:
        """The list of mappings a file should hold."""
        if data is None:
            self.problem(1, "", f"the file is empty; expected a list of {what}")
            return []
        if not isinstance(data, LocatedList):
            self.problem(getattr(data, "line", 1), "", f"expected a list of {what}, got {_kind(data)}")
            return []
        found: list[Located] = []
        for item, line in zip(data, data.item_lines, strict=True):
            if isinstance(item, Located):
                found.append(item)
            else:
                self.problem(line, "", f"expected one of the {what} (a set of 'field: value' lines)")
        return found


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if value is None:
        return "nothing"
    return f"{type(value).__name__} {value!r}"


# ----------------------------------------------------------------------------- file parsers


def _parse_sources(r: _Reader, data: Any) -> dict[str, Source]:
    out: dict[str, Source] = {}
    seen: dict[str, int] = {}
    for rec in r.records(data, "sources"):
        r.unknown_fields(rec, ("id", "title", "by", "year", "kind", "url", "doi"))
        sid = r.record_id(rec, seen)
        url = r.text(rec, "url", required=False) or None
        doi = r.text(rec, "doi", required=False) or None
        if url is None and doi is None:
            r.problem(rec.line, "url", "missing; expected a url or a doi so readers can find the source")
        if url is not None and not url.startswith(("https://", "http://")):
            r.problem(rec.line_of("url"), "url", f"expected a web address starting https://, got {url!r}")
        if doi is not None and not doi.startswith("10."):
            r.problem(rec.line_of("doi"), "doi", f"expected a DOI starting '10.', got {doi!r}")
        source = Source(
            id=sid or "",
            title=r.text(rec, "title"),
            by=r.text(rec, "by"),
            year=r.integer(rec, "year", 1900, 2100),
            kind=r.choice(rec, "kind", SOURCE_KINDS),
            url=url,
            doi=doi,
        )
        if sid:
            out[sid] = source
    return out


#: Placeholders whose value must have a source: the numbers, and advice that changes an action.
_SOURCED = ("emergency_number", "aspirin_advice")


def _parse_regions(r: _Reader, data: Any) -> dict[str, Region]:
    out: dict[str, Region] = {}
    seen: dict[str, int] = {}
    services = tuple(p for p in PLACEHOLDERS if p != "region_name")
    for rec in r.records(data, "regions"):
        r.unknown_fields(rec, ("id", "name", *services, "sources"))
        rid = r.record_id(rec, seen)
        values = {"region_name": r.text(rec, "name")}
        for name in services:
            raw = rec.get(name)
            if isinstance(raw, int) and not isinstance(raw, bool):
                # YAML reads 000 as the number 0: a phone number must keep every digit.
                r.problem(rec.line_of(name), name, f'write the number in quotes, e.g. {name}: "{raw}", '
                          "so no leading zero is lost")
            values[name] = r.text(rec, name)
        for name, value in values.items():
            if PLACEHOLDER.search(value) or "{" in value or "}" in value:
                r.problem(rec.line_of(name), name, "a region's value is the text itself; it cannot hold braces")
        sources: dict[str, str] = {}
        raw_sources = rec.get("sources")
        if not isinstance(raw_sources, Located):
            r.problem(rec.line_of("sources"), "sources",
                      "expected a web address for each number, e.g. sources: {emergency_number: https://...}")
        else:
            r.unknown_fields(raw_sources, services)
            for name in raw_sources:
                link = raw_sources[name]
                if not isinstance(link, str) or not link.startswith("https://"):
                    r.problem(raw_sources.line_of(name), f"sources.{name}",
                              f"expected a web address starting https://, got {link!r}")
                else:
                    sources[name] = link
        for name in services:
            needs = name in _SOURCED or any(ch.isdigit() for ch in values.get(name, ""))
            if needs and name not in sources and isinstance(raw_sources, Located):
                r.problem(raw_sources.line, "sources", f"missing a source for {name} ({values.get(name, '')!r}); "
                          "expected the official web address that gives it")
        if rid:
            out[rid] = Region(id=rid, name=values["region_name"], values=values, sources=sources)
    if out and "uk" not in out:
        r.problem(1, "id", "expected a region 'uk': it is the default (the guidelines cited are NICE and NHS)")
    return out


def _check_texts(r: _Reader, regions: Mapping[str, Region]) -> None:
    """Every placeholder is known, and no service name or number is written out: it would be
    wrong in every other region."""
    literals = literal_pattern(service_literals(dict(regions)))
    known = tuple(PLACEHOLDERS)
    for file, line, field_name, text in r.texts:
        if file in ("sources.yaml", "regions.yaml"):
            continue  # citations name who wrote them; regions.yaml is where the literals belong
        for match in PLACEHOLDER.finditer(text):
            name = match.group(1)
            if name not in known:
                r.problems.append(Problem(file, line, field_name, f"unknown placeholder '{{{name}}}'"
                                          f"{suggest(name, known)} Expected one of: "
                                          + ", ".join(f"{{{k}}}" for k in known)))
        if PLACEHOLDER.sub("", text).count("{") or PLACEHOLDER.sub("", text).count("}"):
            r.problems.append(Problem(file, line, field_name,
                                      "a brace without its pair; braces are only for placeholders like "
                                      "{emergency_number}"))
        for match in literals.finditer(text):
            word = match.group(1)
            r.problems.append(Problem(
                file, line, field_name,
                f"'{word}' is a service name or number that differs by region; write a placeholder instead "
                f"(e.g. {{{_placeholder_for(word, regions)}}}) and give its value in regions.yaml"))


def _placeholder_for(word: str, regions: Mapping[str, Region]) -> str:
    """The placeholder whose value holds ``word`` somewhere, for the error's suggestion."""
    for region in regions.values():
        for name, value in region.values.items():
            if word in value:
                return name
    return "emergency_number" if word.replace(" ", "").isdigit() else "urgent_service"


def _parse_levels(r: _Reader, data: Any) -> dict[str, Level]:
    out: dict[str, Level] = {}
    if not isinstance(data, Located):
        r.problem(getattr(data, "line", 1), "", "expected the four levels: " + ", ".join(LEVELS))
        return out
    r.unknown_fields(data, LEVELS)
    for level_id in LEVELS:
        rec = data.get(level_id)
        if not isinstance(rec, Located):
            r.problem(data.line_of(level_id), level_id, "missing; expected label, headline and action")
            continue
        r.unknown_fields(rec, ("label", "headline", "headline_with_signs", "action"))
        out[level_id] = Level(
            id=level_id,
            label=r.text(rec, "label"),
            headline=r.text(rec, "headline"),
            action=r.text(rec, "action"),
            headline_with_signs=r.text(rec, "headline_with_signs", required=False),
        )
        if level_id == "emergency" and "{region_name}" not in out[level_id].action:
            # The number shown differs by region: name the region beside it so nobody is misled.
            r.problem(rec.line_of("action"), "action",
                      "the emergency action must name the region with {region_name}, e.g. "
                      "'({emergency_number} is the emergency number in {region_name}.)'")
    return out


def _parse_symptoms(r: _Reader, data: Any) -> tuple[dict[str, SymptomGroup], dict[str, Symptom]]:
    groups: dict[str, SymptomGroup] = {}
    symptoms: dict[str, Symptom] = {}
    seen_groups: dict[str, int] = {}
    seen: dict[str, int] = {}
    for grec in r.records(data, "symptom groups"):
        r.unknown_fields(grec, ("id", "label", "choose", "warning", "symptoms"))
        gid = r.record_id(grec, seen_groups)
        label = r.text(grec, "label")
        # Stated for every group: a pick-one group (an age, how long) left unmarked would let a learner
        # tick two answers that cannot both be true, so there is no silent default.
        choose = r.choice(grec, "choose", ("one", "many"))
        warning = r.flag(grec, "warning")
        members: list[str] = []
        items = grec.get("symptoms")
        if not isinstance(items, LocatedList) or not items:
            r.problem(grec.line_of("symptoms"), "symptoms", "expected a list of symptoms")
            items = LocatedList()
            items.item_lines = []
        for srec in r.records(items, "symptoms"):
            r.unknown_fields(srec, ("id", "label", "help"))
            sid = r.record_id(srec, seen)
            symptom = Symptom(
                id=sid or "",
                label=r.text(srec, "label"),
                group=gid or "",
                warning=warning,
                help=r.text(srec, "help", required=False),
            )
            if sid:
                symptoms[sid] = symptom
                members.append(sid)
        if gid:
            groups[gid] = SymptomGroup(gid, label, choose, warning, tuple(members))
    return groups, symptoms


_RULE_KEYS = ("any", "all", "none", "at_least", "fewer_than")

#: How deep rules may nest and how many items one rule may hold. Real rules are 3 levels and 20 items;
#: the bounds stop a mistaken or hostile file (deep nesting, a YAML alias bomb) from hanging validation.
MAX_RULE_DEPTH = 12
MAX_RULE_ITEMS = 500


def _parse_rule(r: _Reader, value: Any, line: int, *, inside_all: bool = False, depth: int = 0,
                budget: list[int] | None = None) -> Rule | None:
    budget = [MAX_RULE_ITEMS] if budget is None else budget  # items left; below 0 once reported
    if budget[0] < 0:
        return None
    budget[0] -= 1
    if depth > MAX_RULE_DEPTH or budget[0] < 0:
        r.problem(line, "when", f"the rule is nested more than {MAX_RULE_DEPTH} deep or has more than "
                  f"{MAX_RULE_ITEMS} items; expected a short rule (split it into several red flags)")
        budget[0] = -1
        return None
    if isinstance(value, str):
        r.refs.append((r.file, line, "when", "symptom", value))
        return Sym(value)
    if not isinstance(value, Located) or len(value) != 1:
        r.problem(
            getattr(value, "line", line),
            "when",
            "expected a symptom id, or exactly one of any: [...], all: [...], none: [...], "
            "at_least: {count: N, of: [...]}, fewer_than: {count: N, of: [...]}",
        )
        return None
    (key, items), = value.items()
    key_line = value.line_of(key)
    if key not in _RULE_KEYS:
        r.problem(key_line, "when", f"expected any, all, none, at_least or fewer_than, got '{key}'"
                  + suggest(key, _RULE_KEYS))
        return None
    count = 1
    if key in ("at_least", "fewer_than"):
        if not isinstance(items, Located) or set(items) != {"count", "of"}:
            r.problem(key_line, "when", f"'{key}' expects count: N and of: [...]")
            return None
        count = items["count"]
        if not isinstance(count, int) or isinstance(count, bool) or count < 1:
            r.problem(items.line_of("count"), "when", f"'{key}' count must be a whole number of 1 or more, "
                      f"got {count!r}")
            return None
        items = items["of"]
    if not isinstance(items, LocatedList) or not items:
        r.problem(key_line, "when", f"'{key}' needs a list with at least one item")
        return None
    if key in ("none", "fewer_than"):
        if not inside_all:
            r.problem(key_line, "when", f"'{key}' can only be used inside 'all' "
                      "(a reassuring pattern qualifies a sign)")
            return None
        ids: list[str] = []
        for item, item_line in zip(items, items.item_lines, strict=True):
            if not isinstance(item, str):
                r.problem(item_line, "when", f"'{key}' takes symptom ids only")
                continue
            r.refs.append((r.file, item_line, "when", "reassuring symptom", item))
            ids.append(item)
        return NoneOf(tuple(ids), below=count)
    parsed: list[Rule] = []
    # An 'any' directly inside an 'all' may hold reassuring parts too: the 'all' still needs a sign.
    child_inside_all = key == "all" or (key == "any" and inside_all)
    for item, item_line in zip(items, items.item_lines, strict=True):
        rule = _parse_rule(r, item, item_line, inside_all=child_inside_all, depth=depth + 1, budget=budget)
        if budget[0] < 0:
            return None
        if rule is not None:
            parsed.append(rule)
    if key == "all" and parsed and all(_only_reassuring(p) for p in parsed):
        r.problem(key_line, "when", "'all' needs at least one sign besides 'none'")
    if key == "at_least":
        if count > len(parsed):
            r.problem(key_line, "when", f"'at_least' count {count} is more than its {len(parsed)} items")
        return AtLeast(count, tuple(parsed))
    return AllOf(tuple(parsed)) if key == "all" else AnyOf(tuple(parsed))


def _only_reassuring(rule: Rule) -> bool:
    """True for a reassuring part (or an 'any' of them), which cannot make a rule match alone."""
    if isinstance(rule, NoneOf):
        return True
    return isinstance(rule, AnyOf) and all(_only_reassuring(p) for p in rule.items)


def _parse_red_flags(r: _Reader, data: Any) -> dict[str, RedFlag]:
    out: dict[str, RedFlag] = {}
    seen: dict[str, int] = {}
    fields = ("id", "name", "level", "when", "do", "why", "reassured_by", "sources")
    for rec in r.records(data, "red flags"):
        r.unknown_fields(rec, fields)
        fid = r.record_id(rec, seen)
        if "when" not in rec:
            r.problem(rec.line, "when", "missing; expected the rule that says when this flag matches")
            rule = None
        else:
            rule = _parse_rule(r, rec["when"], rec.line_of("when"))
        flag = RedFlag(
            id=fid or "",
            name=r.text(rec, "name"),
            level=r.choice(rec, "level", FLAG_LEVELS),
            when=rule or AnyOf(()),
            do=r.text(rec, "do"),
            why=r.text(rec, "why"),
            sources=r.ids(rec, "sources", "source"),
            reassured_by=r.text(rec, "reassured_by", required=False),
        )
        if rule is not None and symptom_ids(rule, reassuring=True) and not flag.reassured_by:
            r.problem(rec.line, "reassured_by", "missing; a rule with 'none' must say what the reassuring pattern is")
        if fid and rule is not None:
            out[fid] = flag
    return out


def _parse_screening(r: _Reader, data: Any) -> dict[str, ScreeningQuestion]:
    out: dict[str, ScreeningQuestion] = {}
    seen: dict[str, int] = {}
    for rec in r.records(data, "screening questions"):
        r.unknown_fields(rec, ("id", "question", "level", "asks_about", "applies_to", "sources"))
        qid = r.record_id(rec, seen)
        question = ScreeningQuestion(
            id=qid or "",
            question=r.text(rec, "question"),
            asks_about=r.ids(rec, "asks_about", "warning symptom"),
            applies_to=r.ids(rec, "applies_to", "symptom"),
            sources=r.ids(rec, "sources", "source"),
            level=r.choice(rec, "level", FLAG_LEVELS),
        )
        if qid:
            out[qid] = question
    return out


def _parse_topics(r: _Reader, data: Any) -> dict[str, Topic]:
    out: dict[str, Topic] = {}
    seen: dict[str, int] = {}
    fields = (
        "id", "number", "notebook", "question", "page_claim", "verdict", "verdict_reason",
        "answer", "strength", "sources", "symptoms",
    )
    for rec in r.records(data, "topics"):
        r.unknown_fields(rec, fields)
        tid = r.record_id(rec, seen)
        notebook = r.text(rec, "notebook")
        if notebook and not notebook.endswith(".ipynb"):
            r.problem(rec.line_of("notebook"), "notebook", f"expected a file name ending .ipynb, got {notebook!r}")
        topic = Topic(
            id=tid or "",
            number=r.integer(rec, "number", 1, 99),
            notebook=notebook,
            question=r.text(rec, "question"),
            page_claim=r.text(rec, "page_claim"),
            verdict=r.choice(rec, "verdict", VERDICTS),
            verdict_reason=r.text(rec, "verdict_reason"),
            answer=r.text(rec, "answer"),
            strength=r.choice(rec, "strength", STRENGTHS),
            sources=r.ids(rec, "sources", "source"),
            symptoms=r.ids(rec, "symptoms", "symptom"),
        )
        if tid:
            out[tid] = topic
    return out


def _parse_guidance(r: _Reader, data: Any) -> dict[str, Guidance]:
    out: dict[str, Guidance] = {}
    seen: dict[str, int] = {}
    fields = (
        "id", "title", "kind", "text", "applies_to", "avoid_if", "avoid_if_flags", "avoid_at", "topics",
        "strength",
        "evidence", "sources",
    )
    for rec in r.records(data, "guidance items"):
        r.unknown_fields(rec, fields)
        gid = r.record_id(rec, seen)
        item = Guidance(
            id=gid or "",
            title=r.text(rec, "title"),
            kind=r.choice(rec, "kind", GUIDANCE_KINDS),
            text=r.text(rec, "text"),
            applies_to=r.ids(rec, "applies_to", "symptom"),
            strength=r.choice(rec, "strength", STRENGTHS),
            evidence=r.text(rec, "evidence"),
            sources=r.ids(rec, "sources", "source"),
            avoid_if=r.ids(rec, "avoid_if", "symptom", required=False),
            topics=r.ids(rec, "topics", "topic", required=False),
            avoid_if_flags=r.ids(rec, "avoid_if_flags", "red flag", required=False),
            avoid_at=r.optional_choice(rec, "avoid_at", FLAG_LEVELS),
        )
        if gid:
            out[gid] = item
    return out


def _parse_checklists(r: _Reader, data: Any) -> dict[str, Checklist]:
    out: dict[str, Checklist] = {}
    seen: dict[str, int] = {}
    for rec in r.records(data, "checklists"):
        r.unknown_fields(
            rec, (
                "id", "title", "intro", "applies_to", "avoid_if", "avoid_if_flags", "avoid_at", "topics",
                "sources", "items",
            ),
        )
        cid = r.record_id(rec, seen)
        raw_items = rec.get("items")
        items: list[ChecklistItem] = []
        if not isinstance(raw_items, LocatedList) or not raw_items:
            r.problem(rec.line_of("items"), "items", "expected a list of items, each with a 'text'")
        else:
            for irec in r.records(raw_items, "checklist items"):
                r.unknown_fields(irec, ("text", "applies_to", "avoid_if", "avoid_if_flags", "avoid_at"))
                items.append(
                    ChecklistItem(
                        text=r.text(irec, "text"),
                        applies_to=r.ids(irec, "applies_to", "symptom", required=False),
                        avoid_if=r.ids(irec, "avoid_if", "symptom", required=False),
                        avoid_if_flags=r.ids(irec, "avoid_if_flags", "red flag", required=False),
                        avoid_at=r.optional_choice(irec, "avoid_at", FLAG_LEVELS),
                    )
                )
        checklist = Checklist(
            id=cid or "",
            title=r.text(rec, "title"),
            applies_to=r.ids(rec, "applies_to", "symptom"),
            items=tuple(items),
            sources=r.ids(rec, "sources", "source"),
            intro=r.text(rec, "intro", required=False),
            topics=r.ids(rec, "topics", "topic", required=False),
            avoid_if=r.ids(rec, "avoid_if", "symptom", required=False),
            avoid_if_flags=r.ids(rec, "avoid_if_flags", "red flag", required=False),
            avoid_at=r.optional_choice(rec, "avoid_at", FLAG_LEVELS),
        )
        if cid:
            out[cid] = checklist
    return out


# ----------------------------------------------------------------------------- quizzes and case studies (parsers)


def _parse_quizzes(r: _Reader, data: Any) -> dict[str, QuizQuestion]:
    out: dict[str, QuizQuestion] = {}
    seen: dict[str, int] = {}
    fields = ("id", "topic", "kind", "question", "choices", "answer", "explanation", "sources")
    for rec in r.records(data, "quiz questions"):
        r.unknown_fields(rec, fields)
        qid = r.record_id(rec, seen)
        topic = r.text(rec, "topic")
        if topic:
            r.refs.append((r.file, rec.line_of("topic"), "topic", "topic", topic))
        kind = r.choice(rec, "kind", QUIZ_KINDS)
        choices, answer = _quiz_choices(r, rec, kind)
        question = QuizQuestion(
            id=qid or "",
            topic=topic,
            kind=kind,
            question=r.text(rec, "question"),
            choices=choices,
            answer=answer,
            explanation=r.text(rec, "explanation"),
            sources=r.ids(rec, "sources", "source"),
        )
        if qid:
            out[qid] = question
    return out


def _quiz_choices(r: _Reader, rec: Located, kind: str) -> tuple[tuple[str, ...], int]:
    """The choices and the index of the right one. The file names the answer by its text
    (multiple choice) or as true or false, so reordering choices never changes the answer."""
    raw_answer = rec.get("answer")
    if kind == "true_false":
        if "choices" in rec:
            r.problem(rec.line_of("choices"), "choices",
                      "a true_false question takes no choices (they are True and False)")
        if not isinstance(raw_answer, bool):
            got = "nothing" if raw_answer is None else repr(raw_answer)
            r.problem(rec.line_of("answer"), "answer", f"expected true or false, got {got}")
            return TRUE_FALSE, 0
        return TRUE_FALSE, 0 if raw_answer else 1
    if kind != "multiple_choice":
        return (), 0
    raw = rec.get("choices")
    if not isinstance(raw, list) or not 2 <= len(raw) <= 6:
        r.problem(rec.line_of("choices"), "choices", "expected a list of 2 to 6 choices")
        return (), 0
    choices: list[str] = []
    for item in raw:
        if isinstance(item, bool) or not isinstance(item, (str, int, float)) or not str(item).strip():
            r.problem(rec.line_of("choices"), "choices", f"expected each choice to be some text, got {_kind(item)}")
            continue
        text = str(item).strip()
        r.texts.append((r.file, rec.line_of("choices"), "choices", text))
        if text in choices:
            r.problem(rec.line_of("choices"), "choices", f"the choice {text!r} is listed twice")
        choices.append(text)
    if raw_answer is None or isinstance(raw_answer, bool) or not isinstance(raw_answer, (str, int, float)):
        got = "nothing" if raw_answer is None else _kind(raw_answer)
        r.problem(rec.line_of("answer"), "answer",
                  f"expected the text of the right choice, copied from choices; got {got}")
        return tuple(choices), 0
    answer = str(raw_answer).strip()
    if answer not in choices:
        r.problem(
            rec.line_of("answer"), "answer",
            f"{answer!r} is not one of the choices; expected the right choice's text, copied exactly"
            + suggest(answer, choices),
        )
        return tuple(choices), 0
    return tuple(choices), choices.index(answer)


def _parse_cases(r: _Reader, data: Any, groups: Mapping[str, SymptomGroup]) -> dict[str, Case]:
    out: dict[str, Case] = {}
    seen: dict[str, int] = {}
    fields = (
        "id", "title", "person", "region", "story", "symptoms", "expected_triage", "teaching_point", "sources",
    )
    for rec in r.records(data, "case studies"):
        r.unknown_fields(rec, fields)
        cid = r.record_id(rec, seen)
        person = rec.get("person")
        if not isinstance(person, Located):
            r.problem(rec.line_of("person"), "person", "expected name, age and an optional about, e.g. "
                      "person: {name: Priya, age: 34, about: works in an office}")
            person = Located()
            person.line, person.key_lines = rec.line_of("person"), {}
        else:
            r.unknown_fields(person, ("name", "age", "about"))
        case = Case(
            id=cid or "",
            title=r.text(rec, "title"),
            name=r.text(person, "name"),
            age=r.integer(person, "age", 1, 120),
            about=r.text(person, "about", required=False),
            region=r.choice(rec, "region", BACK_REGIONS),
            story=r.text(rec, "story"),
            symptoms=r.ids(rec, "symptoms", "symptom"),
            expected_triage=r.choice(rec, "expected_triage", LEVELS),
            teaching_point=r.text(rec, "teaching_point"),
            sources=r.ids(rec, "sources", "source"),
        )
        # One symptom per 'pick one' group (one age, one duration), as the chooser allows.
        for group in groups.values():
            picked = [s for s in case.symptoms if s in group.symptoms]
            if group.choose == "one" and len(picked) > 1:
                r.problem(rec.line_of("symptoms"), "symptoms",
                          f"ticks {', '.join(picked)}; the group '{group.id}' allows only one")
        if cid:
            out[cid] = case
    return out


# ----------------------------------------------------------------------------- loading


def default_content_dir() -> Path:
    """The content folder used when none is given: $BACKLEARN_CONTENT, else the shipped one."""
    env = os.environ.get(CONTENT_ENV)
    if env:
        return Path(env).expanduser()
    # An installed wheel carries the content as backlearn/data. Path(__file__) finds it on disk
    # at no cost; importlib.resources (which imports zipfile and tempfile, a tenth of the CLI's
    # start-up) is kept for a package that is not on disk, such as one imported from a zip.
    packaged = Path(__file__).resolve().parent / "data"
    if packaged.is_dir():
        return packaged
    # Editable install or source checkout: the content lives at the repository's top.
    checkout = Path(__file__).resolve().parents[2] / "data"
    if checkout.is_dir():
        return checkout
    return _resource_data_dir()


def _resource_data_dir() -> Path:
    """The packaged content through importlib.resources, copied out as real files.

    Python 3.11's ``resources.as_file`` cannot hand out a folder inside a zip, so the files are
    copied to a folder named after the package's location: the same each run, so the
    content cache still applies.
    """
    import hashlib
    import tempfile
    from importlib import resources

    from backlearn.files import write_bytes_atomically

    source = resources.files("backlearn") / "data"
    key = hashlib.sha256(str(source).encode("utf-8")).hexdigest()[:16]
    target = Path(tempfile.gettempdir()) / f"backlearn-content-{key}"
    for entry in source.iterdir():
        if not entry.is_file():
            continue
        data, copy = entry.read_bytes(), target / entry.name
        if not copy.is_file() or copy.read_bytes() != data:  # unchanged files keep their times
            write_bytes_atomically(copy, data)
    return target


def load_content(
    path: str | os.PathLike[str] | None = None, region: str | None = None, *, cache: bool = True
) -> Content:
    """Load and validate a content folder; raise ContentError listing every problem.

    With no path, ``$BACKLEARN_CONTENT`` or the content shipped with backlearn is used. The
    text comes filled in for ``region`` (a region id from regions.yaml); with none, for the
    region in use (``$BACKLEARN_REGION``, the learner's settings, else 'uk'; see
    :mod:`backlearn.regions`). An unknown region raises UnknownRegionError (a ValueError).
    Results are cached until a byte of a content file, or of the code reading it, changes;
    ``cache=False`` (what ``backlearn validate`` uses) reads and checks every file afresh.
    """
    folder = Path(path).expanduser() if path is not None else default_content_dir()
    folder = folder.resolve()
    if not folder.is_dir():
        raise ContentError([Problem(str(folder), 0, "", "content folder not found")])
    region_id, where = chosen_region(region)
    if not cache:
        return _for_region(_load(folder), region_id, where)
    return _load_for_region(folder, _fingerprint(folder), region_id, where)


@lru_cache(maxsize=32)
def _load_for_region(folder: Path, fingerprint: str, region_id: str, where: str) -> Content:
    """The validated content filled in for one region, with a disk-cache file of its own per region
    (so a command does no filling in); the content with its placeholders is cached as before."""
    cacheable = bool(_ID.match(region_id))  # a region id names a cache file: never an odd one
    if cacheable:
        cached = _read_disk_cache(folder, f"{fingerprint} {region_id}", variant=region_id)
        if cached is not None and cached.region is not None and cached.region.id == region_id:
            return cached
    result = _for_region(_load_cached(folder, fingerprint), region_id, where)
    if cacheable:
        _write_disk_cache(folder, f"{fingerprint} {region_id}", result, variant=region_id)
    return result


def _for_region(content: Content, region_id: str, where: str) -> Content:
    """``content`` with every text filled in for the region (its placeholders stay in ``regions``)."""
    if region_id not in content.regions:
        raise UnknownRegionError(region_id, list(content.regions), where)
    region = content.regions[region_id]
    filled = {spec.name: localize(getattr(content, spec.name), region)
              for spec in Content.__record_fields__  # type: ignore[attr-defined]
              if spec.name not in ("path", "regions", "region")}
    return Content(path=content.path, regions=content.regions, region=region, **filled)


#: Content files larger than this are refused unread (the shipped ones are about 50 kB together).
MAX_FILE_BYTES = 5_000_000


class _Checksum:
    """CRC-32 and Adler-32 together (64 bits) over everything fed in: zlib is already loaded for the
    cache file's name, and hashlib's start-up would cost the CLI more than all the hashing. It guards
    against stale content, not against an attacker (the cache folder must be the user's own)."""

    def __init__(self) -> None:
        self.crc, self.adler = 0, 1

    def update(self, data: bytes) -> None:
        import zlib

        self.crc = zlib.crc32(data, self.crc)
        self.adler = zlib.adler32(data, self.adler)

    def hexdigest(self) -> str:
        return f"{self.crc:08x}{self.adler:08x}"


def _fingerprint(folder: Path) -> str:
    """A checksum of the bytes of every YAML file in the folder (and how each non-file entry looks) and
    of the code that reads them: any edit, however it keeps times and sizes, gives a new key."""
    import stat

    digest = _Checksum()
    digest.update(_code_fingerprint().encode("ascii"))
    try:
        names = sorted(entry.name for entry in os.scandir(folder) if entry.name.endswith((".yaml", ".yml")))
    except OSError as error:
        names = [f"<unlistable {error.errno}>"]
    for name in names:
        digest.update(b"\0" + name.encode("utf-8", "surrogateescape") + b"\0")
        try:
            info = os.stat(folder / name)
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:  # never open a pipe or device
                digest.update(f"<not read: mode {info.st_mode:o}, {info.st_size} bytes>".encode())
                continue
            data = (folder / name).read_bytes()
            digest.update(f"{len(data)}:".encode() + data)
        except OSError as error:
            digest.update(f"<unreadable {error.errno}>".encode())
    return digest.hexdigest()


_CODE: list[str] = []


def _code_fingerprint() -> str:
    """A checksum of every module of this package (the reading code and what it builds), once per process."""
    if not _CODE:
        digest = _Checksum()
        digest.update(f"{sys.version_info[:2]}".encode())
        here = Path(__file__).resolve().parent
        for module in sorted(here.glob("*.py")):
            data = module.read_bytes()
            digest.update(f"{module.name}:{len(data)}:".encode() + data)
        _CODE.append(digest.hexdigest())
    return _CODE[0]


@lru_cache(maxsize=8)
def _load_cached(folder: Path, fingerprint: str) -> Content:
    cached = _read_disk_cache(folder, fingerprint)
    if cached is not None:
        return cached
    content = _load(folder)  # raises ContentError: nothing invalid is ever cached
    _write_disk_cache(folder, fingerprint, content)
    return content


# ----------------------------------------------------------------------------- the disk cache
# Parsing and checking every file takes longer than the rest of a `backlearn assess` run, so a
# validated Content is kept in the user's cache folder as JSON (never pickle: loading a pickle runs
# code, and a cache folder may be shared), keyed on the folder and a hash of the bytes of every
# content file and of the code. BACKLEARN_CACHE=off turns it off; any other value names the folder.
# A folder that others can write, or that is not the user's own, is not used. A cache file that
# cannot be read is ignored and written again; older files for the same folder are removed.

CACHE_ENV = "BACKLEARN_CACHE"


def _cache_dir() -> Path | None:
    setting = os.environ.get(CACHE_ENV, "")
    if setting.lower() in ("off", "0", "no", "false"):
        return None
    if setting:
        return Path(setting).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    if os.name == "posix" and sys.platform != "darwin":
        return Path(xdg or Path.home() / ".cache") / "backlearn"
    import platformdirs

    return Path(platformdirs.user_cache_dir("backlearn", appauthor=False))


def _private(folder: Path) -> bool:
    """True when only this user can put files in ``folder`` (POSIX); a shared folder is not trusted."""
    if not hasattr(os, "getuid"):
        return True
    try:
        info = folder.stat()
    except OSError:
        return False
    return info.st_uid == os.getuid() and not info.st_mode & 0o022


def _cache_file(folder: Path, variant: str = "") -> Path | None:
    where = _cache_dir()
    if where is None:
        return None
    import zlib  # a short name only: the full key is stored in the file and compared on reading

    # ``variant``: a region id (checked to be one), for the content filled in for that region.
    return where / f"content-{zlib.crc32(str(folder).encode('utf-8')):08x}{'-' + variant if variant else ''}.json"


def _read_disk_cache(folder: Path, fingerprint: str, variant: str = "") -> Content | None:
    try:
        file = _cache_file(folder, variant)
        if file is None or not file.exists() or not _private(file.parent):
            return None
        import json

        from backlearn.content_json import from_json

        stored = json.loads(file.read_text(encoding="utf-8"))
        if stored.get("key") != [str(folder), fingerprint]:
            return None
        content = from_json(stored["content"])
    except Exception:  # a damaged or foreign cache file is only a missed shortcut
        return None
    if not isinstance(content, Content) or content.path != folder:
        return None
    return content


def _write_disk_cache(folder: Path, fingerprint: str, content: Content, variant: str = "") -> None:
    try:
        file = _cache_file(folder, variant)
        if file is None:
            return
        file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not _private(file.parent):
            return
        import json

        from backlearn.content_json import to_json
        from backlearn.files import write_atomically

        # One file per content folder (and per region filled in): a new edit replaces the old entry.
        write_atomically(file, json.dumps({"key": [str(folder), fingerprint], "content": to_json(content)}))
    except Exception:  # a read-only or full disk: carry on without the cache
        return


def _read_file(reader: _Reader, folder: Path, name: str) -> Any:
    """One content file parsed, or None after recording one clear problem (the file is then 'failed')."""
    import stat

    from backlearn.yamlfile import YamlSyntaxError, read_yaml  # PyYAML only when files are parsed

    file = folder / name
    required = name in REQUIRED_FILES

    def fail(line: int, message: str) -> None:
        reader.problems.append(Problem(name, line, "", message))
        reader.failed.add(name)

    try:
        info = os.stat(file)
    except FileNotFoundError:
        if file.is_symlink():
            fail(0, f"a link to {os.readlink(file)}, which does not exist; expected the file itself")
        elif required:
            fail(0, "file missing; every content folder needs it")
        return None
    except OSError as error:  # a symlink loop, a name too long, a folder we may not enter
        fail(0, f"cannot be opened ({error.strerror or error}); expected a readable file")
        return None
    if stat.S_ISDIR(info.st_mode):
        fail(0, "is a folder; expected a YAML file")
        return None
    if not stat.S_ISREG(info.st_mode):
        fail(0, "is not a regular file (a pipe or device?); expected a YAML file")
        return None
    if info.st_size > MAX_FILE_BYTES:
        fail(0, f"is {info.st_size:,} bytes; expected a content file under {MAX_FILE_BYTES:,} bytes")
        return None
    try:
        return read_yaml(file)
    except YamlSyntaxError as error:
        fail(error.line, error.problem)
    except UnicodeDecodeError as error:
        line = file.read_bytes()[: error.start].count(b"\n") + 1
        fail(line, "not readable as UTF-8 text; save the file as UTF-8")
    except RecursionError:
        fail(0, "is nested too deeply to read; expected a few levels of lists and fields")
    except OSError as error:
        fail(0, f"cannot be read ({error.strerror or error})")
    return None


def _load(folder: Path) -> Content:
    reader = _Reader()
    raw: dict[str, Any] = {}
    for name in REQUIRED_FILES + OPTIONAL_FILES:
        data = _read_file(reader, folder, name)
        if name not in reader.failed and (folder / name).exists():
            raw[name] = data

    def parse(name: str, parser: Callable[[_Reader, Any], Any], empty: Any) -> Any:
        if name not in raw:
            return empty
        reader.file = name
        return parser(reader, raw[name])

    sources = parse("sources.yaml", _parse_sources, {})
    regions = parse("regions.yaml", _parse_regions, {})
    levels = parse("levels.yaml", _parse_levels, {})
    groups, symptoms = parse("symptoms.yaml", _parse_symptoms, ({}, {}))
    red_flags = parse("red_flags.yaml", _parse_red_flags, {})
    screening = parse("screening.yaml", _parse_screening, {})
    topics = parse("topics.yaml", _parse_topics, {})
    guidance = parse("guidance.yaml", _parse_guidance, {})
    checklists = parse("checklists.yaml", _parse_checklists, {})
    quizzes = parse("quizzes.yaml", _parse_quizzes, {})
    cases = parse("cases.yaml", lambda r, data: _parse_cases(r, data, groups), {})

    _check_references(reader, sources, symptoms, topics, red_flags)
    _check_texts(reader, regions)
    content = Content(
        path=folder,
        sources=sources,
        levels=levels,
        groups=groups,
        symptoms=symptoms,
        red_flags=red_flags,
        screening=screening,
        topics=topics,
        guidance=guidance,
        checklists=checklists,
        quizzes=quizzes,
        cases=cases,
        regions=regions,
    )
    if not reader.problems:  # the safety checks need content that is otherwise whole
        from backlearn.content_safety import safety_problems

        reader.problems.extend(safety_problems(content, reader.found))
    if reader.problems:
        raise ContentError(reader.problems, folder)
    return content


def _check_references(
    r: _Reader,
    sources: Mapping[str, Source],
    symptoms: Mapping[str, Symptom],
    topics: Mapping[str, Topic],
    red_flags: Mapping[str, RedFlag],
) -> None:
    """Every id a file names must exist, and reassuring patterns may not use warning signs."""
    known: dict[str, Mapping[str, Any]] = {
        "red flag": red_flags,
        "source": sources,
        "symptom": symptoms,
        "reassuring symptom": symptoms,
        "warning symptom": symptoms,
        "topic": topics,
    }
    defined_in = {"source": "sources.yaml", "topic": "topics.yaml"}
    for file, line, field_name, kind, ref in r.refs:
        table = known[kind]
        if defined_in.get(kind, "symptoms.yaml") in r.failed:
            continue  # that file could not be read: one problem for it is enough, not one per reference
        if ref not in table:
            noun = kind.split()[-1]
            r.problems.append(
                Problem(file, line, field_name, f"unknown {noun} '{ref}'{suggest(ref, table)}")
            )
            continue
        if kind == "reassuring symptom" and symptoms[ref].warning:
            r.problems.append(
                Problem(
                    file, line, field_name,
                    f"'{ref}' is a warning sign; a reassuring 'none' list may only name symptoms "
                    "that are not warning signs (a warning sign must never lower the level)",
                )
            )
        if kind == "warning symptom" and not symptoms[ref].warning:
            r.problems.append(
                Problem(file, line, field_name, f"'{ref}' is not a warning sign; expected warning-sign symptoms")
            )
