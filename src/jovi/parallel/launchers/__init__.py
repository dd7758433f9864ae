"""Launchers: where the controller and the engines of a cluster run.

One module per kind: :mod:`~.local` (children of this process, the default),
:mod:`~.mpi` (``mpiexec``), :mod:`~.ssh`, and the batch systems :mod:`~.slurm`,
:mod:`~.pbs`, :mod:`~.sge`, :mod:`~.lsf` and :mod:`~.htcondor` (on :mod:`~.batch` and
:mod:`~.templates`).  :func:`launcher_class` resolves the names users give: a short
name (``mpi``), a class name (``MPIEngineSetLauncher``, or IPython's ``MPIExec...``),
a dotted path (``jovi.parallel.launchers.mpi.MPIEngineSetLauncher``, or ipyparallel's
and IPython's paths to their launchers, taken by the class name), or a name that a
package registers in the entry-point group ``jovi.parallel.engine_launchers`` or
``jovi.parallel.controller_launchers``.
"""

from __future__ import annotations

import importlib
from typing import Final

from jovi.parallel.launchers.base import Launch, Launcher, LaunchError, Role

__all__ = ["KINDS", "Launch", "LaunchError", "Launcher", "Role", "launcher_class"]

#: Each short name, its module and the prefix of its class names.
KINDS: Final[dict[str, tuple[str, str]]] = {
    "local": ("local", "Local"),
    "mpi": ("mpi", "MPI"),
    "ssh": ("ssh", "SSH"),
    "slurm": ("slurm", "Slurm"),
    "pbs": ("pbs", "PBS"),
    "sge": ("sge", "SGE"),
    "lsf": ("lsf", "LSF"),
    "htcondor": ("htcondor", "HTCondor"),
}
_OLD_PREFIXES: Final = {"mpiexec": "mpi", "condor": "htcondor", "torque": "pbs"}
_PEERS: Final = ("ipyparallel.", "IPython.")  # never imported: their names say the kind
_SUFFIXES: Final = ("EngineSetLauncher", "ControllerLauncher", "Launcher")
_GROUPS: Final[dict[Role, str]] = {
    "controller": "jovi.parallel.controller_launchers",
    "engines": "jovi.parallel.engine_launchers",
}


def _kind_of(name: str) -> str | None:
    """The short name a launcher's name means (``MPIEngineSetLauncher`` → ``mpi``)."""
    bare = name.rpartition(".")[2]
    for suffix in _SUFFIXES:
        if bare.endswith(suffix):
            bare = bare[: -len(suffix)]
            break
    bare = bare.lower()
    bare = _OLD_PREFIXES.get(bare, bare)
    return bare if bare in KINDS else None


def _entry_point(name: str, role: Role) -> type[Launcher] | None:
    from importlib.metadata import entry_points  # noqa: PLC0415 - only for unknown names

    for point in entry_points(group=_GROUPS[role]):
        if point.name == name:
            loaded = point.load()
            if isinstance(loaded, type) and issubclass(loaded, Launcher):
                return loaded
    return None


def launcher_class(name: str | type[Launcher], role: Role) -> type[Launcher]:
    """The launcher class ``name`` means for ``role``.

    Raises:
        ValueError: no launcher has that name.
    """
    if isinstance(name, type):
        return name
    if "." in name and not name.startswith(_PEERS):  # a class path of jovi's or a package's
        module_name, _, class_name = name.rpartition(".")
        try:
            found = getattr(importlib.import_module(module_name), class_name, None)
        except ImportError:
            found = None
        if isinstance(found, type) and issubclass(found, Launcher):
            return found
    kind = _kind_of(name)  # also ipyparallel's and IPython's paths, by their class names
    if kind is not None:
        module_name, prefix = KINDS[kind]
        module = importlib.import_module(f"jovi.parallel.launchers.{module_name}")
        suffix = "ControllerLauncher" if role == "controller" else "EngineSetLauncher"
        resolved: type[Launcher] = getattr(module, prefix + suffix)
        return resolved
    registered = _entry_point(name, role)
    if registered is not None:
        return registered
    raise ValueError(
        f"no launcher {name!r}; the launchers are {', '.join(KINDS)} "
        "(or a class path, or a name registered by a package)"
    )
