"""The kernelspec model: what a ``kernel.json`` says about how to start a kernel
(Jupyter messaging protocol: kernelspecs).

A kernelspec is a directory named after the kernel holding ``kernel.json`` and,
optionally, ``kernel.js`` and logos::

    {"argv": ["python", "-m", "jovi.kernel", "-f", "{connection_file}"],
     "display_name": "Python 3 (jovi)", "language": "python",
     "interrupt_mode": "signal", "env": {}, "metadata": {}}

Kernel names match ``[a-z0-9._-]+`` (case-insensitive) and are stored lower-cased.
Finding kernelspecs on disk and installing them is the job of ``jovi.kernels``; this
module parses, checks and formats the model (no file I/O).
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Mapping  # noqa: TC003 - struct annotations are resolved at run time
from pathlib import Path  # noqa: TC003 - struct annotations are resolved at run time
from typing import Any, Self

import msgspec

from jovi.errors import KernelSpecError
from jovi.protocol.schema import describe_json

__all__ = [
    "INTERRUPT_MODES",
    "KERNEL_JSON",
    "KernelSpec",
    "format_argv",
    "parse_kernel_spec",
    "validate_kernel_name",
]

KERNEL_JSON = "kernel.json"
INTERRUPT_MODES = ("signal", "message")

_NAME = re.compile(r"[a-z0-9._-]+", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def validate_kernel_name(name: str) -> str:
    """``name`` lower-cased, if it can name a kernelspec.

    Raises:
        KernelSpecError: ``name`` has characters other than letters, digits, ``.``,
            ``_`` and ``-``, or is empty.
    """
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise KernelSpecError(
            f"{name!r} is not a valid kernel name; use letters, digits, '.', '_' and '-'"
        )
    return name.lower()


def format_argv(argv: tuple[str, ...] | list[str], variables: Mapping[str, str]) -> list[str]:
    """``argv`` with each ``{name}`` for which ``variables`` has a value replaced.

    Placeholders without a value are left as they are (an argument may contain
    braces of its own, such as a JSON string).
    """

    def replace(match: re.Match[str]) -> str:
        return variables.get(match.group(1), match.group(0))

    return [_PLACEHOLDER.sub(replace, argument) for argument in argv]


def _strings(value: Any, what: str, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise KernelSpecError(
            f"{where}: {what!r} must be a list of strings, not {describe_json(value)}"
        )
    return tuple(value)


class KernelSpec(msgspec.Struct, frozen=True, kw_only=True):
    """How to start a kernel, as its ``kernel.json`` says.

    Attributes:
        argv: The command, with placeholders (``{connection_file}``,
            ``{resource_dir}``, ``{prefix}``).
        display_name: The name shown to users.
        language: The language, for matching notebooks to kernels.
        interrupt_mode: ``"signal"`` (SIGINT to the process group) or ``"message"``
            (``interrupt_request`` on the control channel).
        env: Variables added to the kernel's environment.
        metadata: Namespaced metadata (``debugger``, ``kernel_provisioner`` ...).
        kernel_protocol_version: The protocol version the spec claims, if any (not
            to be relied on: ask ``kernel_info``).
        name: The kernel name (the directory's name), if known.
        resource_dir: The kernelspec directory, if known.
        extra: Fields the model does not know, kept as they were.
    """

    argv: tuple[str, ...]
    display_name: str
    language: str = ""
    interrupt_mode: str = "signal"
    env: Mapping[str, str] = msgspec.field(default_factory=dict)
    metadata: Mapping[str, Any] = msgspec.field(default_factory=dict)
    kernel_protocol_version: str | None = None
    name: str = ""
    resource_dir: Path | None = None
    extra: Mapping[str, Any] = msgspec.field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.argv:
            raise KernelSpecError(
                "'argv' must not be empty: it is the command that starts the kernel"
            )
        if self.interrupt_mode not in INTERRUPT_MODES:
            raise KernelSpecError(
                f"'interrupt_mode' must be 'signal' or 'message', not {self.interrupt_mode!r}"
            )

    @classmethod
    def from_json(
        cls, data: Any, *, name: str = "", resource_dir: Path | None = None, source: str = ""
    ) -> Self:
        """The kernelspec described by the decoded ``kernel.json`` ``data``.

        ``display_name`` defaults to the kernel name and ``language`` to ``""``, as
        some kernelspecs in the wild omit them.

        Raises:
            KernelSpecError: a field is missing or has the wrong type; the message
                names the file and the field.
        """
        where = source or (f"kernelspec {name!r}" if name else "kernelspec")
        if not isinstance(data, dict):
            raise KernelSpecError(
                f"{where} must hold a JSON object, not {describe_json(data)}", path=source or None
            )
        try:
            return cls._from_object(data, name=name, resource_dir=resource_dir, where=where)
        except KernelSpecError as error:
            if error.path is None and source:
                error.path = source
            raise

    @classmethod
    def _from_object(
        cls, data: dict[str, Any], *, name: str, resource_dir: Path | None, where: str
    ) -> Self:
        if "argv" not in data:
            raise KernelSpecError(f"{where} has no 'argv' (the command that starts the kernel)")
        argv = _strings(data["argv"], "argv", where)
        texts: dict[str, str] = {}
        for field in ("display_name", "language", "interrupt_mode"):
            value = data.get(field)
            if value is not None and not isinstance(value, str):
                raise KernelSpecError(
                    f"{where}: {field!r} must be a string, not {describe_json(value)}"
                )
            if value is not None:
                texts[field] = value
        env = {} if data.get("env") is None else data["env"]
        if not isinstance(env, dict) or not all(isinstance(v, str) for v in env.values()):
            raise KernelSpecError(
                f"{where}: 'env' must be an object of strings, not {describe_json(env)}"
            )
        metadata = {} if data.get("metadata") is None else data["metadata"]
        if not isinstance(metadata, dict):
            raise KernelSpecError(
                f"{where}: 'metadata' must be an object, not {describe_json(metadata)}"
            )
        version = data.get("kernel_protocol_version")
        if version is not None and not isinstance(version, str):
            raise KernelSpecError(
                f"{where}: 'kernel_protocol_version' must be a string, not {describe_json(version)}"
            )
        known = {"argv", "display_name", "language", "interrupt_mode", "env", "metadata"}
        known.add("kernel_protocol_version")
        try:
            return cls(
                argv=argv,
                display_name=texts.get("display_name") or name,
                language=texts.get("language", ""),
                interrupt_mode=texts.get("interrupt_mode", "signal"),
                env=env,
                metadata=metadata,
                kernel_protocol_version=version,
                name=name,
                resource_dir=resource_dir,
                extra={key: value for key, value in data.items() if key not in known},
            )
        except KernelSpecError as error:
            raise KernelSpecError(f"{where}: {error}") from None

    def to_json(self) -> dict[str, Any]:
        """The JSON object of ``kernel.json``."""
        data: dict[str, Any] = {
            "argv": list(self.argv),
            "display_name": self.display_name,
            "language": self.language,
            "interrupt_mode": self.interrupt_mode,
            "env": dict(self.env),
            "metadata": dict(self.metadata),
        }
        if self.kernel_protocol_version is not None:
            data["kernel_protocol_version"] = self.kernel_protocol_version
        for key, value in self.extra.items():
            data.setdefault(key, value)
        return data

    def command(self, connection_file: str | os.PathLike[str], **variables: str) -> list[str]:
        """The command that starts the kernel: ``argv`` with ``{connection_file}``,
        ``{resource_dir}``, ``{prefix}`` (``sys.prefix``) and ``variables`` filled in."""
        values = {"prefix": sys.prefix, **variables, "connection_file": os.fspath(connection_file)}
        if self.resource_dir is not None:
            values.setdefault("resource_dir", os.fspath(self.resource_dir))
        return format_argv(self.argv, values)


def parse_kernel_spec(text: str, *, name: str, resource_dir: Path, source: str) -> KernelSpec:
    """The kernelspec ``name`` whose ``kernel.json`` (at ``source``) holds ``text``.

    Raises:
        KernelSpecError: ``text`` is not JSON, or not a valid kernelspec.
    """
    try:
        data = json.loads(text)
    except ValueError as error:
        raise KernelSpecError(f"{source} is not JSON: {error}", path=source) from None
    return KernelSpec.from_json(data, name=name, resource_dir=resource_dir, source=source)
