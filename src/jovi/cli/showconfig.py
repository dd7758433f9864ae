"""``--show-config`` and ``--show-config-json``: the configuration a command would start
with, from every layer (files, environment, command line), and where each value came from."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from jovi.config import known_classes

if TYPE_CHECKING:
    from jovi.config import ConfigStack, Setting

__all__ = ["config_as_json", "config_as_text"]

# The request to show the configuration is not part of what is shown.
_REQUESTS = frozenset({"show_config", "show_config_json"})


def _value(section: str, option: str, setting: Setting) -> Any:
    """The value as the option will see it (text from the command line parsed)."""
    if not setting.from_text:
        return setting.value
    from jovi.cli.catalogue import load_class_named

    load_class_named(section)
    for cls in known_classes().get(section, ()):
        declared = cls.options().get(option)
        if declared is not None:
            try:
                return declared.parse(setting.value)
            except Exception:  # noqa: BLE001 - shown as written; the start-up check reports it
                break
    return setting.value


def _effective(stack: ConfigStack) -> dict[str, dict[str, tuple[Any, str]]]:
    merged: dict[str, dict[str, tuple[Any, str]]] = {}
    for layer in stack.layers:
        for section, option, setting in layer.config.settings():
            if option in _REQUESTS:
                continue
            value = _value(section, option, setting)
            merged.setdefault(section, {})[option] = (value, setting.origin.describe())
    return merged


def config_as_text(stack: ConfigStack) -> str:
    """Each class's configured options, the winning value and its origin, one a line."""
    merged = _effective(stack)
    if not merged:
        return "No option is configured: every option has its default value."
    lines: list[str] = []
    for section in sorted(merged):
        lines.append(section)
        for option, (value, origin) in sorted(merged[section].items()):
            lines.append(f"  .{option} = {value!r}  # from {origin}")
    return "\n".join(lines)


def config_as_json(stack: ConfigStack) -> str:
    """The configured options as JSON: ``{"Class": {"option": value}}``."""
    merged = _effective(stack)
    data = {
        section: {option: value for option, (value, _origin) in sorted(options.items())}
        for section, options in sorted(merged.items())
    }
    return json.dumps(data, indent=1, default=repr)
