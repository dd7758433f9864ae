"""dreload: ``dreload(module)`` in the shell, a reload that follows imports.

``%load_ext dreload`` makes :func:`jovi.lib.deepreload.reload` available as
``dreload`` (hidden from ``%who``); ``%unload_ext dreload`` removes it.
"""

from __future__ import annotations

from typing import Any

from jovi.lib.deepreload import reload

__all__ = ["load_jovi_extension", "unload_jovi_extension"]


def load_jovi_extension(shell: Any) -> None:
    """Put ``dreload`` in the user namespace."""
    shell.push({"dreload": reload}, interactive=False)


def unload_jovi_extension(shell: Any) -> None:
    """Take ``dreload`` out of the user namespace (if it is still ours)."""
    shell.drop_by_id({"dreload": reload})
