"""What the engine promises about any content, checked as the content is loaded; and ``load_content``,
the content loader with those checks (what ``backlearn.load_content`` is, and what every layer above
the content uses).

Content checks its own rules as it loads (``backlearn.content``). These two need the engine, so they
live here and are handed to the loader as ``checks``; the content package never imports the engine:

- every case study's expected level is the level the engine gives its symptoms;
- no non-warning tick lowers a sign that on its own means an emergency.

They run on a fresh parse, before anything is cached (a warm cache only ever holds content that
passed them), and the cache keeps content loaded with them apart from content loaded without.
"""

from __future__ import annotations

import os

from backlearn import content as _content
from backlearn.content import LEVELS, Check, Content, Problem, ProblemAt
from backlearn.content.rules import evaluate, symptom_ids
from backlearn.engine.questions import answers_that_count
from backlearn.engine.triage import level_of, symptom_levels

__all__ = ["CHECKS", "load_content", "promise_problems"]


def promise_problems(content: Content, at: ProblemAt) -> list[Problem]:
    """Every case study whose level is not the engine's, and every tick that cancels an emergency."""
    problems: list[Problem] = []
    for case in content.cases.values():
        hidden = sorted(set(case.symptoms) - answers_that_count(case.symptoms, content))
        if hidden:
            problems.append(at("cases.yaml", case.id, "symptoms",
                               f"ticks {', '.join(hidden)}, which the form does not show with the other ticks "
                               "(see its shown_if in symptoms.yaml); tick what makes it shown, or take it out"))
        got = level_of(case.symptoms, content)
        if got != case.expected_triage:
            problems.append(at("cases.yaml", case.id, "expected_triage",
                               f"expected_triage is {case.expected_triage}, but backlearn gives {got} for these "
                               "symptoms; correct the case or the red flags"))
    # Only a reassuring pattern can lower a level: a second tick can cancel the emergency only by
    # being in the reassuring list of a red flag that gives it, so those are the ticks to try
    # (trying every reassuring symptom made loading large content cubic in its size).
    for sid, level in symptom_levels(content).items():
        if level != LEVELS[-1]:
            continue
        giving = [f for f in content.red_flags_for((sid,)) if f.level == level and evaluate(f.when, {sid}) is not None]
        for other in sorted(set().union(*(symptom_ids(f.when, reassuring=True) for f in giving))):
            got = level_of((sid, other), content)
            if got != level:
                problems.append(at("symptoms.yaml", sid, "id", f"'{sid}' on its own means {level}, but ticking "
                                   f"'{other}' as well gives {got}; an emergency sign must never be cancelled"))
    return problems


#: The checks ``load_content`` adds to the content's own.
CHECKS: tuple[Check, ...] = (promise_problems,)


def load_content(
    path: str | os.PathLike[str] | None = None, region: str | None = None, *, cache: bool = True
) -> Content:
    """Load and validate a content folder, the engine's promises included; raise ContentError listing
    every problem.

    With no path, ``$BACKLEARN_CONTENT`` or the content shipped with backlearn is used. The text comes
    filled in for ``region`` (a region id from regions.yaml); with none, for the region in use
    (``$BACKLEARN_REGION``, the learner's settings, else 'uk'; see :mod:`backlearn.content.regions`).
    An unknown region raises UnknownRegionError (a ValueError). Results are cached until a byte of a
    content file, or of the code reading or checking it, changes; ``cache=False`` (what
    ``backlearn validate`` uses) reads and checks every file afresh.
    """
    return _content.load_content(path, region, cache=cache, checks=CHECKS)
