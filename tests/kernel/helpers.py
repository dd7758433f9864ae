"""Helpers of the kernel tests: an in-memory kernel, message filters."""

from __future__ import annotations

import contextlib
from pathlib import Path

from jovi.testing.kernel import open_memory_kernel


@contextlib.asynccontextmanager
async def memory_kernel(tmp_path: Path, **options):
    """A kernel on memory channels whose sys.stdout/sys.stderr are the kernel's streams."""
    async with open_memory_kernel(tmp_path / "profile", **options) as (kernel, client):
        kernel.redirect.start(capture_fds=False)
        try:
            yield kernel, client
        finally:
            kernel.redirect.stop()


def texts(messages, name="stdout") -> str:
    """The text of the stream messages of ``name`` among ``messages``."""
    return "".join(
        m.content.text for m in messages if m.msg_type == "stream" and m.content.name == name
    )


def types(messages) -> list[str]:
    return [m.msg_type for m in messages]
