"""Kernels reached through ssh port forwarding (an OpenSSH server started by the test),
in both set-ups: the kernel on the ssh host, and the kernel behind a login host."""

from __future__ import annotations

import pytest

from jovi.client import BlockingKernelClient, read_connection_file
from jovi.errors import TunnelError
from jovi.kernels import KernelManager
from jovi.kernels.tunnel import SshTunnel, split_server, ssh_connection_file, tunnel_to_kernel
from tests.kernels.sshd import SshServer

pytestmark = pytest.mark.integration


@pytest.fixture
def sshd(tmp_path):
    directory = tmp_path / "sshd"
    directory.mkdir()
    server = SshServer(directory)
    try:
        yield server
    finally:
        server.stop()


def run_through(info, sshd, **options):
    local, tunnel = tunnel_to_kernel(
        info, sshd.server, keyfile=sshd.keyfile, options=sshd.options, **options
    )
    try:
        assert local.ip == "127.0.0.1"
        assert set(local.ports().values()).isdisjoint(info.ports().values())
        with BlockingKernelClient(local) as client:
            client.wait_for_ready(timeout=30)
            reply = client.execute("6 * 7", reply=True, timeout=10, user_expressions={"x": "6 * 7"})
            assert reply.content.user_expressions["x"]["data"]["text/plain"] == "42"
            assert client.is_alive()
        return local
    finally:
        tunnel.stop()


def test_a_kernel_on_the_ssh_host(sshd):
    manager = KernelManager("pyimport/jovi")  # listening on the ssh host's loopback
    manager.start_kernel()
    try:
        local = run_through(manager.connection_info, sshd)
        written = ssh_connection_file(manager.connection_file, local)
        assert written.name.endswith("-ssh.json")
        assert read_connection_file(written) == local
    finally:
        manager.shutdown(now=True)


def test_a_kernel_behind_a_login_host(sshd):
    # The kernel listens on another address (127.0.0.2, seen from the login host).
    manager = KernelManager("pyimport/jovi", ip="127.0.0.2")
    manager.start_kernel()
    try:
        assert manager.connection_info.ip == "127.0.0.2"
        run_through(manager.connection_info, sshd)
    finally:
        manager.shutdown(now=True)


def test_a_kernel_on_every_interface_needs_its_address_from_the_login_host(sshd):
    manager = KernelManager("pyimport/jovi", ip="0.0.0.0")
    manager.start_kernel()
    try:
        run_through(manager.connection_info, sshd, remote_ip="127.0.0.3")
    finally:
        manager.shutdown(now=True)


def test_ssh_failures_are_one_sentence(sshd, tmp_path):
    assert split_server("ada@host:2222") == ("ada@host", 2222)
    assert split_server("host") == ("host", None)
    with pytest.raises(TunnelError, match="port that is not a number"):
        split_server("host:ssh")
    wrong_key = tmp_path / "nokey"
    wrong_key.write_text("not a key\n")
    wrong_key.chmod(0o600)
    tunnel = SshTunnel(sshd.server, [(1, "127.0.0.1", 2)], keyfile=wrong_key, options=sshd.options)
    with pytest.raises(TunnelError, match=r"ssh could not open the tunnel through .*: .*denied"):
        tunnel.start(timeout=20)
    assert not tunnel.running
