"""The controller's connection files: where clients and engines find it.

The controller writes two files in its profile's ``security`` directory, readable by
their owner only (0600): ``ipcontroller-client.json`` and ``ipcontroller-engine.json``
(``ipcontroller-<cluster_id>-client.json``... for a named cluster), in the format of
IPython 2 and later: the key and signature scheme, the interface, and the ports.
Reading also accepts the older ``url``/``exec_key`` form.

With CurveZMQ on, both files hold the cluster's Curve server key
(``curve_serverkey``, public, as ipyparallel writes it) and the engine's file its
secret half too (``curve_secretkey``): an engine's own sockets are Curve servers with
the cluster's keys, since the controller and clients connect to them.
"""

from __future__ import annotations

import json
import os
import time
from typing import TYPE_CHECKING, Any, Final, Literal, NamedTuple

from jovi.config.profiles import ProfileDir
from jovi.errors import ConnectionFileError
from jovi.protocol.connection import address
from jovi.transport.zmq.curve import CurveKeys
from jovi.utils.atomic import atomic_write
from jovi.utils.paths import jovi_dir

if TYPE_CHECKING:
    from pathlib import Path

__all__ = [
    "ControllerInfo",
    "connection_file",
    "profile_security_dir",
    "read_controller_file",
    "wait_for_file",
]

Role = Literal["client", "engine"]

CLIENT_CHANNELS: Final = ("registration", "mux", "control", "iopub", "task", "notification")
ENGINE_CHANNELS: Final = ("registration",)


class ControllerInfo(NamedTuple):
    """Where a controller listens and how its messages are signed.

    Attributes:
        key: The signing key shared by the controller, its engines and clients.
        signature_scheme: ``hmac-sha256`` by default.
        transport: ``tcp`` (or ``ipc``).
        ip: The address it listens on.
        ports: The port of each channel (``registration``, ``mux``, ``control``,
            ``iopub``).
        location: The host name of the controller, for the record.
        pid: The controller's process id.
        task_scheme: How its task scheduler chooses engines.
        curve_serverkey: The cluster's Curve public key (Z85; empty: no Curve).
        curve_secretkey: Its secret half (only engines get it).
    """

    key: str
    signature_scheme: str
    transport: str
    ip: str
    ports: dict[str, int]
    location: str = ""
    pid: int = 0
    task_scheme: str = "lru"
    curve_serverkey: str = ""
    curve_secretkey: str = ""

    def curve_keys(self, *, secret: bool = False) -> CurveKeys | None:
        """The Curve keys (with the secret one if ``secret``), or None without Curve."""
        if not self.curve_serverkey:
            return None
        return CurveKeys(self.curve_serverkey, self.curve_secretkey if secret else "")

    def url(self, channel: str) -> str:
        """The ZeroMQ address of ``channel``."""
        return address(self.transport, self.ip, self.ports[channel])

    def to_json(self, role: Role) -> dict[str, Any]:
        """The file's content for a client or an engine."""
        channels = CLIENT_CHANNELS if role == "client" else ENGINE_CHANNELS
        data: dict[str, Any] = {
            "key": self.key,
            "signature_scheme": self.signature_scheme,
            "interface": f"{self.transport}://{self.ip}",
            "location": self.location,
            "pack": "json",
            "unpack": "json",
            "pid": self.pid,
        }
        data.update({name: self.ports[name] for name in channels})
        if role == "client":
            data["task_scheme"] = self.task_scheme
        if self.curve_serverkey:
            data["curve_serverkey"] = self.curve_serverkey
            if role == "engine":
                data["curve_secretkey"] = self.curve_secretkey
        return data

    @classmethod
    def from_json(cls, data: Any, *, source: str = "") -> ControllerInfo:
        """The info in a connection file's content (modern or legacy form).

        Raises:
            ConnectionFileError: it is not the content of a controller's file.
        """
        where = f"connection file {source}" if source else "controller connection info"
        if not isinstance(data, dict):
            raise ConnectionFileError(f"{where} must hold a JSON object", path=source or None)
        try:
            if "url" in data and "interface" not in data:  # IPython 0.12/0.13
                transport, _, rest = str(data["url"]).partition("://")
                ip, _, port = rest.rpartition(":")
                return cls(
                    str(data.get("exec_key", "")),
                    "hmac-sha256",
                    transport,
                    ip,
                    {"registration": int(port)},
                )
            transport, _, ip = str(data["interface"]).partition("://")
            ports = {
                name: int(data[name]) for name in CLIENT_CHANNELS if isinstance(data.get(name), int)
            }
            return cls(
                str(data.get("key", "")),
                str(data.get("signature_scheme", "hmac-sha256")),
                transport,
                ip,
                ports,
                str(data.get("location", "")),
                int(data.get("pid", 0)),
                str(data.get("task_scheme", "lru")),
                str(data.get("curve_serverkey") or ""),
                str(data.get("curve_secretkey") or ""),
            )
        except (KeyError, ValueError, TypeError) as error:
            raise ConnectionFileError(
                f"{where} is not usable: {error}", path=source or None
            ) from None

    def write(self, path: Path, role: Role) -> Path:
        """Write the file for ``role`` at ``path``, 0600."""
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        atomic_write(path, json.dumps(self.to_json(role), indent=1) + "\n", permissions=0o600)
        return path


def profile_security_dir(profile: str = "default", profile_dir: str | None = None) -> Path:
    """The ``security`` directory of a profile (by name in jovi's directory, or by path)."""
    if profile_dir:
        return ProfileDir.for_location(profile_dir).security_dir
    return ProfileDir.for_name(profile, jovi_dir(os.environ.get("JOVI_DIR") or None)).security_dir


def connection_file(security_dir: Path, role: Role, cluster_id: str = "") -> Path:
    """The path of the controller's file for ``role``."""
    middle = f"-{cluster_id}" if cluster_id else ""
    return security_dir / f"ipcontroller{middle}-{role}.json"


def wait_for_file(path: Path, timeout: float, *, every: float = 0.1) -> bool:
    """Wait up to ``timeout`` seconds for ``path`` to exist (a controller writes its
    connection files once its sockets are bound); whether it does."""
    deadline = time.monotonic() + timeout
    while not path.exists():
        if time.monotonic() >= deadline:
            return False
        time.sleep(every)  # another process writes it: nothing here to wait on
    return True


def read_controller_file(path: Path) -> ControllerInfo:
    """The info in a controller's connection file.

    Raises:
        ConnectionFileError: no such file, or not a controller's.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConnectionFileError(
            f"no controller connection file {path}: is the cluster running?", path=str(path)
        ) from None
    try:
        data = json.loads(text)
    except ValueError as error:
        raise ConnectionFileError(f"{path} is not JSON: {error}", path=str(path)) from None
    return ControllerInfo.from_json(data, source=str(path))
