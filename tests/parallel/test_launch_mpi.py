"""Engines started by ``mpiexec`` (Debian's Open MPI and mpi4py): ``jovi cluster start
-n 4 --engines mpi`` on the command line gives four engines whose MPI ranks are
their ids, and the seeds' ``psum`` (an ``Allreduce`` over the engines) gives 120.0 on
each.

Open MPI refuses to run as root unless told; the tests run as root here, so the
profile's ``jovi_cluster_config.py`` says ``c.MPILauncher.allow_run_as_root = True``
(the launcher does not allow it by default).  Four ranks on two cores need Open MPI's
oversubscription, which the launcher allows by default (``oversubscribe``).
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from typing import TYPE_CHECKING

import numpy as np
import psutil
import pytest

from jovi.config import Config
from jovi.parallel import Client, Cluster
from jovi.parallel.files import ControllerInfo, connection_file, read_controller_file
from jovi.parallel.launchers.mpi import MPIControllerLauncher
from jovi.parallel.registration import RegistrationError, register
from jovi.protocol import ConnectionInfo
from tests.parallel import cluster_cli

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.integration

PSUM = """\
from mpi4py import MPI
import numpy as np

def psum(a):
    locsum = np.sum(a)
    rcvBuf = np.array(0.0, 'd')
    MPI.COMM_WORLD.Allreduce([locsum, MPI.DOUBLE],
                             [rcvBuf, MPI.DOUBLE],
                             op=MPI.SUM)
    return rcvBuf
"""


def _profile(tmp_path: Path) -> Path:
    profile = tmp_path / "profile"
    profile.mkdir()
    if os.geteuid() == 0:
        (profile / "jovi_cluster_config.py").write_text("c.MPILauncher.allow_run_as_root = True\n")
    return profile


def test_jovi_cluster_start_engines_mpi_ranks_are_ids_and_psum(tmp_path: Path) -> None:
    profile = _profile(tmp_path)
    out = cluster_cli.start(profile, "mpi", "-n", "4", "--engines", "mpi")
    assert "4 engines" in out
    try:
        listed = cluster_cli.jovi("cluster", "list", "--profile-dir", str(profile)).stdout
        assert "4 engines\t(controller: local, engines: mpi)" in listed
        with Client(connection_file(profile / "security", "client", "mpi")) as rc:
            rc.wait_for_engines(4, timeout=60)
            assert rc.ids == [0, 1, 2, 3]

            def rank_and_size() -> tuple[int, int]:
                from mpi4py import MPI

                return MPI.COMM_WORLD.Get_rank(), MPI.COMM_WORLD.Get_size()

            assert rc[:].apply_sync(rank_and_size) == [(i, 4) for i in rc.ids]
            # The seeds' transcript (parallel computing, "Actually using MPI").
            (tmp_path / "psum.py").write_text(PSUM)
            view = rc[:]
            view.run(str(tmp_path / "psum.py"))
            view.scatter("a", np.arange(16, dtype="float"))
            assert [list(part) for part in view["a"]] == [
                [0.0, 1.0, 2.0, 3.0],
                [4.0, 5.0, 6.0, 7.0],
                [8.0, 9.0, 10.0, 11.0],
                [12.0, 13.0, 14.0, 15.0],
            ]
            view.execute("totalsum = psum(a)", block=True)
            assert [float(total) for total in view["totalsum"]] == [120.0] * 4
            pids = rc[:].apply_sync(os.getpid)
    finally:
        cluster_cli.stop(profile, "mpi")
    assert not any(
        psutil.pid_exists(pid) and psutil.Process(pid).status() != "zombie" for pid in pids
    )


def test_the_controller_gives_an_engine_the_id_it_asks_for(tmp_path: Path) -> None:
    # What makes rank equal id whatever order the ranks register in (ranks that
    # happen to register in order would pass the test above without it).
    cluster = Cluster(n=0, profile_dir=str(tmp_path), cluster_id="ids")
    cluster.start_controller_sync()
    try:
        controller = read_controller_file(connection_file(tmp_path / "security", "engine", "ids"))
        kernel = ConnectionInfo(shell_port=1, iopub_port=2, stdin_port=3, control_port=4, hb_port=5)

        def register_as(requested: int) -> int:
            return register(
                controller, kernel, str(uuid.uuid4()), "", timeout=10, requested_id=requested
            )

        assert register_as(3) == 3
        assert register_as(1) == 1
        with pytest.raises(RegistrationError, match="engine id 3 is in use"):
            register_as(3)
        assert register_as(-1) == 4  # the next after the highest given
    finally:
        cluster.stop_cluster_sync()


def test_an_engine_asked_for_mpi_without_mpi4py_says_so(tmp_path: Path) -> None:
    hidden = tmp_path / "no-mpi4py" / "mpi4py"
    hidden.mkdir(parents=True)
    (hidden / "__init__.py").write_text("raise ImportError('mpi4py is hidden by the test')\n")
    controller = ControllerInfo("k", "hmac-sha256", "tcp", "127.0.0.1", {"registration": 1})
    path = controller.write(tmp_path / "engine.json", "engine")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(hidden.parent), *sys.path])}
    done = subprocess.run(
        [sys.executable, "-m", "jovi", "engine", "--file", str(path), "--mpi=mpi4py",
         "--profile-dir", str(tmp_path / "profile")],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    assert "--mpi=mpi4py needs mpi4py (pip install 'jovi[mpi]')" in done.stderr
    assert not list((tmp_path / "profile" / "security").glob("ipengine-*.json"))


def test_the_controller_under_mpi_too(tmp_path: Path) -> None:
    config = Config()
    config.MPILauncher.allow_run_as_root = os.geteuid() == 0
    cluster = Cluster(
        n=2, engines="mpi", controller="mpi", profile_dir=str(tmp_path), config=config
    )
    with cluster as rc:
        launcher = cluster.controller
        assert isinstance(launcher, MPIControllerLauncher)
        assert rc.info.pid in [p.pid for p in psutil.Process(launcher.pid).children()]
        assert len(set(rc[:].apply_sync(os.getpid))) == 2
    assert not (tmp_path / "security" / f"ipcontroller-{cluster.cluster_id}-client.json").exists()
