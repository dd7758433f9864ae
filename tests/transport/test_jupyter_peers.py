"""jovi's sockets talk to the real thing: jupyter_client drives a stand-in kernel on jovi's
kernel sockets, and jovi's client sockets drive a real ipykernel (both test peers)."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from typing import Self

import pytest
from jupyter_client import BlockingKernelClient
from jupyter_client.manager import KernelManager

from jovi.client.connection_file import write_connection_file
from jovi.protocol import (
    PROTOCOL_VERSION,
    ConnectionInfo,
    IopubWelcome,
    KernelInfoReply,
    KernelInfoRequest,
    LanguageInfo,
    Session,
    Status,
    UnknownContent,
)
from jovi.transport import MessageChannel
from jovi.transport.zmq import open_client_channels, open_kernel_channels

pytestmark = [pytest.mark.integration, pytest.mark.interop]

INFO_REPLY = KernelInfoReply(
    protocol_version=PROTOCOL_VERSION,
    implementation="stand-in",
    implementation_version="0",
    language_info=LanguageInfo(name="python", version="3", file_extension=".py"),
    banner="a stand-in kernel",
)


class StandInKernel:
    """Answers kernel_info_request on shell and control, with busy and idle on IOPub,
    on jovi's kernel sockets, on an I/O thread of its own (as jovi's kernel will)."""

    def __init__(self, info: ConnectionInfo) -> None:
        self.info = info
        self.bound = threading.Event()
        self.requests: list[str] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._thread = threading.Thread(target=asyncio.run, args=(self._main(),))

    async def _main(self) -> None:
        self._loop, self._stop = asyncio.get_running_loop(), asyncio.Event()
        async with open_kernel_channels(self.info, linger=0) as channels:
            self.info = channels.info
            session = Session.from_connection_info(channels.info)
            iopub = MessageChannel(channels.iopub, session)
            self.bound.set()
            async with asyncio.TaskGroup() as group:
                servers = [
                    group.create_task(self._serve(MessageChannel(channel, session), iopub))
                    for channel in (channels.shell, channels.control)
                ]
                await self._stop.wait()
                for server in servers:
                    server.cancel()

    async def _serve(self, channel: MessageChannel, iopub: MessageChannel) -> None:
        session = channel.session
        while True:
            identities, request = await channel.recv()
            self.requests.append(request.msg_type)
            await iopub.send(session.message(Status(execution_state="busy"), parent=request))
            if isinstance(request.content, KernelInfoRequest):
                await channel.send(session.message(INFO_REPLY, parent=request), identities)
            await iopub.send(session.message(Status(execution_state="idle"), parent=request))

    def __enter__(self) -> Self:
        self._thread.start()
        assert self.bound.wait(10), "the stand-in kernel did not bind"
        return self

    def __exit__(self, *exc_info: object) -> None:
        assert self._loop is not None
        assert self._stop is not None
        self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(10)
        assert not self._thread.is_alive()


def test_jupyter_client_drives_a_kernel_on_jovis_sockets(tmp_path):
    with StandInKernel(ConnectionInfo.new()) as kernel:
        path = write_connection_file(tmp_path / "kernel.json", kernel.info)
        client = BlockingKernelClient(connection_file=str(path))
        client.load_connection_file()
        client.start_channels()
        try:
            client.wait_for_ready(timeout=20)
            reply = client.kernel_info(reply=True, timeout=10)
            assert reply["content"] == INFO_REPLY.to_json()
            assert client.is_alive()  # the heartbeat answers
            control = client.session.msg("kernel_info_request")
            client.control_channel.send(control)
            answer = client.get_control_msg(timeout=10)
            assert answer["parent_header"]["msg_id"] == control["header"]["msg_id"]
        finally:
            client.stop_channels()
    assert {"kernel_info_request"} == set(kernel.requests)


def test_jovis_client_sockets_drive_a_real_ipykernel():
    manager = KernelManager(kernel_name="python3")
    manager.start_kernel()
    try:
        info = ConnectionInfo.from_json(
            manager.get_connection_info(session=False) | {"key": manager.session.key.decode()}
        )

        async def main() -> tuple[KernelInfoReply, list[str], float | None]:
            async with open_client_channels(info) as client:
                session = Session.from_connection_info(info)
                shell = MessageChannel(client.shell, session, strict=True)
                iopub = MessageChannel(client.iopub, session, strict=True)
                seen: list[str] = []
                async with asyncio.timeout(30):
                    while "idle" not in seen:  # as wait_for_ready: ask until IOPub speaks
                        request = session.message(KernelInfoRequest())
                        await shell.send(request)
                        _, reply = await shell.recv()
                        with contextlib.suppress(TimeoutError):
                            async with asyncio.timeout(0.5):
                                while "idle" not in seen:
                                    _, published = await iopub.recv()
                                    content = published.content
                                    if isinstance(content, Status):
                                        seen.append(content.execution_state)
                                    elif isinstance(content, IopubWelcome | UnknownContent):
                                        seen.append(content.msg_type)
                assert reply.parent_header == request.header
                assert isinstance(reply.content, KernelInfoReply)
                return reply.content, seen, await client.heartbeat.ping(10.0)

        content, seen, beat = asyncio.run(main())
    finally:
        manager.shutdown_kernel(now=True)
    assert content.status == "ok"
    assert content.language_info is not None
    assert content.language_info.name == "python"
    assert content.protocol_version.startswith("5.")
    assert seen[-2:] == ["busy", "idle"]
    assert beat is not None
