"""A kernel's five sockets, and a client's, from connection info (Jupyter messaging protocol: channels and sockets).

=========  ===================  ======================================
channel    kernel               client
=========  ===================  ======================================
shell      ROUTER (bind)        DEALER (connect), identity shared with stdin
control    ROUTER               DEALER
stdin      ROUTER               DEALER, same identity as shell
iopub      PUB, or XPUB (5.5)   SUB to everything
hb         ROUTER echo thread   REQ (:class:`HeartbeatPinger`)
=========  ===================  ======================================

Usage::

    async with open_kernel_channels(ConnectionInfo.new()) as kernel:
        write_connection_file(path, kernel.info)      # the ports actually bound
        ...
    async with open_client_channels(read_connection_file(path)) as client:
        ...

The channels belong to the event loop that opened them: a kernel that runs user code
on its main thread opens them on its I/O thread and hands messages over to it.
"""

from __future__ import annotations

import contextlib
import dataclasses
from typing import TYPE_CHECKING, Literal

import zmq
import zmq.asyncio

from jovi.protocol.ids import new_session_id
from jovi.transport.zmq.channel import ZmqChannel, connect_channel
from jovi.transport.zmq.kernelsockets import ROUTED, bind_kernel_sockets
from jovi.transport.zmq.pinger import HeartbeatPinger

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from jovi.protocol.connection import ConnectionInfo
    from jovi.transport.zmq.heartbeat import Heartbeat

__all__ = [
    "ClientChannels",
    "KernelChannels",
    "open_client_channels",
    "open_kernel_channels",
]


@dataclasses.dataclass(frozen=True, slots=True)
class KernelChannels:
    """The sockets of a running kernel as channels.

    The fields are those of :class:`~jovi.transport.zmq.kernelsockets.KernelZmqSockets`
    (the connection info with the ports bound, the four sockets, the heartbeat), each
    socket wrapped in a :class:`ZmqChannel`.
    """

    info: ConnectionInfo
    shell: ZmqChannel
    control: ZmqChannel
    stdin: ZmqChannel
    iopub: ZmqChannel
    heartbeat: Heartbeat


@dataclasses.dataclass(frozen=True, slots=True)
class ClientChannels:
    """A client's sockets to one kernel.

    Attributes:
        identity: The ZeroMQ identity of the shell, control and stdin sockets.
        shell: DEALER for shell requests.
        control: DEALER for control requests.
        stdin: DEALER answering input requests.
        iopub: SUB receiving everything the kernel publishes.
        heartbeat: Pings the kernel's heartbeat.
    """

    identity: bytes
    shell: ZmqChannel
    control: ZmqChannel
    stdin: ZmqChannel
    iopub: ZmqChannel
    heartbeat: HeartbeatPinger


@contextlib.asynccontextmanager
async def _owned_context(
    context: zmq.asyncio.Context | None,
) -> AsyncIterator[zmq.asyncio.Context]:
    if context is not None:
        yield context
        return
    owned = zmq.asyncio.Context()
    try:
        yield owned
    finally:
        owned.term()


@contextlib.asynccontextmanager
async def open_kernel_channels(
    info: ConnectionInfo,
    *,
    context: zmq.asyncio.Context | None = None,
    iopub: Literal["pub", "xpub"] = "pub",
    linger: int | None = None,
) -> AsyncIterator[KernelChannels]:
    """Bind a kernel's sockets and its heartbeat; close them all on exit.

    Ports of 0 in ``info`` are chosen while binding; the yielded ``info`` has them.

    Args:
        info: Where to bind.
        context: The asyncio ZeroMQ context; a new one (terminated on exit) if None.
        iopub: ``"xpub"`` to see subscriptions (for ``iopub_welcome``, 5.5).
        linger: Milliseconds closing waits for unsent messages (default: 1000).

    Raises:
        BindError: a port is in use or the address is not local.
    """
    async with _owned_context(context) as ctx:
        sockets = bind_kernel_sockets(info, ctx, iopub=iopub)
        channels = {
            name: ZmqChannel(getattr(sockets, name), "router" if name in ROUTED else iopub, url)
            for name, url in sockets.endpoints.items()
        }
        try:
            yield KernelChannels(
                sockets.info,
                channels["shell"],
                channels["control"],
                channels["stdin"],
                channels["iopub"],
                sockets.heartbeat,
            )
        finally:
            for channel in channels.values():
                await channel.aclose(linger)
            sockets.heartbeat.stop()


@contextlib.asynccontextmanager
async def open_client_channels(
    info: ConnectionInfo,
    *,
    identity: bytes | None = None,
    context: zmq.asyncio.Context | None = None,
) -> AsyncIterator[ClientChannels]:
    """Connect a client's sockets to the kernel of ``info``; close them on exit.

    Args:
        info: The kernel's connection info (every port chosen).
        identity: The identity of shell, control and stdin; a fresh session-like
            id by default.
        context: The asyncio ZeroMQ context; a new one (terminated on exit) if None.

    Raises:
        ValueError: a port of ``info`` is 0.
    """
    if not info.all_ports_chosen:
        raise ValueError("cannot connect: the connection info has ports that are not chosen (0)")
    ident = identity if identity is not None else new_session_id().encode()
    async with _owned_context(context) as ctx, contextlib.AsyncExitStack() as stack:
        dealers = {}
        for name in ROUTED:
            dealer = connect_channel(ctx, "dealer", info.url(name), identity=ident)
            stack.push_async_callback(dealer.aclose, 0)
            dealers[name] = dealer
        subscriber = connect_channel(ctx, "sub", info.url("iopub"))
        stack.push_async_callback(subscriber.aclose, 0)
        pinger = HeartbeatPinger(ctx, info.url("hb"))
        stack.push_async_callback(pinger.aclose)
        yield ClientChannels(
            ident, dealers["shell"], dealers["control"], dealers["stdin"], subscriber, pinger
        )
