"""``make bench``: how fast backlearn answers, as ratios against Python and Jupyter themselves.

Each measure runs in several rounds; a figure is the median round, with the lowest and
highest round as its spread. Every ratio's baseline is measured in the same round,
interleaved with what it is compared to, because shared machines are noisy. Results are
printed and written between the bench markers of benchmarks/results.md.

    python benchmarks/run.py                  # everything (about 5-10 minutes on 2 cores)
    python benchmarks/run.py --quick          # fewer rounds, for trying a change
    python benchmarks/run.py --only cli,engine

This file is the driver: the measures are benchmarks/measures/<name>.py, the shared harness
(set-up, interleaved rounds, kernels) is benchmarks/harness.py, the statistics and the results
file are benchmarks/stats.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from harness import HERE, ROOT, Report, Setup, make_setup
from measures import browser, cli, engine, importing, notebooks, widget
from stats import write_readme_table, write_section

RESULTS = HERE / "results.md"
README = ROOT / "README.md"
#: The measures by the name ``--only`` takes, in the order they run.
MEASURES: dict[str, Callable[[Setup, Report], None]] = {
    "cli": cli.measure, "import": importing.measure, "engine": engine.measure,
    "widget": widget.measure, "notebooks": notebooks.measure, "browser": browser.measure,
}
START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def markdown(setup: Setup, report: Report, seconds: float) -> str:
    """The bench section of results.md: the run's conditions, the table by measure number, the notes."""
    lines = [
        START,
        "## How fast backlearn answers (`make bench`)",
        "",
        f"Run {dt.date.today().isoformat()} on {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}; {setup.content_note}; "
        f"{setup.rounds} rounds, {seconds / 60:.1f} minutes in all; load average (1 min) "
        f"{setup.load[0]:.1f} at the start, {os.getloadavg()[0]:.1f} at the end, "
        "on a machine shared with other work.",
        "Each figure is the median round, with the lowest and highest round in brackets. "
        "Ratios divide by a baseline measured in the same round, interleaved.",
        "",
        "| Measure | Result | Detail | Target | Met |",
        "|---|---|---|---|---|",
    ]
    for row in sorted(report.rows, key=lambda r: r.measure[:2]):  # by measure number, stable
        met = {True: "yes", False: "**no**", None: "–"}[row.met]
        lines.append(f"| {row.measure} | {row.result} | {row.detail} | {row.target or '–'} | {met} |")
    if report.notes:
        lines += ["", *[f"- {note}" for note in report.notes]]
    lines += ["", "How to read these and how they are measured: benchmarks/README.md; what was changed to reach the "
              "targets: benchmarks/HISTORY.md.", END]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds and calls")
    parser.add_argument("--rounds", type=int, default=0, help="rounds per measure (default 5, or 3 with --quick)")
    parser.add_argument("--only", default=",".join(MEASURES), help=f"comma-separated subset of {','.join(MEASURES)}")
    parser.add_argument("--content", help="content folder (default: the shipped content)")
    parser.add_argument("--notebooks", help="notebook folder (default: notebooks/)")
    parser.add_argument("--output", type=Path, default=RESULTS, help="results file (default benchmarks/results.md)")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)
    chosen = [m.strip() for m in args.only.split(",") if m.strip()]
    unknown = sorted(set(chosen).difference(MEASURES))
    if unknown:
        parser.error(f"unknown measure(s) {', '.join(unknown)}; expected some of {', '.join(MEASURES)}")
    started = time.perf_counter()
    setup = make_setup(args)
    print(f"backlearn benchmarks: {setup.content_note}; {setup.rounds} rounds", flush=True)
    report = Report()
    try:
        for name, measure in MEASURES.items():
            if name in chosen:
                measure(setup, report)
    finally:
        shutil.rmtree(setup.scratch, ignore_errors=True)
    block = markdown(setup, report, time.perf_counter() - started)
    if not args.no_write:
        write_section(args.output, START, END, block)
        print(f"wrote {os.path.relpath(args.output, Path.cwd())}")
        write_readme_table(args.output, README)
        print(f"wrote the speed table in {os.path.relpath(README, Path.cwd())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
