"""Loading configuration layers from files and the environment.

* Python files (``jovi_config.py``): plain Python run with ``get_config()`` (and
  ``c``, the config it returns), ``load_subconfig(name, profile=None)`` and
  ``__file__`` defined.  Values keep their
  Python types; each assignment is recorded with its file and line.
* JSON files (``jovi_config.json``): ``{"InteractiveShell": {"colors": "NoColor"}}``.
* The environment: ``JOVI_<Class>__<option>=<value>``, e.g.
  ``JOVI_InteractiveShell__colors=NoColor``; the text is read as on the command line.

A file that cannot be used raises :class:`~jovi.errors.ConfigFileError` with one
sentence naming the file, the line and the problem; the caller decides to warn and
carry on with the other layers (jovi never fails to start over a config file).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from jovi.config import values as _values
from jovi.config.values import Config, Origin
from jovi.errors import ConfigFileError

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from pathlib import Path

__all__ = ["ENV_PATTERN", "load_environment", "load_json_config", "load_python_config"]

#: Environment variables that set options: JOVI_<Class>__<option>.
ENV_PATTERN = re.compile(r"^JOVI_([A-Z][A-Za-z0-9]*)__([A-Za-z_][A-Za-z0-9_]*)$")


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise ConfigFileError(
            f"{path} is not UTF-8 text ({error.reason} at byte {error.start})"
        ) from None
    except OSError as error:
        raise ConfigFileError(f"{path} could not be read: {error.strerror or error}") from None


def _line_in(path: Path, tb: Any) -> int | None:
    line = None
    import traceback  # noqa: PLC0415 - only for a file that fails

    for frame, lineno in traceback.walk_tb(tb):
        if frame.f_code.co_filename == str(path):
            line = lineno
    return line


def load_python_config(
    path: Path,
    *,
    profile_dir_for: Callable[[str], Path] | None = None,
    into: Config | None = None,
    _loading: tuple[Path, ...] = (),
) -> Config:
    """Run the Python config file ``path`` and return the settings it made.

    Args:
        path: The file.
        profile_dir_for: Turns a profile name into its directory, for
            ``load_subconfig(name, profile=...)``.
        into: Add the settings to this config instead of a new one.

    Raises:
        ConfigFileError: the file is missing, unreadable, not valid Python, or raised
            an exception.  Nothing is added to ``into`` in that case.
    """
    path = path.absolute()
    if path in _loading:
        chain = " -> ".join(str(p) for p in (*_loading, path))
        raise ConfigFileError(f"{path} loads itself through load_subconfig ({chain})")
    source = _read_text(path)
    config = Config()

    def get_config() -> Config:
        return config

    def load_subconfig(name: str, profile: str | None = None) -> None:
        if profile is not None:
            if profile_dir_for is None:
                raise ConfigFileError(
                    f"load_subconfig({name!r}, profile={profile!r}) has no profiles here"
                )
            target = profile_dir_for(profile) / name
        else:
            target = path.parent / name
        if not target.is_file():
            # Inheriting from a profile that has no such file is normal: nothing to load.
            return
        load_python_config(
            target, profile_dir_for=profile_dir_for, into=config, _loading=(*_loading, path)
        )

    try:
        code = compile(source, str(path), "exec", dont_inherit=True)
    except SyntaxError as error:
        where = f", line {error.lineno}" if error.lineno else ""
        raise ConfigFileError(f"{path}{where}: {error.msg}") from None
    except ValueError as error:  # source with NUL bytes
        raise ConfigFileError(f"{path}: {error}") from None

    namespace: dict[str, Any] = {
        "__name__": "__jovi_config__",
        "__file__": str(path),
        "c": config,  # so that a file may also start without ``c = get_config()``
        "get_config": get_config,
        "load_subconfig": load_subconfig,
    }
    _values._files_being_loaded.add(str(path))
    try:
        exec(code, namespace)  # noqa: S102 - running the user's own config file is the point
    except ConfigFileError:
        raise
    except SystemExit as error:
        raise ConfigFileError(f"{path} called exit({error.code!r})") from None
    except BaseException as error:
        if isinstance(error, KeyboardInterrupt):
            raise
        line = _line_in(path, error.__traceback__)
        where = f", line {line}" if line else ""
        raise ConfigFileError(f"{path}{where}: {type(error).__name__}: {error}") from None
    finally:
        _values._files_being_loaded.discard(str(path))
    if into is not None:
        into.merge(config)
        return into
    return config


def _json_line(text: str, section: str, option: str) -> int | None:
    import json  # noqa: PLC0415 - only when a JSON file has a problem

    start = text.find(json.dumps(section))
    if start < 0:
        return None
    found = text.find(json.dumps(option), start)
    if found < 0:
        return None
    return text.count("\n", 0, found) + 1


def load_json_config(path: Path) -> Config:
    """Read a JSON config file: an object of sections, each an object of options.

    Raises:
        ConfigFileError: unreadable, not JSON, or not shaped as sections of options.
    """
    import json  # noqa: PLC0415 - only when there is a JSON file

    text = _read_text(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ConfigFileError(
            f"{path}, line {error.lineno}: {error.msg} (not valid JSON)"
        ) from None
    if not isinstance(data, dict):
        raise ConfigFileError(
            f"{path}: expected an object of sections, "
            '{"InteractiveShell": {"colors": "NoColor"}}'
        )
    config = Config()
    for section, options in data.items():
        if not isinstance(options, dict):
            line = _json_line(text, section, section)
            raise ConfigFileError(
                f"{path}, line {line}: the section {section!r} must be an object of options"
            )
        for option, value in options.items():
            config.section(section).set(
                option, value, Origin("file", str(path), _json_line(text, section, option))
            )
    return config


def load_environment(environ: Mapping[str, str]) -> Config:
    """Settings from ``JOVI_<Class>__<option>`` environment variables (read as text)."""
    config = Config()
    for name in sorted(environ):
        match = ENV_PATTERN.match(name)
        if match:
            section, option = match.groups()
            config.section(section).set(
                option,
                environ[name],
                Origin("environment", f"{name}={environ[name]}"),
                from_text=True,
            )
    return config
