"""The kernel of a notebook run: started ready to use, stopped afterwards, and every
way it can fail said in one sentence.

The run's client opens only the shell and IOPub channels: code that asks for input
(``input()``) gets the kernel's "stdin not supported" error, as in nbclient, and
there is no heartbeat to watch, since the kernel's process is watched directly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from jovi.errors import ExecutionError, KernelError, NoSuchKernel

if TYPE_CHECKING:
    import os

    from jovi.client import BlockingKernelClient, Message
    from jovi.kernels import KernelManager

__all__ = ["RunKernel", "known_kernel_names"]


def known_kernel_names() -> list[str]:
    """The names ``--kernel`` accepts for the kernels found here, sorted: a
    kernelspec's name, another provider's kernel by its short name unless a
    kernelspec has it (``pyimport/jovi`` then)."""
    from jovi.kernels import KernelFinder  # noqa: PLC0415 - only when a name was wrong

    names: list[str] = []
    others: list[tuple[str, str]] = []
    for full, _attributes in KernelFinder.from_entrypoints().find_kernels():
        provider, _, short = full.partition("/")
        if provider == "spec":
            names.append(short)
        else:
            others.append((full, short))
    names.extend(full if short in names else short for full, short in others)
    return sorted(set(names), key=str.lower)


class RunKernel:
    """A kernel started for one run, with a blocking client of it.

    Usage::

        with RunKernel("python3", cwd="notebooks", startup_timeout=60) as kernel:
            kernel.client.execute(...)

    Args:
        name: The kernel: a kernelspec name or a full kernel type (``pyimport/jovi``).
        cwd: The kernel's working directory (``None``: this process's).
        startup_timeout: Seconds the kernel may take to answer.
    """

    def __init__(
        self, name: str, *, cwd: str | os.PathLike[str] | None, startup_timeout: float
    ) -> None:
        self.name = name
        self.cwd = cwd
        self.startup_timeout = startup_timeout
        self._manager: KernelManager | None = None
        self._client: BlockingKernelClient | None = None
        self.info: Message[Any] | None = None
        """The kernel's ``kernel_info_reply``."""

    @property
    def manager(self) -> KernelManager:
        """The kernel's manager (once started)."""
        if self._manager is None:
            raise RuntimeError("the kernel is not started")
        return self._manager

    @property
    def client(self) -> BlockingKernelClient:
        """The run's client (once started)."""
        if self._client is None:
            raise RuntimeError("the kernel is not started")
        return self._client

    def start(self) -> None:
        """Start the kernel and wait until it answers.

        Raises:
            ExecutionError: no kernel has that name (the sentence lists those that
                exist), or it could not be started.
        """
        from jovi.kernels import KernelManager  # noqa: PLC0415 - with the first run

        manager = KernelManager(self.name, cwd=self.cwd)
        try:
            manager.start_kernel()
        except NoSuchKernel:
            known = ", ".join(known_kernel_names()) or "none"
            raise ExecutionError(
                f"no kernel named {self.name!r} was found; the kernels here are: {known} "
                "(choose one with --kernel NAME)"
            ) from None
        except KernelError as error:
            raise ExecutionError(
                f"the kernel {self.name!r} could not be started: {error}"
            ) from None
        self._manager = manager
        client = manager.client()
        self._client = client
        try:
            client.start_channels(stdin=False, hb=False, control=False)
            self.info = client.wait_for_ready(self.startup_timeout)
        except KernelError as error:
            self.stop(now=True)
            raise ExecutionError(f"the kernel {self.name!r} did not start: {error}") from None
        except BaseException:
            self.stop(now=True)
            raise

    def stop(self, *, now: bool = False) -> None:
        """Close the client and stop the kernel (at once with ``now``)."""
        client, self._client = self._client, None
        manager, self._manager = self._manager, None
        if client is not None:
            client.close()
        if manager is not None:
            manager.shutdown(now=now)

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *_: object) -> None:
        self.stop(now=exc_type is not None)
