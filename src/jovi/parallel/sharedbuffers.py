"""Buffers shared through memory with the engines of this machine.

A :class:`~jovi.parallel.view.BroadcastView` sends the same data to many engines.
When they all run on the client's machine, copying the data into each engine's
socket is the cost of a broadcast: 16 engines, 16 copies through the kernel's
loopback.  Instead the client writes the call's buffers once into a file in
``/dev/shm`` (readable by its owner only), and sends its name; each engine maps the
file read-only, so the arrays it receives share that memory (and are read-only, as
received arrays always are).  The client removes the file once every engine has
answered; the engines' mappings, and the arrays made on them, stay valid after that.
"""

from __future__ import annotations

import mmap
import os
import re
import secrets
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "SHARED_BYTES",
    "SHM_DIR",
    "SharedBuffers",
    "SharedLedger",
    "open_shared",
    "shared_memory_usable",
]

SHARED_BYTES: Final = 1 << 18
"""Broadcasts whose buffers hold at least this many bytes share them through memory."""

SHM_DIR: Final = Path("/dev/shm")  # noqa: S108 - files made O_EXCL, 0600, random names
ALIGNMENT: Final = 64
"""Each buffer starts at a multiple of this (numpy's and SIMD's alignment)."""
_NAME = re.compile(r"jovi-[0-9]+-[0-9a-f]{16}")


def shared_memory_usable() -> bool:
    """Whether this machine has the shared-memory directory (Linux has)."""
    return SHM_DIR.is_dir() and os.access(SHM_DIR, os.W_OK)


class SharedBuffers:
    """Buffers written into one file of shared memory, by the client.

    Args:
        name: The file's name in :data:`SHM_DIR`.
        offsets: Where each buffer starts.
        sizes: Each buffer's length in bytes.
    """

    def __init__(self, name: str, offsets: list[int], sizes: list[int]) -> None:
        self.name = name
        self.offsets = offsets
        self.sizes = sizes

    @classmethod
    def write(cls, buffers: Sequence[Any]) -> SharedBuffers:
        """Copy ``buffers`` into a new file of shared memory (mode 0600)."""
        views = [memoryview(b).cast("B") for b in buffers]
        offsets: list[int] = []
        end = 0
        for view in views:
            start = -(-end // ALIGNMENT) * ALIGNMENT
            offsets.append(start)
            end = start + view.nbytes
        name = f"jovi-{os.getpid()}-{secrets.token_hex(8)}"
        path = SHM_DIR / name
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.ftruncate(descriptor, max(end, 1))
            # Written, not mapped and copied: a fresh mapping faults in page by page.
            for start, view in zip(offsets, views, strict=True):
                written = 0
                while written < view.nbytes:
                    written += os.pwrite(descriptor, view[written:], start + written)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        finally:
            os.close(descriptor)
        return cls(name, offsets, [v.nbytes for v in views])

    def descriptor(self) -> dict[str, Any]:
        """What the engines need to map the buffers (it goes in the request's metadata)."""
        return {"name": self.name, "offsets": self.offsets, "sizes": self.sizes}

    def unlink(self) -> None:
        """Remove the file (mappings made of it stay valid)."""
        (SHM_DIR / self.name).unlink(missing_ok=True)


def open_shared(descriptor: Any) -> list[memoryview]:
    """The buffers ``descriptor`` names, mapped read-only, by an engine.

    Raises:
        ValueError: the descriptor is malformed, or the file is gone or too short.
    """
    try:
        name = str(descriptor["name"])
        offsets = [int(o) for o in descriptor["offsets"]]
        sizes = [int(s) for s in descriptor["sizes"]]
    except (KeyError, TypeError, ValueError):
        raise ValueError("the shared buffers' description is malformed") from None
    if not _NAME.fullmatch(name) or len(offsets) != len(sizes):
        raise ValueError("the shared buffers' description is malformed")
    try:
        handle = os.open(SHM_DIR / name, os.O_RDONLY)
    except OSError as error:
        raise ValueError(f"the shared buffers {name} cannot be opened: {error.strerror}") from None
    try:
        length = os.fstat(handle).st_size
        if any(o < 0 or s < 0 or o + s > length for o, s in zip(offsets, sizes, strict=True)):
            raise ValueError(f"the shared buffers {name} are shorter than described")
        memory = mmap.mmap(handle, length, prot=mmap.PROT_READ)
    finally:
        os.close(handle)
    whole = memoryview(memory)
    return [whole[o : o + s] for o, s in zip(offsets, sizes, strict=True)]


class SharedLedger:
    """The client's files of shared memory, each removed once every request using it
    is answered (or when the client closes)."""

    def __init__(self) -> None:
        self._waiting: dict[str, set[str]] = {}
        """File name -> the msg_ids not answered yet."""
        self._by_request: dict[str, SharedBuffers] = {}

    def __len__(self) -> int:
        return len(self._waiting)

    def add(self, shared: SharedBuffers, msg_ids: Sequence[str]) -> None:
        """``shared`` is read by the requests ``msg_ids``."""
        self._waiting[shared.name] = set(msg_ids)
        for msg_id in msg_ids:
            self._by_request[msg_id] = shared

    def answered(self, msg_id: str) -> None:
        """Request ``msg_id`` is finished: its file goes when the last of its requests has."""
        shared = self._by_request.pop(msg_id, None)
        if shared is None:
            return
        waiting = self._waiting.get(shared.name)
        if waiting is not None:
            waiting.discard(msg_id)
            if not waiting:
                del self._waiting[shared.name]
                shared.unlink()

    def close(self) -> None:
        """Remove every file still kept."""
        for shared in {s.name: s for s in self._by_request.values()}.values():
            shared.unlink()
        self._waiting.clear()
        self._by_request.clear()
