"""An engine's registration with its controller ("Registration flow")."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import zmq

from jovi.parallel.messages import RegistrationReply, RegistrationRequest
from jovi.protocol.session import Session
from jovi.transport.zmq.curve import make_client

if TYPE_CHECKING:
    from jovi.parallel.files import ControllerInfo
    from jovi.protocol.connection import ConnectionInfo

__all__ = ["RegistrationError", "register"]


class RegistrationError(RuntimeError):
    """The controller refused the engine, or did not answer."""


def register(
    controller: ControllerInfo,
    kernel: ConnectionInfo,
    engine_uuid: str,
    connection_file: str,
    *,
    timeout: float = 10.0,
    requested_id: int = -1,
) -> int:
    """Tell the controller where the engine's kernel listens; returns the engine's id
    (``requested_id`` when one is asked for and free).

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
            )
        )
        sock.send_multipart(session.serialize(request))
        if not sock.poll(int(timeout * 1000)):
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
