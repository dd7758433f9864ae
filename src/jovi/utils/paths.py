"""Where jovi keeps its files, and where the Jupyter world keeps its own.

jovi's directory is ``$JOVI_DIR`` or ``~/.jovi``; the profiles inside it are
:mod:`jovi.config.profiles`.

The Jupyter directories follow the conventions every Jupyter tool shares, so that
other tools find jovi's kernel and connection files and jovi finds theirs:
``JUPYTER_PATH`` first, then the user and environment directories (environment first
when ``JUPYTER_PREFER_ENV_PATH`` says so, or by default inside a virtual environment
the user owns), then the system directories.
"""

from __future__ import annotations

import os
import site
import sys
from pathlib import Path

from jovi.utils.log import get_logger

__all__ = [
    "ensure_private_dir",
    "jovi_dir",
    "jupyter_config_dir",
    "jupyter_config_path",
    "jupyter_data_dir",
    "jupyter_path",
    "jupyter_runtime_dir",
    "prefer_environment_over_user",
]

log = get_logger("jovi")

_FALSE_WORDS = frozenset({"", "no", "n", "false", "off", "0", "0.0"})


def _home() -> Path:
    # resolve() so that a symlinked /home (FreeBSD, some NFS set-ups) gives stable paths.
    return Path.home().resolve()


def _is_writable_location(path: Path) -> bool:
    """Whether ``path`` can be written, or created because its nearest existing parent can."""
    probe = path
    while not probe.exists():
        if probe.parent == probe:
            return False
        probe = probe.parent
    return probe.is_dir() and os.access(probe, os.W_OK | os.X_OK)


_fallback_dirs: dict[str, Path] = {}


def _temporary_fallback(purpose: str) -> Path:
    # One temporary directory per purpose and process, so repeated calls agree.
    if purpose not in _fallback_dirs:
        import tempfile  # noqa: PLC0415 - rarely needed, and it imports shutil

        _fallback_dirs[purpose] = Path(tempfile.mkdtemp(prefix=f"{purpose}-"))
    return _fallback_dirs[purpose]


def jovi_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Return jovi's own directory: ``explicit``, else ``$JOVI_DIR``, else ``~/.jovi``.

    ``~`` is expanded.  When the directory cannot be written (a read-only home, a
    home of ``/``), a warning says so and a temporary directory is used instead, so
    that jovi still starts.
    """
    if explicit:
        chosen = Path(explicit).expanduser()
    elif os.environ.get("JOVI_DIR"):
        chosen = Path(os.environ["JOVI_DIR"]).expanduser()
    else:
        chosen = _home() / ".jovi"
    chosen = chosen.absolute()
    if _is_writable_location(chosen):
        return chosen
    fallback = _temporary_fallback("jovi")
    log.warning(
        "%s cannot be written; using %s for this session. "
        "Set JOVI_DIR to a writable directory to keep your settings.",
        chosen,
        fallback,
    )
    return fallback


def ensure_private_dir(path: Path, mode: int = 0o700) -> Path:
    """Create ``path`` (and its parents) if needed and give it ``mode``, even if it existed.

    Safe against several processes creating it at once.
    """
    path.mkdir(parents=True, exist_ok=True)
    if path.stat().st_mode & 0o777 != mode:
        path.chmod(mode)
    return path


# ------------------------------------------------------------------ Jupyter directories


def _env_flag(name: str) -> bool | None:
    value = os.environ.get(name)
    if value is None:
        return None
    return value.strip().lower() not in _FALSE_WORDS


def _owned_by_me(path: Path) -> bool:
    probe = path
    while not probe.exists() and probe.parent != probe:
        probe = probe.parent
    if hasattr(os, "geteuid"):
        try:
            return probe.stat().st_uid == os.geteuid()
        except OSError:
            return False
    return os.access(probe, os.W_OK)


def prefer_environment_over_user() -> bool:
    """Whether the environment's Jupyter dirs come before the user's.

    ``JUPYTER_PREFER_ENV_PATH`` decides when set; otherwise the environment wins inside
    a virtual environment (or a non-base conda environment) that the user owns.
    """
    flag = _env_flag("JUPYTER_PREFER_ENV_PATH")
    if flag is not None:
        return flag
    prefix = Path(sys.prefix)
    if sys.prefix != sys.base_prefix and _owned_by_me(prefix):
        return True
    conda_prefix = os.environ.get("CONDA_PREFIX")
    return bool(
        conda_prefix
        and sys.prefix.startswith(conda_prefix)
        and os.environ.get("CONDA_DEFAULT_ENV", "base") != "base"
        and _owned_by_me(prefix)
    )


def jupyter_config_dir() -> Path:
    """``$JUPYTER_CONFIG_DIR``, else ``~/.jupyter``.

    With ``JUPYTER_NO_CONFIG`` set, an empty temporary directory.
    """
    if os.environ.get("JUPYTER_NO_CONFIG"):
        return _temporary_fallback("jupyter-clean-cfg")
    if os.environ.get("JUPYTER_CONFIG_DIR"):
        return Path(os.environ["JUPYTER_CONFIG_DIR"])
    return _home() / ".jupyter"


def jupyter_data_dir() -> Path:
    """``$JUPYTER_DATA_DIR``, else the platform's user data dir for Jupyter."""
    if os.environ.get("JUPYTER_DATA_DIR"):
        return Path(os.environ["JUPYTER_DATA_DIR"])
    home = _home()
    if sys.platform == "darwin":
        return home / "Library" / "Jupyter"
    if os.name == "nt":
        appdata = os.environ.get("APPDATA")
        if appdata:
            return Path(appdata, "jupyter").resolve()
        return jupyter_config_dir() / "data"
    xdg = os.environ.get("XDG_DATA_HOME") or str(home / ".local" / "share")
    return Path(xdg) / "jupyter"


def jupyter_runtime_dir() -> Path:
    """``$JUPYTER_RUNTIME_DIR``, else ``<data dir>/runtime``: where connection files live."""
    if os.environ.get("JUPYTER_RUNTIME_DIR"):
        return Path(os.environ["JUPYTER_RUNTIME_DIR"])
    return jupyter_data_dir() / "runtime"


def _system_data_path() -> list[Path]:
    if os.name == "nt":
        programdata = os.environ.get("PROGRAMDATA")
        return (
            [Path(programdata, "jupyter")]
            if programdata
            else [Path(sys.prefix, "share", "jupyter")]
        )
    return [Path("/usr/local/share/jupyter"), Path("/usr/share/jupyter")]


def _system_config_path() -> list[Path]:
    if os.name == "nt":
        programdata = os.environ.get("PROGRAMDATA")
        return [Path(programdata, "jupyter")] if programdata else []
    return [Path("/usr/local/etc/jupyter"), Path("/etc/jupyter")]


def _user_base(*parts: str) -> list[Path]:
    if not site.ENABLE_USER_SITE:
        return []
    base = site.getuserbase()
    return [Path(base, *parts)] if base else []


def _split_path_variable(name: str) -> list[Path]:
    value = os.environ.get(name)
    if not value:
        return []
    return [Path(part.rstrip(os.sep)) for part in value.split(os.pathsep) if part]


def _ordered(
    explicit: list[Path], user: list[Path], env: list[Path], system: list[Path]
) -> list[Path]:
    env = [p for p in env if p not in system]
    user = list(dict.fromkeys(user))
    middle = env + user if prefer_environment_over_user() else user + env
    return explicit + middle + system


def jupyter_path(*subdirs: str) -> list[Path]:
    """The Jupyter data search path, highest priority first, with ``subdirs`` appended.

    ``jupyter_path("kernels")`` is where kernelspecs are searched; the first
    directory holding a given kernel name wins.
    """
    paths = _ordered(
        _split_path_variable("JUPYTER_PATH"),
        [jupyter_data_dir(), *_user_base("share", "jupyter")],
        [Path(sys.prefix, "share", "jupyter")],
        _system_data_path(),
    )
    return [p.joinpath(*subdirs) for p in paths]


def jupyter_config_path() -> list[Path]:
    """The Jupyter configuration search path, highest priority first."""
    if os.environ.get("JUPYTER_NO_CONFIG"):
        return [jupyter_config_dir()]
    return _ordered(
        _split_path_variable("JUPYTER_CONFIG_PATH"),
        [jupyter_config_dir(), *_user_base("etc", "jupyter")],
        [Path(sys.prefix, "etc", "jupyter")],
        _system_config_path(),
    )
