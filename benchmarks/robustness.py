"""``make robustness``: the reliability review's figures table, re-run (issue 12).

Throws bad input at every surface a learner or teacher reaches and counts, per area: what was
tried, what got a clear error (or the correct result), what crashed (a traceback, a hang, a wrong
exit code), what was wrongly accepted, and how many saved diary entries were lost. Crash, wrongly
accepted and lost must all be 0; the script exits 1 otherwise. Writes its own section of
benchmarks/results.md and keeps the others.

    python benchmarks/robustness.py             # every area (about 2-3 minutes, the hub included)
    python benchmarks/robustness.py --no-hub    # without the local hub (needs no Node.js); `make test` runs
                                                # this with --no-write (tests/test_hub.py runs in hub-test)

Only a run that tries every area, the hub's included, and finds no crash, nothing wrongly accepted
and nothing lost writes the table; any other run prints it and leaves benchmarks/results.md as it is.

The areas are benchmarks/areas/<name>.py; the shared harness (Area, a time limit, the CLI in this
process) is benchmarks/robustness_harness.py.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from areas import app, cli, content, diary, results_service
from robustness_harness import HERE, Area
from stats import write_section

START, END = "<!-- robustness:start -->", "<!-- robustness:end -->"


def report(areas: list[Area], took: float) -> str:
    """The robustness section of results.md: what each area tried, and the table of outcomes."""
    lines = [
        START,
        "## Robustness: the reliability review's figures, re-run",
        "",
        f"`python benchmarks/robustness.py` on {dt.date.today().isoformat()} ({took:.0f} s). Each area throws bad "
        "input at one surface: the CLI (bad ids, ports, `-o` to folders, links, devices, missing or unwritable "
        "folders), "
        "content validation (a certain mistake in every record of every content file the model knows, the "
        "teacher's files included: a misspelt field, a bad id, level, source, choice, number or rule; the "
        "review's unsafe mutants, folders, links, pipes, unreadable, non-UTF-8, deeply nested and alias-bomb "
        "files, a stale cache), the diary (corrupt files, bad entries, a read-only file, formulas, a linked "
        "diary, a FIFO, a lone surrogate in a note, two writers x 500 saves), "
        "and the app and hub (kernels of closed pages, the app's API paths, learners kept apart on the hub). "
        "The review's areas 3 (escaping: 408/408 held) and 6 (engine properties: tests/test_properties.py) "
        "are not re-run here.",
        "",
        "| Area | Tried | Clear error / correct | Crash (traceback, hang) | Wrongly accepted | Entries lost |",
        "|---|---|---|---|---|---|",
    ]
    for area in areas:
        lines.append(f"| {area.name} | {area.tried} | {area.clear} | {area.crash} | {area.wrong} | {area.lost} |")
    notes = [note for area in areas for note in area.notes]
    if notes:
        lines += ["", "Notes:", *(f"- {note}" for note in notes[:30])]
    lines += ["", END]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-hub", action="store_true", help="skip the local hub (needs Node.js and root)")
    parser.add_argument("--output", type=Path, default=HERE / "results.md")
    parser.add_argument("--no-write", action="store_true", help="print only (a failing or --no-hub run never writes)")
    args = parser.parse_args(argv)
    os.environ["BACKLEARN_CACHE"] = tempfile.mkdtemp(prefix="backlearn-robustness-cache-")
    began = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="backlearn-robustness-") as tmp:
        work = Path(tmp)
        areas = []
        for name, build in (("cli", cli.run), ("content", content.run), ("diary", diary.run)):
            (work / name).mkdir()
            areas.append(build(work / name))
            print(f"{areas[-1].name}: done", flush=True)
        (work / "app").mkdir()
        areas.append(app.run(work / "app", hub=not args.no_hub))
        (work / "results").mkdir()
        areas.append(results_service.run(work / "results"))
        with contextlib.suppress(OSError):
            (work / "cli" / "locked").chmod(0o700)
    shutil.rmtree(os.environ["BACKLEARN_CACHE"], ignore_errors=True)
    block = report(areas, time.monotonic() - began)
    print(block)
    passed = not any(area.crash or area.wrong or area.lost for area in areas)
    # The published table is earned: only a passing run of every area (the hub's included) writes it.
    where = os.path.relpath(args.output)
    if not args.no_write and passed and not args.no_hub:
        write_section(args.output, START, END, block)
        print(f"\nwritten to {where}")
    elif not args.no_write:
        why = "the hub was not tried (--no-hub)" if passed else "something crashed, was wrongly accepted or lost"
        print(f"\nnot written to {where}: {why}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
