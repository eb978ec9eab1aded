"""Measure 6, in the browser (Playwright, Chromium; benchmarks/browser.py drives the pages): the app's
start ÷ a bare Voilà page's, and a tick until every panel has changed ÷ a bare Checkbox → HTML page,
in the app and in JupyterLab."""

from __future__ import annotations

from collections.abc import Callable

from harness import Report, Row, Setup
from stats import Figure, percentile


def measure(setup: Setup, report: Report) -> None:
    import browser  # benchmarks/browser.py, the page driver; Playwright only when measured

    why_not = browser.available()
    if why_not:
        print(f"6. Browser: skipped, {why_not}", flush=True)
        report.add(Row("6. In the browser (Playwright, Chromium)", "not measured", why_not, "", None))
        return
    ticks = 10 if setup.quick else 30
    env = dict(setup.env)
    if setup.content_dir is not None:
        env["BACKLEARN_CONTENT"] = str(setup.content_dir)
    print("6. Browser: backlearn app start → explorer shown ÷ a bare Voilà page", flush=True)
    try:
        start = browser.app_start(env, setup.scratch, setup.rounds)
    except Exception as error:  # a browser measure that breaks is reported, not hidden
        start = {}
        report.add(Row("6. `backlearn app` start → explorer usable in the browser", "failed",
                       f"{type(error).__name__}: {str(error).splitlines()[0][:160]}", "≤ 1.2", False))
    if start:
        ratio = Figure(tuple(a / b for a, b in zip(start["app"], start["bare"], strict=True)))
        report.add(Row(
            "6. `backlearn app` start → explorer usable in the browser ÷ a bare one-Checkbox Voilà page",
            f"{ratio.show()}×",
            f"{percentile(start['app'], 50):.1f} s vs {percentile(start['bare'], 50):.1f} s; {setup.rounds} pairs, "
            "server start to the page's banner (or box) visible",
            "≤ 1.2",
            ratio.median <= 1.2,
        ))
    tick_measures: tuple[tuple[str, Callable[[], dict[str, list[float]]]], ...] = (
        ("in the app (Voilà)", lambda: browser.voila_ticks(env, setup.scratch, ticks)),
        ("in JupyterLab, notebook 08", lambda: browser.lab_ticks(
            env, setup.scratch, setup.notebooks / "08_symptom_explorer.ipynb", ticks)),
    )
    for label, measure in tick_measures:
        print(f"6. Browser: tick → banner, guidance and checklists shown, {label}", flush=True)
        try:
            times = measure()
        except Exception as error:  # a browser measure that breaks is reported, not hidden
            report.add(Row(f"6. Tick → answer shown, {label}", "failed", f"{type(error).__name__}: "
                           f"{str(error).splitlines()[0][:160]}", "≤ 1.3", False))
            continue
        subject, bare = list(times.values())
        block = 5
        rounds = Figure(tuple(
            percentile(subject[i:i + block], 50) / percentile(bare[i:i + block], 50)
            for i in range(0, min(len(subject), len(bare)) - block + 1, block)
        ))
        p50 = percentile(subject, 50) / percentile(bare, 50)
        panels = list(zip(*browser.PANEL_TIMES.pop(next(iter(times)), []), strict=False))
        browser.PANEL_TIMES.clear()
        if len(panels) == len(browser.APP_TARGETS):
            report.notes.append(
                f"Tick {label}: each panel changed after (median ms) "
                + ", ".join(f"{target} {percentile(list(v), 50):.1f}" for target, v in zip(browser.APP_TARGETS, panels,
                                                                                            strict=True))
                + "; then the next frame."
            )
        report.add(Row(
            f"6. Tick → banner, guidance and checklists shown, {label}, ÷ a bare Checkbox → HTML page",
            f"p50 {p50:.2f}× (blocks {rounds.low:.2f}–{rounds.high:.2f})",
            f"p50 / p95 {percentile(subject, 50):.1f} / {percentile(subject, 95):.1f} ms vs "
            f"{percentile(bare, 50):.1f} / {percentile(bare, 95):.1f} ms; {len(subject)} ticks each",
            "≤ 1.3",
            p50 <= 1.3,
        ))
    report.notes.append(
        "Browser: headless Chromium driven by Playwright; a tick's time is taken in the page, from the click "
        "until every panel has changed (one MutationObserver each) and the next frame has come; ticks come in "
        "blocks of 5 alternating between the two pages, after 4 warm-up ticks each; the block figures are "
        "ratios of block medians."
    )

