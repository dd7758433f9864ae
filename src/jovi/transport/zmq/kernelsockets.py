"""A kernel's five sockets bound from connection info, on any ZeroMQ context.

:func:`bind_kernel_sockets` binds shell, control and stdin (ROUTER), IOPub (PUB or
XPUB) and starts the heartbeat.  With a plain context the sockets are blocking ones,
which jovi's kernel polls on its I/O thread without an event loop (so that it is
ready before asyncio would even be imported); with a ``zmq.asyncio`` context they
are asyncio sockets, which :func:`~jovi.transport.zmq.sockets.open_kernel_channels`
wraps into channels.  This module does not import asyncio.
"""

from __future__ import annotations

import contextlib
import dataclasses
from typing import TYPE_CHECKING, Generic, Literal

from jovi.transport.zmq.binding import SocketKind, SocketT, bind_socket, port_of
from jovi.transport.zmq.heartbeat import Heartbeat

if TYPE_CHECKING:
    import zmq

    from jovi.protocol.connection import ChannelName, ConnectionInfo
    from jovi.transport.zmq.curve import CurveKeys

__all__ = ["KernelZmqSockets", "bind_kernel_sockets"]

# The channels a kernel routes by identity (ROUTER) and a client deals on (DEALER).
ROUTED: tuple[ChannelName, ...] = ("shell", "control", "stdin")


@dataclasses.dataclass(frozen=True, slots=True)
class KernelZmqSockets(Generic[SocketT]):
    """The bound sockets of a kernel.

    Attributes:
        info: The connection info with the ports actually bound.
        shell: ROUTER for shell requests.
        control: ROUTER for control requests.
        stdin: ROUTER for input requests to clients.
        iopub: PUB (or XPUB) for everything the kernel publishes.
        heartbeat: The echo thread.
        endpoints: The address each socket is bound to (``"shell"``... ``"iopub"``).
    """

    info: ConnectionInfo
    shell: SocketT
    control: SocketT
    stdin: SocketT
    iopub: SocketT
    heartbeat: Heartbeat
    endpoints: dict[str, str]

    def close(self, linger: int | None = None) -> None:
        """Close the sockets (unsent messages get ``linger`` ms) and stop the heartbeat."""
        for socket in (self.shell, self.control, self.stdin, self.iopub):
            socket.close(linger=linger)
        self.heartbeat.stop()


def bind_kernel_sockets(
    info: ConnectionInfo,
    context: zmq.Context[SocketT],
    *,
    iopub: Literal["pub", "xpub"] = "pub",
    curve: CurveKeys | None = None,
    watched_heartbeat: bool = False,
) -> KernelZmqSockets[SocketT]:
    """Bind a kernel's sockets and start its heartbeat; ports of 0 are chosen.  With
    ``curve`` (a parallel engine's option), every socket is a Curve server; with
    ``watched_heartbeat`` (an engine's too), the heartbeat keeps when it last beat.

    Raises:
        BindError: a port is in use or the address is not local (nothing stays bound).
    """
    kinds: dict[ChannelName, SocketKind] = dict.fromkeys(ROUTED, "router")
    kinds["iopub"] = iopub
    bound: dict[str, SocketT] = {}
    endpoints: dict[str, str] = {}
    with contextlib.ExitStack() as undo:
        for name, kind in kinds.items():
            socket, endpoints[name] = bind_socket(
                context, kind, info.transport, info.ip, info.port(name), curve=curve
            )
            undo.callback(socket.close, linger=0)
            bound[name] = socket
        heartbeat = Heartbeat(
            info.transport, info.ip, info.hb_port, curve=curve, watched=watched_heartbeat
        )
        heartbeat.start()
        undo.pop_all()
    ports = {name: port_of(endpoint) for name, endpoint in endpoints.items()}
    return KernelZmqSockets(
        info.with_ports(**ports, hb=heartbeat.port),
        bound["shell"],
        bound["control"],
        bound["stdin"],
        bound["iopub"],
        heartbeat,
        endpoints,
    )
