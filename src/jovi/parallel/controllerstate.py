"""What a controller must remember to be restarted with ``--restore``.

As it runs, the controller keeps ``ipcontroller[-<cluster_id>]-state.json`` in the
profile's ``security`` directory (0600, replaced atomically): its keys (signing, and CurveZMQ's when on), the ports it
bound and each engine's registration (id, uuid, pid, where its kernel listens, its
connection file).  A controller started with ``--restore`` reads it, binds the same
ports with the same key (clients and engines reconnect by themselves), connects to the
engines again and keeps those whose heartbeats answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import msgspec

from jovi.parallel.messages import RegistrationRequest  # noqa: TC001 - msgspec reads it at run time
from jovi.utils.atomic import atomic_write

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["ControllerState", "KnownEngine", "load_state", "save_state", "state_file"]


class KnownEngine(msgspec.Struct, frozen=True, kw_only=True):
    """An engine as it registered, and the id it was given."""

    id: int
    registration: RegistrationRequest


class ControllerState(msgspec.Struct, frozen=True, kw_only=True):
    """A controller's key, ports and engines."""

    key: str
    signature_scheme: str
    ip: str
    ports: dict[str, int]
    next_id: int = 0
    curve_public: str = ""
    curve_secret: str = ""
    engines: tuple[KnownEngine, ...] = ()


def state_file(security_dir: Path, cluster_id: str) -> Path:
    """``ipcontroller[-<cluster_id>]-state.json`` in ``security_dir``."""
    middle = f"-{cluster_id}" if cluster_id else ""
    return security_dir / f"ipcontroller{middle}-state.json"


def save_state(path: Path, state: ControllerState) -> None:
    """Write ``state`` at ``path`` (0600, atomically: a reader never sees half)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    atomic_write(path, msgspec.json.encode(state).decode(), permissions=0o600)


def load_state(path: Path) -> ControllerState | None:
    """The state saved at ``path``; None when there is none or it cannot be read."""
    try:
        return msgspec.json.decode(path.read_bytes(), type=ControllerState)
    except (OSError, msgspec.DecodeError):
        return None
