"""The checks across files, once all are read: every id named exists and is of the right kind."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from backlearn.content._reader import (
    _Reader,
)
from backlearn.content.errors import Problem, suggest
from backlearn.content.model import (
    Case,
    Guidance,
    RedFlag,
    ScreeningQuestion,
    Source,
    Symptom,
    Topic,
)


def _check_references(
    r: _Reader,
    sources: Mapping[str, Source],
    symptoms: Mapping[str, Symptom],
    topics: Mapping[str, Topic],
    red_flags: Mapping[str, RedFlag],
    screening: Mapping[str, ScreeningQuestion] | None = None,
    guidance: Mapping[str, Guidance] | None = None,
    cases: Mapping[str, Case] | None = None,
) -> None:
    """Every id a file names must exist, and reassuring patterns may not use warning signs."""
    warnings: dict[str, Any] = dict(red_flags)
    warnings.update({f.kind: f for f in red_flags.values() if f.kind})
    warnings.update({q.kind: q for q in (screening or {}).values() if q.kind})
    known: dict[str, Mapping[str, Any]] = {
        "red flag": red_flags,
        "warning kind": warnings,
        "source": sources,
        "symptom": symptoms,
        "reassuring symptom": symptoms,
        "warning symptom": symptoms,
        "topic": topics,
        "guidance": guidance or {},
        "case": cases or {},
    }
    defined_in = {"source": "sources.yaml", "topic": "topics.yaml", "warning kind": "red_flags.yaml",
                  "red flag": "red_flags.yaml", "guidance": "guidance.yaml", "case": "cases.yaml"}
    for file, line, field_name, kind, ref in r.refs:
        table = known[kind]
        if defined_in.get(kind, "symptoms.yaml") in r.failed:
            continue  # that file could not be read: one problem for it is enough, not one per reference
        if ref not in table:
            noun = "red-flag kind or id" if kind == "warning kind" else kind.split()[-1]
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


