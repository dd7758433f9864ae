"""An ``ipykernel`` package for user code in jovi's kernel when the real one is not installed.

Some frontends ask the kernel which ipykernel it is before they use a feature.  VS
Code's Jupyter extension runs ``import ipykernel; print(ipykernel.__version__)`` in
the kernel and offers Run by Line and Debug Cell only when the major version printed
is 6 or more; without ipykernel installed, that import fails and VS Code refuses to
debug, although jovi's kernel implements the debugger those versions have.

So jovi's kernel answers that import when nothing else can: :func:`install` puts a
finder at the *end* of ``sys.meta_path``, consulted only after every real finder
failed to find ``ipykernel``.  It gives a package holding the version of ipykernel
whose behaviour jovi's kernel matches (:data:`IPYKERNEL_VERSION`: messaging protocol
5.5, the debugger, subshells), the protocol version, and ``ipykernel.zmqshell``
(:mod:`jovi.kernel.ipython_compat`'s stand-in, if present); nothing else.  Any other
``ipykernel.X`` fails to import as it would without ipykernel, so code that guards
such an import goes on as before.  An installed ipykernel is always the one imported.
"""

from __future__ import annotations

import sys
import types
from importlib.machinery import ModuleSpec
from typing import TYPE_CHECKING, Final, cast

if TYPE_CHECKING:
    from collections.abc import Sequence
    from importlib.abc import Loader  # not at run time: importing it costs ~15 ms

__all__ = ["IPYKERNEL_VERSION", "PACKAGE", "install"]

PACKAGE: Final = "ipykernel"

IPYKERNEL_VERSION: Final = (7, 0, 0)
"""The ipykernel release whose behaviour, as frontends see it, jovi's kernel has."""

_PROTOCOL_VERSION: Final = (5, 5)


class StandInFinder:
    """Finds :data:`PACKAGE` when no other finder did (it must be last in ``sys.meta_path``)."""

    def find_spec(
        self,
        name: str,
        path: Sequence[str] | None = None,
        target: types.ModuleType | None = None,
    ) -> ModuleSpec | None:
        """A spec for the stand-in package, for ``ipykernel`` only."""
        del path, target
        if name != PACKAGE:
            return None
        return ModuleSpec(PACKAGE, cast("Loader", self), origin="jovi", is_package=True)

    def create_module(self, spec: ModuleSpec) -> types.ModuleType:
        """The stand-in package (the import system fills in its ``__spec__``)."""
        module = types.ModuleType(
            spec.name, "jovi's kernel, standing in for ipykernel, which is not installed."
        )
        module.__path__ = []
        module.__version__ = ".".join(map(str, IPYKERNEL_VERSION))  # type: ignore[attr-defined]
        module.version_info = IPYKERNEL_VERSION  # type: ignore[attr-defined]
        module.kernel_protocol_version_info = _PROTOCOL_VERSION  # type: ignore[attr-defined]
        module.kernel_protocol_version = ".".join(map(str, _PROTOCOL_VERSION))  # type: ignore[attr-defined]
        zmqshell = sys.modules.get(f"{PACKAGE}.zmqshell")
        if zmqshell is not None:
            module.zmqshell = zmqshell  # type: ignore[attr-defined]
        return module

    def exec_module(self, module: types.ModuleType) -> None:
        """Nothing to run: :meth:`create_module` made the whole package."""


def install() -> None:
    """Answer ``import ipykernel`` in this process when no installed ipykernel does."""
    if not any(isinstance(finder, StandInFinder) for finder in sys.meta_path):
        sys.meta_path.append(StandInFinder())
