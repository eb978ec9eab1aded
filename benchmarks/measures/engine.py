"""Measure 2, the engine: `assess` in-process on 1×, 10× and 100× content (synthetic.py), the three
sizes taking turns in every round; `symptom_levels` and `backlearn symptoms --json` at each size.
Growth is judged per round against the 1× figure of the same round (linear or better)."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from harness import BIN, Report, Row, Setup, symptom_sets, wall
from stats import Figure, percentile
from synthetic import write_scaled


def measure(setup: Setup, report: Report) -> None:
    from backlearn import assess, load_content
    from backlearn.content import Content
    from backlearn.content.rules import symptom_ids
    from backlearn.engine.triage import symptom_levels

    print("2. Engine: assess, symptom_levels and `backlearn symptoms` on 1×, 10× and 100× content, interleaved",
          flush=True)
    sets = symptom_sets(setup.content_dir, 50)
    calls = {1: 200, 10: 100, 100: 40} if setup.quick else {1: 1000, 10: 500, 100: 200}
    factors = (1, 10, 100)
    with tempfile.TemporaryDirectory(prefix="backlearn-bench-") as tmp:
        folders, contents, load_ms = {}, {}, {}
        for factor in factors:
            folders[factor] = write_scaled(setup.content_path, Path(tmp) / f"x{factor}", factor)
            t0 = time.perf_counter()
            contents[factor] = load_content(folders[factor])  # fills the (temporary) content cache
            load_ms[factor] = (time.perf_counter() - t0) * 1000
            for s in sets:
                assess(s, contents[factor])
        med: dict[int, list[float]] = {f: [] for f in factors}
        p95: dict[int, list[float]] = {f: [] for f in factors}
        cpu95: dict[int, list[float]] = {f: [] for f in factors}
        levels_ms: dict[int, list[float]] = {f: [] for f in factors}
        cli_ms: dict[int, list[float]] = {f: [] for f in factors}
        def cli(factor: int) -> list[str]:
            return [str(BIN / "backlearn"), "--content", str(folders[factor]), "symptoms", "--json"]

        for factor in factors:  # warm up the CLI (.pyc files, each folder's content cache)
            wall(cli(factor), setup.env)
        for number in range(setup.rounds):
            # The sizes take turns within every round, their order rotating, so a change in the
            # machine's speed falls on every size alike.
            order = factors[number % 3:] + factors[:number % 3]
            for factor in order:
                content = contents[factor]
                times, cpu = [], []
                for i in range(calls[factor]):
                    ticked = sets[i % len(sets)]
                    t0, c0 = time.perf_counter_ns(), time.thread_time_ns()
                    assess(ticked, content)
                    c1, t1 = time.thread_time_ns(), time.perf_counter_ns()
                    times.append((t1 - t0) / 1e6)
                    cpu.append((c1 - c0) / 1e6)
                med[factor].append(percentile(times, 50))
                p95[factor].append(percentile(times, 95))
                cpu95[factor].append(percentile(cpu, 95))
                repeats = {1: 21, 10: 5, 100: 3}[factor]  # a sub-millisecond call is timed several times
                level_times = []
                for _ in range(repeats):
                    t0 = time.perf_counter()
                    symptom_levels(content)
                    level_times.append((time.perf_counter() - t0) * 1000)
                levels_ms[factor].append(percentile(level_times, 50))
                cli_ms[factor].append(percentile([wall(cli(factor), setup.env) for _ in range(3)], 50))
        for factor in factors:
            content = contents[factor]
            size = f"{len(content.symptoms)} symptoms, {len(content.red_flags)} red flags, " \
                   f"{len(content.guidance)} guidance, {len(content.checklists)} checklists"
            median, cpu_fig = Figure(tuple(med[factor])), Figure(tuple(cpu95[factor]))
            p95_fig = Figure(tuple(p95[factor]))
            detail = f"load and validate {load_ms[factor]:.0f} ms"
            if factor == 1:
                target, met = "p95 ≤ 2 ms (CPU time)", cpu_fig.median <= 2
            else:
                growth = Figure(tuple(m / b for m, b in zip(med[factor], med[1], strict=True)))
                target, met = f"median ≤ {factor}× the 1× median (linear)", growth.median <= factor
                detail += f"; median ×{growth.show('{:.1f}')} vs 1×, same rounds"
            report.add(Row(
                f"2. Engine `assess`, {factor}× content ({size})",
                f"median {median.show('{:.3f}', ' ms')}; p95 {cpu_fig.show('{:.3f}', ' ms')} CPU, "
                f"{p95_fig.show('{:.3f}', ' ms')} wall",
                detail, target, met,
            ))
        def rule_tries(content: Content) -> int:
            """How many (red flag, symptom) pairs symptom_levels evaluates: the work, machine-free."""
            return sum(len(symptom_ids(f.when) | symptom_ids(f.when, reassuring=True))
                       for f in content.red_flags.values())

        for factor in (10, 100):
            growth = Figure(tuple(m / b for m, b in zip(levels_ms[factor], levels_ms[1], strict=True)))
            report.add(Row(
                f"2. `symptom_levels` (used by `backlearn symptoms`), {factor}× ÷ 1× content",
                f"×{growth.show('{:.1f}')}",
                f"{Figure(tuple(levels_ms[factor])).median:.1f} ms vs {Figure(tuple(levels_ms[1])).median:.2f} ms; "
                f"rules evaluated {rule_tries(contents[factor]):,} vs {rule_tries(contents[1]):,}",
                f"≤ {factor} (linear)",
                growth.median <= factor,
            ))
            growth = Figure(tuple(m / b for m, b in zip(cli_ms[factor], cli_ms[1], strict=True)))
            report.add(Row(
                f"2. CLI `backlearn symptoms --json`, {factor}× ÷ 1× content (warm cache)",
                f"×{growth.show('{:.2f}')}",
                f"{Figure(tuple(cli_ms[factor])).median:.0f} ms vs {Figure(tuple(cli_ms[1])).median:.0f} ms "
                "(start-up, reading the cached content and listing every symptom)",
                f"≤ {factor} (linear)",
                growth.median <= factor,
            ))
    report.notes.append(
        f"Engine: {calls[1]}, {calls[10]} and {calls[100]} calls per round (1×, 10×, 100×) over 50 seeded random sets "
        "of 1–5 symptoms from the original content; the 10× and 100× folders are written by benchmarks/synthetic.py "
        "(renamed copies of every symptom, red flag, screening question, guidance item, checklist and can't-miss "
        "row) and the same "
        "sets are assessed, so the answer is the same size and only the content grows. The three sizes take turns "
        "within every round; a growth figure divides sizes measured in the same round."
    )

