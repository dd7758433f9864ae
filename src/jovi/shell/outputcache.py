"""The output cache: ``Out``, ``_``, ``__``, ``___`` and ``_N``.

While a cell runs, :class:`OutputCache` is ``sys.displayhook``: Python calls it with
the value of each displayed expression.  It shows the value (``Out[N]:``), stores it
in ``Out[N]`` (also ``_oh``) and ``_N``, and shifts ``_``, ``__`` and ``___``.

* ``None`` is neither shown nor stored.
* A cell ending in ``;`` shows and stores nothing.
* ``_``/``__``/``___`` are left alone once the user assigns one of them, and when a
  builtin ``_`` exists (gettext).
* ``cache_size`` bounds ``Out``; when full, the oldest fifth is dropped, with a notice.
  0 turns the cache off (values are still shown and ``_`` still follows them).
* A representation method of the value that raises (``__repr__``, ``_repr_html_``...)
  fails the cell, as in IPython: the error is raised from the display hook, so it is
  shown with its traceback and the cell's status is an error.  What the other
  representations gave is shown first (not when ``__repr__`` itself failed).
"""

from __future__ import annotations

import builtins
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jovi.shell.interactiveshell import InteractiveShell

__all__ = ["OutputCache"]

_CULL_FRACTION = 0.2


class OutputCache:
    """``sys.displayhook`` of a running cell, and the keeper of ``Out``."""

    def __init__(self, shell: InteractiveShell, cache_size: int = 1000) -> None:
        self.shell = shell
        self.cache_size = cache_size
        self.quiet = False
        self.last: list[Any] = [None, None, None]  # _, __, ___ as last set by us
        self._warned_full = False

    @property
    def outputs(self) -> dict[int, Any]:
        outputs: dict[int, Any] = self.shell.history_manager.output_hist
        return outputs

    def __call__(self, result: object) -> None:
        if result is None or self.quiet:
            return
        shell = self.shell
        count = shell.execution_count
        with shell.format_failures() as failures:
            data, metadata = shell.display_formatter.format(result)
        if any(failure.format_type == "text/plain" for failure in failures):
            raise failures[0].error
        shell.output.show_result(count, data, metadata)
        self.store(count, result, data)
        if failures:
            raise failures[0].error

    def store(self, count: int, result: object, data: dict[str, Any]) -> None:
        shell = self.shell
        ns = shell.user_ns
        if self.cache_size > 0 and result is not self.outputs:
            if len(self.outputs) >= self.cache_size:
                self._cull()
            self.outputs[count] = result
            ns[f"_{count}"] = result
            shell.hide_names(f"_{count}")
        if "_" not in builtins.__dict__ and self._unders_untouched():
            self.last = [result, self.last[0], self.last[1]]
            ns["_"], ns["__"], ns["___"] = self.last
        shell.history_manager.store_output(count, str(data.get("text/plain", "")))

    def _unders_untouched(self) -> bool:
        ns = self.shell.user_ns
        for name, ours in zip(("_", "__", "___"), self.last, strict=True):
            if name in ns and ns[name] is not ours:
                return False
        return True

    def _cull(self) -> None:
        keys = sorted(self.outputs)
        drop = keys[: max(int(len(keys) * _CULL_FRACTION), 1)]
        for key in drop:
            self.outputs.pop(key, None)
            self.shell.user_ns.pop(f"_{key}", None)
        if not self._warned_full:
            self._warned_full = True
            self.shell.output.write(
                f"Output cache limit ({self.cache_size} entries) reached: the oldest "
                f"{len(drop)} outputs were dropped (set InteractiveShell.cache_size to keep more).\n",
                error=True,
            )

    def clear(self) -> None:
        """Forget every output (``%reset out``)."""
        for key in list(self.outputs):
            self.shell.user_ns.pop(f"_{key}", None)
        self.outputs.clear()
        self.last = [None, None, None]
        for name in ("_", "__", "___"):
            self.shell.user_ns[name] = None
