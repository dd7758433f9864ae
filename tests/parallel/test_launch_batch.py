"""PBS, SGE, LSF and HTCondor through stand-in commands (tests/parallel/batch_shims.py;
none of the four can run on this machine: Debian 12 has no Torque, OpenPBS,
HTCondor or LSF, and Grid Engine needs a host and cell set-up beyond a test): the
submit commands get the rendered script with the expected directives and start
the controller and engines for real; stop calls the cancel command with the job
id parsed from the submit output."""

from __future__ import annotations

import contextlib
import os
from typing import TYPE_CHECKING

import psutil
import pytest

from jovi.config import Config
from jovi.parallel import Cluster
from tests.parallel import batch_shims, cluster_cli

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.integration

# kind: (flavour of qsub, the engines' directives, the submit and cancel commands,
#        the ids the cancel command gets: controller's then engines')
SYSTEMS = {
    "pbs": ("pbs", ["#PBS -q short", "#PBS -t 1-2", "#PBS -V"], "qsub", "qdel",
            ["100.shimhost", "101[].shimhost"]),
    "sge": ("sge", ["#$ -q short", "#$ -t 1-2", "#$ -V"], "qsub", "qdel", ["100", "101"]),
    "lsf": ("pbs", ["#BSUB -q short", "#BSUB -J jovi-engines-b[1-2]"], "bsub", "bkill",
            ["100", "101"]),
    "htcondor": ("pbs", ["universe = vanilla", "queue 2"], "condor_submit", "condor_rm",
                 ["100", "101"]),
}  # fmt: skip


@pytest.mark.parametrize("kind", list(SYSTEMS))
def test_controller_and_engines_through_the_systems_commands(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    flavour, directives, submit, cancel, ids = SYSTEMS[kind]
    state = tmp_path / "shims"
    batch_shims.install(tmp_path / "bin", state)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("SHIM_FLAVOUR", flavour)
    config = Config()
    config.BatchLauncher.queue = "short"
    cluster = Cluster(
        n=2,
        engines=kind,
        controller=kind,
        profile_dir=str(tmp_path / "profile"),
        cluster_id="b",
        config=config,
    )
    rc = cluster.start_and_connect_sync()
    try:
        assert rc.ids == [0, 1]
        in_job = rc[:].apply_sync(lambda: os.environ["SHIM_JOB_ID"])
        assert in_job == ["101", "101"]  # the engines' job, the second submitted
        submitted = batch_shims.calls(state)
        assert [call["command"] for call in submitted] == [submit, submit]
        engines_script = submitted[1]["script"].splitlines()
        for directive in directives:
            assert engines_script.count(directive) == 1, (directive, engines_script)
        assert "jovi controller" in submitted[0]["script"]
        suffix = ".sub" if kind == "htcondor" else ".sh"
        script_path = tmp_path / "profile" / f"{kind}-engines-b{suffix}"
        # bsub reads the script on its standard input; the others get its path.
        assert submitted[1]["args"] == ([] if kind == "lsf" else [str(script_path)])
        assert script_path.read_text() == submitted[1]["script"]
        pids = [pid for job in ("100", "101") for pid in batch_shims.job_pids(state, job)]
    finally:
        cluster.stop_cluster_sync()
    cancels = [call for call in batch_shims.calls(state) if call["command"] == cancel]
    assert [call["args"] for call in cancels] == [[ids[1]], [ids[0]]]  # engines first
    # The cancel command only signals; the jobs' processes end soon after.
    processes = []
    for pid in pids:
        with contextlib.suppress(psutil.NoSuchProcess):
            processes.append(psutil.Process(pid))
    _, alive = psutil.wait_procs(processes, timeout=15)
    assert [p for p in alive if p.status() != psutil.STATUS_ZOMBIE] == []


def test_an_unknown_launcher_is_reported_by_jovi_cluster_start(tmp_path: Path) -> None:
    done = cluster_cli.jovi(
        "cluster", "start", "--profile-dir", str(tmp_path), "--engines", "yarn", "--daemonize"
    )
    assert done.returncode == 1
    assert "jovi cluster: the cluster did not start" in done.stderr
    assert "no launcher 'yarn'; the launchers are local, mpi, ssh, slurm" in done.stderr
    assert not list((tmp_path / "security").glob("ipcontroller-*.json"))
