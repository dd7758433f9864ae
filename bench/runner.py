"""Running workloads: the bench environment, the probe, one run of a side, alternation.

Every run is a fresh child process of the bench environment's interpreter, so the two
sides never share an interpreter. The sides of a workload alternate (peer, jovi,
peer, jovi ...): a slow moment of a shared machine then falls on both, and each
counted jovi run is paired with the peer run of its round.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from bench.drivers.common import parse_result, result_line
from bench.model import (
    Capabilities,
    Command,
    ProcessFigures,
    Run,
    Side,
    SideName,
    Workload,
    WorkloadResult,
)
from bench.process import Finished, run_measured

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping
    from pathlib import Path
    from typing import TypeAlias

    Executor: TypeAlias = Callable[
        [Workload, Side, SideName, dict[str, int]], tuple[dict[str, float], ProcessFigures | None]
    ]
    """One run of one side: its metrics and the OS figures of its process, or RunError."""

__all__ = [
    "BenchEnvironment",
    "RunError",
    "Settings",
    "execute_side",
    "probe",
    "run_workload",
]

# Variables of the user's session that would change what the peers or jovi do.
_DROPPED_PREFIXES = ("JOVI_", "JUPYTER", "IPYTHON", "PYTHON", "VIRTUAL_ENV")


class RunError(Exception):
    """A run did not produce its figures; ``detail`` holds the end of its stderr."""

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail


@dataclass(frozen=True)
class Settings:
    """How many runs: ``warmup`` rounds not counted, then ``runs`` counted rounds; in
    ``smoke`` mode the workloads' ``smoke_params`` apply and no verdict is given."""

    smoke: bool = False
    runs: int = 5
    warmup: int = 1


@dataclass(frozen=True)
class BenchEnvironment:
    """The bench environment's interpreter, the repository, and a scratch directory.

    Children run in ``workdir`` with their own ``HOME``, ``TMPDIR``, ``IPYTHONDIR``,
    ``JOVI_DIR`` and Jupyter directories inside it, shared by all the runs of one harness
    run (so the warm-up round creates the profiles, as a user's first start would).
    """

    python: Path
    repo_root: Path
    workdir: Path

    @property
    def bin_dir(self) -> Path:
        return self.python.parent

    def child_env(self, *, driver: bool, base: Mapping[str, str] | None = None) -> dict[str, str]:
        source = os.environ if base is None else base
        env = {k: v for k, v in source.items() if not k.startswith(_DROPPED_PREFIXES)}
        scratch = self.workdir
        env |= {
            "HOME": str(scratch / "home"),
            "IPYTHONDIR": str(scratch / "ipython"),
            "JOVI_DIR": str(scratch / "jovi"),
            "JUPYTER_CONFIG_DIR": str(scratch / "jupyter" / "config"),
            "JUPYTER_DATA_DIR": str(scratch / "jupyter" / "data"),
            "JUPYTER_RUNTIME_DIR": str(scratch / "jupyter" / "runtime"),
            "TMPDIR": str(scratch / "tmp"),
            "PATH": os.pathsep.join([str(self.bin_dir), source.get("PATH", os.defpath)]),
        }
        if driver:  # drivers import bench.drivers, and jovi, from the repository
            # (the tree's src first: in a git worktree, the installed jovi is another tree's)
            env["PYTHONPATH"] = os.pathsep.join([str(self.repo_root / "src"), str(self.repo_root)])
        return env

    def prepare(self) -> None:
        for directory in ("home", "tmp"):
            (self.workdir / directory).mkdir(parents=True, exist_ok=True)


def _tail(text: str, lines: int = 30) -> str:
    return "\n".join(text.rstrip().splitlines()[-lines:])


def _run(env: BenchEnvironment, argv: list[str], *, driver: bool, timeout: float) -> Finished:
    finished = run_measured(
        argv, env=env.child_env(driver=driver), cwd=env.workdir, timeout=timeout
    )
    if finished.timed_out:
        raise RunError(f"timed out after {timeout:g} s", _tail(finished.stderr))
    if finished.figures.exit_code != 0:
        last = _tail(finished.stderr, 1) or "(no stderr)"
        raise RunError(f"exit status {finished.figures.exit_code}: {last}", _tail(finished.stderr))
    return finished


def execute_side(
    env: BenchEnvironment, workload: Workload, side: Side, name: SideName, params: dict[str, int]
) -> tuple[dict[str, float], ProcessFigures | None]:
    """One run of one side in a fresh process: its metrics and the OS figures of the child."""
    run = side.run
    if isinstance(run, Command):
        argv = [str(env.bin_dir / run.argv[0]), *run.argv[1:]]
        finished = _run(env, argv, driver=False, timeout=workload.timeout)
        figures = finished.figures
        metrics = {"wall": figures.wall_s, "cpu": figures.cpu_s, "peak_rss": figures.peak_rss_bytes}
    else:
        argv = [str(env.python), "-m", run.module, run.measure, "--side", name]
        argv += ["--params", json.dumps(params)]
        finished = _run(env, argv, driver=True, timeout=workload.timeout)
        try:
            metrics = parse_result(finished.stdout)
        except ValueError as error:
            raise RunError(str(error), _tail(finished.stderr)) from error
    absent = [m.key for m in workload.metrics if not m.optional and m.key not in metrics]
    if absent:
        raise RunError(f"the run reported no {', '.join(absent)}", _tail(finished.stderr))
    return {k: float(v) for k, v in metrics.items()}, finished.figures


def probe(env: BenchEnvironment, workloads: Iterable[Workload]) -> Capabilities:
    """What of jovi exists in the bench environment, for the requirements of ``workloads``."""
    specs = sorted(
        {r.name for w in workloads if w.jovi for r in w.jovi.requires if r.kind == "object"}
    )
    argv = [str(env.python), "-m", "bench.drivers.probe", *specs]
    found = result_line(_run(env, argv, driver=True, timeout=120).stdout)
    if not isinstance(found, dict):
        raise RunError(f"the probe's result is not an object: {found!r}")
    return Capabilities(
        objects=frozenset(found["objects"]),
        subcommands=frozenset(found["subcommands"]),
        options=frozenset(found["options"]),
    )


PEER_TRIES: Final = 3
"""How many times in a row a peer's run may be tried before it counts as failed."""


def _run_side(
    workload: Workload,
    side: Side,
    name: SideName,
    params: dict[str, int],
    *,
    execute: Executor,
    progress: Callable[[str], None],
) -> tuple[dict[str, float], ProcessFigures | None]:
    """One run of ``side``; a peer's failed run is tried again (:data:`PEER_TRIES`)."""
    retries = PEER_TRIES - 1 if name == "peer" else 0
    for _ in range(retries):
        try:
            return execute(workload, side, name, params)
        except RunError as error:
            progress(f"{workload.name}: peer run failed ({error}); once more")
    return execute(workload, side, name, params)


def exit_status(results: Iterable[WorkloadResult], *, smoke: bool) -> int:
    """The run's exit status: 1 when a side failed, else 0.

    A smoke run proves jovi's side of the harness: an incumbent that fails there is
    reported but fails nothing (IPython's first jedi completion came back empty in three
    tries in a row in fresh clones' smoke runs).  A full run fails on it too.
    """
    for result in results:
        if result.jovi_status == "failed" or (result.peer_status == "failed" and not smoke):
            return 1
    return 0


def run_workload(
    workload: Workload,
    settings: Settings,
    capabilities: Capabilities,
    execute: Executor,
    progress: Callable[[str], None] = lambda _: None,
) -> WorkloadResult:
    """Every round of ``workload``: warm-up rounds first, then counted ones, sides alternating.

    A jovi side whose requirements are missing is not run ("not built"); a side whose
    run fails is not run again ("failed"), and the other side goes on.  A peer's run
    that fails is tried up to :data:`PEER_TRIES` times in all first: the incumbents
    flake now and then on a loaded machine (IPython's first jedi completion came back
    empty in fresh clones, three times in a row), and that is not jovi's to fail on.
    jovi's runs are never tried again.
    """
    params = workload.effective_params(smoke=settings.smoke)
    result = WorkloadResult(workload, params)
    sides: list[tuple[SideName, Side]] = [("peer", workload.peer)]
    if workload.jovi is not None:
        missing = capabilities.missing(workload.jovi.requires)
        if missing:
            result.jovi_status = "not built"
            result.jovi_note = "needs " + ", ".join(str(r) for r in missing)
        else:
            result.jovi_status = "measured"
            sides.append(("jovi", workload.jovi))
    warmup = settings.warmup
    for round_number in range(warmup + settings.runs):
        for name, side in sides:
            if (result.peer_status if name == "peer" else result.jovi_status) == "failed":
                continue
            progress(f"{workload.name}: {name} run {round_number + 1}/{warmup + settings.runs}")
            is_warmup = round_number < warmup
            try:
                metrics, figures = _run_side(
                    workload, side, name, params, execute=execute, progress=progress
                )
            except RunError as error:
                result.runs.append(
                    Run(name, round_number, is_warmup, {}, None, str(error), error.detail)
                )
                if name == "peer":
                    result.peer_status, result.peer_note = "failed", str(error)
                else:
                    result.jovi_status, result.jovi_note = "failed", str(error)
                continue
            result.runs.append(Run(name, round_number, is_warmup, metrics, figures))
    return result
