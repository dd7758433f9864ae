"""Running a workload: alternation, warm-up, "not built yet", failures, smoke parameters."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from tests.bench.samples import make_workload

from bench.model import Capabilities, Command, Driver, Side, option, subcommand
from bench.runner import (
    BenchEnvironment,
    RunError,
    Settings,
    execute_side,
    exit_status,
    run_workload,
)

EVERYTHING = Capabilities(
    objects=frozenset({"jovi.demo:Thing"}),
    subcommands=frozenset({"demo"}),
    options=frozenset({"-c"}),
)


class FakeExecutor:
    """Records the order of runs; each side reports fixed figures, or fails on a given call."""

    def __init__(self, fail=None):
        self.calls = []
        self.fail = fail or {}

    def __call__(self, workload, side, name, params):
        self.calls.append((name, dict(params)))
        count = sum(1 for called, _ in self.calls if called == name)
        fails = self.fail.get(name, ())
        if count in (fails if isinstance(fails, tuple) else (fails,)):
            raise RunError(f"{name} broke", "Traceback ...\nValueError: broke")
        value = 1.0 if name == "peer" else 0.4
        return {"time": value * count, "memory": 100.0}, None


def test_sides_alternate_after_warmup_and_counted_runs_are_flagged():
    execute = FakeExecutor()
    result = run_workload(make_workload(), Settings(runs=5, warmup=1), EVERYTHING, execute)
    assert [name for name, _ in execute.calls] == ["peer", "jovi"] * 6
    assert [(r.side, r.round, r.warmup) for r in result.runs][:4] == [
        ("peer", 0, True),
        ("jovi", 0, True),
        ("peer", 1, False),
        ("jovi", 1, False),
    ]
    assert len(result.counted("peer")) == len(result.counted("jovi")) == 5
    assert (result.peer_status, result.jovi_status) == ("measured", "measured")


def test_a_jovi_side_that_is_not_built_is_not_run_and_says_what_it_needs():
    execute = FakeExecutor()
    found = Capabilities(objects=frozenset({"jovi.demo:Thing"}))
    result = run_workload(make_workload(), Settings(runs=5, warmup=1), found, execute)
    assert [name for name, _ in execute.calls] == ["peer"] * 6
    assert result.jovi_status == "not built"
    assert result.jovi_note == "needs `jovi demo`, `jovi -c`"
    assert result.counted("jovi") == []


def test_a_floor_runs_alone():
    execute = FakeExecutor()
    result = run_workload(
        make_workload(jovi=False), Settings(runs=2, warmup=0), EVERYTHING, execute
    )
    assert [name for name, _ in execute.calls] == ["peer", "peer"]
    assert result.jovi_status == "none"


def test_a_failed_jovi_run_stops_jovi_and_the_peer_goes_on():
    execute = FakeExecutor(fail={"jovi": 2})
    result = run_workload(make_workload(), Settings(runs=3, warmup=1), EVERYTHING, execute)
    assert [name for name, _ in execute.calls] == ["peer", "jovi", "peer", "jovi", "peer", "peer"]
    assert (result.peer_status, result.jovi_status) == ("measured", "failed")
    assert result.jovi_note == "jovi broke"
    failed = [r for r in result.runs if r.error]
    assert [(r.side, r.round, r.detail.splitlines()[-1]) for r in failed] == [
        ("jovi", 1, "ValueError: broke")
    ]
    assert len(result.counted("peer")) == 3


def test_a_peer_run_that_fails_three_times_in_a_row_is_recorded_as_failed():
    execute = FakeExecutor(fail={"peer": (1, 2, 3)})
    result = run_workload(make_workload(), Settings(runs=2, warmup=0), EVERYTHING, execute)
    assert [name for name, _ in execute.calls] == ["peer", "peer", "peer", "jovi", "jovi"]
    assert result.peer_status == "failed"
    assert result.jovi_status == "measured"
    assert len(result.counted("jovi")) == 2


def test_a_peer_run_that_fails_twice_is_tried_a_third_time():
    execute = FakeExecutor(fail={"peer": (1, 2)})
    result = run_workload(make_workload(), Settings(runs=1, warmup=0), EVERYTHING, execute)
    assert [name for name, _ in execute.calls] == ["peer", "peer", "peer", "jovi"]
    assert (result.peer_status, result.jovi_status) == ("measured", "measured")


def test_a_peer_run_that_fails_once_is_tried_again_and_a_jovi_run_never_is():
    execute = FakeExecutor(fail={"peer": 1, "jovi": 1})
    result = run_workload(make_workload(), Settings(runs=2, warmup=0), EVERYTHING, execute)
    assert [name for name, _ in execute.calls] == ["peer", "peer", "jovi", "peer"]
    assert (result.peer_status, result.jovi_status) == ("measured", "failed")
    assert len(result.counted("peer")) == 2


def test_smoke_mode_passes_the_scaled_down_parameters():
    execute = FakeExecutor()
    smoke = Settings(smoke=True, runs=1, warmup=0)
    result = run_workload(make_workload(), smoke, EVERYTHING, execute)
    assert execute.calls == [
        ("peer", {"lines": 10, "count": 10}),
        ("jovi", {"lines": 10, "count": 10}),
    ]
    assert result.params == {"lines": 10, "count": 10}
    full = run_workload(make_workload(), Settings(runs=1, warmup=0), EVERYTHING, FakeExecutor())
    assert full.params == {"lines": 1000, "count": 10}


def test_missing_requirements_by_kind():
    found = Capabilities(subcommands=frozenset({"kernel"}), options=frozenset({"-h"}))
    assert found.missing((subcommand("kernel"), option("-c"))) == (option("-c"),)
    assert str(option("-c")) == "`jovi -c`"


# ---------------------------------------------------------------- one real run of a side


@pytest.fixture
def environment(tmp_path):
    env = BenchEnvironment(Path(sys.executable), Path(__file__).resolve().parents[2], tmp_path)
    env.prepare()
    return env


@pytest.mark.integration
def test_a_command_side_reports_the_os_figures(environment):
    workload = make_workload(metrics=(), peer=Side("python", Command(("python", "-c", "pass"))))
    metrics, figures = execute_side(environment, workload, workload.peer, "peer", {})
    assert set(metrics) == {"wall", "cpu", "peak_rss"}
    assert figures is not None
    assert metrics["peak_rss"] == figures.peak_rss_bytes > 1_000_000


@pytest.mark.integration
def test_a_driver_side_reports_its_json_metrics(environment):
    workload = make_workload(peer=Side("sample", Driver("tests.bench.sample_driver", "work")))
    metrics, _ = execute_side(environment, workload, workload.peer, "jovi", {"lines": 7})
    assert metrics == {"time": 7.0, "memory": 1.0, "side_is_jovi": 1.0}


@pytest.mark.integration
def test_a_driver_that_fails_or_omits_a_metric_is_a_run_error(environment):
    workload = make_workload(peer=Side("sample", Driver("tests.bench.sample_driver", "broken")))
    with pytest.raises(RunError, match="exit status 1: RuntimeError: broken on purpose") as error:
        execute_side(environment, workload, workload.peer, "peer", {})
    assert "Traceback" in error.value.detail
    workload = make_workload(peer=Side("sample", Driver("tests.bench.sample_driver", "partial")))
    with pytest.raises(RunError, match="reported no memory"):
        execute_side(environment, workload, workload.peer, "peer", {})


def test_children_get_their_own_directories_and_not_the_users(environment):
    env = environment.child_env(
        driver=True, base={"PATH": "/usr/bin", "JOVI_X": "1", "IPYTHONDIR": "/u", "LANG": "C"}
    )
    assert env["LANG"] == "C"
    assert "JOVI_X" not in env
    assert env["IPYTHONDIR"].startswith(str(environment.workdir))
    assert env["HOME"].startswith(str(environment.workdir))
    assert env["TMPDIR"].startswith(str(environment.workdir))
    assert env["PATH"].split(":")[0] == str(Path(sys.executable).parent)
    # the tree's own jovi first: in a git worktree, the installed one is another tree's
    assert env["PYTHONPATH"].split(":") == [
        str(environment.repo_root / "src"),
        str(environment.repo_root),
    ]
    assert "PYTHONPATH" not in environment.child_env(driver=False, base={"PYTHONPATH": "/x"})


def test_a_failed_side_fails_the_run_but_a_smoke_runs_failed_peer_does_not():
    peer_failed = run_workload(
        make_workload(), Settings(runs=1, warmup=0), EVERYTHING,
        FakeExecutor(fail={"peer": (1, 2, 3)}),
    )  # fmt: skip
    jovi_failed = run_workload(
        make_workload(), Settings(runs=1, warmup=0), EVERYTHING, FakeExecutor(fail={"jovi": 1})
    )
    fine = run_workload(make_workload(), Settings(runs=1, warmup=0), EVERYTHING, FakeExecutor())
    assert exit_status([fine], smoke=False) == exit_status([fine], smoke=True) == 0
    assert exit_status([fine, peer_failed], smoke=False) == 1
    assert exit_status([fine, peer_failed], smoke=True) == 0  # the incumbent's flake
    assert exit_status([jovi_failed], smoke=True) == exit_status([jovi_failed], smoke=False) == 1
