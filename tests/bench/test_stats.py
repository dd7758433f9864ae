"""The harness's statistics: summaries, nearest-rank percentiles, paired ratios."""

from __future__ import annotations

import pytest

from bench.stats import Summary, percentile, ratio_median, summarize


def test_summary_of_runs_is_min_median_max_and_count():
    assert summarize([0.3, 0.1, 0.2, 0.5]) == Summary(0.1, 0.25, 0.5, 4)
    assert summarize([2.0]) == Summary(2.0, 2.0, 2.0, 1)


def test_no_runs_has_no_summary():
    assert summarize([]) is None


def test_percentiles_are_nearest_rank():
    values = list(range(100, 0, -1))  # 1..100, unsorted
    assert percentile(values, 0.99) == 99
    assert percentile(values, 1.0) == 100
    assert percentile(values, 0.5) == 50
    assert percentile([1, 2, 3, 4], 0.5) == 2
    assert percentile([7], 0.99) == 7
    # 200 latencies: the p99 is the 198th smallest, so two outliers do not set it.
    assert percentile([1.0] * 198 + [50.0, 60.0], 0.99) == 1.0


@pytest.mark.parametrize("fraction", [0.0, -0.5, 1.5])
def test_percentile_rejects_fractions_outside_0_1(fraction):
    with pytest.raises(ValueError, match="fraction"):
        percentile([1, 2], fraction)


def test_percentile_of_nothing_is_an_error():
    with pytest.raises(ValueError, match="no values"):
        percentile([], 0.5)


def test_ratio_is_the_median_of_per_round_ratios_not_a_ratio_of_medians():
    # peer, jovi per round: ratios 0.5, 0.5, 2.0 -> median 0.5, while the medians'
    # ratio would be 2/2 = 1.0.
    pairs = [(2.0, 1.0), (4.0, 2.0), (1.0, 2.0)]
    assert ratio_median(pairs) == 0.5


def test_ratio_skips_a_zero_peer_value_and_is_none_without_pairs():
    assert ratio_median([(0.0, 1.0), (2.0, 1.0)]) == 0.5
    assert ratio_median([(0.0, 1.0)]) is None
    assert ratio_median([]) is None
