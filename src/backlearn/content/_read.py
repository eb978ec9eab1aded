"""Reading a content folder from its files: every file parsed (with line numbers) and checked, on a
cache miss (:mod:`backlearn.content._loader` keeps the result)."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

from backlearn.content._cache import MAX_FILE_BYTES
from backlearn.content._parse import (
    _CASES,
    _CHECKLISTS,
    _EVIDENCE,
    _GUIDANCE,
    _LESSON_PAGES,
    _QUIZZES,
    _RED_FLAGS,
    _SCREENING,
    _SOURCES,
    _TOPICS,
    _check_lessons,
    _check_references,
    _check_texts,
    _evidence_is_drawable,
    _Kind,
    _one_per_pick_one_group,
    _parse,
    _parse_glossary,
    _parse_levels,
    _parse_regions,
    _parse_symptoms,
    _Reader,
)
from backlearn.content._safety import Check
from backlearn.content.errors import ContentError, Problem
from backlearn.content.model import OPTIONAL_FILES, REQUIRED_FILES, Content

__all__ = ["read_folder"]


def _read_file(reader: _Reader, folder: Path, name: str) -> Any:
    """One content file parsed, or None after recording one clear problem (the file is then 'failed')."""
    import stat

    from backlearn.content._yaml import YamlSyntaxError, read_yaml  # PyYAML only when files are parsed

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


def read_folder(folder: Path, checks: tuple[Check, ...] = ()) -> Content:
    """Every content file of ``folder`` read, parsed and checked; ContentError lists every problem."""
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

    def kind(of: _Kind) -> Callable[[_Reader, Any], dict[str, Any]]:
        return lambda r, data: _parse(of, r, data)

    sources = parse("sources.yaml", kind(_SOURCES), {})
    regions = parse("regions.yaml", _parse_regions, {})
    levels = parse("levels.yaml", _parse_levels, {})
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
    _check_lessons(reader, topics, evidence, lesson_pages, raw)

    _check_references(reader, sources, symptoms, topics, red_flags, screening)
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
        glossary=glossary,
        evidence=evidence,
        lesson_pages=lesson_pages,
    )
    if not reader.problems:  # the safety checks need content that is otherwise whole
        from backlearn.content._safety import safety_problems

        reader.problems.extend(safety_problems(content, reader.found, checks))
    if reader.problems:
        raise ContentError(reader.problems, folder)
    return content
