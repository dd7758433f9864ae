"""Layer 4: finding, starting and watching kernels.

* :mod:`~jovi.kernels.specs`: the installed kernelspecs (search order, broken ones);
* :mod:`~jovi.kernels.providers`: kernel providers (``spec``, ``pyimport``);
* :mod:`~jovi.kernels.finder`: :class:`KernelFinder`, every provider's kernels;
* :mod:`~jovi.kernels.launcher`: starting a kernel process (tcp or ipc);
* :mod:`~jovi.kernels.ports`: ports that kernels started together never share;
* :mod:`~jovi.kernels.process`: a kernel process (signals, group, clean-up);
* :mod:`~jovi.kernels.manager`: :class:`KernelManager`;
* :mod:`~jovi.kernels.multi`: :class:`MultiKernelManager`, kernels by id;
* :mod:`~jovi.kernels.generations`: the manager's kernel processes numbered, and how
  each ended (what tells waiting clients of a death);
* :mod:`~jovi.kernels.restarter`: :class:`KernelRestarter`, restarts on death, with
  its decisions in :mod:`~jovi.kernels.restart_policy` (no I/O);
* :mod:`~jovi.kernels.tunnel`: reaching a remote kernel through ssh;
* :mod:`~jovi.kernels.run`: :func:`run_kernel`, :func:`start_kernel` and their
  asyncio forms;
* :mod:`~jovi.kernels.discovery`: ``python -m jovi.kernels.discovery`` lists kernels.

Each name is imported from its module on first use, so ``import jovi.kernels`` costs
next to nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jovi.utils.lazy import lazy_exports

if TYPE_CHECKING:
    from jovi.kernels.finder import KernelFinder
    from jovi.kernels.launcher import SubprocessLauncher
    from jovi.kernels.manager import KernelManager
    from jovi.kernels.multi import MultiKernelManager
    from jovi.kernels.providers import (
        JoviKernelProvider,
        KernelProvider,
        KernelSpecProvider,
        jovi_kernel_spec,
    )
    from jovi.kernels.restarter import KernelRestarter
    from jovi.kernels.run import run_kernel, run_kernel_async, start_kernel, start_kernel_async
    from jovi.kernels.specs import (
        find_kernel_specs,
        get_kernel_spec,
        read_kernel_spec,
        scan_kernel_specs,
    )
    from jovi.kernels.tunnel import SshTunnel, tunnel_to_kernel

__all__ = [
    "JoviKernelProvider",
    "KernelFinder",
    "KernelManager",
    "KernelProvider",
    "KernelRestarter",
    "KernelSpecProvider",
    "MultiKernelManager",
    "SshTunnel",
    "SubprocessLauncher",
    "find_kernel_specs",
    "get_kernel_spec",
    "jovi_kernel_spec",
    "read_kernel_spec",
    "run_kernel",
    "run_kernel_async",
    "scan_kernel_specs",
    "start_kernel",
    "start_kernel_async",
    "tunnel_to_kernel",
]

_HOMES = {
    "JoviKernelProvider": "jovi.kernels.providers",
    "KernelFinder": "jovi.kernels.finder",
    "KernelManager": "jovi.kernels.manager",
    "KernelProvider": "jovi.kernels.providers",
    "KernelRestarter": "jovi.kernels.restarter",
    "KernelSpecProvider": "jovi.kernels.providers",
    "MultiKernelManager": "jovi.kernels.multi",
    "SshTunnel": "jovi.kernels.tunnel",
    "SubprocessLauncher": "jovi.kernels.launcher",
    "find_kernel_specs": "jovi.kernels.specs",
    "get_kernel_spec": "jovi.kernels.specs",
    "jovi_kernel_spec": "jovi.kernels.providers",
    "read_kernel_spec": "jovi.kernels.specs",
    "run_kernel": "jovi.kernels.run",
    "run_kernel_async": "jovi.kernels.run",
    "scan_kernel_specs": "jovi.kernels.specs",
    "start_kernel": "jovi.kernels.run",
    "start_kernel_async": "jovi.kernels.run",
    "tunnel_to_kernel": "jovi.kernels.tunnel",
}

__getattr__, __dir__ = lazy_exports(__name__, _HOMES, globals())
