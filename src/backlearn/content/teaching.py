"""The teacher's content gathered for the teacher pack and the slides: the lesson plans (lessons.yaml),
the pack's own pages (pack.yaml) and the glossary, checked against the learner content they refer to.

The files are read and checked with every other content file (:mod:`backlearn.content`), so they get
the same messages, the same cache and the same ``backlearn validate``; a learner-only copy may leave
them out. Here :func:`load_teaching` requires them, because the pack needs them.
"""

from __future__ import annotations

from dataclasses import dataclass

from backlearn.content.errors import ContentError, Problem
from backlearn.content.model import Content, GlossaryEntry, Lesson, Letter, PackWording, Poster, Safeguarding

__all__ = ["TEACHING_FILES", "TeachingContent", "load_teaching"]

TEACHING_FILES: tuple[str, ...] = ("lessons.yaml", "glossary.yaml", "pack.yaml")


@dataclass(frozen=True, slots=True)
class TeachingContent:
    """The teacher's content, checked against the learner content it refers to."""

    content: Content
    lessons: dict[str, Lesson]
    glossary: dict[str, GlossaryEntry]
    safeguarding: Safeguarding
    letter: Letter
    poster: Poster
    wording: PackWording


def load_teaching(content: Content) -> TeachingContent:
    """The teacher's content of ``content`` (loaded by ``backlearn.load_content``, so checked in full);
    ContentError naming each of lessons.yaml, glossary.yaml and pack.yaml the folder lacks."""
    from backlearn.content._read import FileProblem, checked_file

    problems: list[Problem] = []
    for name in TEACHING_FILES:
        try:
            checked_file(content.path / name, missing="the teacher pack needs it")
        except FileProblem as problem:
            problems.append(Problem(name, problem.line, "", problem.message))
    if problems or content.pack is None:
        raise ContentError(problems or [Problem("pack.yaml", 0, "", "file missing; the teacher pack needs it")],
                           content.path)
    pack = content.pack
    return TeachingContent(content, content.lessons, content.glossary, pack.safeguarding, pack.parent_letter,
                           pack.poster, pack.wording)
