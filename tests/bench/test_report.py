"""Rows, verdicts, the printed table, RESULTS.md, the JSON results, meaningful changes."""

from __future__ import annotations

import json

import pytest
from tests.bench.samples import make_workload

from bench.model import Run, WorkloadResult
from bench.report import (
    build_distances,
    build_rows,
    meaningful_changes,
    render_markdown,
    render_table,
    results_document,
)
from bench.stats import Summary
from bench.workloads import Distance


def result_with(peer_times, jovi_times, *, status="measured", note="", name="demo.work"):
    """A measured workload: a warm-up round (ignored), then one round per pair of times."""
    workload = make_workload(name)
    result = WorkloadResult(
        workload, {"lines": 1000, "count": 10}, jovi_status=status, jovi_note=note
    )
    result.runs += [Run("peer", 0, True, {"time": 99.0, "memory": 1e9})]
    for number, time in enumerate(peer_times, 1):
        result.runs.append(Run("peer", number, False, {"time": time, "memory": 2**20}))
    for number, time in enumerate(jovi_times, 1):
        result.runs.append(Run("jovi", number, False, {"time": time, "memory": 2**19}))
    return result


def rows_by_metric(results, smoke=False):
    return {row.metric: row for row in build_rows(results, smoke=smoke)}


def test_a_row_has_both_sides_the_paired_ratio_and_a_verdict():
    rows = rows_by_metric([result_with([1.0, 2.0, 3.0], [0.4, 0.6, 3.0])])
    time = rows["time"]
    assert time.label == "time for 1,000 lines"
    assert time.peer == Summary(1.0, 2.0, 3.0, 3)
    assert time.jovi == Summary(0.4, 0.6, 3.0, 3)
    assert time.ratio == 0.4  # median of 0.4, 0.3, 1.0
    assert (time.target, time.verdict) == (0.5, "PASS")
    assert rows["memory"].ratio == 0.5
    assert rows["memory"].verdict == ""  # no target


def test_a_ratio_over_the_target_misses_and_smoke_mode_gives_no_verdict():
    result = result_with([1.0, 1.0], [0.6, 0.7])
    assert rows_by_metric([result])["time"].verdict == "MISS"
    assert rows_by_metric([result], smoke=True)["time"].verdict == ""
    assert rows_by_metric([result], smoke=True)["time"].ratio == pytest.approx(0.65)


def test_a_side_without_figures_says_why():
    not_built = result_with([1.0], [], status="not built", note="needs jovi.demo:Thing")
    rows = rows_by_metric([not_built])
    assert rows["time"].jovi is None
    assert rows["time"].ratio is None
    assert rows["time"].jovi_text == "jovi side not built yet (needs jovi.demo:Thing)"
    assert rows["time"].verdict == ""
    failed = rows_by_metric([result_with([1.0], [], status="failed", note="exit status 1: boom")])
    assert failed["time"].jovi_text == "failed: exit status 1: boom"
    floor = rows_by_metric([result_with([1.0], [], status="none")])
    assert floor["time"].jovi_text == "floor (no jovi side)"
    optional = rows_by_metric([result_with([1.0], [2.0])])["extra"]
    assert (optional.peer_text, optional.jovi_text, optional.jovi_status) == (
        "not measured",
        "not measured",
        "not measured",
    )


def test_the_printed_table_shows_each_row_with_both_sides_and_the_ratio():
    results = [
        result_with([0.001, 0.002, 0.003], [0.0005, 0.0006, 0.003]),
        result_with([2.0], [], status="not built", note="needs `jovi demo`", name="other.work"),
    ]
    rows = build_rows(results, smoke=False)
    titles = {"demo.work": "a demo", "other.work": "another"}
    table = render_table(rows, [], titles, header="HEADER")
    lines = table.splitlines()
    assert lines[0] == "HEADER"
    assert "demo.work: a demo" in lines
    time_line = next(line for line in lines if "time for 1,000 lines" in line)
    expected = "time for 1,000 lines 1.00 / 2.00 / 3.00 ms 0.50 / 0.60 / 3.00 ms 0.50 ≤ 0.50 PASS"
    assert time_line.split() == expected.split()
    memory_line = next(line for line in lines if line.strip().startswith("memory"))
    assert "1.00 / 1.00 / 1.00 MiB" in memory_line
    assert "0.50 / 0.50 / 0.50 MiB" in memory_line
    other = lines[lines.index("other.work: another") + 1]
    assert "2.00 / 2.00 / 2.00 s" in other
    assert "jovi side not built yet (needs `jovi demo`)" in other


def test_distances_from_the_floors_appear_once_jovi_has_figures():
    kernel = result_with([0.004], [0.002], name="demo.work")
    floor = result_with([0.001], [], status="none", name="floor.work")
    distance = Distance("demo.work", "time", "floor.work", "time")
    rows = build_rows([kernel, floor], smoke=False)
    [found] = build_distances(rows, [distance])
    assert (found.floor, found.peer, found.jovi) == (0.001, 0.004, 0.002)
    table = render_table(rows, [found], {"demo.work": "k", "floor.work": "f"}, header="H")
    assert "peer 4.0 times (+3.00 ms), jovi 2.0 times (+1.00 ms)" in table
    unbuilt = result_with([0.004], [], status="not built", name="demo.work")
    assert build_distances(build_rows([unbuilt, floor], smoke=False), [distance]) == []


def markdown(rows):
    sides = [("demo.work", "a demo", "peer demo", "jovi demo")]
    return render_markdown(rows, [], sides, preamble="# Results\n")


def test_results_md_is_a_table_with_a_summary_to_compare_against():
    rows = build_rows([result_with([1.0, 1.0], [0.4, 0.4])], smoke=False)
    text = markdown(rows)
    assert text.startswith("# Results\n\n| workload | metric | peer min / median / max |")
    row = "| time for 1,000 lines | 1.00 / 1.00 / 1.00 s | 0.40 / 0.40 / 0.40 s | 0.40 | ≤ 0.50 |"
    assert f"| `demo.work` {row} **PASS** |" in text
    assert "| `demo.work` | a demo | peer demo | jovi demo |" in text
    assert meaningful_changes(text, rows) == []


def test_meaningful_changes_are_verdicts_jovi_sides_rows_and_large_ratio_moves():
    before = markdown(build_rows([result_with([1.0], [0.4])], smoke=False))
    assert meaningful_changes(None, []) == ["no earlier results"]
    assert meaningful_changes("# hand written\n", []) == ["no earlier results"]
    # 0.4 -> 0.45: a small move, same verdict.
    assert meaningful_changes(before, build_rows([result_with([1.0], [0.45])], smoke=False)) == []
    assert meaningful_changes(before, build_rows([result_with([1.0], [0.3])], smoke=False)) == [
        "demo.work/time: ratio 0.4 -> 0.3"
    ]
    assert meaningful_changes(before, build_rows([result_with([1.0], [0.6])], smoke=False)) == [
        "demo.work/time: PASS -> MISS"
    ]
    failed = build_rows([result_with([1.0], [], status="failed", note="x")], smoke=False)
    changes = meaningful_changes(before, failed)
    assert "demo.work/time: jovi measured -> failed" in changes
    other = build_rows([result_with([1.0], [0.4], name="new.work")], smoke=False)
    assert "new.work/time: new row" in meaningful_changes(before, other)
    assert "demo.work/time: row removed" in meaningful_changes(before, other)


def test_the_json_results_hold_every_run_and_row():
    result = result_with([1.0, 2.0], [0.5, 1.0])
    rows = build_rows([result], smoke=False)
    document = results_document(
        [result], rows, [], mode="full", machine={"cores": 2}, packages={"ipython": "9.0"}
    )
    document = json.loads(json.dumps(document))
    assert document["schema"] == 1
    assert (document["mode"], document["machine"], document["packages"]) == (
        "full",
        {"cores": 2},
        {"ipython": "9.0"},
    )
    [workload] = document["workloads"]
    assert workload["name"] == "demo.work"
    assert workload["params"] == {"lines": 1000, "count": 10}
    assert workload["peer"] == {"label": "peer demo", "status": "measured", "note": ""}
    assert workload["jovi"]["requires"] == ["jovi.demo:Thing", "`jovi demo`", "`jovi -c`"]
    assert len(workload["runs"]) == 5
    assert workload["runs"][0] == {
        "side": "peer",
        "round": 0,
        "warmup": True,
        "metrics": {"time": 99.0, "memory": 1e9},
        "process": None,
        "error": None,
        "detail": "",
    }
    time = next(row for row in document["rows"] if row["key"] == "demo.work/time")
    assert time["peer"] == {"min": 1.0, "median": 1.5, "max": 2.0, "count": 2}
    assert (time["ratio"], time["target"], time["verdict"]) == (0.5, 0.5, "PASS")
