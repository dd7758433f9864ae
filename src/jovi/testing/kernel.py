"""jovi's kernel on in-memory channels, and a client for it, for tests without sockets.

:func:`open_memory_kernel` runs a real :class:`~jovi.kernel.Kernel` with a real shell:
its server on the caller's event loop (memory channels live on one loop), its main
loop on a thread standing in for the main thread.  The :class:`MemoryKernelClient`
sends signed requests and reads replies and IOPub messages.

Usage::

    async with open_memory_kernel(tmp_path) as (kernel, client):
        reply, outputs = await client.execute("print('hi')")
        assert reply.content.status == "ok"
        assert [m.content.text for m in outputs if m.msg_type == "stream"] == ["hi\\n"]

The thread is not the process's main thread, so SIGINT does not reach its code;
:meth:`MemoryKernelClient.interrupt` raises ``KeyboardInterrupt`` in it instead
(only while it runs Python code).
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
from typing import TYPE_CHECKING, Any

from jovi.config import ConfigStack
from jovi.kernel import Kernel, KernelSockets
from jovi.protocol import Session, new_key
from jovi.protocol.iopub import IDLE, Status
from jovi.protocol.shell import ExecuteRequest
from jovi.transport.memory import MemoryPublisher, MemoryRouter
from jovi.utils.threads import OwnedThreads

if TYPE_CHECKING:
    from collections.abc import AsyncIterator
    from pathlib import Path

    from jovi.config import Config
    from jovi.protocol.message import Content, Message
    from jovi.transport.memory import MemoryDealer, MemorySubscriber

__all__ = ["MemoryKernelClient", "open_memory_kernel"]

TIMEOUT_S = 10.0


class MemoryKernelClient:
    """A client of a kernel on memory channels (one event loop with the kernel's server).

    Args:
        session: The client's session (same key as the kernel's).
        shell: A dealer of the kernel's shell router.
        control: A dealer of its control router.
        stdin: A dealer of its stdin router (same identity as ``shell``).
        iopub: A subscriber of its IOPub publisher.
    """

    def __init__(
        self,
        session: Session,
        shell: MemoryDealer,
        control: MemoryDealer,
        stdin: MemoryDealer,
        iopub: MemorySubscriber,
    ) -> None:
        self.timeout = TIMEOUT_S
        """How long any one wait may take, in seconds."""
        self.session = session
        self.channels = {"shell": shell, "control": control, "stdin": stdin}
        self.iopub = iopub
        self._early: dict[str, list[Message[Content]]] = {"shell": [], "control": [], "stdin": []}
        self.thread_id: int | None = None

    async def send(
        self, content: Content, channel: str = "shell", parent: Message[Content] | None = None
    ) -> Message[Content]:
        """Send ``content`` on ``channel``; return the message sent."""
        message = self.session.message(content, parent=parent)
        await self.channels[channel].send(self.session.serialize(message))
        return message

    async def send_frames(self, frames: list[Any], channel: str = "shell") -> None:
        """Send raw frames (forged or malformed ones, in tests)."""
        await self.channels[channel].send(frames)

    async def receive(self, channel: str = "shell") -> Message[Content]:
        """The next message on ``channel`` (shell, control, stdin or iopub)."""
        source = self.iopub if channel == "iopub" else self.channels[channel]
        async with asyncio.timeout(self.timeout):
            frames = await source.recv()
        return self.session.deserialize(frames).message

    async def reply(self, request: Message[Content], channel: str = "shell") -> Message[Content]:
        """The reply to ``request`` (other messages on the channel are kept for later)."""
        kept = self._early[channel]
        for message in kept:
            if message.parent_msg_id == request.msg_id:
                kept.remove(message)
                return message
        while True:
            message = await self.receive(channel)
            if message.parent_msg_id == request.msg_id:
                return message
            kept.append(message)

    async def outputs(self, request: Message[Content]) -> list[Message[Content]]:
        """The IOPub messages of ``request``, from busy to idle included."""
        found: list[Message[Content]] = []
        while True:
            message = await self.receive("iopub")
            if message.parent_msg_id != request.msg_id:
                continue
            found.append(message)
            content = message.content
            if isinstance(content, Status) and content.execution_state == IDLE:
                return found

    async def request(
        self, content: Content, channel: str = "shell"
    ) -> tuple[Message[Content], list[Message[Content]]]:
        """Send a request; return its reply and its IOPub messages (busy to idle)."""
        sent = await self.send(content, channel)
        reply = await self.reply(sent, channel)
        return reply, await self.outputs(sent)

    async def execute(
        self, code: str, **options: Any
    ) -> tuple[Message[Content], list[Message[Content]]]:
        """Execute ``code``; return the reply and the IOPub messages between busy and idle."""
        reply, messages = await self.request(ExecuteRequest(code=code, **options))
        return reply, messages[1:-1]

    def interrupt(self) -> None:
        """Raise ``KeyboardInterrupt`` in the kernel's main-loop thread."""
        if self.thread_id is not None:
            ctypes.pythonapi.PyThreadState_SetAsyncExc(
                ctypes.c_ulong(self.thread_id), ctypes.py_object(KeyboardInterrupt)
            )


@contextlib.asynccontextmanager
async def open_memory_kernel(
    profile_dir: Path, *, config: Config | None = None, key: str | None = None
) -> AsyncIterator[tuple[Kernel, MemoryKernelClient]]:
    """A kernel with a fresh shell on memory channels, and a client; stopped on exit.

    Args:
        profile_dir: The shell's profile directory (its history lives there).
        config: Configuration for the shell and the kernel.
        key: The signing key (a fresh one by default).
    """
    from jovi.shell.interactiveshell import InteractiveShell  # noqa: PLC0415 - start-up cost

    signing_key = new_key() if key is None else key
    routers = {name: MemoryRouter(f"kernel {name}") for name in ("shell", "control", "stdin")}
    publisher = MemoryPublisher("kernel iopub")
    identity = b"memory-client"
    client = MemoryKernelClient(
        Session(signing_key),
        routers["shell"].connect(identity),
        routers["control"].connect(identity),
        routers["stdin"].connect(identity),
        publisher.subscribe(),
    )
    stack = ConfigStack.of(config)  # one stack: %config reaches the kernel and the shell
    kernel = Kernel(session=Session(signing_key), config=stack, interrupt=client.interrupt)
    shell = InteractiveShell(config=stack, profile_dir=profile_dir)
    kernel.attach_shell(shell)
    threads = OwnedThreads("the memory kernel")
    sockets = KernelSockets(routers["shell"], routers["control"], routers["stdin"], publisher)
    async with asyncio.TaskGroup() as tasks:
        serving = tasks.create_task(kernel.server.serve(sockets))
        # The kernel's main thread runs user code: visible to debuggers, SIGINT blocked
        # (the interrupt is delivered by the client, not by a signal).
        main = threads.start(kernel.run, name="memory-kernel-main", internal=False)
        client.thread_id = main.ident
        try:
            yield kernel, client
        finally:
            if not kernel.main_done:
                kernel.stop_without_request("the test ended")
            await asyncio.to_thread(main.join, TIMEOUT_S)
            kernel.server.stop()
            await serving
            shell.close()
