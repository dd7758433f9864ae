"""Engines started through ssh, for real: an OpenSSH server the test starts on
127.0.0.1 at a free high port (tests/kernels/sshd.py), two engines on
``user@127.0.0.1:PORT``, the controller's file sent over ssh, a client reaching the
controller through an ssh tunnel, and nothing left running on the "remote" side
after the stop."""

from __future__ import annotations

import itertools
import json
import os
import shlex
import socket
import subprocess
import sys
from typing import TYPE_CHECKING

import psutil
import pytest

from jovi.config import Config
from jovi.kernels import ports
from jovi.parallel import Client, Cluster
from jovi.parallel.files import ControllerInfo, connection_file
from jovi.parallel.launchers import ssh as ssh_launchers
from jovi.parallel.launchers.ssh import remote_stop_command
from tests.kernels.sshd import SshServer

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

pytestmark = pytest.mark.integration


@pytest.fixture
def sshd(tmp_path: Path) -> Iterator[SshServer]:
    keys = tmp_path / "sshd"
    keys.mkdir()
    server = SshServer(keys)
    yield server
    server.stop()


def _processes_of(cluster_id: str) -> list[psutil.Process]:
    found = []
    for process in psutil.process_iter(["cmdline"]):
        cmdline = process.info["cmdline"] or []
        if cluster_id in cmdline and "engine" in cmdline:
            found.append(process)
    return found


def test_two_engines_over_ssh_a_tunnelled_client_and_nothing_left(
    sshd: SshServer, tmp_path: Path
) -> None:
    profile = tmp_path / "profile"
    config = Config()
    config.SSHEngineSetLauncher.engines = {sshd.server: 2}
    config.SSHLauncher.ssh_args = sshd.options
    config.SSHLauncher.ssh_key = str(sshd.keyfile)
    config.SSHLauncher.remote_python = sys.executable
    config.SSHLauncher.remote_env = {
        "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
        "JOVI_DIR": str(tmp_path / "remote-jovi"),
    }
    config.SSHLauncher.to_fetch = [str(profile / "remote-note.txt")]
    cluster = Cluster(engines="ssh", profile_dir=str(profile), cluster_id="ssh", config=config)
    assert cluster.n == 2  # from the hosts' counts
    rc = cluster.start_and_connect_sync()
    try:
        assert rc.ids == [0, 1]
        pids = rc[:].apply_sync(os.getpid)
        for pid in pids:  # started by the ssh server, not by this process
            assert sshd.process.pid in [p.pid for p in psutil.Process(pid).parents()]
        # The connection file arrived over ssh, readable by the user only.
        sent = profile / "security" / "ssh-ssh-engine.json"
        assert sent.stat().st_mode & 0o777 == 0o600
        assert (
            sent.read_bytes() == connection_file(profile / "security", "engine", "ssh").read_bytes()
        )
        rc[0].execute(
            f"open({str(profile / 'remote-note.txt')!r}, 'w').write('from the engine')",
            block=True,
        )
        # A client through an ssh tunnel: the controller's ports forwarded by ssh.
        with Client(
            connection_file(profile / "security", "client", "ssh"),
            sshserver=sshd.server,
            sshkey=str(sshd.keyfile),
            ssh_options=sshd.options,
        ) as tunnelled:
            assert tunnelled.tunnel is not None
            assert tunnelled.tunnel.running
            assert {port for _, _, port in tunnelled.tunnel.forwards} == set(rc.info.ports.values())
            assert set(tunnelled.info.ports.values()).isdisjoint(rc.info.ports.values())
            tunnelled.wait_for_engines(2, timeout=30)
            assert tunnelled[:].apply_sync(os.getpid) == pids
            tunnelled[:].push({"x": b"y" * (2 << 20)}, block=True)  # large: not direct
            assert tunnelled[:].pull("x", block=True) == [b"y" * (2 << 20)] * 2
        assert len(_processes_of("ssh")) == 2
        # The launcher alone (no shutdown from the hub) ends the remote engines.
        cluster.stop_engines_sync()
        assert not _processes_of("ssh")
        assert not any(psutil.pid_exists(pid) for pid in pids)
    finally:
        cluster.stop_cluster_sync()
    assert not (profile / "security" / "ssh-ssh-engine.json").exists()
    assert not list((profile / "pid").glob("*.pid"))
    fetched = profile / "log" / f"{sshd.server.split('@')[0]}_127.0.0.1-remote-note.txt"
    assert fetched.read_text() == "from the engine"


def test_the_controller_over_ssh_and_its_files_fetched(sshd: SshServer, tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    remote = tmp_path / "remote-profile"  # another directory: the files must travel
    config = Config()
    config.SSHControllerLauncher.hostname = sshd.server
    config.SSHEngineSetLauncher.engines = {sshd.server: 1}
    config.SSHLauncher.ssh_args = sshd.options
    config.SSHLauncher.ssh_key = str(sshd.keyfile)
    config.SSHLauncher.remote_python = sys.executable
    config.SSHLauncher.remote_profile_dir = str(remote)
    config.SSHLauncher.remote_env = {"PYTHONPATH": os.environ.get("PYTHONPATH", "")}
    cluster = Cluster(
        engines="ssh", controller="ssh", profile_dir=str(profile), cluster_id="c", config=config
    )
    with cluster as rc:
        assert rc.ids == [0]
        controller = psutil.Process(rc.info.pid)
        assert sshd.process.pid in [p.pid for p in controller.parents()]
        local = connection_file(profile / "security", "client", "c")
        assert (
            local.read_bytes() == connection_file(remote / "security", "client", "c").read_bytes()
        )
        assert local.stat().st_mode & 0o777 == 0o600
        assert rc[0].apply_sync(os.getcwd)
    _, alive = psutil.wait_procs([controller], timeout=15)
    assert not alive
    assert not _processes_of("c")
    assert not list((remote / "pid").glob("*.pid"))


def _tunnelled_engines(sshd: SshServer) -> Config:
    """Two engines on the tests' sshd, each tunnelled through its ssh."""
    config = Config()
    config.SSHEngineSetLauncher.engines = {sshd.server: 2}
    config.SSHEngineSetLauncher.tunnel = True
    config.SSHLauncher.ssh_args = sshd.options
    config.SSHLauncher.ssh_key = str(sshd.keyfile)
    config.SSHLauncher.remote_python = sys.executable
    config.SSHLauncher.remote_env = {"PYTHONPATH": os.environ.get("PYTHONPATH", "")}
    return config


def test_engines_tunnelled_through_their_ssh(sshd: SshServer, tmp_path: Path) -> None:
    # The controller listens on loopback only; each engine's registration and the
    # controller's connections to the engine go through the engine's ssh.
    profile = tmp_path / "profile"
    config = _tunnelled_engines(sshd)
    cluster = Cluster(engines="ssh", profile_dir=str(profile), cluster_id="t", config=config)
    rc = cluster.start_and_connect_sync()
    try:
        assert rc.ids == [0, 1]
        assert rc[:].apply_sync(lambda: 6 * 7) == [42, 42]
        rc[:].push({"x": b"y" * (2 << 20)}, block=True)  # large: straight to the engine
        assert rc[:].pull("x", block=True) == [b"y" * (2 << 20)] * 2
        (launcher,) = cluster.engines
        forwarded: dict[int, int] = {}  # local port -> engine's port
        registration = []
        for process in launcher.processes:
            words = psutil.Process(process.pid).cmdline()
            for option, spec in itertools.pairwise(words):
                if option in ("-L", "-R"):
                    _, near, _, far = spec.split(":")
                    if option == "-L":
                        forwarded[int(near)] = int(far)
                    else:
                        registration.append((int(near), int(far)))
        assert len(forwarded) == 8
        assert {far for _, far in registration} == {rc.info.ports["registration"]}
        # Each engine's file names the remote end of its ssh's -R, not the controller.
        for index, (near, _) in enumerate(registration):
            sent = json.loads((profile / "security" / f"ssh-t-engine-{index}.json").read_text())
            assert sent["registration"] == near
        # The controller's connections to the engines end at the local forwards.
        controller = psutil.Process(cluster.controller.pid)
        remote_ports = {c.raddr.port for c in controller.net_connections("tcp") if c.raddr}
        assert set(forwarded) <= remote_ports
        assert remote_ports.isdisjoint(forwarded.values())
    finally:
        cluster.stop_cluster_sync()
    assert not _processes_of("t")


def test_a_tunnelled_engine_whose_port_was_taken_meanwhile_is_started_again(
    sshd: SshServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The ports of a tunnel are chosen free, then bound by ssh and the engine: another
    # process may take one in between (here a listener holds the first engine's first
    # local port), and that engine's ssh ends.  The launcher starts it again.
    taken = socket.create_server(("127.0.0.1", 0))
    reservations = []

    def reserve(ip: str, count: int) -> ports.PortReservation:
        reservation = ports.reserve_ports(ip, count)
        if not reservations:
            reservation.ports[1] = taken.getsockname()[1]
        reservations.append(reservation)
        return reservation

    monkeypatch.setattr(ssh_launchers, "reserve_ports", reserve)
    config = _tunnelled_engines(sshd)
    profile = tmp_path / "profile"
    cluster = Cluster(engines="ssh", profile_dir=str(profile), cluster_id="r", config=config)
    try:
        rc = cluster.start_and_connect_sync(timeout=30)
        assert rc.ids == [0, 1]
        assert rc[:].apply_sync(lambda: 6 * 7) == [42, 42]
        assert len(reservations) == 3
        log = (profile / "log" / "ssh-engines-r.log").read_text()
        assert "starting the engine again with other ports" in log
    finally:
        cluster.stop_cluster_sync()
        taken.close()
    assert not _processes_of("r")


def test_the_remote_stop_ends_this_clusters_processes_only(tmp_path: Path) -> None:
    # A pid file may outlive its engine, and the pid be reused by another program.
    # Both run detached (as remote engines do: not children of this process).
    def detached(*args: str) -> psutil.Process:
        command = shlex.join([sys.executable, "-c", "import time; time.sleep(60)", *args])
        started = subprocess.run(
            ["sh", "-c", f"{command} >/dev/null 2>&1 & echo $!"],
            capture_output=True, text=True, check=True, timeout=30,
        )  # fmt: skip
        return psutil.Process(int(started.stdout))

    # Another cluster's engine (jovi too, with another profile) may have the pid as well.
    profile = str(tmp_path / "profile")
    ours = detached("jovi", "engine", "--profile-dir", profile)
    other = detached()
    another_clusters = detached("jovi", "engine", "--profile-dir", str(tmp_path / "elsewhere"))
    try:
        for name, process in (("ours", ours), ("other", other), ("another", another_clusters)):
            (tmp_path / f"{name}.pid").write_text(f"{process.pid}\n")
        files = [str(tmp_path / f"{name}.pid") for name in ("ours", "other", "another")]
        command = remote_stop_command(files, profile_dir=profile)
        subprocess.run(["sh", "-c", command], check=True, timeout=30)
        _, alive = psutil.wait_procs([ours], timeout=10)
        assert not alive
        assert other.is_running()
        assert another_clusters.is_running()
        assert not list(tmp_path.glob("*.pid"))
    finally:
        other.kill()
        another_clusters.kill()


def test_an_engine_with_a_malformed_advertise_says_so_before_binding(tmp_path: Path) -> None:
    controller = ControllerInfo("k", "hmac-sha256", "tcp", "127.0.0.1", {"registration": 1})
    path = controller.write(tmp_path / "engine.json", "engine")
    done = subprocess.run(
        [sys.executable, "-m", "jovi", "engine", "--file", str(path), "--advertise", "127.0.0.1:1,2",
         "--profile-dir", str(tmp_path / "profile")],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    assert "--advertise '127.0.0.1:1,2' is not IP:SHELL,CONTROL,IOPUB,HB" in done.stderr
    assert not list((tmp_path / "profile" / "security").glob("ipengine-*.json"))
