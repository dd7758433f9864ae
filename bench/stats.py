"""The statistics the harness reports: min/median/max, p99, and the median pairwise ratio.

Pure functions over plain numbers, shared by the harness and the drivers.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["Summary", "percentile", "ratio_median", "summarize"]


@dataclass(frozen=True)
class Summary:
    """Minimum, median and maximum of the counted runs of one side of one metric."""

    min: float
    median: float
    max: float
    count: int


def summarize(values: Sequence[float]) -> Summary | None:
    """The summary of ``values``, or None when there are none."""
    if not values:
        return None
    return Summary(min(values), statistics.median(values), max(values), len(values))


def percentile(values: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile: the smallest value with ``fraction`` of the values at or
    below it (``percentile(v, 0.99)`` is the p99, ``0.5`` the lower median)."""
    if not values:
        raise ValueError("percentile of no values")
    if not 0.0 < fraction <= 1.0:
        raise ValueError(f"fraction must be in (0, 1], not {fraction}")
    ordered = sorted(values)
    rank = math.ceil(fraction * len(ordered))
    return ordered[max(rank, 1) - 1]


def ratio_median(pairs: Sequence[tuple[float, float]]) -> float | None:
    """The median of ``jovi / peer`` over runs paired by round, skipping a zero peer value.

    Pairing by round (the jovi run next to the peer run it alternated with) cancels the
    slow drifts of a shared machine better than a ratio of the two medians would.
    """
    ratios = [jovi / peer for peer, jovi in pairs if peer > 0]
    return statistics.median(ratios) if ratios else None
