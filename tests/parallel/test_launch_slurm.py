"""The Slurm launchers for real: Debian's ``slurm-wlm`` (``slurmctld``, one
``slurmd``) and ``munge``, started by the fixture as root in a temporary directory
(tests/parallel/slurm.py).  ``jovi cluster start -n 4 --engines slurm --controller
slurm`` submits two jobs with ``sbatch``; ``squeue`` shows them running; ``jovi
cluster stop`` cancels them, and ``squeue`` is empty within 10 s."""

from __future__ import annotations

import os
import signal
import time
from typing import TYPE_CHECKING

import pytest

from jovi.parallel import Client, Cluster, RemoteError
from jovi.parallel.files import connection_file
from jovi.parallel.launchers.base import LaunchError
from jovi.parallel.launchers.slurm import SlurmEngineSetLauncher
from tests.parallel import cluster_cli
from tests.parallel.markers import started_then_sleeps, wait_for
from tests.parallel.slurm import Slurm

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

pytestmark = pytest.mark.integration


@pytest.fixture
def slurm(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Slurm]:
    directory = tmp_path / "slurm"
    directory.mkdir()
    daemons = Slurm(directory)
    monkeypatch.setenv("SLURM_CONF", str(daemons.conf))  # for jovi cluster's sbatch
    yield daemons
    daemons.stop()


def test_jovi_cluster_on_slurm_jobs_shown_then_cancelled(slurm: Slurm, tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    out = cluster_cli.start(profile, "sl", "-n", "4", "--engines", "slurm", "--controller", "slurm")
    assert "4 engines" in out
    try:
        jobs = slurm.jobs()
        assert sorted(job.split(maxsplit=1)[1] for job in jobs) == [
            "jovi-controller-sl RUNNING",
            "jovi-engines-sl RUNNING",
        ]
        with Client(connection_file(profile / "security", "client", "sl")) as rc:
            assert rc.ids == [0, 1, 2, 3]
            in_job = rc[:].apply_sync(lambda: os.environ.get("SLURM_JOB_ID"))
            engines_job = next(j.split()[0] for j in jobs if "engines" in j)
            assert in_job == [engines_job] * 4
        script = (profile / "slurm-engines-sl.sbatch").read_text()
        assert "#SBATCH --ntasks=4\n" in script
        assert "srun " in script
    finally:
        stopping = time.monotonic()
        cluster_cli.stop(profile, "sl")
        deadline = stopping + 10
        while slurm.jobs():
            assert time.monotonic() < deadline, f"still queued after 10 s: {slurm.jobs()}"
            time.sleep(0.1)


def test_stopping_the_engines_launcher_cancels_its_job(slurm: Slurm, tmp_path: Path) -> None:
    # Without the hub's shutdown the engines would run on: only scancel ends them.
    cluster = Cluster(
        n=2, engines="slurm", profile_dir=str(tmp_path / "profile"), cluster_id="cancel"
    )
    rc = cluster.start_and_connect_sync()
    try:
        (launcher,) = cluster.engines
        assert isinstance(launcher, SlurmEngineSetLauncher)
        job_id = launcher.job_id
        assert launcher.job_state() == f"{job_id} RUNNING"
        # scancel --signal=INT reaches the engines' running calls.
        markers = {i: tmp_path / f"started-{i}" for i in rc.ids}
        running = [rc[i].apply_async(started_then_sleeps(m, 60)) for i, m in markers.items()]
        for marker in markers.values():
            wait_for(marker)
        cluster.signal_engines_sync(signal.SIGINT)
        for result in running:
            with pytest.raises(RemoteError) as raised:
                result.get(timeout=30)
            assert raised.value.ename == "KeyboardInterrupt"
        assert rc[:].apply_sync(lambda: "alive") == ["alive", "alive"]
        cluster.stop_engines_sync()
        deadline = time.monotonic() + 10
        while any(job.startswith(f"{job_id} ") for job in slurm.jobs()):
            assert time.monotonic() < deadline, f"not cancelled after 10 s: {slurm.jobs()}"
            time.sleep(0.1)
        deadline = time.monotonic() + 30
        while rc.ids:  # the hub sees the engines go
            assert time.monotonic() < deadline, "the engines are still registered"
            rc.spin(0.1)
    finally:
        cluster.stop_cluster_sync()


def test_an_engines_job_that_fails_at_once_ends_the_wait_with_a_plain_error(
    slurm: Slurm, tmp_path: Path
) -> None:
    # The engines refuse their command line, srun fails, the job ends FAILED: the wait
    # ends when squeue says so, not after the whole timeout (before: TimeoutError at 120 s).
    cluster = Cluster(
        n=2,
        engines="slurm",
        profile_dir=str(tmp_path / "profile"),
        cluster_id="failing",
        engine_args=("--no-such-option",),
    )
    began = time.monotonic()
    with pytest.raises(LaunchError, match="the engines ended before registering"):
        cluster.start_and_connect_sync(timeout=120)
    assert time.monotonic() - began < 60
    assert not slurm.jobs()  # stopping the cluster left nothing queued
