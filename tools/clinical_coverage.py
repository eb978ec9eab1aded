"""Write docs/clinical-coverage.md, the can't-miss map, from data/coverage.yaml and the
engine's actual answers.

Each row of the data file is a serious cause of back or neck pain (or a look-alike that must not be
over-called), the guideline it follows, the level it must get, and at least two ways a person would
describe it in the boxes they tick. This script asks backlearn (the shipped content, region uk)
what it answers for every tick set and writes what it says: the level, the banner's words and the
warning signs named. ``tests/test_clinical_coverage.py`` tests every tick set and fails when the
committed doc differs from what this writes, so the map cannot drift from the content.

    python tools/clinical_coverage.py           # write docs/clinical-coverage.md
    python tools/clinical_coverage.py --check   # exit 1 if the committed doc differs
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from backlearn import LEVELS, Assessment, Content, assess, load_content
from backlearn.content import COVERAGE_TYPES as TYPES
from backlearn.content import CoverageRow, CoverageTickSet
from backlearn.engine.questions import answers_that_count
from backlearn.sections import sections

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "coverage.yaml"
DOC = ROOT / "docs" / "clinical-coverage.md"
REGION = "uk"


def load_rows(content: Content | None = None) -> list[CoverageRow]:
    """The rows of data/coverage.yaml, read and checked by backlearn's own content reader (a problem is a
    ContentError naming the file, the line and the field, as for every content file)."""
    content = content if content is not None else load_content(DATA.parent, region=REGION)
    return list(content.coverage.values())


def row_problems(row: CoverageRow, content: Content) -> list[str]:
    """What makes a row unusable as a test: too few tick sets, no guideline address, unknown ids."""
    found = []
    if len(row.tick_sets) < 2:
        found.append(f"{row.id}: needs at least two tick sets, has {len(row.tick_sets)}")
    if len({frozenset(t.ticks) for t in row.tick_sets}) < len(row.tick_sets):
        found.append(f"{row.id}: two tick sets are the same")
    if not row.guideline_url.startswith("https://") or not row.guideline_name:
        found.append(f"{row.id}: needs a guideline name and its https:// address")
    if row.type not in TYPES:
        found.append(f"{row.id}: type must be one of {', '.join(TYPES)}")
    if row.level not in LEVELS:
        found.append(f"{row.id}: level must be one of {', '.join(LEVELS)}")
    if not row.cause:
        found.append(f"{row.id}: needs a cause")
    found += [f"{row.id}: unknown red flag '{f}'" for f in row.flags if f not in content.red_flags]
    for tick_set in row.tick_sets:
        found += [f"{row.id}: unknown box '{s}'" for s in tick_set.ticks if s not in content.symptoms]
        known = frozenset(s for s in tick_set.ticks if s in content.symptoms)
        hidden = sorted(known - set(answers_that_count(known, content)))
        if hidden:
            found.append(f"{row.id}: ticks {', '.join(hidden)}, which is not shown with the other ticks")
        for group in content.groups.values():
            picked = [s for s in tick_set.ticks if s in group.symptoms]
            if group.choose == "one" and len(picked) > 1:
                found.append(f"{row.id}: '{group.id}' is pick-one, but a tick set ticks {', '.join(picked)}")
    return found


def contradictions(result: Assessment) -> list[str]:
    """What an answer shows that contradicts its level: anything but what to do at an emergency;
    any guidance or checklist (or checklist item) not declared safe with every warning matched."""
    found: list[str] = []
    if result.triage == "emergency" and (result.guidance or result.checklists or result.withheld):
        found.append("advice or a checklist is shown at an emergency")

    def declared(safe_with: tuple[str, ...]) -> bool:
        return all(m.flag.kind in safe_with or m.flag.id in safe_with for m in result.red_flags) and all(
            m.question.kind in safe_with for m in result.answered_yes)

    found += [f"'{m.item.id}' is not declared safe here" for m in result.guidance if not declared(m.item.safe_with)]
    for match in result.checklists:
        if not declared(match.checklist.safe_with):
            found.append(f"checklist '{match.checklist.id}' is not declared safe here")
        for entry in match.items:
            if not declared(match.checklist.safe_with if entry.safe_with is None else entry.safe_with):
                found.append(f"a '{match.checklist.id}' item is not declared safe here")
    return found


def tick_set_problems(row: CoverageRow, tick_set: CoverageTickSet, content: Content) -> list[str]:
    """Why this tick set fails its row: a wrong level (or, for a look-alike, an over-call), a
    named flag missing, or something shown that contradicts the level."""
    result = assess(tick_set.ticks, content)
    found = []
    if result.triage != row.level:
        over = LEVELS.index(result.triage) > LEVELS.index(row.level)
        what = "over-called" if over and row.type == "look_alike" else "wrong level"
        found.append(f"{what}: {result.triage}, expected {row.level}")
    if row.flags and not set(row.flags) & {m.flag.id for m in result.red_flags}:
        found.append(f"none of {', '.join(row.flags)} is named")
    return found + contradictions(result)


def banner_words(result: Assessment) -> str:
    """The banner as a learner reads it: its heading and what to do."""
    banner = sections(result)[0]
    return f"{banner.heading}. {banner.intro}".replace("..", ".")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render(rows: list[CoverageRow], content: Content) -> str:
    """The map as Markdown, from the rows and what backlearn answers for each tick set."""
    counts = {t: sum(r.type == t for r in rows) for t in TYPES}
    sets = sum(len(r.tick_sets) for r in rows)
    out = [
        "# What backlearn must never miss: the can't-miss map",
        "",
        "<!-- Written by tools/clinical_coverage.py from data/coverage.yaml and backlearn's own",
        "     answers. Do not edit by hand: edit the data file and run `python tools/clinical_coverage.py`.",
        "     tests/test_clinical_coverage.py fails when this file differs from what the script writes. -->",
        "",
        f"One row per serious cause of back or neck pain ({counts['cant_miss']}), and per look-alike that must",
        f"not be over-called ({counts['look_alike']}). Each row names the guideline its level follows, and at",
        f"least two ways a person would describe it in the boxes they tick ({sets} in all). Every tick set is a",
        "test (`tests/test_clinical_coverage.py`, named by the row): it must get the row's level, name one of",
        "the row's warning signs, and show nothing that contradicts the level (at an emergency no advice at",
        "all; under any warning only what the content declares safe with it). Answers are for the",
        f"`{REGION}` region. This is education, not diagnosis: the levels still need a licensed clinician's",
        "sign-off.",
        "",
        "| Cause | Guideline | Level | Tick sets | Status |",
        "|---|---|---|---|---|",
    ]
    for row in rows:
        failing = sum(bool(tick_set_problems(row, t, content)) for t in row.tick_sets)
        status = "passes" if not failing else f"**{failing} failing**"
        level = content.levels[row.level].label
        out.append(
            f"| [{_cell(row.cause)}](#{row.id.replace('_', '-')}) | [{_cell(row.guideline_name)}]({row.guideline_url}) "
            f"| {level} | {len(row.tick_sets)} | {status} |"
        )
    for row in rows:
        out += ["", f"## {row.id.replace('_', '-')}", "", f"**{row.cause}**", ""]
        kind = "look-alike: must not be answered above this level" if row.type == "look_alike" else "can't miss"
        out.append(f"- Guideline: [{row.guideline_name}]({row.guideline_url})")
        out.append(f"- Expected: **{content.levels[row.level].label}** ({kind})")
        if row.flags:
            out.append(f"- Warning sign named: one of {', '.join(f'`{f}`' for f in row.flags)}")
        if row.note:
            out.append(f"- Note: {row.note}")
        out.append("")
        for n, tick_set in enumerate(row.tick_sets, start=1):
            result = assess(tick_set.ticks, content)
            problems = tick_set_problems(row, tick_set, content)
            named = ", ".join(f"`{m.flag.id}`" for m in result.red_flags if m.flag.level == result.triage)
            out.append(f"{n}. \"{tick_set.says}\"")
            out.append(f"   - Ticks: {', '.join(f'`{s}`' for s in tick_set.ticks)}")
            out.append(f"   - backlearn: {banner_words(result)}")
            if named:
                out.append(f"   - At this level: {named}")
            out.append(f"   - Test: {'passes' if not problems else 'FAILS: ' + '; '.join(problems)}")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed doc differs")
    args = parser.parse_args(argv)
    content = load_content(DATA.parent, region=REGION)
    rows = load_rows(content)
    problems = [p for row in rows for p in row_problems(row, content)]
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    text = render(rows, content)
    if args.check:
        if not DOC.exists() or DOC.read_text(encoding="utf-8") != text:
            print(f"{DOC.relative_to(ROOT)} differs: run python tools/clinical_coverage.py", file=sys.stderr)
            return 1
        return 0
    DOC.write_text(text, encoding="utf-8")
    print(f"wrote {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
