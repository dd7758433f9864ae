"""The kernel finder: every provider's kernels under one set of names.

Usage::

    finder = KernelFinder.from_entrypoints()
    for name, attributes in finder.find_kernels():      # ("spec/python3", {...}), ...
        print(name, attributes["display_name"])
    info, manager = finder.launch("spec/python3", cwd="/tmp")

Providers come from the entry-point group ``jovi.kernel_providers`` (each entry
names a provider class, made with no arguments), jovi's own two always first.  A
name without a provider prefix is looked up among the installed kernelspecs first,
then among the other providers in order: ``python3`` is ``spec/python3``, and
``jovi`` is ``spec/jovi`` when jovi's kernelspec is installed, else ``pyimport/jovi``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from jovi.errors import NoSuchKernel
from jovi.kernels.providers import JoviKernelProvider, KernelProvider, KernelSpecProvider
from jovi.utils.log import get_logger

if TYPE_CHECKING:
    import os
    from collections.abc import Iterable, Iterator, Mapping

    from jovi.config import Config, ConfigStack
    from jovi.kernels.manager import KernelManager
    from jovi.protocol import ConnectionInfo, KernelSpec

__all__ = ["ENTRY_POINT_GROUP", "KernelFinder", "load_entry_point_providers"]

ENTRY_POINT_GROUP: Final = "jovi.kernel_providers"

log = get_logger("jovi.kernels")


def load_entry_point_providers(group: str = ENTRY_POINT_GROUP) -> list[KernelProvider]:
    """The providers registered in the entry-point ``group``; one that cannot be loaded
    is reported in one line and left out."""
    from importlib.metadata import entry_points  # noqa: PLC0415 - scanning is not free

    providers: list[KernelProvider] = []
    for entry in entry_points(group=group):
        try:
            factory = entry.load()
            provider = factory()
        except Exception as error:  # noqa: BLE001 - a broken plug-in must not stop the others
            log.warning(
                "The kernel provider %s (%s) cannot be loaded: %s: %s",
                entry.name,
                entry.value,
                type(error).__name__,
                error,
            )
            continue
        if not isinstance(provider, KernelProvider) or not provider.id or "/" in provider.id:
            log.warning(
                "The kernel provider %s (%s) is not a KernelProvider with an id "
                "without '/'; it is left out",
                entry.name,
                entry.value,
            )
            continue
        providers.append(provider)
    return providers


class KernelFinder:
    """Finds and launches kernels of several providers.

    Args:
        providers: The providers, in priority order.
        load_entry_points: Also use the providers of the entry points, loaded the
            first time a name is not found among ``providers`` (or when listing).
    """

    def __init__(
        self, providers: Iterable[KernelProvider] | None = None, *, load_entry_points: bool = False
    ) -> None:
        self.providers: list[KernelProvider] = (
            [KernelSpecProvider(), JoviKernelProvider()] if providers is None else list(providers)
        )
        self._pending_entry_points = load_entry_points
        self._config: Config | ConfigStack | None = None

    @classmethod
    def from_entrypoints(cls) -> KernelFinder:
        """jovi's providers and those registered in ``jovi.kernel_providers``."""
        return cls(load_entry_points=True)

    def _load_entry_points(self) -> None:
        if not self._pending_entry_points:
            return
        self._pending_entry_points = False
        known = {provider.id for provider in self.providers}
        for provider in load_entry_point_providers():
            if provider.id not in known:
                known.add(provider.id)
                if self._config is not None:
                    provider.load_config(self._config)
                self.providers.append(provider)

    def load_config(self, config: Config | ConfigStack | None = None) -> None:
        """Give ``config`` to every provider."""
        self._config = config
        for provider in self.providers:
            provider.load_config(config)

    def provider(self, provider_id: str) -> KernelProvider:
        """The provider with the id ``provider_id``.

        Raises:
            NoSuchKernel: none has it.
        """
        for candidate in self._all():
            if candidate.id == provider_id:
                return candidate
        ids = ", ".join(p.id for p in self.providers)
        raise NoSuchKernel(f"no kernel provider is called {provider_id!r} (there are: {ids})")

    def _all(self) -> Iterator[KernelProvider]:
        """The providers in order; the entry points' are loaded only if asked for."""
        index = 0
        while index < len(self.providers):
            yield self.providers[index]
            index += 1
            if index == len(self.providers) and self._pending_entry_points:
                self._load_entry_points()

    def find_kernels(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """Every kernel type: ``("<provider>/<name>", attributes)``."""
        self._load_entry_points()
        for provider in self.providers:
            try:
                offered = list(provider.find_kernels())
            except Exception as error:  # noqa: BLE001 - one provider failing hides no other
                log.warning(
                    "The kernel provider %s failed to list its kernels: %s: %s",
                    provider.id,
                    type(error).__name__,
                    error,
                )
                continue
            for name, attributes in offered:
                yield f"{provider.id}/{name}", attributes

    def problems(self) -> list[str]:
        """What the last :meth:`find_kernels` skipped (broken kernelspecs), one
        sentence each."""
        found: list[str] = []
        for provider in self.providers:
            found.extend(str(problem) for problem in getattr(provider, "problems", ()))
        return found

    def resolve(self, name: str) -> tuple[KernelProvider, str]:
        """The provider of the kernel type ``name`` and its name there.

        Raises:
            NoSuchKernel: no provider offers ``name``.
        """
        if "/" in name:
            provider_id, _, short = name.partition("/")
            return self.provider(provider_id), short
        for provider in self._all():
            try:
                provider.kernel_spec(name)
            except NoSuchKernel:
                if not isinstance(provider, (KernelSpecProvider, JoviKernelProvider)) and any(
                    offered == name for offered, _ in _safe_find(provider)
                ):
                    return provider, name  # a kernel that is not a local process
                continue
            return provider, name
        raise NoSuchKernel(
            f"no kernel named {name!r} was found; see the kernels available with: "
            "jovi kernelspec list"
        )

    def kernel_spec(self, name: str) -> KernelSpec:
        """How to start the kernel type ``name`` as a local process (with its name set).

        Raises:
            NoSuchKernel: no provider offers it, or it is not a local process.
            KernelSpecError: its ``kernel.json`` cannot be used.
        """
        provider, short = self.resolve(name)
        return provider.kernel_spec(short)

    def launch(
        self,
        name: str,
        cwd: str | os.PathLike[str] | None = None,
        launch_params: Mapping[str, Any] | None = None,
    ) -> tuple[ConnectionInfo, KernelManager]:
        """Start the kernel type ``name``: its connection info and its manager.

        Raises:
            NoSuchKernel: no provider offers ``name``.
            KernelLaunchError: its command cannot be run.
        """
        provider, short = self.resolve(name)
        return provider.launch(short, cwd, launch_params)


def _safe_find(provider: KernelProvider) -> list[tuple[str, dict[str, Any]]]:
    try:
        return list(provider.find_kernels())
    except Exception:  # noqa: BLE001 - reported when listing; here only names matter
        return []
