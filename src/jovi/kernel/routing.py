"""Where each request is served: one table keyed by message type, and the decision.

The kernel serves requests in three places:

* **now**, on the I/O thread as it reads them: what needs no shell and must answer
  while code runs (``interrupt``, ``shutdown``, subshells, and ``kernel_info`` and
  ``connect`` on control);
* **in order** by an *executor*: the main shell (the main thread), a subshell (a
  thread each, protocol 5.5) or the control thread.  An executor serves its requests
  one at a time in the order they arrived, so replies on one channel come back in
  the order of the requests;
* ``kernel_info`` and ``connect`` on shell are answered **now if** their executor
  has nothing queued or running (replying at once cannot then overtake another
  reply; this is how a starting kernel answers before its shell is built), else in
  order.

Comm messages are served in order too, except that a cell of the main shell that is
awaiting (top-level ``await``) gets them at once: it may be waiting for exactly that
message (a widget's answer).

:func:`decide` makes the choice from the message type, the channel and the state;
it does no I/O and is tested on its own.
"""

from __future__ import annotations

import dataclasses
import enum
from typing import Final

from jovi.kernel.lifecycle import KernelState

__all__ = ["ROUTES", "UNKNOWN", "Decision", "Route", "Where", "decide", "route_of"]


class Where(enum.Enum):
    """Where a message type is served."""

    NOW = "now"
    NOW_IF_IDLE = "now if its executor is idle"
    IN_ORDER = "in order"
    BESIDE_AWAITING = "in order, or at once in a cell that awaits"
    NOWHERE = "not on this channel"


@dataclasses.dataclass(frozen=True, slots=True)
class Route:
    """Where a message type is served, on the shell and on the control channel, and by
    which method of the kernel (it takes the request)."""

    handler: str
    shell: Where
    control: Where
    while_stopping: bool = False
    """Whether it is still answered once a shutdown was asked for."""


def _now_always(handler: str) -> Route:
    return Route(handler, Where.NOW, Where.NOW, while_stopping=True)


def _in_order(handler: str) -> Route:
    return Route(handler, Where.IN_ORDER, Where.IN_ORDER)


def _beside_awaiting(handler: str) -> Route:
    return Route(handler, Where.BESIDE_AWAITING, Where.IN_ORDER)


ROUTES: Final[dict[str, Route]] = {
    "kernel_info_request": Route(
        "answer_kernel_info", Where.NOW_IF_IDLE, Where.NOW, while_stopping=True
    ),
    "connect_request": Route("answer_connect", Where.NOW_IF_IDLE, Where.NOW, while_stopping=True),
    "interrupt_request": _now_always("answer_interrupt"),
    "shutdown_request": _now_always("begin_shutdown"),
    "create_subshell_request": Route("answer_create_subshell", Where.NOWHERE, Where.NOW),
    "delete_subshell_request": Route("answer_delete_subshell", Where.NOWHERE, Where.NOW),
    "list_subshell_request": Route(
        "answer_list_subshell", Where.NOWHERE, Where.NOW, while_stopping=True
    ),
    "execute_request": _in_order("answer_execute"),
    "complete_request": _in_order("answer_complete"),
    "inspect_request": _in_order("answer_inspect"),
    "is_complete_request": _in_order("answer_is_complete"),
    "history_request": _in_order("answer_history"),
    "comm_info_request": _in_order("answer_comm_info"),
    "debug_request": _in_order("answer_debug"),
    "comm_open": _beside_awaiting("serve_comm_message"),
    "comm_msg": _beside_awaiting("serve_comm_message"),
    "comm_close": _beside_awaiting("serve_comm_message"),
}
"""Every message type the kernel serves; others are served in order and get no reply."""

UNKNOWN: Final = _in_order("ignore_unknown")
"""The route of a message type the kernel does not know."""


def route_of(msg_type: str) -> Route:
    """The route of ``msg_type``."""
    return ROUTES.get(msg_type, UNKNOWN)


class Decision(enum.Enum):
    """What the I/O thread does with a request."""

    ANSWER_NOW = "answer it now, on the I/O thread"
    QUEUE = "queue it for its executor"
    DELIVER_EARLY = "queue it, and hand it at once to a cell that awaits"
    REFUSE = "answer that it is not served on this channel"
    IGNORE = "drop it: the kernel is stopping"


def decide(msg_type: str, channel: str, state: KernelState, *, executor_idle: bool) -> Decision:
    """What to do with a ``msg_type`` request that arrived on ``channel``.

    Args:
        msg_type: The request's type.
        channel: ``"shell"`` or ``"control"``.
        state: The kernel's state.
        executor_idle: Whether the executor it would go to has nothing queued or running.
    """
    route = route_of(msg_type)
    if state in (KernelState.STOPPING, KernelState.STOPPED) and not route.while_stopping:
        return Decision.IGNORE
    where = route.control if channel == "control" else route.shell
    if where is Where.NOW:
        return Decision.ANSWER_NOW
    if where is Where.NOW_IF_IDLE:
        return Decision.ANSWER_NOW if executor_idle else Decision.QUEUE
    if where is Where.BESIDE_AWAITING:
        return Decision.DELIVER_EARLY
    if where is Where.NOWHERE:
        return Decision.REFUSE
    return Decision.QUEUE
