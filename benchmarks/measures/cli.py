"""Measure 1, the CLI: `backlearn assess ... --json` in a fresh process ÷ `python -c pass`, warm and
cold, beside the standard library's floor; which heavy packages it imports, and where its time goes."""

from __future__ import annotations

import json
import re
import shutil
import statistics
import subprocess
import sys

from harness import BIN, Report, Row, Setup, paired_rounds

HEAVY = ("pandas", "ipywidgets", "IPython", "jupyter_client", "ipykernel", "matplotlib", "numpy", "traitlets")
# Standard-library modules on the CLI's path that no lazy import can avoid: argparse for the
# command line, json for --json and the content cache, zlib for its key and name,
# pathlib for the content folder, ...
STDLIB_FLOOR = ("argparse", "dataclasses", "hashlib", "json", "textwrap", "html", "pathlib", "re", "typing", "zlib")


def measure(setup: Setup, report: Report) -> None:
    print("1. CLI: backlearn assess ... --json ÷ python -c pass", flush=True)
    cli = [str(BIN / "backlearn"), "assess", *setup.symptoms, "--json"]
    bare = [sys.executable, "-c", "pass"]
    pairs = 6 if setup.quick else 10
    ratio, subj, base = paired_rounds(cli, bare, setup.env, setup.rounds, pairs)
    report.add(Row(
        f"1. CLI `backlearn assess {' '.join(setup.symptoms)} --json` ÷ `python -c pass`, warm (content cache filled)",
        f"{ratio.show()}×",
        f"{subj.median:.0f} ms vs {base.median:.0f} ms",
        "≤ 5",
        ratio.median <= 5,
    ))
    ratio, subj, base = paired_rounds(
        cli, bare, setup.env, setup.rounds, pairs, before_subject=lambda: shutil.rmtree(setup.cache, ignore_errors=True)
    )
    report.add(Row(
        "1. The same, cold: the content cache emptied before every run (as after an install, an upgrade "
        "or a content edit)",
        f"{ratio.show()}×",
        f"{subj.median:.0f} ms vs {base.median:.0f} ms",
        "≤ 8",
        ratio.median <= 8,
    ))
    floor_code = f"import {', '.join(STDLIB_FLOOR)}"
    floor, floor_ms, _ = paired_rounds(
        [sys.executable, "-c", floor_code], bare, setup.env, setup.rounds, max(4, pairs // 2)
    )
    report.add(Row(
        "1. Floor: `python -c 'import " + ", ".join(STDLIB_FLOOR) + "'` ÷ `python -c pass`",
        f"{floor.show()}×",
        f"{floor_ms.median:.0f} ms: the standard library the CLI uses, before any backlearn code",
        "",
        None,
    ))
    probe = (
        "import sys; from backlearn.cli import main; import contextlib, io\n"
        f"with contextlib.redirect_stdout(io.StringIO()): main({['assess', *setup.symptoms, '--json']!r})\n"
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    heavy = subprocess.run([sys.executable, "-c", probe], env=setup.env, capture_output=True, text=True, check=True)
    loaded = heavy.stdout.strip()
    report.add(Row(
        "1. Heavy packages imported by the CLI (pandas, ipywidgets, Jupyter, numpy, …)",
        loaded or "none",
        "checked in sys.modules after the command ran",
        "none",
        not loaded,
    ))
    report.notes.append(cli_breakdown(setup))
    timing = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import backlearn.cli"],
        env=setup.env, capture_output=True, text=True, check=True,
    )
    rows = []
    for line in timing.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
        if match and len(match.group(3)) <= 3:  # top-level imports and their direct children
            rows.append((int(match.group(2)), match.group(4)))
    rows.sort(reverse=True)
    top = ", ".join(f"{name} {us / 1000:.1f}" for us, name in rows[:8])
    report.notes.append(f"Largest imports on the CLI path (`python -X importtime`, cumulative ms): {top}.")


#: Run in a fresh process: where a warm `backlearn assess --json` spends its time, by in-process clocks.
CLI_BREAKDOWN_PROBE = """
import time
t0 = time.perf_counter()
import argparse, dataclasses, json
made = [0, 0.0]
process_class = dataclasses._process_class  # the stdlib's own step that makes one dataclass

def timed(*args, **kwargs):
    start = time.perf_counter()
    try:
        return process_class(*args, **kwargs)
    finally:
        made[0] += 1
        made[1] += time.perf_counter() - start

dataclasses._process_class = timed
t1 = time.perf_counter()
import backlearn.cli
t2 = time.perf_counter()
from backlearn import assess, load_content, render_json
content = load_content()
t3 = time.perf_counter()
answer = assess(SYMPTOMS, content)
t4 = time.perf_counter()
render_json(answer)
t5 = time.perf_counter()
print(json.dumps({"classes": made[0], "classes_ms": made[1] * 1000, "import_ms": (t2 - t1) * 1000,
                  "load_ms": (t3 - t2) * 1000, "assess_ms": (t4 - t3) * 1000, "json_ms": (t5 - t4) * 1000}))
"""


def cli_breakdown(setup: Setup) -> str:
    """A note on where a warm CLI run's time goes: the medians of 5 fresh processes."""
    probe = CLI_BREAKDOWN_PROBE.replace("SYMPTOMS", repr(list(setup.symptoms)))
    runs = [json.loads(subprocess.run([sys.executable, "-c", probe], env=setup.env, capture_output=True,
                                      text=True, check=True).stdout) for _ in range(5)]

    def median(key: str) -> float:
        return float(statistics.median(run[key] for run in runs))

    return (
        "Where a warm CLI run's time goes (in-process clocks, medians of 5 fresh processes, beyond "
        f"starting Python and importing argparse, dataclasses and json): importing backlearn "
        f"{median('import_ms'):.1f} ms, of which making its {runs[0]['classes']} record classes (stdlib "
        f"frozen dataclasses, each made when its module is imported) {median('classes_ms'):.1f} ms; "
        f"reading the cached content {median('load_ms'):.1f} ms; `assess` {median('assess_ms'):.2f} ms; "
        f"writing the JSON {median('json_ms'):.1f} ms."
    )

