"""Case studies: a learner reads a short story, picks a triage level and ticks symptoms, then
compares with what backlearn says and why.

Cases live in ``data/cases.yaml`` (parsed and validated by ``backlearn.content``). This module
is pure logic and never imports widgets; the notebook widget is ``backlearn.CaseStudy`` (in
``backlearn.widgets.case_study``), so the CLI never loads ipywidgets.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from backlearn.content import HELP_FIRST_LEVELS, LEVELS, Case, Content, suggest
from backlearn.engine.assessment import Assessment, assess, check_symptoms
from backlearn.sections import headline, labels

__all__ = [
    "Attempt",
    "CaseRow",
    "CaseTally",
    "case_table",
    "case_table_text",
    "compare",
    "get_case",
    "tally_cases",
]


def get_case(case_id: str, content: Content) -> Case:
    """The case with this id; a KeyError suggests close ids."""
    if case_id not in content.cases:
        raise KeyError(f"unknown case '{case_id}'{suggest(case_id, content.cases)}")
    return content.cases[case_id]


@dataclass(frozen=True, slots=True)
class Attempt:
    """A learner's answer to a case, next to what backlearn says for the case's symptoms."""

    case: Case
    triage: str
    ticked: tuple[str, ...]
    assessment: Assessment

    @property
    def triage_matches(self) -> bool:
        """True when the learner picked the level backlearn gives."""
        return self.triage == self.assessment.triage

    @property
    def missed(self) -> tuple[str, ...]:
        """Symptoms in the story that the learner did not tick."""
        return tuple(s for s in self.case.symptoms if s not in self.ticked)

    @property
    def extra(self) -> tuple[str, ...]:
        """Symptoms the learner ticked that the story does not describe."""
        return tuple(s for s in self.ticked if s not in self.case.symptoms)

    @property
    def triage_verdict(self) -> str:
        """One sentence: did the learner's level match, and was it higher or lower."""
        content = self.assessment.content
        said = content.levels[self.assessment.triage].label
        if not self.triage:
            return f"You did not pick a level. backlearn says: {said}."
        picked = content.levels[self.triage].label
        if self.triage_matches:
            return f"You picked {picked}. backlearn says {said} too. Well done."
        direction = "more" if LEVELS.index(self.triage) > LEVELS.index(self.assessment.triage) else "less"
        return f"You picked {picked}, which is {direction} urgent. backlearn says: {said}."

    def lines(self) -> list[tuple[str, str]]:
        """The comparison as (kind, text) pairs, shared by the text view and
        ``lesson_html.attempt_html``. Kinds: verdict, head, action (what to do now), text and item."""
        content = self.assessment.content
        level = self.assessment.level
        out: list[tuple[str, str]] = [
            ("verdict", self.triage_verdict),
            ("head", f"What backlearn says: {level.label.upper()}: {headline(self.assessment)}"),
            ("action", level.action),
        ]
        if self.assessment.red_flags:
            out.append(("head", "Why: the warning signs in this story"))
            for match in self.assessment.red_flags:
                flag = match.flag
                out.append((
                    "item",
                    f"{content.levels[flag.level].label}: {flag.name}. "
                    f"Because of: {labels(match.because, content)}. {flag.why}",
                ))
        else:
            out.append(("head", "Why: no warning signs in this story"))
        for reassurance in self.assessment.reassurances:
            out.append((
                "item",
                f"{reassurance.flag.name} is not flagged, because of: "
                f"{labels(reassurance.pattern, content)}. {reassurance.flag.reassured_by}",
            ))
        out.append(("head", "Your symptoms"))
        if not self.missed and not self.extra:
            out.append(("text", "You ticked what the story describes."))
        if self.missed:
            out.append(("item", f"In the story, but not ticked: {labels(self.missed, content)}."))
        if self.extra:
            out.append(("item", f"Ticked, but not in the story: {labels(self.extra, content)}."))
        out.append(("head", "Teaching point"))
        out.append(("text", self.case.teaching_point))
        return out

    @property
    def text(self) -> str:
        """The comparison as plain text, for a print-out or a test."""
        rendered: list[str] = []
        for kind, line in self.lines():
            if kind in ("verdict", "head"):
                rendered.append(line)
            elif kind == "item":
                rendered += textwrap.wrap(line, 88, initial_indent="  - ", subsequent_indent="    ")
            else:
                rendered += textwrap.wrap(line, 88, initial_indent="  ", subsequent_indent="  ")
        return "\n".join(rendered)


def compare(case: Case, triage: str, ticked: Iterable[str], content: Content) -> Attempt:
    """Compare a learner's level and ticks with what backlearn says for the case's own symptoms."""
    if triage and triage not in LEVELS:
        raise ValueError(f"unknown triage level {triage!r}; expected one of {', '.join(LEVELS)}")
    chosen = tuple(dict.fromkeys(ticked))
    check_symptoms(chosen, content)  # unknown ids raise, with suggestions
    return Attempt(case=case, triage=triage, ticked=chosen, assessment=assess(case.symptoms, content))


@dataclass(frozen=True, slots=True)
class CaseRow:
    """One line of the class table: the case, the level the content expects, and what backlearn gives."""

    case: Case
    backlearn: str
    red_flags: tuple[str, ...]

    @property
    def agrees(self) -> bool:
        """True when backlearn gives the level the case expects."""
        return self.backlearn == self.case.expected_triage

    def as_dict(self) -> dict[str, Any]:
        """Plain data, e.g. for a pandas DataFrame."""
        return {
            "case": self.case.id,
            "person": self.case.person,
            "back": self.case.region,
            "expected": self.case.expected_triage,
            "backlearn": self.backlearn,
            "agrees": self.agrees,
            "red flags": ", ".join(self.red_flags),
        }


def case_table(content: Content) -> tuple[CaseRow, ...]:
    """Every case with its expected level and backlearn's level, in file order."""
    rows = []
    for case in content.cases.values():
        result = assess(case.symptoms, content)
        rows.append(CaseRow(case, result.triage, tuple(m.flag.id for m in result.red_flags)))
    return tuple(rows)


#: The columns of the class table, as ``CaseRow.as_dict`` names them.
TABLE_COLUMNS: tuple[str, ...] = ("case", "person", "back", "expected", "backlearn", "agrees")


def case_table_text(rows: Iterable[CaseRow], columns: Iterable[str] = TABLE_COLUMNS) -> str:
    """The class table as aligned plain text: one line a case, no pandas needed (the course also runs
    in the browser, where pandas is not shipped)."""
    names = tuple(columns)
    cells = [[str(row.as_dict()[name]) for name in names] for row in rows]
    widths = [max([len(name), *(len(line[i]) for line in cells)]) for i, name in enumerate(names)]
    lines = ["  ".join(name.ljust(width) for name, width in zip(names, widths, strict=True))]
    lines += ["  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)) for line in cells]
    return "\n".join(line.rstrip() for line in lines)


@dataclass(frozen=True, slots=True)
class CaseTally:
    """How the cases add up: how many there are, how many backlearn agrees with, how many need help now."""

    total: int
    agree: int
    needs_help_today: int

    @property
    def text(self) -> str:
        """Two sentences for the notebook."""
        return (
            f"backlearn gives the expected level in {self.agree} of {self.total} cases.\n"
            f"{self.needs_help_today} of {self.total} cases have a warning sign that needs help today or now."
        )


def tally_cases(rows: Iterable[CaseRow]) -> CaseTally:
    """Count agreement and the cases whose expected level is emergency or urgent."""
    listed = tuple(rows)
    return CaseTally(
        total=len(listed),
        agree=sum(row.agrees for row in listed),
        needs_help_today=sum(row.case.expected_triage in HELP_FIRST_LEVELS for row in listed),
    )

