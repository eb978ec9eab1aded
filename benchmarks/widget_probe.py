"""Runs inside a Jupyter kernel (sent as one cell by run.py): time the explorer's response.

measures/widget.py prepends ``CONFIG = {...}`` (a :class:`ProbeConfig`: content folder, symptom sets,
rounds). The figure is the time from setting ``SymptomExplorer().value`` until the call returns;
ipywidgets observers run synchronously, so by then the banner, guidance and checklist widgets hold
the new HTML and their comm messages have been handed to the kernel. Each change is timed twice
over: wall time, and this thread's CPU time (which leaves out the moments the machine gave to other
processes). The baseline, interleaved with the changes, is the cost of Jupyter itself: setting
the value of one bare ``ipywidgets.HTML``. Prints one JSON line.
"""

import json
import re
import time
from typing import TypedDict

import ipywidgets

from backlearn import SymptomExplorer, assess, load_content, render_banner_html, render_details_html
from backlearn.widgets.panels import PANEL_SECTIONS


class ProbeConfig(TypedDict):
    """The ``CONFIG`` that measures/widget.py prepends, as JSON: where the content is, the symptom sets
    to set one after another, the timed rounds over them, and the untimed warm-up changes."""

    content: str
    states: list[list[str]]
    rounds: int
    warmup: int


def _probe(config: ProbeConfig) -> None:
    content = load_content(config["content"])
    states = [tuple(s) for s in config["states"]]
    started = time.perf_counter_ns()
    explorer = SymptomExplorer(content)
    build_ms = (time.perf_counter_ns() - started) / 1e6
    bare = ipywidgets.HTML()
    for number, state in enumerate(states[: config["warmup"]]):
        explorer.value = state
        bare.value = f"<p>warm-up {number}</p>"
    rounds: list[list[float]] = []
    cpu_rounds: list[list[float]] = []
    bare_rounds: list[list[float]] = []
    updated = True
    for round_number in range(config["rounds"]):
        wall: list[float] = []
        cpu: list[float] = []
        base: list[float] = []
        for number, state in enumerate(states):
            t0, c0 = time.perf_counter_ns(), time.thread_time_ns()
            explorer.value = state
            c1, t1 = time.thread_time_ns(), time.perf_counter_ns()
            wall.append((t1 - t0) / 1e6)
            cpu.append((c1 - c0) / 1e6)
            t0 = time.perf_counter_ns()
            bare.value = f"<p>round {round_number}, change {number}</p>"
            base.append((time.perf_counter_ns() - t0) / 1e6)
            if number % 10 == 0:  # spot-check, outside the timed part, that the views show this state
                # each panel already shows what it would show for this state's answer (the panels
                # format the renderers' HTML in their own way: the banner's live region is the page's)
                result = assess(state, content)
                for panel in (explorer.banner, explorer.guidance):
                    shown = panel.value
                    panel.show(result)
                    updated = updated and panel.value == shown
        rounds.append(wall)
        cpu_rounds.append(cpu)
        bare_rounds.append(base)

    # Where the time goes, step by step, on the same states.
    parts: dict[str, list[float]] = {"assess": [], "banner_html": [], "details_html": [], "checklist_widgets": []}
    for state in states:
        t0 = time.perf_counter_ns()
        result = assess(state, content)
        t1 = time.perf_counter_ns()
        render_banner_html(result)
        t2 = time.perf_counter_ns()
        render_details_html(result, kinds=PANEL_SECTIONS)
        t3 = time.perf_counter_ns()
        explorer.checklists.show(result)
        t4 = time.perf_counter_ns()
        for name, a, b in (("assess", t0, t1), ("banner_html", t1, t2), ("details_html", t2, t3),
                           ("checklist_widgets", t3, t4)):
            parts[name].append((b - a) / 1e6)
    # The kernel's own high-water mark; ru_maxrss would carry over the launcher's peak.
    with open("/proc/self/status", encoding="ascii") as status:
        peak = re.search(r"VmHWM:\s+(\d+) kB", status.read())
    if peak is None:
        raise RuntimeError("no VmHWM line in /proc/self/status: the kernel's peak memory cannot be read")
    peak_mib = int(peak.group(1)) / 1024
    print(json.dumps({"rounds": rounds, "cpu_rounds": cpu_rounds, "bare_rounds": bare_rounds,
                      "updated": updated, "build_ms": build_ms, "parts": parts, "peak_mib": peak_mib,
                      "boxes": len(explorer.chooser.boxes)}))


# Declared here for the type checker, not assigned: the cell measures/widget.py builds assigns it on the
# line before this file's text (a bare declaration does not bind the name, hence ruff's F821).
CONFIG: ProbeConfig
_probe(CONFIG)  # noqa: F821
