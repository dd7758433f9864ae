"""The shortest ways to get a running kernel and a client of it.

Usage::

    with run_kernel("python3") as client:                 # blocking client
        client.execute_interactive("print('hi')")

    async with run_kernel_async("pyimport/jovi") as client:
        await client.execute_interactive("print('hi')")

    manager, client = start_kernel("python3")             # stop it yourself:
    ...
    client.close(); manager.shutdown_kernel()

Each waits until the kernel is ready (``startup_timeout`` seconds at most) and, for
the context managers, stops the kernel on the way out (at once if an error ends the
block).
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING, Any

from jovi.kernels.manager import KernelManager

if TYPE_CHECKING:
    import os
    from collections.abc import AsyncIterator, Iterator

    from jovi.client import AsyncKernelClient, BlockingKernelClient
    from jovi.kernels.finder import KernelFinder

__all__ = ["run_kernel", "run_kernel_async", "start_kernel", "start_kernel_async"]


def start_kernel(
    name: str = "jovi",
    *,
    cwd: str | os.PathLike[str] | None = None,
    finder: KernelFinder | None = None,
    startup_timeout: float = 60.0,
    **launch: Any,
) -> tuple[KernelManager, BlockingKernelClient]:
    """Start kernel ``name`` and wait until it is ready; its manager and a blocking
    client (channels started).

    Raises:
        NoSuchKernel, KernelLaunchError, KernelDied, KernelTimeout: it did not start.
    """
    manager = KernelManager(name, finder=finder, cwd=cwd, **launch)
    manager.start_kernel()
    client = manager.client()
    try:
        client.start_channels()
        client.wait_for_ready(startup_timeout)
    except BaseException:
        client.close()
        manager.shutdown(now=True)
        raise
    return manager, client


async def start_kernel_async(
    name: str = "jovi",
    *,
    cwd: str | os.PathLike[str] | None = None,
    finder: KernelFinder | None = None,
    startup_timeout: float = 60.0,
    **launch: Any,
) -> tuple[KernelManager, AsyncKernelClient]:
    """Start kernel ``name`` and wait until it is ready; its manager and an asyncio
    client (channels started)."""
    manager = KernelManager(name, finder=finder, cwd=cwd, **launch)
    await asyncio.to_thread(manager.start_kernel)
    client = manager.async_client()
    try:
        client.start_channels()
        await client.wait_for_ready(startup_timeout)
    except BaseException:
        await client.aclose()
        await asyncio.to_thread(manager.shutdown, True)
        raise
    return manager, client


@contextlib.contextmanager
def run_kernel(name: str = "jovi", **options: Any) -> Iterator[BlockingKernelClient]:
    """A ready kernel's blocking client for the ``with`` block; the kernel is stopped
    after it (options as for :func:`start_kernel`)."""
    manager, client = start_kernel(name, **options)
    failed = True
    try:
        yield client
        failed = False
    finally:
        client.close()
        manager.shutdown(now=failed)


@contextlib.asynccontextmanager
async def run_kernel_async(name: str = "jovi", **options: Any) -> AsyncIterator[AsyncKernelClient]:
    """A ready kernel's asyncio client for the ``async with`` block; the kernel is
    stopped after it."""
    manager, client = await start_kernel_async(name, **options)
    failed = True
    try:
        yield client
        failed = False
    finally:
        await client.aclose()
        await asyncio.to_thread(manager.shutdown, failed)
