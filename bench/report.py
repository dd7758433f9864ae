"""From runs to rows, and rows to the printed table, the JSON results and RESULTS.md.

A row is one metric of one workload: the peer's min/median/max over the counted
runs, jovi's, the median of the per-round ratios jovi/peer, the target and the
verdict (PASS when the ratio is at most the target). Nothing here compares figures
across runs of the harness, except :func:`meaningful_changes`, which looks only at
ratios and verdicts to decide whether RESULTS.md is worth rewriting.
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bench.stats import Summary, ratio_median, summarize

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    from bench.model import Metric, Unit, WorkloadResult
    from bench.workloads import Distance

__all__ = [
    "DistanceRow",
    "Row",
    "build_distances",
    "build_rows",
    "meaningful_changes",
    "render_markdown",
    "render_table",
    "results_document",
    "summary_of",
]

SUMMARY_TAG = "bench-summary"
_SUMMARY = re.compile(r"<!-- " + SUMMARY_TAG + r"[^\n]*\n(\{.*?\})\n-->", re.DOTALL)
RATIO_CHANGE = 0.2
"""A ratio that moves by more than this fraction is a meaningful change."""


@dataclass(frozen=True)
class Row:
    """One metric of one workload, both sides, the ratio and the verdict."""

    workload: str
    metric: str
    label: str
    unit: Unit
    peer: Summary | None
    jovi: Summary | None
    ratio: float | None
    target: float | None
    verdict: str
    """``PASS``, ``MISS``, or empty when there is nothing to judge (or in smoke mode)."""
    peer_text: str
    jovi_text: str
    """What to show instead of figures when a side has none (why not)."""
    jovi_status: str
    """The jovi side's status (``measured``, ``not built``, ``failed``, ``none``), or
    ``not measured`` when it ran without reporting this metric."""

    @property
    def key(self) -> str:
        return f"{self.workload}/{self.metric}"


@dataclass(frozen=True)
class DistanceRow:
    """A kernel's median next to a floor's: how many times the floor each side takes."""

    label: str
    floor: float
    peer: float | None
    jovi: float | None


def _values(result: WorkloadResult, side: str, key: str) -> dict[int, float]:
    runs = result.counted("peer" if side == "peer" else "jovi")
    return {run.round: run.metrics[key] for run in runs if key in run.metrics}


def _absent_text(result: WorkloadResult, side: str) -> str:
    status = result.peer_status if side == "peer" else result.jovi_status
    note = result.peer_note if side == "peer" else result.jovi_note
    if status == "none":
        return "floor (no jovi side)"
    if status == "not built":
        return f"jovi side not built yet ({note})"
    if status == "failed":
        return f"failed: {note}"
    return "not measured"


def _row(result: WorkloadResult, metric: Metric, *, smoke: bool) -> Row:
    peer = _values(result, "peer", metric.key)
    jovi = _values(result, "jovi", metric.key)
    ratio = ratio_median([(peer[r], jovi[r]) for r in sorted(peer.keys() & jovi.keys())])
    verdict = ""
    if not smoke and metric.target is not None and ratio is not None:
        verdict = "PASS" if ratio <= metric.target else "MISS"
    workload = result.workload
    return Row(
        workload=workload.name,
        metric=metric.key,
        label=workload.describe(metric.label, smoke=smoke),
        unit=metric.unit,
        peer=summarize(list(peer.values())),
        jovi=summarize(list(jovi.values())),
        ratio=ratio,
        target=metric.target,
        verdict=verdict,
        peer_text="" if peer else _absent_text(result, "peer"),
        jovi_text="" if jovi else _absent_text(result, "jovi"),
        jovi_status="not measured"
        if result.jovi_status == "measured" and not jovi
        else result.jovi_status,
    )


def build_rows(results: Iterable[WorkloadResult], *, smoke: bool) -> list[Row]:
    return [
        _row(result, metric, smoke=smoke)
        for result in results
        for metric in result.workload.metrics
    ]


def build_distances(rows: Sequence[Row], distances: Iterable[Distance]) -> list[DistanceRow]:
    """The distances from the floors, once jovi's side of the measured figure exists."""
    by_key = {row.key: row for row in rows}
    found = []
    for distance in distances:
        subject = by_key.get(f"{distance.workload}/{distance.metric}")
        floor = by_key.get(f"{distance.floor}/{distance.floor_metric}")
        if subject is None or floor is None or floor.peer is None or subject.jovi is None:
            continue
        found.append(
            DistanceRow(
                f"{subject.workload} {subject.label} / {floor.workload} {floor.label}",
                floor.peer.median,
                subject.peer.median if subject.peer else None,
                subject.jovi.median,
            )
        )
    return found


# ---------------------------------------------------------------- formatting


def _scale(unit: Unit, reference: float) -> tuple[str, float]:
    if unit == "B":
        return "MiB", 1 / 2**20
    if unit == "x":
        return "x", 1.0
    if reference >= 1:
        return "s", 1.0
    if reference >= 1e-3:
        return "ms", 1e3
    return "µs", 1e6


def _number(value: float) -> str:
    """Three significant figures, never in exponent form."""
    if value >= 100:
        return f"{value:.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def _figures(row: Row, summary: Summary | None, text: str) -> str:
    if summary is None:
        return text
    reference = row.peer.median if row.peer else summary.median
    name, factor = _scale(row.unit, reference)
    parts = (summary.min, summary.median, summary.max)
    return " / ".join(_number(v * factor) for v in parts) + f" {name}"


def _time(seconds: float) -> str:
    name, factor = _scale("s", seconds)
    return f"{_number(seconds * factor)} {name}"


def _ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _target(value: float | None) -> str:
    return "" if value is None else f"≤ {value:.2f}"


def _distance(row: DistanceRow, value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value / row.floor:.1f} times (+{_time(value - row.floor)})"


def render_table(
    rows: Sequence[Row],
    distances: Sequence[DistanceRow],
    titles: Mapping[str, str],
    *,
    header: str,
) -> str:
    """The table printed at the end of a run, one block per workload."""
    head = ["", "peer min / median / max", "jovi min / median / max", "jovi/peer", "target", ""]
    body = [
        [
            "  " + row.label,
            _figures(row, row.peer, row.peer_text),
            _figures(row, row.jovi, row.jovi_text),
            _ratio(row.ratio),
            _target(row.target),
            row.verdict,
        ]
        for row in rows
    ]
    widths = [max(len(cell[i]) for cell in [head, *body]) for i in range(len(head))]

    def line(cell: list[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cell, widths, strict=True)).rstrip()

    out = [header, "", line(head)]
    previous = ""
    for row, cell in zip(rows, body, strict=True):
        if row.workload != previous:
            out.append(f"{row.workload}: {titles[row.workload]}")
            previous = row.workload
        out.append(line(cell))
    if distances:
        out += ["", "distance from the floors (median / floor median, and the difference):"]
        out += [
            f"  {d.label}: peer {_distance(d, d.peer)}, jovi {_distance(d, d.jovi)}"
            for d in distances
        ]
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|")


def render_markdown(
    rows: Sequence[Row],
    distances: Sequence[DistanceRow],
    sides: Sequence[tuple[str, str, str, str]],
    *,
    preamble: str,
) -> str:
    """RESULTS.md: the preamble, the results table, the distances, the workloads' sides,
    and a machine-readable summary (ratios and verdicts) in an HTML comment."""
    out = [
        preamble.rstrip(),
        "",
        (
            "| workload | metric | peer min / median / max | jovi min / median / max "
            "| jovi/peer | target | verdict |"
        ),
        "|---|---|---|---|---|---|---|",
    ]
    previous = ""
    for row in rows:
        name = f"`{row.workload}`" if row.workload != previous else ""
        previous = row.workload
        out.append(
            "| "
            + " | ".join(
                _md(cell)
                for cell in (
                    name,
                    row.label,
                    _figures(row, row.peer, row.peer_text),
                    _figures(row, row.jovi, row.jovi_text),
                    _ratio(row.ratio),
                    _target(row.target),
                    f"**{row.verdict}**" if row.verdict else "",
                )
            )
            + " |"
        )
    if distances:
        out += [
            "",
            "Distance from the floors (kernel median ÷ floor median, and the difference):",
            "",
        ]
        out += [
            f"* {d.label}: peer {_distance(d, d.peer)}, jovi {_distance(d, d.jovi)}"
            for d in distances
        ]
    out += ["", "| workload | what | peer | jovi |", "|---|---|---|---|"]
    out += [f"| `{n}` | {_md(t)} | {_md(p)} | {_md(j)} |" for n, t, p, j in sides]
    summary = sorted(summary_of(rows).items())
    entries = ",\n".join(f"{json.dumps(key)}: {json.dumps(value)}" for key, value in summary)
    out += [
        "",
        f"<!-- {SUMMARY_TAG}: what meaningful_changes compares, a row a line",
        "{",
        entries,
        "}",
        "-->",
        "",
    ]
    return "\n".join(out)


# ---------------------------------------------------------------- JSON and change detection


def summary_of(rows: Iterable[Row]) -> dict[str, dict[str, Any]]:
    """What RESULTS.md is judged on: per row, whether jovi has figures, the ratio, the verdict."""
    return {
        row.key: {
            "jovi": row.jovi_status,
            "ratio": None if row.ratio is None else round(row.ratio, 3),
            "verdict": row.verdict,
        }
        for row in rows
    }


def meaningful_changes(
    old_markdown: str | None, rows: Iterable[Row], *, threshold: float = RATIO_CHANGE
) -> list[str]:
    """Why new results differ meaningfully from those in ``old_markdown`` (empty: they do not).

    Meaningful: a row appears or goes, jovi's side appears, disappears or fails, a
    verdict flips, or a ratio moves by more than ``threshold`` (relative).
    """
    match = _SUMMARY.search(old_markdown or "")
    if match is None:
        return ["no earlier results"]
    old: dict[str, dict[str, Any]] = json.loads(match.group(1))
    new = summary_of(rows)
    changes = []
    for key in sorted(old.keys() | new.keys()):
        if key not in old or key not in new:
            changes.append(f"{key}: {'new row' if key in new else 'row removed'}")
            continue
        before, after = old[key], new[key]
        if before["jovi"] != after["jovi"]:
            changes.append(f"{key}: jovi {before['jovi']} -> {after['jovi']}")
        elif before["verdict"] != after["verdict"]:
            changes.append(f"{key}: {before['verdict'] or '-'} -> {after['verdict'] or '-'}")
        elif _ratio_moved(before["ratio"], after["ratio"], threshold):
            changes.append(f"{key}: ratio {before['ratio']} -> {after['ratio']}")
    return changes


def _ratio_moved(before: float | None, after: float | None, threshold: float) -> bool:
    if before is None or after is None:
        return (before is None) != (after is None)
    return before <= 0 or abs(after / before - 1) > threshold


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(_plain(v) for v in value)
    return value


def results_document(
    results: Sequence[WorkloadResult],
    rows: Sequence[Row],
    distances: Sequence[DistanceRow],
    **about: Any,
) -> dict[str, Any]:
    """The JSON results: ``about`` (mode, settings, machine, packages ...), then every
    workload with every run, the rows and the distances."""
    workloads = []
    for result in results:
        workload = result.workload
        workloads.append(
            {
                "name": workload.name,
                "title": workload.title,
                "params": result.params,
                "peer": {
                    "label": workload.peer.label,
                    "status": result.peer_status,
                    "note": result.peer_note,
                },
                "jovi": None
                if workload.jovi is None
                else {
                    "label": workload.jovi.label,
                    "requires": [str(r) for r in workload.jovi.requires],
                    "status": result.jovi_status,
                    "note": result.jovi_note,
                },
                "runs": _plain(result.runs),
            }
        )
    return {
        "schema": 1,
        **_plain(about),
        "workloads": workloads,
        "rows": [_plain(row) | {"key": row.key} for row in rows],
        "distances": _plain(list(distances)),
    }
