"""Reading a content folder from its files: every file parsed (with line numbers) and checked, on a
cache miss (:mod:`backlearn.content._loader` keeps the result)."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Mapping
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from backlearn.content._cache import MAX_FILE_BYTES
from backlearn.content._safety import Check
from backlearn.content.errors import ContentError, Problem
from backlearn.content.model import LEVELS, OPTIONAL_FILES, REQUIRED_FILES, Checklist, Content, Guidance, ShortMode

if TYPE_CHECKING:
    from backlearn.content._reader import _Reader

__all__ = ["FileProblem", "checked_file", "parsed_file", "read_content_file", "read_folder"]


class FileProblem(Exception):
    """A content file that cannot be read as one: the line (0 for the whole file) and what is wrong."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def checked_file(file: Path, *, missing: str = "") -> bool:
    """True when ``file`` is a regular file small enough to read; False when it is absent and ``missing``
    is empty (an optional file). Raise FileProblem for anything else: a missing required file (``missing``
    says why it is needed), a link that leads nowhere or in a loop, a folder, a pipe or device (never
    opened, so never a hang), a file over MAX_FILE_BYTES."""
    try:
        info = os.stat(file)
    except FileNotFoundError:
        if file.is_symlink():
            raise FileProblem(0, f"a link to {os.readlink(file)}, which does not exist; expected the file itself") \
                from None
        if missing:
            raise FileProblem(0, f"file missing; {missing}") from None
        return False
    except OSError as error:  # a symlink loop, a name too long, a folder we may not enter
        raise FileProblem(0, f"cannot be opened ({error.strerror or error}); expected a readable file") from None
    if stat.S_ISDIR(info.st_mode):
        raise FileProblem(0, "is a folder; expected a YAML file")
    if not stat.S_ISREG(info.st_mode):
        raise FileProblem(0, "is not a regular file (a pipe or device?); expected a YAML file")
    if info.st_size > MAX_FILE_BYTES:
        raise FileProblem(0, f"is {info.st_size:,} bytes; expected a content file under {MAX_FILE_BYTES:,} bytes")
    return True


def parsed_file(file: Path) -> Any:
    """The YAML of a file :func:`checked_file` passed, with line numbers; FileProblem naming the line
    for a syntax error, a byte that is not UTF-8, nesting too deep to read, or a read error."""
    from backlearn.content._yaml import YamlSyntaxError, read_yaml  # PyYAML only when files are parsed

    try:
        return read_yaml(file)
    except YamlSyntaxError as error:
        raise FileProblem(error.line, error.problem) from None
    except UnicodeDecodeError as error:
        line = file.read_bytes()[: error.start].count(b"\n") + 1
        raise FileProblem(line, "not readable as UTF-8 text; save the file as UTF-8") from None
    except RecursionError:
        raise FileProblem(_deepest_line(file), "is nested too deeply to read; expected a few levels of lists "
                          "and fields") from None
    except OSError as error:
        raise FileProblem(0, f"cannot be read ({error.strerror or error})") from None


def _deepest_line(file: Path, depth: int = 50) -> int:
    """The first line where brackets or indentation nest more than ``depth`` levels (1 if none does)."""
    try:
        text = file.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return 0
    level = 0
    for number, line in enumerate(text.splitlines(), 1):
        if len(line) - len(line.lstrip(" -")) > 2 * depth:
            return number
        for char in line:
            level += (char in "[{") - (char in "]}")
            if level > depth:
                return number
    return 1


def read_content_file(reader: _Reader, folder: Path, name: str, *, missing: str | None = None) -> Any:
    """One content file parsed, or None after recording one clear problem (the file is then 'failed').
    ``missing`` is what a missing file is told (by default: required files must be there, others may
    be left out). Every content file is read through here: the learner content, the teacher's
    lessons.yaml and pack.yaml, and short_mode.yaml."""
    if missing is None:
        missing = "every content folder needs it" if name in REQUIRED_FILES else ""
    try:
        if checked_file(folder / name, missing=missing):
            return parsed_file(folder / name)
    except FileProblem as problem:
        reader.problems.append(Problem(name, problem.line, "", problem.message))
        reader.failed.add(name)
    return None


#: The files other files refer into, and what each defines.
_DEFINES = {"sources.yaml": "sources", "symptoms.yaml": "symptoms", "red_flags.yaml": "red flags",
            "topics.yaml": "topics"}


def read_folder(folder: Path, checks: tuple[Check, ...] = ()) -> Content:
    """Every content file of ``folder`` read, parsed and checked; ContentError lists every problem."""
    from backlearn.content._glossary_regions import (
        _check_glossary_regions,
        _check_texts,
        _parse_glossary,
        _parse_regions,
    )
    from backlearn.content._kinds_guidance import (
        _CASES,
        _CHECKLISTS,
        _GUIDANCE,
        _QUIZZES,
        _SOURCES,
        _TOPICS,
        _one_per_pick_one_group,
    )
    from backlearn.content._kinds_safety import _RED_FLAGS, _SCREENING
    from backlearn.content._kinds_symptoms import _LEVEL, _parse_symptoms
    from backlearn.content._kinds_teacher import (
        _COVERAGE,
        _EVIDENCE,
        _LESSON_PAGES,
        _check_lessons,
        _evidence_is_drawable,
        _parse_short_mode,
    )
    from backlearn.content._reader import _Kind, _parse, _parse_keyed, _Reader
    from backlearn.content._references import _check_references

    reader = _Reader()
    raw: dict[str, Any] = {}
    for name in REQUIRED_FILES + OPTIONAL_FILES:
        data = read_content_file(reader, folder, name)
        if name not in reader.failed and (folder / name).exists():
            raw[name] = data

    def parse(name: str, parser: Callable[[_Reader, Any], Any], empty: Any) -> Any:
        if name not in raw:
            return empty
        reader.file = name
        before = len(reader.problems)
        result = parser(reader, raw[name])
        what = _DEFINES.get(name)
        if what and not (result[-1] if isinstance(result, tuple) else result):
            # A file that defines nothing: one problem for it, and no 'unknown id' for every reference into it.
            if len(reader.problems) == before:
                reader.problem(getattr(raw[name], "line", 1), "", f"defines no {what}; expected at least one")
            reader.failed.add(name)
        return result

    def kind(of: _Kind) -> Callable[[_Reader, Any], dict[str, Any]]:
        return lambda r, data: _parse(of, r, data)

    sources = parse("sources.yaml", kind(_SOURCES), {})
    regions = parse("regions.yaml", _parse_regions, {})
    levels = parse("levels.yaml", partial(_parse_keyed, _LEVEL, keys=LEVELS), {})
    groups, symptoms = parse("symptoms.yaml", _parse_symptoms, ({}, {}))
    red_flags = parse("red_flags.yaml", kind(_RED_FLAGS), {})
    screening = parse("screening.yaml", kind(_SCREENING), {})
    topics = parse("topics.yaml", kind(_TOPICS), {})
    guidance = parse("guidance.yaml", kind(_GUIDANCE), {})
    checklists = parse("checklists.yaml", kind(_CHECKLISTS), {})
    quizzes = parse("quizzes.yaml", kind(_QUIZZES), {})
    cases = parse("cases.yaml", kind(replace(_CASES, after=partial(_one_per_pick_one_group, groups))), {})
    glossary = parse("glossary.yaml", _parse_glossary, {})
    evidence = parse("evidence.yaml", kind(replace(_EVIDENCE, after=partial(_evidence_is_drawable, topics))), {})
    lesson_pages = parse("lesson_pages.yaml", kind(_LESSON_PAGES), {})
    coverage = parse("coverage.yaml", kind(_COVERAGE), {})
    _check_lessons(reader, topics, evidence, lesson_pages, raw)
    from backlearn.content._parse_teaching import _LESSONS, _parse_pack, _parse_safeguarding

    lessons = parse("lessons.yaml", kind(_LESSONS), {})
    pack = parse("pack.yaml", _parse_pack, None)
    safeguarding = parse("safeguarding.yaml", partial(_parse_safeguarding, regions), None)
    if os.path.lexists(folder / "short_mode.yaml"):  # a link that leads nowhere is the teacher's, and reported
        short_mode = parse("short_mode.yaml", partial(_parse_short_mode, checklists), ShortMode())
    else:
        short_mode = _shipped_short_mode(guidance, checklists)

    _check_references(reader, sources, symptoms, topics, red_flags, screening, guidance, cases)
    _check_texts(reader, regions)
    _check_glossary_regions(reader, glossary, regions)
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
        glossary=glossary,
        evidence=evidence,
        lesson_pages=lesson_pages,
        coverage=coverage,
        short_mode=short_mode,
        lessons=lessons,
        pack=pack,
        safeguarding=safeguarding,
    )
    if not reader.problems:  # the safety checks need content that is otherwise whole
        from backlearn.content._safety import safety_problems

        reader.problems.extend(safety_problems(content, reader.found, checks))
    if reader.problems:
        raise ContentError(reader.problems, folder)
    return content


def _shipped_short_mode(guidance: Mapping[str, Guidance], checklists: Mapping[str, Checklist]) -> ShortMode:
    """The shipped short_mode.yaml's settings, for a folder without its own (a copy made before short mode
    existed), keeping only the guidance and checklist lines this folder has."""
    from backlearn.content._kinds_teacher import _parse_short_mode
    from backlearn.content._reader import _Reader
    from backlearn.places import shipped_content

    scratch = _Reader()  # the shipped file is checked with the shipped content; here what fits is kept
    scratch.file = "short_mode.yaml"
    try:
        path = shipped_content() / "short_mode.yaml"
        data = parsed_file(path) if checked_file(path) else None
    except FileProblem:
        return ShortMode()
    mode = _parse_short_mode(checklists, scratch, data) if data is not None else ShortMode()
    return replace(mode, adults_only=tuple(g for g in mode.adults_only if g in guidance))
