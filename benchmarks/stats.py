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
    from backlearn._files import write_atomically

    text = path.read_text(encoding="utf-8") if path.exists() else RESULTS_HEADER
    if start in text and end in text:
        head, rest = text.split(start, 1)
        text = head + block + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    write_atomically(path, text if text.endswith("\n") else text + "\n")
