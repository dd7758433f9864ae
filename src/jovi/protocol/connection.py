"""Connection information and connection files (Jupyter messaging protocol: connection files).

A connection file tells a kernel where to listen and its clients where to connect::

    {"shell_port": 56101, "iopub_port": 35261, "stdin_port": 36783,
     "control_port": 48721, "hb_port": 47157, "ip": "127.0.0.1",
     "key": "a5d2b19a-5fcce499300b98eda6f3413f", "transport": "tcp",
     "signature_scheme": "hmac-sha256", "kernel_name": "python3"}

A port of 0 means "not chosen yet": a kernel binds a free port and writes the one it
got.  With the ``ipc`` transport ``ip`` is a path prefix and the address of a channel
is ``ipc://<ip>-<port>``.  Keys the model does not know (``curve_publickey`` ...) are
kept in ``extra`` and written back.

This module parses and formats connection files; reading and writing them (atomically,
mode 0600, as they hold the key) is :mod:`jovi.client.connection_file`'s job.
"""

from __future__ import annotations

import json
from collections.abc import Mapping  # noqa: TC003 - struct annotations are resolved at run time
from typing import Any, Final, Literal, Self

import msgspec

from jovi.errors import ConnectionFileError
from jovi.protocol.ids import new_key
from jovi.protocol.schema import describe_json
from jovi.protocol.signing import DEFAULT_SIGNATURE_SCHEME, check_signature_scheme

__all__ = [
    "CHANNELS",
    "ChannelName",
    "ConnectionInfo",
    "address",
    "format_connection_file",
    "parse_connection_file",
]

ChannelName = Literal["shell", "iopub", "stdin", "control", "hb"]
CHANNELS: Final[tuple[ChannelName, ...]] = ("shell", "iopub", "stdin", "control", "hb")
"""The five channels of a kernel, in the order jovi binds them."""

_TRANSPORTS = ("tcp", "ipc")
_STRING_FIELDS = ("transport", "ip", "key", "signature_scheme", "kernel_name")


class ConnectionInfo(msgspec.Struct, frozen=True, kw_only=True):
    """Where a kernel's five channels are, and how its messages are signed.

    Attributes:
        transport: ``"tcp"`` or ``"ipc"``.
        ip: For tcp, the address (loopback, ``127.0.0.1``, unless asked otherwise);
            for ipc, a path prefix.
        shell_port: Port of the shell channel (0: not chosen yet).
        iopub_port: Port of the IOPub channel.
        stdin_port: Port of the stdin channel.
        control_port: Port of the control channel.
        hb_port: Port of the heartbeat.
        key: The signing key; empty: messages are not signed.
        signature_scheme: ``"hmac-<hashlib name>"``.
        kernel_name: The kernelspec the kernel was started from, if known.
        extra: Fields the model does not know, kept as they were.

    Raises:
        ConnectionFileError: a field has a value that cannot be used.
    """

    transport: str = "tcp"
    ip: str = "127.0.0.1"
    shell_port: int = 0
    iopub_port: int = 0
    stdin_port: int = 0
    control_port: int = 0
    hb_port: int = 0
    key: str = ""
    signature_scheme: str = DEFAULT_SIGNATURE_SCHEME
    kernel_name: str = ""
    extra: Mapping[str, Any] = msgspec.field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in _STRING_FIELDS:
            value = getattr(self, name)
            if not isinstance(value, str):
                raise ConnectionFileError(f"{name!r} must be a string, not {describe_json(value)}")
        if self.transport not in _TRANSPORTS:
            raise ConnectionFileError(f"'transport' must be 'tcp' or 'ipc', not {self.transport!r}")
        if not self.ip:
            raise ConnectionFileError("'ip' must not be empty")
        for channel in CHANNELS:
            port = getattr(self, f"{channel}_port")
            if not isinstance(port, int) or isinstance(port, bool) or not 0 <= port <= 65535:
                raise ConnectionFileError(
                    f"'{channel}_port' must be an integer from 0 to 65535, "
                    f"not {describe_json(port)}"
                )
        try:
            check_signature_scheme(self.signature_scheme)
        except ValueError as error:
            raise ConnectionFileError(f"'signature_scheme': {error}") from None

    @classmethod
    def new(cls, **fields: Any) -> Self:
        """Connection info with a fresh random key (other fields as for the class;
        ports not given are 0: not chosen yet)."""
        return cls(key=new_key(), **fields)

    def port(self, channel: ChannelName) -> int:
        """The port of ``channel``."""
        port: int = getattr(self, f"{channel}_port")
        return port

    def ports(self) -> dict[ChannelName, int]:
        """Every channel's port."""
        return {channel: self.port(channel) for channel in CHANNELS}

    def with_ports(self, **ports: int) -> Self:
        """A copy with some ports changed: ``info.with_ports(shell=5000, hb=5001)``."""
        unknown = set(ports) - set(CHANNELS)
        if unknown:
            raise ValueError(f"not channels: {', '.join(sorted(unknown))}")
        changes: dict[str, Any] = {f"{name}_port": port for name, port in ports.items()}
        return msgspec.structs.replace(self, **changes)

    @property
    def all_ports_chosen(self) -> bool:
        """Whether every channel has a port (so a client can connect)."""
        return all(self.ports().values())

    def url(self, channel: ChannelName, port: int | None = None) -> str:
        """The ZeroMQ address of ``channel`` (or of ``port`` on this host)."""
        return address(self.transport, self.ip, self.port(channel) if port is None else port)

    @classmethod
    def from_json(cls, data: Any, *, source: str | None = None) -> Self:
        """Connection info from the decoded JSON of a connection file.

        Args:
            data: The decoded JSON object.
            source: Where it came from (a path), for error messages.

        Raises:
            ConnectionFileError: ``data`` is not an object, has no ``key``, or has a
                field that cannot be used; the message names the file and the field.
        """
        where = f"connection file {source}" if source else "connection info"
        if not isinstance(data, dict):
            raise ConnectionFileError(
                f"{where} must hold a JSON object, not {describe_json(data)}", path=source
            )
        if "key" not in data:
            raise ConnectionFileError(
                f'{where} has no \'key\'; add the kernel\'s key, or "key": "" to turn signing off',
                path=source,
            )
        names = set(cls.__struct_fields__) - {"extra"}
        known = {name: data[name] for name in names if name in data}
        extra = {name: value for name, value in data.items() if name not in names}
        try:
            return cls(**known, extra=extra)
        except ConnectionFileError as error:
            raise ConnectionFileError(f"{where}: {error}", path=source) from None

    def to_json(self) -> dict[str, Any]:
        """The JSON object of a connection file."""
        data = {
            **{f"{channel}_port": self.port(channel) for channel in CHANNELS},
            "ip": self.ip,
            "key": self.key,
            "transport": self.transport,
            "signature_scheme": self.signature_scheme,
            "kernel_name": self.kernel_name,
        }
        for name, value in self.extra.items():
            data.setdefault(name, value)
        return data


def address(transport: str, ip: str, port: int) -> str:
    """A ZeroMQ address: ``tcp://<ip>:<port>`` (``[ip]`` for IPv6) or ``ipc://<ip>-<port>``."""
    if transport == "ipc":
        return f"ipc://{ip}-{port}"
    host = f"[{ip}]" if ":" in ip and not ip.startswith("[") else ip
    return f"{transport}://{host}:{port}"


def parse_connection_file(text: str, source: str) -> ConnectionInfo:
    """The connection info in ``text``, the content of the connection file ``source``.

    Raises:
        ConnectionFileError: ``text`` is not JSON, or holds connection info that cannot
            be used; the message names ``source``.
    """
    try:
        data = json.loads(text)
    except ValueError as error:
        raise ConnectionFileError(
            f"connection file {source} is not JSON: {error}", path=source
        ) from None
    return ConnectionInfo.from_json(data, source=source)


def format_connection_file(info: ConnectionInfo) -> str:
    """The text of a connection file holding ``info``."""
    return json.dumps(info.to_json(), indent=1) + "\n"
