"""The course site (`make site`) against a bare JupyterLite site with one Checkbox, built the same
way (`python -m site_build --bare`): size on disk, and cold-load times in Chromium with every
request off this machine blocked.

Each round opens both sites once, each in a fresh browser context (a learner's first visit), in
alternating order, and runs every cell from the Run menu. Times count from the address being
opened: *first output* is the first output on the page; *ready* is the course's symptom explorer
(notebook 08) showing its banner, or the bare site's checkbox drawn. Reported as the median round
and the spread, and as ratios course / bare (the machine's speed cancels out).

Writes the figures between the site markers of benchmarks/results.md (nothing else in it).
`make site-bench` builds both sites first (about 5 minutes in all).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

from backlearn import places

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from stats import Figure, write_section  # noqa: E402

from site_build.pins import load_pins  # noqa: E402
from site_build.serve import OFFLINE_ARGS, offline_context, run_all_cells, serve  # noqa: E402

RESULTS = HERE / "results.md"
START, END = "<!-- site:start -->", "<!-- site:end -->"
CHROMIUM = places.chromium()  # $BACKLEARN_CHROMIUM, else Debian's
#: What each site opens, and what "ready" means there.
SITES = {
    "course": ("08_symptom_explorer.ipynb", ".bl-explorer .bl-banner-widget"),
    "bare": ("checkbox.ipynb", ".jp-OutputArea-output .widget-checkbox"),
}


def folder_size(folder: Path) -> int:
    """Bytes in every file under the folder."""
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def cold_load(browser: Any, url: str, notebook: str, ready: str) -> tuple[float, float]:
    """Seconds to the first output and to ready, from a fresh context; no request may leave."""
    attempted: list[str] = []
    context = offline_context(browser, attempted, viewport={"width": 1280, "height": 1000})
    try:
        page = context.new_page()
        began = time.perf_counter()
        run_all_cells(page, f"{url}/lab/index.html?path={notebook}", ready=".jp-OutputArea-output")
        first = time.perf_counter() - began
        page.locator(ready).first.wait_for(timeout=180_000)
        done = time.perf_counter() - began
    finally:
        context.close()
    if attempted:
        raise SystemExit(f"requests tried to leave this machine: {attempted}")
    return first, done


def report(sizes: dict[str, int], times: dict[str, dict[str, list[float]]], rounds: int, wall: float) -> str:
    pins = load_pins()
    course, bare = times["course"], times["bare"]
    ratio = {key: Figure(tuple(c / b for c, b in zip(course[key], bare[key], strict=True))) for key in course}
    lines = [
        START,
        "## The course as a website (`make site-bench`)",
        "",
        f"Run {dt.date.today().isoformat()} on {platform.system()} {platform.machine()}, {os.cpu_count()} cores, "
        f"Debian Chromium (headless), {rounds} interleaved rounds, each load in a fresh browser context "
        f"(cold cache), every request off the machine blocked (none was attempted); took {wall:.0f} s. "
        f"JupyterLite {pins.tools['jupyterlite-core']}, jupyterlite-pyodide-kernel {pins.kernel}, "
        f"Pyodide {pins.pyodide} (Python {pins.python}). The yardstick is a bare JupyterLite site with one "
        "notebook showing one `ipywidgets.Checkbox`, built the same way (same Pyodide, same wheels).",
        "",
        "| measure | course site | bare one-checkbox site | ratio course / bare |",
        "|---|---|---|---|",
        f"| size on disk | {sizes['course'] / 1e6:.2f} MB | {sizes['bare'] / 1e6:.2f} MB | "
        f"{sizes['course'] / sizes['bare']:.3f} |",
        f"| cold load to the first output, s | {Figure(tuple(course['first'])).show('{:.1f}')} | "
        f"{Figure(tuple(bare['first'])).show('{:.1f}')} | {ratio['first'].show()} |",
        f"| cold load to a ready explorer (bare: the checkbox drawn), s | "
        f"{Figure(tuple(course['ready'])).show('{:.1f}')} | "
        f"{Figure(tuple(bare['ready'])).show('{:.1f}')} | {ratio['ready'].show()} |",
        "",
        "Median round, with the lowest and highest in brackets. Ratios are taken round by round. The course "
        "opens lesson 08 (the symptom explorer, about 110 widgets, content parsed from YAML by the pure-Python "
        "loader); most of either load is starting Python in the browser, which both sites share. Both sites "
        f"ship the same Python, widgets and backlearn wheel ({sizes['wheel'] / 1e3:.0f} kB); the course adds its "
        f"lessons and the app view ({sizes['lessons'] / 1e3:.0f} kB).",
        END,
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--bare", type=Path, default=ROOT / ".site-cache" / "bare-site")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--no-write", action="store_true", help="print the section only")
    args = parser.parse_args(argv)
    folders = {"course": args.site, "bare": args.bare}
    for name, folder in folders.items():
        if not (folder / "static" / "pyodide" / "pyodide-lock.json").exists():
            raise SystemExit(f"error: no {name} site in {folder}: run 'make site-bench' (it builds both)")
    if not CHROMIUM.exists():
        raise SystemExit(f"error: no Chromium at {CHROMIUM}: run 'make browser'")
    from playwright.sync_api import sync_playwright

    sizes = {name: folder_size(folder) for name, folder in folders.items()}
    sizes["wheel"] = sum(path.stat().st_size for path in (args.site / "static" / "pyodide").glob("backlearn-*.whl"))
    sizes["lessons"] = folder_size(args.site / "files")
    times: dict[str, dict[str, list[float]]] = {name: {"first": [], "ready": []} for name in folders}
    began = time.perf_counter()
    with serve(args.site) as course_url, serve(args.bare) as bare_url, sync_playwright() as playwright:
        urls = {"course": course_url, "bare": bare_url}
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=OFFLINE_ARGS, headless=True)
        try:
            for number in range(args.rounds):
                order = ["course", "bare"] if number % 2 == 0 else ["bare", "course"]
                for name in order:
                    first, ready = cold_load(browser, urls[name], *SITES[name])
                    times[name]["first"].append(first)
                    times[name]["ready"].append(ready)
                    print(f"round {number + 1} {name}: first output {first:.1f} s, ready {ready:.1f} s", flush=True)
        finally:
            browser.close()
    block = report(sizes, times, args.rounds, time.perf_counter() - began)
    print(block)
    if not args.no_write:
        write_section(args.output, START, END, block)
        print(f"\nwritten to {os.path.relpath(args.output)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
