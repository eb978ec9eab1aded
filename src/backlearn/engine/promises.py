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
from backlearn.content.regions import UnknownRegionError
from backlearn.content.rules import evaluate, symptom_ids
from backlearn.engine.questions import answers_that_count
from backlearn.engine.triage import level_of, match_red_flags, symptom_levels
from backlearn.settings import chosen_region

__all__ = ["CHECKS", "content_or_loaded", "load_content", "pinned_problems", "promise_problems"]


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


def pinned_problems(content: Content, at: ProblemAt) -> list[Problem]:
    """Content that weakens what it pinned: a warning sign that alone no longer reaches its pinned
    ``min_level``, a "check first" question below the signs it asks about, and a row of the can't-miss
    map (coverage.yaml) whose tick sets no longer get its level, or name none of its flags. So deleting
    or downgrading a red flag, or weakening a question, is refused even where no case study covers it.
    """
    problems: list[Problem] = []
    rank = LEVELS.index
    alone = symptom_levels(content)
    for sid, symptom in content.symptoms.items():
        if not symptom.warning:
            continue
        if not symptom.min_level:
            problems.append(at("symptoms.yaml", sid, "id", f"'{sid}' is a warning sign with no min_level; pin the "
                               "level it must reach on its own (emergency, urgent, soon or self_care)"))
            continue
        got = alone.get(sid, "self_care")
        if rank(got) < rank(symptom.min_level):
            problems.append(at("symptoms.yaml", sid, "min_level",
                               f"'{sid}' on its own now gives {got}, below its pinned {symptom.min_level}: a red flag "
                               "that gave it was deleted or lowered; put it back, or change the pin on purpose"))
    for question in content.screening.values():
        pins = [content.symptoms[s].min_level for s in question.asks_about
                if s in content.symptoms and content.symptoms[s].min_level not in ("", "self_care")]
        if pins and rank(question.level) < min(rank(p) for p in pins):
            lowest = min(pins, key=rank)
            problems.append(at("screening.yaml", question.id, "level",
                               f"a yes means {question.level}, but every sign it asks about is pinned at {lowest} or "
                               "above; a question may not be weaker than the signs it checks"))
    asked = {s for question in content.screening.values() for s in question.asks_about}
    for sid, symptom in content.symptoms.items():
        if symptom.asked_first and sid not in asked:
            problems.append(at("symptoms.yaml", sid, "asked_first",
                               f"'{sid}' is pinned to be asked first, but no question in screening.yaml asks about it "
                               "now; put the question back, or take the pin out on purpose"))
    flagged: set[str] = set()  # the flags a row names that one of its tick sets reaches
    for row in content.coverage.values():
        here: set[str] = set()
        for n, tick_set in enumerate(row.tick_sets, start=1):
            shown = answers_that_count(tick_set.ticks, content)
            if shown != frozenset(tick_set.ticks):
                continue  # a content problem the coverage tests name; the level is checked on what counts
            flags = match_red_flags(shown, content)
            # A flag counts as on the map where a row naming it reaches it at the row's own level.
            here.update({m.flag.id for m in flags if m.flag.level == row.level} & set(row.flags))
            got = level_of(shown, content)
            if got != row.level:
                problems.append(at("coverage.yaml", row.id, "level",
                                   f"tick set {n} ('{tick_set.says[:60]}') should get {row.level} ({row.cause}), but "
                                   f"backlearn gives {got}: a red flag was deleted or lowered, or a rule changed"))
            elif row.flags and not {m.flag.id for m in flags} & set(row.flags):
                problems.append(at("coverage.yaml", row.id, "flags",
                                   f"tick set {n} gets {got} but names none of {', '.join(row.flags)}"))
        flagged |= here
        for flag_id in row.flags:
            if flag_id in content.red_flags and flag_id not in here:
                problems.append(at("coverage.yaml", row.id, "flags",
                                   f"names '{flag_id}', but none of its tick sets reaches it at {row.level}: the flag "
                                   "was lowered or its rule narrowed, or the row needs a tick set for it"))
    if content.coverage:
        for flag in content.red_flags.values():
            if flag.level in ("emergency", "urgent") and flag.id not in flagged:
                problems.append(at("red_flags.yaml", flag.id, "id",
                                   f"'{flag.id}' ({flag.level}) is reached at its level by no row of the can't-miss "
                                   "map (coverage.yaml): it was lowered, or it needs a row (its flags, with tick sets "
                                   "that reach it)"))
    return problems


#: The checks ``load_content`` adds to the content's own.
CHECKS: tuple[Check, ...] = (promise_problems, pinned_problems)


def load_content(
    path: str | os.PathLike[str] | None = None, region: str | None = None, *, cache: bool = True
) -> Content:
    """Load and validate a content folder, the engine's promises included; raise ContentError listing
    every problem.

    With no path, ``$BACKLEARN_CONTENT`` or the content shipped with backlearn is used. The text comes
    filled in for ``region`` (a region id from regions.yaml); with none, for the region in use
    (``$BACKLEARN_REGION``, the learner's settings, else 'uk'; see
    :func:`backlearn.settings.chosen_region`). An unknown region raises UnknownRegionError (a
    ValueError) saying where it was chosen. Results are cached until a byte of a content file, or of
    the code reading or checking it, changes; ``cache=False`` (what ``backlearn validate`` uses) reads
    and checks every file afresh.
    """
    chosen = chosen_region(region)
    try:
        return _content.read_content(path, chosen[0] if chosen else None, cache=cache, checks=CHECKS)
    except UnknownRegionError as error:
        if chosen is None:
            raise
        raise UnknownRegionError(error.region, error.known, chosen[1]) from None


def content_or_loaded(content: Content | None) -> Content:
    """``content``, or when it is None the content :func:`load_content` gives (the default folder, in the
    region in use): what every function and widget taking an optional ``content`` starts with."""
    return content if content is not None else load_content()
