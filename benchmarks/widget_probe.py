"""Runs inside a Jupyter kernel (sent as one cell by run.py): time the explorer's response.

run.py prepends ``CONFIG = {...}`` (content folder, symptom sets, rounds). The figure is the
time from setting ``Explorer.value`` until the call returns; ipywidgets observers run
synchronously, so by then the banner, guidance and checklist widgets hold the new HTML and
their comm messages have been sent. Prints one JSON line.
"""

# ruff: noqa: F821  (CONFIG is defined by the cell run.py builds)
import json
import resource
import sys
import time

from backlearn import assess, load_content, render_banner_html, render_details_html
from backlearn.widgets import Explorer


def _probe(config):
    content = load_content(config["content"])
    states = [tuple(s) for s in config["states"]]
    started = time.perf_counter_ns()
    explorer = Explorer(content)
    build_ms = (time.perf_counter_ns() - started) / 1e6
    for state in states[: config["warmup"]]:
        explorer.value = state
    rounds = []
    for _ in range(config["rounds"]):
        times = []
        for state in states:
            t0 = time.perf_counter_ns()
            explorer.value = state
            times.append((time.perf_counter_ns() - t0) / 1e6)
        rounds.append(times)
    expected = render_banner_html(assess(explorer.value, content))
    updated = explorer.banner.value == expected

    # Where the time goes, step by step, on the same states.
    parts = {"assess": [], "banner_html": [], "details_html": [], "checklist_widgets": []}
    for state in states:
        t0 = time.perf_counter_ns()
        result = assess(state, content)
        t1 = time.perf_counter_ns()
        render_banner_html(result)
        t2 = time.perf_counter_ns()
        render_details_html(result, checklists=False)
        t3 = time.perf_counter_ns()
        explorer.checklists.show(result.checklists)
        t4 = time.perf_counter_ns()
        for name, a, b in (("assess", t0, t1), ("banner_html", t1, t2), ("details_html", t2, t3),
                           ("checklist_widgets", t3, t4)):
            parts[name].append((b - a) / 1e6)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak_mib = peak / 2**20 if sys.platform == "darwin" else peak / 1024
    print(json.dumps({"rounds": rounds, "updated": updated, "build_ms": build_ms, "parts": parts,
                      "peak_mib": peak_mib, "boxes": len(explorer.chooser.boxes)}))


_probe(CONFIG)
