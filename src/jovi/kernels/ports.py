"""Choosing ports for kernels so that kernels started together never share one.

A kernel started by jovi is told its five ports in its connection file, so they
must be free when it binds them.  :func:`reserve_ports` asks the system for free
ports by binding them (port 0), and keeps them bound, and recorded in this
process, until the kernel is about to start (:meth:`PortReservation.hand_over`
closes the sockets just before the kernel's process is created).  So two kernels
started at the same moment by this process never get the same port, and another
process's kernel cannot get them while the reservation holds.  The ports stay
recorded until :meth:`PortReservation.release`, when the kernel has ended.

What remains (another program taking a port in the moment between the hand-over
and the kernel's bind) is handled by the manager: a kernel that exits before it
ever answered is started again on new ports.
"""

from __future__ import annotations

import socket
import threading
from typing import Final

__all__ = ["PORTS_PER_KERNEL", "PortReservation", "reserve_ports", "reserved_ports"]

PORTS_PER_KERNEL: Final = 5

_lock = threading.Lock()
_in_use: set[int] = set()  # ports handed to kernels of this process, not yet released


def reserved_ports() -> frozenset[int]:
    """The ports this process holds for its kernels now."""
    with _lock:
        return frozenset(_in_use)


class PortReservation:
    """Ports held for one kernel: bound until :meth:`hand_over`, recorded until
    :meth:`release`."""

    def __init__(self, ports: list[int], sockets: list[socket.socket]) -> None:
        self.ports = ports
        self._sockets = sockets
        self._released = False

    def hand_over(self) -> None:
        """Let the kernel bind the ports: close the sockets holding them."""
        for held in self._sockets:
            held.close()
        self._sockets = []

    def release(self) -> None:
        """The kernel has ended: the ports may be chosen again (idempotent)."""
        self.hand_over()
        if not self._released:
            self._released = True
            with _lock:
                _in_use.difference_update(self.ports)

    def __repr__(self) -> str:
        return f"PortReservation({self.ports})"


def _family(ip: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in ip else socket.AF_INET


def reserve_ports(ip: str = "127.0.0.1", count: int = PORTS_PER_KERNEL) -> PortReservation:
    """``count`` distinct free TCP ports on ``ip``, held for a kernel of this process.

    Raises:
        OSError: ``ip`` is not an address of this host.
    """
    bind_ip = "" if ip in ("0.0.0.0", "*") else ip  # noqa: S104 - the kernel was asked to
    held: list[socket.socket] = []
    ports: list[int] = []
    try:
        with _lock:
            while len(ports) < count:
                candidate = socket.socket(_family(ip), socket.SOCK_STREAM)
                candidate.bind((bind_ip, 0))
                port = candidate.getsockname()[1]
                if port in _in_use or port in ports:
                    # A starting kernel's port (handed over, not bound yet): let it go at
                    # once, so the kernel can bind it.
                    candidate.close()
                    continue
                held.append(candidate)
                ports.append(port)
            _in_use.update(ports)
    except OSError:
        for candidate in held:
            candidate.close()
        raise
    return PortReservation(ports, held)
