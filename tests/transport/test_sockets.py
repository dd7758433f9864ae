"""A kernel's sockets and two clients' sockets, talking signed messages over tcp and ipc."""

from __future__ import annotations

import asyncio
import threading

import pytest
import zmq.asyncio

from jovi.client.connection_file import read_connection_file, write_connection_file
from jovi.protocol import (
    ConnectionInfo,
    InputReply,
    InputRequest,
    KernelInfoReply,
    KernelInfoRequest,
    Session,
    ShutdownRequest,
    Status,
)
from jovi.transport import MessageChannel
from jovi.transport.zmq import open_client_channels, open_kernel_channels

pytestmark = pytest.mark.integration


def info_for(transport: str, tmp_path) -> ConnectionInfo:
    if transport == "ipc":
        return ConnectionInfo.new(transport="ipc", ip=str(tmp_path / "kernel-ipc"))
    return ConnectionInfo.new()


def jovi_threads() -> list[str]:
    return sorted(t.name for t in threading.enumerate() if t.name.startswith("jovi"))


@pytest.mark.parametrize("transport", ["tcp", "ipc"])
def test_a_kernel_and_two_clients(transport, tmp_path):
    threads_before = jovi_threads()

    async def main() -> None:
        info = info_for(transport, tmp_path)
        async with open_kernel_channels(info, iopub="xpub", linger=0) as kernel:
            assert kernel.info.all_ports_chosen
            assert len(set(kernel.info.ports().values())) == 5
            assert kernel.info.key == info.key
            path = write_connection_file(tmp_path / "kernel.json", kernel.info)
            client_info = read_connection_file(path)
            kernel_session = Session.from_connection_info(kernel.info)
            shell = MessageChannel(kernel.shell, kernel_session)
            control = MessageChannel(kernel.control, kernel_session)
            stdin = MessageChannel(kernel.stdin, kernel_session)
            iopub = MessageChannel(kernel.iopub, kernel_session)
            async with (
                open_client_channels(client_info, identity=b"client-a") as a,
                open_client_channels(client_info) as b,
            ):
                for _ in range(2):  # both SUB sockets subscribed: XPUB sees each one
                    assert await kernel.iopub.recv() == [b"\x01"]
                session_a = Session.from_connection_info(client_info)
                session_b = Session.from_connection_info(client_info)

                # shell: request, busy on iopub to everyone, reply to the requester only
                request = session_a.message(KernelInfoRequest())
                await MessageChannel(a.shell, session_a).send(request)
                identities, received = await shell.recv()
                assert identities == [b"client-a"]
                assert received == request
                busy = kernel_session.message(Status(execution_state="busy"), parent=received)
                await iopub.send(busy, [b"kernel.status"])
                for client, session in ((a, session_a), (b, session_b)):
                    topic, seen = await MessageChannel(client.iopub, session).recv()
                    assert (topic, seen) == ([b"kernel.status"], busy)
                reply = kernel_session.message(
                    KernelInfoReply(protocol_version="5.3"), parent=received
                )
                await shell.send(reply, identities)
                assert (await MessageChannel(a.shell, session_a).recv()).message == reply

                # stdin: the kernel reaches the requester through the shell identity
                ask = kernel_session.message(InputRequest(prompt="name? "), parent=received)
                await stdin.send(ask, identities)
                _, asked = await MessageChannel(a.stdin, session_a).recv()
                assert asked == ask
                answer = session_a.message(InputReply(value="bob"), parent=asked)
                await MessageChannel(a.stdin, session_a).send(answer)
                assert await stdin.recv() == ([b"client-a"], answer)

                # control, from the other client
                stop = session_b.message(ShutdownRequest(restart=False))
                await MessageChannel(b.control, session_b).send(stop)
                identities_b, got = await control.recv()
                assert got == stop
                assert identities_b == [b.identity]
                assert b.identity != a.identity

                # heartbeat
                assert await a.heartbeat.ping(5.0) is not None
                assert jovi_threads() != threads_before

    asyncio.run(main())
    assert jovi_threads() == threads_before


def test_every_socket_and_thread_is_released_on_exit():
    async def main() -> tuple[list[bool], bool]:
        context = zmq.asyncio.Context()
        async with (
            open_kernel_channels(ConnectionInfo.new(), context=context, linger=0) as kernel,
            open_client_channels(kernel.info, context=context) as client,
        ):
            await client.shell.send([b"pending, never read"])
        sockets = [
            channel.socket for channel in (kernel.shell, kernel.control, kernel.stdin, kernel.iopub)
        ] + [
            channel.socket for channel in (client.shell, client.control, client.stdin, client.iopub)
        ]
        # term() returns only once every socket of the context is closed.
        terminating = threading.Thread(target=context.term)
        terminating.start()
        terminating.join(5)
        return [
            socket.closed for socket in sockets
        ], terminating.is_alive() or kernel.heartbeat.running

    closed, still_running = asyncio.run(main())
    assert closed == [True] * 8
    assert not still_running


def test_a_client_needs_every_port():
    async def main() -> None:
        async with open_client_channels(ConnectionInfo.new()):
            pass

    with pytest.raises(ValueError, match="ports that are not chosen"):
        asyncio.run(main())
