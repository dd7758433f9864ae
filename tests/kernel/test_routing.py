"""Where requests are served: the route table and the decision, without a kernel."""

from __future__ import annotations

import pytest

from jovi.kernel.lifecycle import KernelState
from jovi.kernel.routing import ROUTES, UNKNOWN, Decision, Where, decide, route_of
from jovi.protocol.message import known_msg_types

NOW, QUEUE, EARLY, REFUSE, IGNORE = (
    Decision.ANSWER_NOW,
    Decision.QUEUE,
    Decision.DELIVER_EARLY,
    Decision.REFUSE,
    Decision.IGNORE,
)

CASES = [
    # msg_type, channel, state, executor idle, decision
    ("kernel_info_request", "shell", KernelState.STARTING, True, NOW),  # before the shell
    ("kernel_info_request", "shell", KernelState.BUSY, False, QUEUE),  # keeps reply order
    ("kernel_info_request", "control", KernelState.BUSY, False, NOW),
    ("kernel_info_request", "control", KernelState.STOPPING, True, NOW),
    ("connect_request", "shell", KernelState.IDLE, True, NOW),
    ("interrupt_request", "control", KernelState.BUSY, False, NOW),
    ("shutdown_request", "control", KernelState.BUSY, False, NOW),
    ("shutdown_request", "shell", KernelState.STOPPING, True, NOW),  # answered again
    ("create_subshell_request", "control", KernelState.IDLE, True, NOW),
    ("create_subshell_request", "shell", KernelState.IDLE, True, REFUSE),
    ("list_subshell_request", "control", KernelState.STOPPING, True, NOW),
    ("execute_request", "shell", KernelState.IDLE, True, QUEUE),
    ("execute_request", "control", KernelState.IDLE, True, QUEUE),  # the control thread
    ("execute_request", "shell", KernelState.STOPPING, True, IGNORE),
    ("complete_request", "shell", KernelState.BUSY, False, QUEUE),
    ("complete_request", "control", KernelState.BUSY, False, QUEUE),
    ("debug_request", "control", KernelState.BUSY, False, QUEUE),
    ("comm_msg", "shell", KernelState.BUSY, False, EARLY),  # a cell may await it
    ("comm_msg", "control", KernelState.BUSY, False, QUEUE),
    ("comm_open", "shell", KernelState.STOPPING, True, IGNORE),
    ("some_future_request", "shell", KernelState.IDLE, True, QUEUE),  # busy, idle, no reply
]


@pytest.mark.parametrize(("msg_type", "channel", "state", "idle", "decision"), CASES)
def test_the_decision_for_each_kind_of_request(msg_type, channel, state, idle, decision):
    assert decide(msg_type, channel, state, executor_idle=idle) is decision


def test_every_request_type_of_the_protocol_has_a_route_and_a_handler():
    from jovi.kernel.kernel import Kernel

    requests = {name for name in known_msg_types() if name.endswith("_request")}
    requests |= {"comm_open", "comm_msg", "comm_close"}
    assert requests - {"input_request"} == set(ROUTES)
    for route in [*ROUTES.values(), UNKNOWN]:
        assert callable(getattr(Kernel, route.handler))


def test_an_unknown_type_is_served_in_order_with_no_reply():
    assert route_of("frobnicate_request") is UNKNOWN
    assert (UNKNOWN.shell, UNKNOWN.control) == (Where.IN_ORDER, Where.IN_ORDER)
