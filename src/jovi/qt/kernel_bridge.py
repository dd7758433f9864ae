"""How the kernel's messages reach the Qt thread.

A :class:`KernelBridge` owns a blocking client's channels on the Qt thread: each
channel's ZeroMQ file descriptor is watched by a ``QSocketNotifier``, and when it fires
the bridge reads every message waiting and emits :attr:`KernelBridge.message_received`
for each, in order.  No thread reads the sockets and no timer polls them; the client's
heartbeat monitor (a thread the client owns) reports a silent kernel through the
queued signal :attr:`KernelBridge.heartbeat_failed`.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any, Final

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal

from jovi.client import as_dict

if TYPE_CHECKING:
    from jovi.client import BlockingKernelClient
    from jovi.client.core import MessageChannelName

__all__ = ["CHANNELS", "KernelBridge"]

CHANNELS: Final = ("shell", "iopub", "stdin", "control")
_CHANNEL_NAMES: Final[tuple[MessageChannelName, ...]] = CHANNELS
_BATCH: Final = 1000  # messages read in one turn of the event loop; the rest in the next


class KernelBridge(QObject):
    """The client's messages as Qt signals, read on the thread that owns the bridge.

    Args:
        client: The kernel's client; its channels are started here if they are not.
    """

    message_received = Signal(str, object)
    """(channel, message as jupyter_client's dict) for each message read."""
    heartbeat_failed = Signal(float)
    """Seconds since the kernel's last heartbeat, when it stops answering."""

    def __init__(self, client: BlockingKernelClient, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self._notifiers: list[QSocketNotifier] = []
        self._draining = False
        self._drain_scheduled = False

    def start(self) -> None:
        """Start the channels (and the heartbeat monitor) and watch them."""
        if not self.client.channels_running:
            self.client.start_channels()
        with contextlib.suppress(RuntimeError):  # channels started without the heartbeat
            self.client.on_heartbeat_failure(self._beat_missed)
        self.watch()

    def watch(self) -> None:
        """Watch the channels' descriptors (again, after the client reconnected)."""
        self.unwatch()
        for channel in CHANNELS:
            notifier = QSocketNotifier(
                self.client.channel_fd(channel), QSocketNotifier.Type.Read, self
            )
            notifier.activated.connect(self.drain)
            self._notifiers.append(notifier)
        self.drain_soon()

    def unwatch(self) -> None:
        """Stop watching (before the client's sockets close)."""
        for notifier in self._notifiers:
            notifier.setEnabled(False)
            notifier.deleteLater()
        self._notifiers.clear()

    def stop(self) -> None:
        """Stop watching and close the client's channels."""
        self.unwatch()
        self.client.stop_channels()

    def _beat_missed(self, seconds: float) -> None:
        # On the monitor's thread: the signal is queued to the bridge's thread.
        self.heartbeat_failed.emit(seconds)

    def drain_soon(self) -> None:
        """Read what is waiting at the next turn of the event loop (after a send:
        ZeroMQ's descriptor may not fire for messages already queued)."""
        if not self._drain_scheduled:
            self._drain_scheduled = True
            QTimer.singleShot(0, self.drain)

    def _open(self) -> bool:
        # A handler may have closed the channels (a restart, closing the console).
        return self.client.channels_running

    def drain(self, *_: Any) -> None:
        """Read and emit every message waiting on every channel."""
        self._drain_scheduled = False
        if self._draining or not self.client.channels_running:
            return
        self._draining = True
        read = 0
        try:
            while True:
                before = read
                for channel in _CHANNEL_NAMES:
                    room = _BATCH - read
                    for message in self.client.available_msgs(channel, room):
                        read += 1
                        self.message_received.emit(channel, as_dict(message))
                    if not self._open():
                        return
                if read >= _BATCH:
                    self.drain_soon()  # a flood: let the window paint and take keys first
                    return
                if read == before:
                    return
        finally:
            self._draining = False
