"""The teacher's content (data/lessons.yaml, glossary.yaml, pack.yaml): typed records, loading, validation.

The glossary itself is read with the learner content (:class:`backlearn.content.model.GlossaryEntry`),
because the widgets link its words where they appear; here the pack only requires the file.

Kept apart from :mod:`backlearn.content` because only the pack and ``backlearn validate`` read it,
so the engine, the widgets and ``backlearn assess`` never parse these files. Problems are reported
the same way: every one at once, each with the file, the line, the field and what was expected.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from backlearn.content._located import Located, LocatedList
from backlearn.content._parse import _Reader, _texts
from backlearn.content.errors import ContentError, Problem, suggest
from backlearn.content.model import LEVELS, Content, GlossaryEntry

__all__ = [
    "TEACHING_FILES",
    "Demo",
    "Lesson",
    "Letter",
    "Misconception",
    "Poster",
    "Prompt",
    "Safeguarding",
    "Section",
    "Step",
    "TeachingContent",
    "load_teaching",
]

TEACHING_FILES: tuple[str, ...] = ("lessons.yaml", "glossary.yaml", "pack.yaml")


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
class Section:
    """A heading with its points (the safeguarding note is made of these)."""

    heading: str
    points: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Safeguarding:
    """What a teacher does before and during a lesson about health."""

    title: str
    intro: str
    sections: tuple[Section, ...]


@dataclass(frozen=True, slots=True)
class Letter:
    """The parent/carer letter template."""

    title: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Poster:
    """The red-flag poster: which warning signs it shows."""

    title: str
    intro: str
    signs: tuple[str, ...]
    footer: str
    #: The line for young people (their own rule: see a doctor sooner).
    youth: str = ""
    #: Level id -> what to do, in words for a wall (not the explorer's, which speak of ticks).
    actions: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class TeachingContent:
    """The teacher's content, checked against the learner content it refers to."""

    content: Content
    lessons: dict[str, Lesson]
    glossary: dict[str, GlossaryEntry]
    safeguarding: Safeguarding
    letter: Letter
    poster: Poster


# ----------------------------------------------------------------------------- reading


def _mappings(r: _Reader, rec: Located, name: str, fields: tuple[str, ...]) -> list[Located]:
    """A list of small mappings with exactly ``fields`` (each required)."""
    value = rec.get(name)
    if not isinstance(value, LocatedList) or not value:
        r.problem(rec.line_of(name), name, f"expected a list of {{{', '.join(fields)}}} items")
        return []
    found: list[Located] = []
    for item, line in zip(value, value.item_lines, strict=True):
        if not isinstance(item, Located):
            r.problem(line, name, f"expected an item with {', '.join(fields)}")
            continue
        r.unknown_fields(item, fields)
        found.append(item)
    return found


def _pairs(r: _Reader, rec: Located, name: str, first: str, second: str) -> list[tuple[str, str]]:
    return [(r.text(item, first), r.text(item, second)) for item in _mappings(r, rec, name, (first, second))]


_LESSON_FIELDS = (
    "id", "title", "minutes", "audience", "summary", "objectives", "prepare", "timings", "key_points",
    "misconceptions", "prompts", "exit_ticket", "cases", "topics", "demo", "success_criteria", "support",
    "stretch", "baseline",
)


def _exit_ticket(r: _Reader, rec: Located) -> tuple[Prompt, ...]:
    """Exit-ticket questions, each with its model answer and an optional mark scheme."""
    value = rec.get("exit_ticket")
    if not isinstance(value, LocatedList) or not value:
        r.problem(rec.line_of("exit_ticket"), "exit_ticket", "expected a list of {question, model_answer} items")
        return ()
    out = []
    for item, line in zip(value, value.item_lines, strict=True):
        if not isinstance(item, Located):
            r.problem(line, "exit_ticket", "expected an item with question, model_answer (and accept, reject)")
            continue
        r.unknown_fields(item, ("question", "model_answer", "accept", "reject"))
        out.append(Prompt(r.text(item, "question"), r.text(item, "model_answer"),
                          r.text(item, "accept", required=False), r.text(item, "reject", required=False)))
    return tuple(out)


def _demo(r: _Reader, rec: Located) -> tuple[Demo, ...]:
    """The projector demo's steps: each {ticks: [symptom ids], level: a level id}."""
    value = rec.get("demo")
    if value is None:
        return ()
    if not isinstance(value, LocatedList):
        r.problem(rec.line_of("demo"), "demo", "expected a list of {ticks, level} items")
        return ()
    out = []
    for item, line in zip(value, value.item_lines, strict=True):
        if not isinstance(item, Located):
            r.problem(line, "demo", "expected an item with ticks and level")
            continue
        r.unknown_fields(item, ("ticks", "level"))
        level = r.text(item, "level")
        if level and level not in LEVELS:
            r.problem(item.line_of("level"), "demo.level",
                      f"unknown level '{level}'{suggest(level, LEVELS)} Expected one of: {', '.join(LEVELS)}")
        out.append(Demo(r.ids(item, "ticks", "symptom"), level))
    return tuple(out)


def _baseline(r: _Reader, rec: Located) -> Prompt | None:
    value = rec.get("baseline")
    if value is None:
        return None
    if not isinstance(value, Located):
        r.problem(rec.line_of("baseline"), "baseline", "expected {question, model_answer}")
        return None
    r.unknown_fields(value, ("question", "model_answer"))
    return Prompt(r.text(value, "question"), r.text(value, "model_answer"))


def _parse_lessons(r: _Reader, data: Any) -> dict[str, Lesson]:
    out: dict[str, Lesson] = {}
    seen: dict[str, int] = {}
    for rec in r.records(data, "lessons"):
        r.unknown_fields(rec, _LESSON_FIELDS)
        lid = r.record_id(rec, seen)
        minutes = r.integer(rec, "minutes", 5, 240)
        steps = tuple(
            Step(r.integer(item, "minutes", 1, 240), r.text(item, "activity"), r.text(item, "details"))
            for item in _mappings(r, rec, "timings", ("minutes", "activity", "details"))
        )
        total = sum(step.minutes for step in steps)
        if steps and minutes and total != minutes:
            r.problem(rec.line_of("timings"), "timings",
                      f"the steps add up to {total} minutes; expected {minutes} (the lesson's minutes)")
        lesson = Lesson(
            id=lid or "",
            title=r.text(rec, "title"),
            minutes=minutes,
            audience=r.text(rec, "audience"),
            summary=r.text(rec, "summary"),
            objectives=_texts(r, rec, "objectives"),
            prepare=_texts(r, rec, "prepare"),
            timings=steps,
            key_points=_texts(r, rec, "key_points"),
            misconceptions=tuple(Misconception(*pair) for pair in _pairs(r, rec, "misconceptions", "belief", "truth")),
            prompts=tuple(Prompt(*pair) for pair in _pairs(r, rec, "prompts", "question", "model_answer")),
            exit_ticket=_exit_ticket(r, rec),
            cases=r.ids(rec, "cases", "case", required=False),
            topics=r.ids(rec, "topics", "topic", required=False),
            demo=_demo(r, rec),
            success_criteria=_texts(r, rec, "success_criteria", required=False),
            support=_texts(r, rec, "support", required=False),
            stretch=_texts(r, rec, "stretch", required=False),
            baseline=_baseline(r, rec),
        )
        if lid:
            out[lid] = lesson
    return out


def _part(r: _Reader, data: Any, name: str, fields: tuple[str, ...]) -> Located:
    """One top-level part of pack.yaml, e.g. safeguarding."""
    part = data.get(name) if isinstance(data, Located) else None
    if not isinstance(part, Located):
        line = data.line_of(name) if isinstance(data, Located) else 1
        r.problem(line, name, f"missing; expected {', '.join(fields)}")
        part = Located()
        part.line, part.key_lines = line, {}
        return part
    r.unknown_fields(part, fields)
    return part


def _parse_pack(r: _Reader, data: Any) -> tuple[Safeguarding, Letter, Poster]:
    if isinstance(data, Located):
        r.unknown_fields(data, ("safeguarding", "parent_letter", "poster"))
    rec = _part(r, data, "safeguarding", ("title", "intro", "sections"))
    sections = tuple(
        Section(r.text(item, "heading"), _texts(r, item, "points"))
        for item in _mappings(r, rec, "sections", ("heading", "points"))
    )
    safeguarding = Safeguarding(r.text(rec, "title"), r.text(rec, "intro"), sections)
    rec = _part(r, data, "parent_letter", ("title", "paragraphs"))
    letter = Letter(r.text(rec, "title"), _texts(r, rec, "paragraphs"))
    rec = _part(r, data, "poster", ("title", "intro", "signs", "footer", "youth", "actions"))
    actions: list[tuple[str, str]] = []
    raw = rec.get("actions")
    if isinstance(raw, Located):
        r.unknown_fields(raw, LEVELS)
        actions = [(level, r.text(raw, level)) for level in LEVELS]
    elif raw is not None:
        r.problem(rec.line_of("actions"), "actions", f"expected one text for each level: {', '.join(LEVELS)}")
    poster = Poster(r.text(rec, "title"), r.text(rec, "intro"), r.ids(rec, "signs", "warning symptom"),
                    r.text(rec, "footer"), r.text(rec, "youth", required=False), tuple(actions))
    return safeguarding, letter, poster


def _check_refs(r: _Reader, content: Content) -> None:
    known: dict[str, Mapping[str, Any]] = {
        "case": content.cases, "topic": content.topics, "source": content.sources,
        "symptom": content.symptoms, "warning symptom": content.symptoms,
    }
    for file, line, field_name, kind, ref in r.refs:
        table = known[kind]
        if ref not in table:
            r.problems.append(Problem(file, line, field_name,
                                      f"unknown {kind.split()[-1]} '{ref}'{suggest(ref, table)}"))
        elif kind == "warning symptom" and not content.symptoms[ref].warning:
            r.problems.append(Problem(file, line, field_name,
                                      f"'{ref}' is not a warning sign; the poster shows warning signs only"))


def load_teaching(content: Content) -> TeachingContent:
    """Load and check the teacher's content of the folder ``content`` was loaded from (by
    ``backlearn.load_content``, so it is checked in full); raise ContentError listing every problem."""
    from backlearn.content._read import FileProblem, checked_file, read_content_file

    folder = content.path
    reader = _Reader()
    needed = "the teacher pack needs it"
    raw = {name: read_content_file(reader, folder, name, missing=needed) for name in ("lessons.yaml", "pack.yaml")}
    try:  # read and checked with the rest of the content (the widgets use it too); here it must be there
        checked_file(folder / "glossary.yaml", missing=needed)
    except FileProblem as problem:
        reader.problems.append(Problem("glossary.yaml", problem.line, "", problem.message))
    if reader.problems:
        raise ContentError(reader.problems, folder)
    reader.file = "lessons.yaml"
    lessons = _parse_lessons(reader, raw["lessons.yaml"])
    glossary = content.glossary  # read and checked with the rest of the content (the widgets use it too)
    reader.file = "pack.yaml"
    safeguarding, letter, poster = _parse_pack(reader, raw["pack.yaml"])
    _check_refs(reader, content)
    if reader.problems:
        raise ContentError(reader.problems, folder)
    return TeachingContent(content, lessons, glossary, safeguarding, letter, poster)
