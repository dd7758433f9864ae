"""``jovi profile create NAME --parallel``: the commented config files of the cluster,
the controller and the engines, and those commands reading them."""

from __future__ import annotations

import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from jovi.cli.main import main
from jovi.config.loaders import load_python_config
from jovi.parallel import Client, Cluster
from jovi.parallel.files import connection_file

if TYPE_CHECKING:
    from pathlib import Path

NAMES = ("jovi_cluster_config.py", "jovi_controller_config.py", "jovi_engine_config.py")


def test_profile_create_parallel_writes_three_commented_files(isolated_dirs: Path, capsys) -> None:
    assert main(["profile", "create", "calc", "--parallel"]) == 0
    profile = isolated_dirs / "jovi" / "profile_calc"
    out = capsys.readouterr().out
    for name in NAMES:
        path = profile / name
        assert str(path) in out
        lines = path.read_text().splitlines()
        code = [line for line in lines if line.strip() and not line.startswith("#")]
        assert code == [
            "c = get_config()  # noqa: F821 - jovi provides get_config() when it runs this file"
        ]
        assert not load_python_config(path).to_dict()  # all commented: sets nothing
    cluster = (profile / "jovi_cluster_config.py").read_text()
    assert "# c.ClusterStartApp.n = 0" in cluster
    controller = (profile / "jovi_controller_config.py").read_text()
    assert "# c.ControllerApp.scheme = 'lru'" in controller
    assert "# c.ControllerApp.hwm = 1" in controller
    assert "# c.EngineApp.timeout = 60.0" in (profile / "jovi_engine_config.py").read_text()
    # A second run keeps what the user changed.
    (profile / "jovi_cluster_config.py").write_text("c.ClusterStartApp.n = 2\n")
    assert main(["profile", "create", "calc", "--parallel"]) == 0
    assert (profile / "jovi_cluster_config.py").read_text() == "c.ClusterStartApp.n = 2\n"


@pytest.mark.integration
def test_the_cluster_and_controller_read_their_files(isolated_dirs: Path) -> None:
    assert main(["profile", "create", "calc", "--parallel"]) == 0
    profile = isolated_dirs / "jovi" / "profile_calc"
    with (profile / "jovi_cluster_config.py").open("a") as file:
        file.write("c.ClusterStartApp.n = 2\n")
    with (profile / "jovi_controller_config.py").open("a") as file:
        file.write("c.ControllerApp.scheme = 'leastload'\n")
    cluster = Cluster(profile="calc")
    assert cluster.n == 2
    with cluster as rc:
        assert len(rc.ids) == 2
        assert rc.info.task_scheme == "leastload"


@pytest.mark.integration
def test_jovi_cluster_start_takes_n_from_the_cluster_file(isolated_dirs: Path) -> None:
    assert main(["profile", "create", "calc", "--parallel"]) == 0
    profile = isolated_dirs / "jovi" / "profile_calc"
    with (profile / "jovi_cluster_config.py").open("a") as file:
        file.write("c.ClusterStartApp.n = 1\n")
    started = subprocess.run(
        [
            sys.executable,
            "-m",
            "jovi",
            "cluster",
            "start",
            "--profile",
            "calc",
            "--cluster-id",
            "fromfile",
            "--daemonize",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    try:
        assert started.returncode == 0, started.stderr
        assert "a controller and 1 engines" in started.stdout
        with Client(connection_file(profile / "security", "client", "fromfile")) as rc:
            rc.wait_for_engines(1, timeout=30)
            assert rc.ids == [0]
    finally:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "jovi",
                "cluster",
                "stop",
                "--profile",
                "calc",
                "--cluster-id",
                "fromfile",
            ],
            capture_output=True,
            timeout=120,
            check=False,
        )
