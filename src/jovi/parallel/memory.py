"""Give large message buffers back to the operating system once they are freed.

glibc's ``malloc`` serves a large block from ``mmap`` (returned to the system on
``free``) only while it is above a threshold that it raises, by default, to the size
of the largest such block freed so far.  After one 800 kB task input is freed, later
ones come from the heap, whose freed space the process keeps: a controller that
relayed 500 such inputs stayed 230 MB larger after they were all gone (IPython
#4872).  :func:`release_large_buffers` fixes the threshold so that large buffers
always come from ``mmap``.  It does nothing where the C library is not glibc.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from typing import Final

__all__ = ["MMAP_THRESHOLD", "release_large_buffers"]

MMAP_THRESHOLD: Final = 128 * 1024
"""Blocks from this size up are mapped, and unmapped when freed (glibc's initial value)."""

_M_MMAP_THRESHOLD: Final = -3


def release_large_buffers() -> bool:
    """Fix glibc's mmap threshold at :data:`MMAP_THRESHOLD`; returns whether it was set."""
    if not sys.platform.startswith("linux"):
        return False
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    try:
        libc = ctypes.CDLL(name)
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False  # not glibc (musl has no mallopt)
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    return bool(mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD))
