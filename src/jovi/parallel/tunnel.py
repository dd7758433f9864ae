"""A client reaching its controller through ssh port forwarding.

``Client(url_file, sshserver="user@login:22")`` forwards each of the controller's
ports (as the connection file names them, the address as seen from the ssh server)
from a local port, with one ``ssh -N`` process, and connects to this machine's
loopback.  Requests that would go straight to an engine's kernel
(:mod:`~jovi.parallel.directpath`) go through the controller instead: the engines'
own ports are not forwarded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jovi.errors import TunnelError
from jovi.kernels.ports import reserve_ports
from jovi.kernels.tunnel import SshTunnel

if TYPE_CHECKING:
    import os
    from collections.abc import Sequence

    from jovi.parallel.files import ControllerInfo

__all__ = ["tunnel_to_controller"]

_LOOPBACK = "127.0.0.1"
_ANY = ("0.0.0.0", "*", "")  # noqa: S104 - recognised, never bound


def tunnel_to_controller(
    info: ControllerInfo,
    server: str,
    *,
    keyfile: str | os.PathLike[str] | None = None,
    options: Sequence[str] = (),
    timeout: float = 30.0,
) -> tuple[ControllerInfo, SshTunnel]:
    """Forward the controller's ports through ``server``; the info to connect with
    here (loopback, local ports) and the running tunnel.

    Raises:
        TunnelError: the controller uses ipc, or ssh failed.
    """
    if info.transport != "tcp":
        raise TunnelError(f"a controller on {info.transport} cannot be reached through ssh")
    target = _LOOPBACK if info.ip in _ANY else info.ip
    channels = sorted(info.ports)
    reservation = reserve_ports(_LOOPBACK, len(channels))
    local = dict(zip(channels, reservation.ports, strict=True))
    tunnel = SshTunnel(
        server,
        [(local[name], target, info.ports[name]) for name in channels],
        keyfile=keyfile,
        options=options,
    )
    reservation.hand_over()
    try:
        tunnel.start(timeout)
    finally:
        reservation.release()
    return info._replace(ip=_LOOPBACK, ports=local), tunnel
