"""What both clients share, apart from their sockets: the core, the manager, the
heartbeat monitor, handlers and the connection they were made for."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self, TypeVar

import zmq

from jovi.client.connection_file import read_connection_file
from jovi.client.core import MESSAGE_CHANNELS, ClientCore, MessageChannelName
from jovi.client.deaths import DeathWatch
from jovi.client.heartbeat import HeartbeatMonitor
from jovi.client.requests import RequestMethods
from jovi.errors import KernelTimeout

if TYPE_CHECKING:
    import os
    from collections.abc import Callable, Iterable

    from jovi.client.core import Handler
    from jovi.client.owner import KernelOwner
    from jovi.protocol import ConnectionInfo, Message, Session

__all__ = ["KernelClientBase"]

R = TypeVar("R")


class KernelClientBase(RequestMethods[R]):
    """The parts of a kernel client that are the same blocking or awaited.

    Args:
        connection_info: Where the kernel is and its key.
        manager: The manager of the kernel, when this client's owner started it.
        session: This client's session (a fresh one by default).
        allow_stdin: Whether ``execute`` lets code ask for input by default.
        time_to_dead: Seconds the heartbeat may take to answer before the kernel is
            taken for dead (see ``on_heartbeat_failure``).
    """

    def __init__(
        self,
        connection_info: ConnectionInfo,
        *,
        manager: KernelOwner | None = None,
        session: Session | None = None,
        allow_stdin: bool = True,
        time_to_dead: float = 1.0,
    ) -> None:
        self.core = ClientCore(connection_info, session)
        self.manager = manager
        self._deaths = DeathWatch(manager)
        self.allow_stdin = allow_stdin
        self.time_to_dead = time_to_dead
        self.kernel_info_reply: Message[Any] | None = None
        """The ``kernel_info_reply`` received by ``wait_for_ready``."""
        self._heartbeat: HeartbeatMonitor | None = None
        self._stdin_monitor: Any = None  # watches stdin's handshake until ready

    @classmethod
    def from_connection_file(cls, path: str | os.PathLike[str], **options: Any) -> Self:
        """A client of the kernel of the connection file ``path``, channels started.

        Raises:
            ConnectionFileError: the file cannot be read or used.
        """
        client = cls(read_connection_file(path), **options)
        client.start_channels()
        return client

    @property
    def channels_running(self) -> bool:
        """Whether the channels are started."""
        raise NotImplementedError

    def _open(self, name: MessageChannelName, identity: bytes) -> None:
        """Connect the channel ``name`` (a driver's own sockets)."""
        raise NotImplementedError

    def start_channels(
        self,
        shell: bool = True,
        iopub: bool = True,
        stdin: bool = True,
        hb: bool = True,
        control: bool = True,
    ) -> None:
        """Connect the channels asked for (and watch the heartbeat with ``hb``);
        without ``stdin``, code run by this client cannot ask for input."""
        if self.channels_running:
            return
        identity = self.core.session.session_id.encode()
        wanted = {"shell": shell, "iopub": iopub, "stdin": stdin, "control": control}
        for name in MESSAGE_CHANNELS:
            if wanted[name]:
                self._open(name, identity)
        self.allow_stdin = self.allow_stdin and stdin
        if hb:
            self._start_heartbeat()

    @property
    def connection_info(self) -> ConnectionInfo:
        """The kernel's connection info."""
        return self.core.info

    @property
    def session(self) -> Session:
        """This client's session."""
        return self.core.session

    def _start_heartbeat(self) -> None:
        self._heartbeat = HeartbeatMonitor(
            zmq.Context.instance(),
            self.core.info.url("hb"),
            time_to_dead=self.time_to_dead,
            interval=max(1.0, self.time_to_dead),
        )
        self._heartbeat.start()

    def _stop_heartbeat(self) -> list[Callable[[float], object]] | None:
        """Stop the monitor; the callbacks it had (for the next one), None if none ran."""
        monitor, self._heartbeat = self._heartbeat, None
        if monitor is None:
            return None
        monitor.stop()
        return monitor.callbacks

    def _new_info(self, info: ConnectionInfo | None) -> ConnectionInfo:
        """Where to connect again: ``info``, or where the manager says the kernel is."""
        if info is not None:
            return info
        return self.manager.connection_info if self.manager is not None else self.core.info

    def _reopen(
        self,
        info: ConnectionInfo,
        names: Iterable[str],
        callbacks: list[Callable[[float], object]] | None,
    ) -> None:
        """Open the channels ``names`` again, to ``info`` (the heartbeat too, with its
        callbacks, when ``callbacks`` is not None)."""
        wanted = set(names)
        self.core.reconnect(info)
        self.start_channels(
            "shell" in wanted,
            "iopub" in wanted,
            "stdin" in wanted,
            callbacks is not None,
            "control" in wanted,
        )
        if self._heartbeat is not None:
            for callback in callbacks or ():
                self._heartbeat.add_callback(callback)

    def _stdin_wait_error(self, timeout: float | None) -> KernelTimeout:
        return KernelTimeout(
            f"the kernel answered, but its stdin channel did not connect within {timeout:g} s"
        )

    def _check_alive(self, generation: int) -> None:
        """Raise :class:`~jovi.errors.KernelDied` if the kernel of ``generation`` (the one
        a wait is about) ended; a client of no manager is not told here."""
        self._deaths.check(generation)

    def add_handler(
        self, handler: Handler, channels: str | Iterable[str] = MESSAGE_CHANNELS
    ) -> None:
        """Call ``handler(message)`` for every message this client reads on ``channels``."""
        self.core.add_handler(handler, channels)

    def remove_handler(
        self, handler: Handler, channels: str | Iterable[str] = MESSAGE_CHANNELS
    ) -> None:
        """Stop calling ``handler``."""
        self.core.remove_handler(handler, channels)
