"""Protocol versions, and reading protocol 4.x messages as 5.x (Jupyter messaging protocol: protocol 4.x).

jovi speaks 5.x only.  A client that must talk to a kernel of IPython 2 or older can
turn on reading 4.x messages (``Session(read_v4=True)``): they are then renamed and
reshaped into their 5.x equivalents before being decoded, so the rest of jovi sees
5.x messages only.  Nothing is ever written in 4.x.

The changes, by message type (the 4.x name first):

* ``pyin``, ``pyout``, ``pyerr``, ``object_info_request``, ``object_info_reply``
  become ``execute_input``, ``execute_result``, ``error``, ``inspect_request``,
  ``inspect_reply`` (in the header and the parent header);
* ``execute_request``: ``user_variables`` (names) become ``user_expressions``;
* ``execute_reply``: ``user_variables`` join ``user_expressions``, ``repr`` strings
  become mime bundles, ``"abort"`` becomes ``"aborted"``, ``page`` payloads with
  ``text`` get ``data``;
* ``kernel_info_reply``: version lists become strings, ``language`` and
  ``language_version`` go into ``language_info``, ``ipython_version`` becomes
  ``implementation_version``;
* ``stream``: ``data`` becomes ``text``; ``display_data`` loses ``source``, and
  ``application/json`` text is parsed;
* ``complete_request``: ``line`` becomes ``code``; ``complete_reply``:
  ``matched_text`` gives ``cursor_start`` relative to the cursor (negative) and no
  ``cursor_end``;
* ``inspect_request``: ``oname`` becomes ``code``; ``inspect_reply``: the fields
  become a ``text/plain`` bundle;
* ``clear_output`` of 4.0 (``stdout``, ``stderr``, ``display``) becomes ``wait: false``.
"""

from __future__ import annotations

import contextlib
import copy
import json
import re
from typing import Any

from jovi.errors import UnsupportedProtocolVersion

__all__ = ["check_protocol_version", "is_protocol_4", "upgrade"]

_RENAMED = {
    "pyin": "execute_input",
    "pyout": "execute_result",
    "pyerr": "error",
    "object_info_request": "inspect_request",
    "object_info_reply": "inspect_reply",
}
_ABSENT: Any = object()
_VERSION = re.compile(r"^\s*(\d+)(?:\.(\d+))?")


def _major_minor(version: Any) -> tuple[int, int] | None:
    if isinstance(version, list | tuple) and version and all(isinstance(n, int) for n in version):
        return version[0], version[1] if len(version) > 1 else 0
    if isinstance(version, str):
        match = _VERSION.match(version)
        if match:
            return int(match.group(1)), int(match.group(2) or 0)
    return None


def check_protocol_version(version: Any, *, read_v4: bool = False) -> tuple[int, int]:
    """The ``(major, minor)`` of a kernel's ``protocol_version``, if jovi can talk to it.

    Versions above 5 are accepted: peers must tolerate what they do not know.

    Raises:
        UnsupportedProtocolVersion: the version is not readable, or older than 5
            (than 4 with ``read_v4``).
    """
    parsed = _major_minor(version)
    if parsed is None:
        raise UnsupportedProtocolVersion(f"{version!r} is not a protocol version")
    oldest = 4 if read_v4 else 5
    if parsed[0] < oldest:
        raise UnsupportedProtocolVersion(
            f"the kernel speaks protocol {version}; jovi speaks 5.x"
            + ("" if read_v4 else " (and reads 4.x when asked to)")
        )
    return parsed


def is_protocol_4(header: dict[str, Any], *, missing_means_4: bool) -> bool:
    """Whether a decoded header is of protocol 4 or older.

    Headers had no ``version`` before 5.0; ``missing_means_4`` says how to read one
    without it.
    """
    version = header.get("version", _ABSENT)
    if version is _ABSENT:
        return missing_means_4
    if type(version) is str and version.startswith("5."):
        return False  # the common case, without a regular expression
    parsed = _major_minor(version)
    return parsed is not None and parsed[0] < 5


def _rename(header: dict[str, Any]) -> dict[str, Any]:
    header = dict(header)
    msg_type = header.get("msg_type")
    if isinstance(msg_type, str):
        header["msg_type"] = _RENAMED.get(msg_type, msg_type)
    header["version"] = "5.0"
    return header


def _as_bundle(value: Any) -> Any:
    if isinstance(value, str):
        return {"status": "ok", "data": {"text/plain": value}, "metadata": {}}
    return value


def _version_text(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return ".".join(str(part) for part in value if part != "")
    return value


def _object(value: Any) -> dict[str, Any]:
    return dict(value) if isinstance(value, dict) else {}


def _execute_reply(content: dict[str, Any]) -> None:
    expressions = _object(content.get("user_expressions"))
    variables = content.pop("user_variables", None)
    if isinstance(variables, dict):
        expressions.update(variables)
    content["user_expressions"] = {name: _as_bundle(value) for name, value in expressions.items()}
    if content.get("status") == "abort":
        content["status"] = "aborted"
    payloads = content.get("payload")
    if isinstance(payloads, list):
        for payload in payloads:
            if (
                isinstance(payload, dict)
                and payload.get("source") == "page"
                and "text" in payload
                and "data" not in payload
            ):
                payload["data"] = {"text/plain": payload.pop("text")}


def _kernel_info_reply(content: dict[str, Any]) -> None:
    content["protocol_version"] = _version_text(content.get("protocol_version", "4.1"))
    language = content.pop("language", "")
    info = _object(content.get("language_info"))
    info.setdefault("name", language)
    if "language_version" in content:
        info.setdefault("version", _version_text(content.pop("language_version")))
    content["language_info"] = info
    if "ipython_version" in content:
        content.setdefault("implementation", "ipython")
        content.setdefault("implementation_version", _version_text(content.pop("ipython_version")))
    content.setdefault("banner", "")


def _display(content: dict[str, Any]) -> None:
    content.pop("source", None)
    data = content.get("data")
    if isinstance(data, dict) and isinstance(data.get("application/json"), str):
        # Text that is not JSON stays text.
        with contextlib.suppress(ValueError, RecursionError):
            content["data"] = {**data, "application/json": json.loads(data["application/json"])}


def _inspect_reply(content: dict[str, Any]) -> None:
    lines = []
    for key in ("call_def", "init_definition", "definition"):
        if content.get(key):
            lines.append(str(content[key]))
            break
    for key in ("call_docstring", "init_docstring", "docstring"):
        if content.get(key):
            lines.append(str(content[key]))
            break
    found = bool(content.get("found"))
    kept = {key: content[key] for key in ("status",) if key in content}
    content.clear()
    content.update(
        status=kept.get("status", "ok"),
        found=found,
        data={"text/plain": "\n".join(lines)} if found and lines else {},
        metadata={},
    )


def _upgrade_content(msg_type: str, content: dict[str, Any]) -> None:
    if msg_type == "execute_request":
        names = content.pop("user_variables", None)
        expressions = _object(content.get("user_expressions"))
        if isinstance(names, list):
            expressions.update({name: name for name in names if isinstance(name, str)})
        content["user_expressions"] = expressions
    elif msg_type == "execute_reply":
        _execute_reply(content)
    elif msg_type == "kernel_info_reply":
        _kernel_info_reply(content)
    elif msg_type == "stream" and "text" not in content:
        content["text"] = content.pop("data", "")
    elif msg_type in ("display_data", "execute_result"):
        _display(content)
    elif msg_type == "complete_request" and "code" not in content:
        content["code"] = content.pop("line", "")
        content.pop("text", None)
        content.pop("block", None)
    elif msg_type == "complete_reply":
        matched = content.pop("matched_text", None)
        content["cursor_start"] = -len(matched) if isinstance(matched, str) else None
        content["cursor_end"] = None
        content.setdefault("metadata", {})
    elif msg_type == "inspect_request" and "code" not in content:
        name = content.pop("oname", "")
        content["code"] = name
        content["cursor_pos"] = len(name) if isinstance(name, str) else 0
    elif msg_type == "inspect_reply":
        _inspect_reply(content)
    elif msg_type == "clear_output" and "wait" not in content:
        for key in ("stdout", "stderr", "display"):
            content.pop(key, None)
        content["wait"] = False


def upgrade(
    header: dict[str, Any], parent: dict[str, Any], content: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """A protocol 4 message's decoded header, parent header and content, as 5.x.

    The arguments are not changed; new dicts are returned.
    """
    new_header = _rename(header)
    new_parent = _rename(parent) if parent else {}
    new_content = copy.deepcopy(content)
    msg_type = new_header.get("msg_type")
    if isinstance(msg_type, str):
        _upgrade_content(msg_type, new_content)
    return new_header, new_parent, new_content
