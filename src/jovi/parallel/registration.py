"""An engine's registration with its controller ("Registration flow")."""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING, Final

import zmq

from jovi.parallel.messages import RegistrationReply, RegistrationRequest
from jovi.parallel.processwatch import host_identity
from jovi.protocol.session import Session
from jovi.transport.zmq.curve import make_client

if TYPE_CHECKING:
    from jovi.parallel.files import ControllerInfo
    from jovi.protocol.connection import ConnectionInfo

__all__ = ["RESEND_S", "RegistrationError", "register"]

RESEND_S: Final = 3.0
"""How long an engine waits for the controller's answer before asking again."""


class RegistrationError(RuntimeError):
    """The controller refused the engine, or did not answer."""


def register(
    controller: ControllerInfo,
    kernel: ConnectionInfo,
    engine_uuid: str,
    connection_file: str,
    *,
    timeout: float = 60.0,
    requested_id: int = -1,
    resend_every: float = RESEND_S,
) -> int:
    """Tell the controller where the engine's kernel listens; returns the engine's id
    (``requested_id`` when one is asked for and free).

    The request is sent again every ``resend_every`` seconds until an answer comes: a
    controller busy with hundreds of engines starting at once (or not started yet:
    ZeroMQ connects when it binds) answers late, and a repeated request from the same
    engine gets the same answer.

    Raises:
        RegistrationError: no answer within ``timeout`` seconds, or a refusal.
    """
    session = Session(controller.key, signature_scheme=controller.signature_scheme)
    context: zmq.Context[zmq.Socket[bytes]] = zmq.Context()
    try:
        sock = context.socket(zmq.DEALER)
        sock.linger = 0
        curve = controller.curve_keys()
        if curve is not None:
            make_client(sock, curve)
        sock.connect(controller.url("registration"))
        request = session.message(
            RegistrationRequest(
                uuid=engine_uuid,
                transport=kernel.transport,
                ip=kernel.ip,
                shell_port=kernel.shell_port,
                control_port=kernel.control_port,
                iopub_port=kernel.iopub_port,
                hb_port=kernel.hb_port,
                pid=os.getpid(),
                connection_file=connection_file,
                requested_id=requested_id,
                host=host_identity(),
            )
        )
        deadline = time.monotonic() + timeout
        while True:
            sock.send_multipart(session.serialize(request))
            left = deadline - time.monotonic()
            if sock.poll(int(max(0.0, min(left, resend_every)) * 1000)):
                break
            if time.monotonic() >= deadline:
                raise RegistrationError(
                    f"the controller at {controller.url('registration')} did not answer "
                    f"within {timeout:g} s"
                )
        _, reply = session.deserialize(sock.recv_multipart())
        content = reply.content
        if not isinstance(content, RegistrationReply) or not content.ok:
            raise RegistrationError(f"the controller refused the engine: {content}")
        return content.id
    finally:
        context.destroy(linger=0)
