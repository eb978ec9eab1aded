"""Small statistics for noisy timings (percentiles, a figure summarised over rounds), and the
shared results file that `make bench` and the hub load test each write one section of."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100), interpolating between the two nearest ranks."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    pos = (len(ordered) - 1) * q / 100
    low = math.floor(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


@dataclass(frozen=True)
class Figure:
    """One figure measured in several rounds: the median round and the spread (lowest, highest)."""

    rounds: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.rounds) if self.rounds else math.nan

    @property
    def low(self) -> float:
        return min(self.rounds) if self.rounds else math.nan

    @property
    def high(self) -> float:
        return max(self.rounds) if self.rounds else math.nan

    def show(self, fmt: str = "{:.2f}", unit: str = "") -> str:
        """'2.31 (2.20–2.45)' with an optional unit after each number."""
        return f"{fmt.format(self.median)}{unit} ({fmt.format(self.low)}–{fmt.format(self.high)}{unit})"


RESULTS_HEADER = (
    "# Benchmark results\n\nWritten by `make bench` (backlearn's response times) and by the hub "
    "load test. Edit neither section by hand.\n"
)


def write_section(path: Path, start: str, end: str, block: str) -> None:
    """Put ``block`` (which begins with ``start`` and ends with ``end``) into the results file,
    replacing that section and keeping every other one; written atomically."""
    text = path.read_text(encoding="utf-8") if path.exists() else RESULTS_HEADER
    if start in text and end in text:
        head, rest = text.split(start, 1)
        text = head + block + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    _replace(path, text if text.endswith("\n") else text + "\n")


def _replace(path: Path, text: str) -> None:
    """Write a temporary file beside ``path`` and rename it over ``path``: a run that fails half-way
    leaves the old results. (The results are the repository's own files, kept by git: no fsync.)"""
    import os
    import tempfile

    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, renamed after
        "w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False
    )
    try:
        with handle:
            handle.write(text)
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


README_START, README_END = "<!-- speed:start -->", "<!-- speed:end -->"


def _table(text: str, start: str, end: str) -> list[list[str]]:
    """The rows (cells split on '|') of the first Markdown table between two markers."""
    if start not in text or end not in text:
        return []
    section = text.split(start, 1)[1].split(end, 1)[0]
    rows = [line.strip().strip("|").split(" | ") for line in section.splitlines() if line.startswith("| ")]
    return [[cell.strip() for cell in row] for row in rows[1:]]  # without the header row


def speed_table(results: str) -> str:
    """README's speed table, made from benchmarks/results.md: every `make bench` row (the lesson
    notebooks folded into one line) and the hub load test's headline rows. Never typed by hand."""
    lines = ["| Measure | Result | Target | Met |", "|---|---|---|---|"]
    lessons: list[list[str]] = []
    for measure, result, _detail, target, met in (r for r in _table(results, "<!-- bench:start -->",
                                                                    "<!-- bench:end -->") if len(r) == 5):
        if measure.startswith("4. Notebook "):
            if target == "≤ 1.3":
                lessons.append([measure, result, met])
            continue
        lines.append(f"| {measure} | {result} | {target} | {met} |")
    if lessons:
        medians = [float(result.split()[0]) for _m, result, _met in lessons]
        worst = lessons[medians.index(max(medians))][0].removeprefix("4. Notebook ").split(" ")[0]
        met_count = sum(1 for _m, _r, ok in lessons if ok == "yes")
        row = (
            f"| 4. Each lesson notebook 00–08 ÷ a bare widget notebook (medians) | {min(medians):.2f}–"
            f"{max(medians):.2f}× (slowest: {worst}) | ≤ 1.3 each | {met_count} of {len(lessons)} |"
        )
        after = [i for i, line in enumerate(lines) if line.startswith("| 4. ")]  # beside the other notebook row
        lines.insert(after[-1] + 1 if after else len(lines), row)
    hub = {row[0]: row[1] for row in _table(results, "<!-- hub-load:start -->", "<!-- hub-load:end -->")
           if len(row) == 2}
    for key, value in hub.items():
        if key.startswith(("servers started", "interaction latency", "learners per GB", "wrong or another")):
            lines.append(f"| Hub load test: {key} | {value} | – | – |")
    return "\n".join(lines)


def write_readme_table(results: Path, readme: Path) -> None:
    """Put the speed table made from ``results`` between README's speed markers."""
    table = speed_table(results.read_text(encoding="utf-8"))
    write_section(readme, README_START, README_END, f"{README_START}\n{table}\n{README_END}")
