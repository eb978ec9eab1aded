"""Measure 4, the notebooks: each notebook executed headless (nbclient) next to a bare widget
notebook, the order alternating; the kernel's peak memory beside a bare kernel's (measure 5's row)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from harness import MEMORY_CELL, Report, Row, Setup, execute, peak_mib
from stats import Figure, percentile

if TYPE_CHECKING:
    from nbformat import NotebookNode

BARE_CELLS = ("import ipywidgets as widgets", "widgets.IntSlider(value=3, description='Bare')")


def bare_notebook() -> NotebookNode:
    import nbformat

    cells = [nbformat.v4.new_code_cell(src) for src in BARE_CELLS]
    kernelspec = {"name": "python3", "display_name": "Python 3"}
    nb: NotebookNode = nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": kernelspec})
    return nb


def measure(setup: Setup, report: Report) -> None:
    import nbformat

    paths = sorted(setup.notebooks.glob("*.ipynb"))
    print(f"4. Notebooks: each of {len(paths)} notebooks ÷ a bare widget notebook, interleaved", flush=True)
    if not paths:
        report.add(Row("4. Notebooks executed headless (nbclient) ÷ bare widget notebooks", "n/a",
                       "no notebooks in notebooks/ yet", "≤ 1.5", None))
        return

    def run(nb_source: Callable[[], NotebookNode]) -> tuple[float, float]:
        nb = nb_source()
        nb.cells.append(nbformat.v4.new_code_cell(MEMORY_CELL))
        seconds, texts = execute(nb, setup.notebooks)
        return seconds, peak_mib(texts)

    def reader(path: Path) -> Callable[[], NotebookNode]:
        return lambda: nbformat.read(path, as_version=4)

    run(bare_notebook)  # warm up: kernel spec lookup, .pyc files, disk cache, matplotlib's font cache
    for path in paths:
        run(reader(path))
    per_notebook: dict[str, list[float]] = {p.name: [] for p in paths}
    ratios: dict[str, list[float]] = {p.name: [] for p in paths}
    peaks: dict[str, list[float]] = {p.name: [] for p in paths}
    bare_peaks: list[float] = []
    bare_all: list[float] = []
    totals: list[float] = []
    for number in range(setup.rounds):
        real: dict[str, float] = {}
        bare_times = []
        for index, path in enumerate(paths):
            # Each notebook next to a bare one, the order alternating.
            order = ("real", "bare") if (number + index) % 2 == 0 else ("bare", "real")
            for which in order:
                if which == "real":
                    seconds, peak = run(reader(path))
                    real[path.name] = seconds
                    per_notebook[path.name].append(seconds)
                    peaks[path.name].append(peak)
                else:
                    seconds, peak = run(bare_notebook)
                    bare_peaks.append(peak)
                    bare_times.append(seconds)
        # The bare notebooks are all the same, so the round's median bare run stands for each of
        # them: one bare kernel that a busy machine held up for seconds must not shrink a ratio.
        bare = percentile(bare_times, 50)
        bare_all += bare_times
        for name, seconds in real.items():
            ratios[name].append(seconds / bare)
        totals.append(sum(real.values()) / (len(paths) * bare))
    total = Figure(tuple(totals))
    report.add(Row(
        f"4. All {len(paths)} notebooks executed headless (nbclient) ÷ {len(paths)} bare widget notebooks",
        f"{total.show()}×",
        f"{sum(percentile(v, 50) for v in per_notebook.values()):.1f} s vs {len(paths)} × "
        f"{percentile(bare_all, 50):.2f} s (the median bare run); per round: the sum ÷ (number × that round's "
        "median bare run)",
        "≤ 1.5",
        total.median <= 1.5,
    ))
    for name, values in ratios.items():
        figure = Figure(tuple(values))
        lesson = name[:2].isdigit() and int(name[:2]) <= 8
        report.add(Row(
            f"4. Notebook {name} ÷ a bare widget notebook",
            f"{figure.show()}×",
            f"{percentile(per_notebook[name], 50):.2f} s",
            "≤ 1.3" if lesson else "(in the 1.5 for all)",
            figure.median <= 1.3 if lesson else None,
        ))
    bare_peak = percentile(bare_peaks, 50)
    explorer = [name for name in peaks if "explorer" in name]
    for name in explorer[:1]:
        peak = percentile(peaks[name], 50)
        report.add(Row(
            f"5. Peak memory (VmHWM) of the kernel running {name} ÷ a bare widget kernel's",
            f"{peak / bare_peak:.2f}×",
            f"{peak:.1f} MiB vs {bare_peak:.1f} MiB (medians; the kernel's own high-water mark, read in the kernel)",
            "≤ 1.1",
            peak / bare_peak <= 1.1,
        ))
    heaviest = sorted(peaks.items(), key=lambda kv: -percentile(kv[1], 50))[:3]
    report.notes.append(
        "Kernel memory (VmHWM, MiB, median): bare widget kernel "
        f"{bare_peak:.1f}; heaviest notebooks: "
        + ", ".join(f"{name} {percentile(v, 50):.1f}" for name, v in heaviest) + "."
    )

