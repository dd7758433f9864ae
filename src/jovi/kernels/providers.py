"""Kernel providers: where kinds of kernels come from (jupyter_kernel_mgmt's design).

A provider has an ``id`` (no ``/``), lists the kernel types it offers
(:meth:`KernelProvider.find_kernels`), and launches one by name
(:meth:`KernelProvider.launch`).  A kernel type's full name is
``<provider id>/<name>``: ``spec/python3``, ``pyimport/jovi``.  jovi has two:

* :class:`KernelSpecProvider` (``spec``): the installed kernelspecs;
* :class:`JoviKernelProvider` (``pyimport``): jovi's own kernel, run by the Python
  running jovi, whether or not its kernelspec is installed (``pyimport/jovi``).

Other packages add providers through the entry-point group ``jovi.kernel_providers``
(see :mod:`~jovi.kernels.finder`); a provider that launches kernels described by a
kernelspec only needs :meth:`KernelProvider.kernel_spec`.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, ClassVar

from jovi.errors import NoSuchKernel
from jovi.kernels.specs import SpecProblem, get_kernel_spec, kernel_dirs, scan_kernel_specs
from jovi.protocol import KernelSpec
from jovi.utils.log import get_logger

if TYPE_CHECKING:
    import os
    from collections.abc import Iterable, Mapping, Sequence
    from pathlib import Path

    from jovi.config import Config, ConfigStack
    from jovi.kernels.manager import KernelManager
    from jovi.protocol import ConnectionInfo

__all__ = [
    "JOVI_DISPLAY_NAME",
    "JOVI_KERNEL_NAME",
    "JoviKernelProvider",
    "KernelProvider",
    "KernelSpecProvider",
    "jovi_kernel_spec",
    "spec_attributes",
]

log = get_logger("jovi.kernels")

JOVI_KERNEL_NAME = "jovi"
JOVI_DISPLAY_NAME = "Python 3 (jovi)"


def jovi_kernel_spec(display_name: str = JOVI_DISPLAY_NAME) -> KernelSpec:
    """The kernelspec of jovi's kernel, run by this Python.

    Its ``metadata.debugger`` says whether this Python has debugpy (the extra
    ``debug``): JupyterLab shows its debugger for kernels whose spec says so.
    """
    import importlib.util  # noqa: PLC0415 - only where a spec is made

    return KernelSpec(
        argv=(sys.executable, "-m", "jovi", "kernel", "-f", "{connection_file}"),
        display_name=display_name,
        language="python",
        interrupt_mode="signal",
        metadata={"debugger": importlib.util.find_spec("debugpy") is not None},
        name=JOVI_KERNEL_NAME,
    )


def spec_attributes(spec: KernelSpec) -> dict[str, Any]:
    """What :meth:`KernelProvider.find_kernels` tells about a kernel of ``spec``."""
    return {
        "display_name": spec.display_name,
        "language": spec.language,
        "language_info": {"name": spec.language},
        "argv": list(spec.argv),
        "interrupt_mode": spec.interrupt_mode,
        "resource_dir": None if spec.resource_dir is None else str(spec.resource_dir),
        "metadata": dict(spec.metadata),
    }


class KernelProvider:
    """Offers kernel types and launches them; subclass it and set :attr:`id`."""

    id: ClassVar[str] = ""

    def __init__(self) -> None:
        self.config: Config | ConfigStack | None = None

    def find_kernels(self) -> Iterable[tuple[str, dict[str, Any]]]:
        """The kernel types offered: ``(name, attributes)`` pairs."""
        raise NotImplementedError

    def kernel_spec(self, name: str) -> KernelSpec:
        """How to start the kernel type ``name`` as a process of this machine.

        Raises:
            NoSuchKernel: this provider offers no ``name``.
        """
        raise NoSuchKernel(f"the {self.id} provider cannot start {name!r} as a local process")

    def launch(
        self,
        name: str,
        cwd: str | os.PathLike[str] | None = None,
        launch_params: Mapping[str, Any] | None = None,
    ) -> tuple[ConnectionInfo, KernelManager]:
        """Start the kernel type ``name``; its connection info and its manager.

        ``launch_params``: ``extra_arguments``, ``env``, ``kernel_id``, and any
        option of :class:`~jovi.kernels.KernelManager` (``transport``, ``ip`` ...).
        """
        from jovi.kernels.manager import KernelManager  # noqa: PLC0415 - manager uses providers

        params = dict(launch_params or {})
        launch = {key: params.pop(key) for key in ("extra_arguments", "env") if key in params}
        manager = KernelManager(
            kernel_spec=self.kernel_spec(name),
            kernel_name=f"{self.id}/{name}",
            cwd=cwd,
            kernel_id=params.pop("kernel_id", None),
            config=self.config,
            **params,
        )
        manager.start_kernel(**launch)
        return manager.connection_info, manager

    def load_config(self, config: Config | ConfigStack | None = None) -> None:
        """Take the configuration the finder was given (for providers with options)."""
        self.config = config


class KernelSpecProvider(KernelProvider):
    """The installed kernelspecs (``spec/<name>``).

    Args:
        search_path: The directories to search (the Jupyter kernel dirs by default).
    """

    id: ClassVar[str] = "spec"

    def __init__(self, search_path: Sequence[Path] | None = None) -> None:
        super().__init__()
        self.search_path = list(search_path) if search_path is not None else None
        self.problems: list[SpecProblem] = []
        """The kernelspecs skipped by the last :meth:`find_kernels`, one sentence each."""

    def find_kernels(self) -> Iterable[tuple[str, dict[str, Any]]]:
        scan = scan_kernel_specs(self.search_path, warn=False)
        self.problems = scan.problems
        for problem in scan.problems:
            log.debug("%s", problem.message)
        for name, spec in sorted(scan.specs.items()):
            yield name, spec_attributes(spec)

    def kernel_spec(self, name: str) -> KernelSpec:
        return get_kernel_spec(name, self.search_path)

    def directories(self) -> list[Path]:
        """The directories searched."""
        return kernel_dirs() if self.search_path is None else list(self.search_path)


class JoviKernelProvider(KernelProvider):
    """jovi's kernel, run by the Python running jovi (``pyimport/jovi``)."""

    id: ClassVar[str] = "pyimport"

    def find_kernels(self) -> Iterable[tuple[str, dict[str, Any]]]:
        yield JOVI_KERNEL_NAME, spec_attributes(jovi_kernel_spec())

    def kernel_spec(self, name: str) -> KernelSpec:
        if name.lower() != JOVI_KERNEL_NAME:
            raise NoSuchKernel(
                f"the pyimport provider offers only {JOVI_KERNEL_NAME!r}, not {name!r}"
            )
        return jovi_kernel_spec()
