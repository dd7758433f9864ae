"""``python -m bench``: probe, run every workload, print the table, write the results.

Run in the bench environment (``make bench``, ``make bench-smoke``). The exit status
is 0 when every side that exists ran, 1 when a run failed (a peer's, after a second
try, or an existing jovi side's) or the harness itself broke; a jovi side that is not built yet is not a failure,
and neither is a MISS.
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bench.machine import describe_machine, package_versions, source_revision
from bench.report import (
    build_distances,
    build_rows,
    meaningful_changes,
    render_markdown,
    render_table,
    results_document,
)
from bench.runner import (
    BenchEnvironment,
    RunError,
    Settings,
    execute_side,
    exit_status,
    probe,
    run_workload,
)
from bench.workloads import DISTANCES, WORKLOADS

if TYPE_CHECKING:
    from collections.abc import Sequence

    from bench.model import Workload
    from bench.report import DistanceRow, Row

__all__ = ["main"]

REPO_ROOT = Path(__file__).resolve().parents[1]
RESULTS_MD = REPO_ROOT / "bench" / "RESULTS.md"
RESULTS_DIR = REPO_ROOT / "bench" / "results"
SMOKE_BUDGET_S = 180
MIN_COUNTED_RUNS = 5


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench", description="jovi against its peers, side by side."
    )
    parser.add_argument(
        "--smoke", action="store_true", help="one run per side, scaled down, no targets"
    )
    parser.add_argument("--runs", type=int, help="counted runs per side (default 5; smoke 1)")
    parser.add_argument("--warmup", type=int, default=1, help="warm-up rounds (default 1)")
    parser.add_argument(
        "--only", action="append", default=[], metavar="NAME", help="workloads starting NAME"
    )
    parser.add_argument("--list", action="store_true", help="list the workloads and stop")
    parser.add_argument("--json", type=Path, help="where to write the JSON results")
    parser.add_argument(
        "--results-md",
        choices=("auto", "always", "never"),
        default="auto",
        help="write bench/RESULTS.md: when it changes meaningfully (auto, full runs only), "
        "always, or never",
    )
    return parser


def _say(text: str) -> None:
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


def _machine_line(machine: dict[str, object]) -> str:
    memory = machine.get("memory_bytes")
    gib = f"{int(memory) / 2**30:.0f} GiB" if isinstance(memory, int) else "? GiB"
    return (
        f"{machine['cpu_model']}, {machine['cores']} cores, {gib}, "
        f"{machine['system']} {machine['kernel']}, Python {machine['python']}"
    )


def _settings_line(settings: Settings) -> str:
    if settings.smoke:
        return (
            "smoke mode: one run per side, no warm-up, heavy workloads scaled down, "
            "targets not enforced"
        )
    return (
        f"{settings.runs} counted runs after {settings.warmup} warm-up round(s), "
        "peer and jovi alternating; jovi/peer is the median of the per-round ratios"
    )


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    workloads = [w for w in WORKLOADS if not args.only or w.name.startswith(tuple(args.only))]
    if args.list:
        for w in WORKLOADS:
            print(f"{w.name:16} {w.describe(w.title, smoke=False)}")
        return 0
    if not workloads:
        _say(f"no workload starts with {', '.join(args.only)}")
        return 2
    settings = Settings(
        smoke=args.smoke,
        runs=args.runs or (1 if args.smoke else MIN_COUNTED_RUNS),
        warmup=0 if args.smoke else args.warmup,
    )
    started = datetime.now(UTC)
    clock = time.monotonic()
    machine = describe_machine()
    with tempfile.TemporaryDirectory(prefix="jovi-bench-") as scratch:
        env = BenchEnvironment(Path(sys.executable), REPO_ROOT, Path(scratch))
        env.prepare()
        try:
            capabilities = probe(env, workloads)
        except RunError as error:
            _say(f"bench: the probe of jovi failed: {error}\n{error.detail}")
            return 1
        execute = functools.partial(execute_side, env)
        results = []
        for number, workload in enumerate(workloads, 1):
            begun = time.monotonic()
            _say(f"[{number}/{len(workloads)}] {workload.name}")
            result = run_workload(workload, settings, capabilities, execute, progress=_say)
            results.append(result)
            jovi = "floor, no jovi side" if workload.jovi is None else f"jovi {result.jovi_status}"
            note = f" ({result.jovi_note})" if result.jovi_note else ""
            _say(f"    {time.monotonic() - begun:.1f} s: peer {result.peer_status}, {jovi}{note}")
    elapsed = time.monotonic() - clock
    rows = build_rows(results, smoke=settings.smoke)
    distances = build_distances(rows, DISTANCES)
    titles = {w.name: w.describe(w.title, smoke=settings.smoke) for w in workloads}
    header = (
        f"jovi benchmarks, {started:%Y-%m-%d %H:%M} UTC, {elapsed:.0f} s: "
        f"{_settings_line(settings)}\nmachine: {_machine_line(machine)}"
    )
    print(render_table(rows, distances, titles, header=header), flush=True)

    packages = package_versions()
    revision = source_revision(REPO_ROOT)
    document = results_document(
        results,
        rows,
        distances,
        mode="smoke" if settings.smoke else "full",
        started=started.isoformat(),
        duration_s=round(elapsed, 1),
        settings=settings,
        machine=machine,
        packages=packages,
        source=revision,
        capabilities=capabilities,
    )
    json_path = args.json or RESULTS_DIR / (
        "smoke.json" if settings.smoke else f"bench-{started:%Y%m%dT%H%M%SZ}.json"
    )
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(document, indent=1, sort_keys=False) + "\n")
    _say(f"bench: results written to {json_path}")

    _write_results_md(
        args.results_md,
        settings,
        rows,
        distances,
        workloads,
        preamble=_preamble(started, settings, machine, packages, revision),
    )

    failed = [r for r in results if "failed" in (r.peer_status, r.jovi_status)]
    for result in failed:
        for run in result.runs:
            if run.error:
                _say(f"bench: {result.workload.name} {run.side} failed: {run.error}\n{run.detail}")
    if settings.smoke and elapsed > SMOKE_BUDGET_S:
        _say(f"bench: WARNING: the smoke run took {elapsed:.0f} s, over {SMOKE_BUDGET_S} s")
    return exit_status(results, smoke=settings.smoke)


def _preamble(
    started: datetime,
    settings: Settings,
    machine: dict[str, object],
    packages: dict[str, str | None],
    revision: dict[str, object],
) -> str:
    peers = ", ".join(f"{name} {version}" for name, version in packages.items() if name != "jovi")
    commit = str(revision.get("commit") or "unknown")[:12]
    if revision.get("dirty"):
        commit += " (with local changes)"
    return (
        "# Benchmark results\n\n"
        "Written by `make bench`; [README.md](README.md) explains how to read it. Each ratio is\n"
        "jovi / peer within this one run on this one machine, and PASS means it is at most the\n"
        "target. The absolute figures are for orientation only: the machine is shared.\n\n"
        f"* run: {started:%Y-%m-%d %H:%M} UTC, {_settings_line(settings)}\n"
        f"* jovi {packages.get('jovi')} at {commit}\n"
        f"* machine: {_machine_line(machine)}; load average at start "
        f"{machine.get('load_average')}\n"
        f"* peers: {peers}\n"
    )


def _write_results_md(
    policy: str,
    settings: Settings,
    rows: Sequence[Row],
    distances: Sequence[DistanceRow],
    workloads: Sequence[Workload],
    *,
    preamble: str,
) -> None:
    if policy == "never" or (policy == "auto" and settings.smoke):
        return
    if policy == "auto" and (settings.runs < MIN_COUNTED_RUNS or len(workloads) < len(WORKLOADS)):
        _say("bench: RESULTS.md left as it is (only full runs of every workload write it)")
        return
    old = RESULTS_MD.read_text() if RESULTS_MD.exists() else None
    changes = meaningful_changes(old, rows)
    if policy == "auto" and not changes:
        _say("bench: RESULTS.md left as it is: no verdict, jovi side or ratio changed meaningfully")
        return
    sides = [
        (
            w.name,
            w.describe(w.title, smoke=settings.smoke),
            w.peer.label,
            w.jovi.label if w.jovi else "—",
        )
        for w in workloads
    ]
    temporary = RESULTS_MD.with_suffix(".md.tmp")
    temporary.write_text(render_markdown(rows, distances, sides, preamble=preamble))
    temporary.replace(RESULTS_MD)
    _say(f"bench: {RESULTS_MD} written ({'; '.join(changes) or 'asked for'}); commit it")
