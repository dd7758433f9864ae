"""Is the kernel ready?  It is when it answers ``kernel_info`` and its IOPub reaches us.

:class:`ReadyProbe` holds the bookkeeping both clients share.  A ``kernel_info``
request sent before the kernel listens waits in the client's socket and is
delivered once it does, so one request is enough for a kernel that is only slow;
another goes out every second in case the first was lost (a kernel that restarted).
The reply alone is not enough: a subscriber connects after a moment, and outputs
published before that are lost, so the probe also waits for an IOPub message (the
``iopub_welcome`` of a 5.5 kernel, or the status messages of the probe itself);
when none comes shortly after the reply, it asks again.  Late replies to the probe
are dropped, so they never reach the client's getters.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from jovi.protocol import KernelInfoRequest

if TYPE_CHECKING:
    from jovi.client.core import ClientCore, MessageChannelName
    from jovi.protocol import Content, Message

__all__ = ["IOPUB_WAIT_S", "RESEND_S", "ReadyProbe"]

RESEND_S = 1.0
"""Seconds between ``kernel_info`` requests while no reply has come."""
IOPUB_WAIT_S = 0.2
"""Seconds to wait for IOPub after the reply before asking again."""


class ReadyProbe:
    """``kernel_info`` requests until the kernel answers on shell and on IOPub."""

    def __init__(self, core: ClientCore) -> None:
        self.core = core
        self.sent: list[str] = []
        self.reply: Message[Any] | None = None
        self.iopub_seen = False
        self._last_sent = 0.0
        self._replied_at = 0.0

    @property
    def ready(self) -> bool:
        """Whether the kernel answered and its IOPub reached the client."""
        return self.reply is not None and self.iopub_seen

    def should_send(self) -> bool:
        """Whether to send (another) ``kernel_info`` request now."""
        now = time.monotonic()
        if not self.sent:
            return True
        if self.reply is None:
            return now - self._last_sent >= RESEND_S
        return not self.iopub_seen and now - max(self._replied_at, self._last_sent) >= IOPUB_WAIT_S

    def request(self) -> Message[Content]:
        """The next ``kernel_info`` request, to send on shell."""
        message = self.core.message(KernelInfoRequest())
        self.sent.append(message.msg_id)
        self._last_sent = time.monotonic()
        return message

    def feed(self, channel: MessageChannelName, message: Message[Any]) -> bool:
        """Take ``message`` if it answers the probe; False if it is someone else's."""
        if channel == "iopub":
            if message.msg_type == "iopub_welcome" or message.parent_msg_id in self.sent:
                self.iopub_seen = True
                return True
            return False
        if message.msg_type == "kernel_info_reply" and message.parent_msg_id in self.sent:
            if self.reply is None:
                self.reply = message
                self._replied_at = time.monotonic()
            return True
        return False

    def watch_iopub(self, message: Message[Any]) -> None:
        """A handler for IOPub: notes the probe's messages even when another task of
        the client reads IOPub (a console showing outputs)."""
        if message.msg_type == "iopub_welcome" or message.parent_msg_id in self.sent:
            self.iopub_seen = True

    def start(self) -> None:
        """Begin: watch IOPub through the client's handlers."""
        self.core.add_handler(self.watch_iopub, "iopub")

    def finish(self) -> None:
        """Forget the probe: answers that come later are dropped."""
        self.core.remove_handler(self.watch_iopub, "iopub")
        self.core.ignore(self.sent)

    def timeout_notice(self, timeout: float | None) -> str:
        """The sentence of the timeout error."""
        if self.reply is None:
            return f"the kernel did not answer kernel_info within {timeout:g} s"
        return f"the kernel answered, but its IOPub messages did not arrive within {timeout:g} s"
