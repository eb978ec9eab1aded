"""Small statistics for noisy timings: percentiles, and a figure summarised over rounds."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass


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
