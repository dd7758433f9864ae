"""The kernel's shell: jovi's engine with the attributes libraries use in a notebook kernel.

Libraries ask "am I in a notebook kernel?" and then use what ipykernel's shell offers
(``get_ipython().kernel``, ``kernel.comm_manager``, ``get_parent()``/``set_parent()``,
``config`` holding the kernel app's section, ``events``, ``display_pub``).
:class:`ZMQInteractiveShell` is jovi's :class:`~jovi.shell.interactiveshell.InteractiveShell`
with those attributes; it is what ``get_ipython()`` returns in jovi's kernel, from the
user namespace and, once user code imports IPython, from ``IPython.get_ipython()``
too (:mod:`~jovi.kernel.ipython_compat`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jovi.errors import UsageError
from jovi.shell.interactiveshell import InteractiveShell

if TYPE_CHECKING:
    from jovi.display.formatters import MimeBundle
    from jovi.kernel.kernel import Kernel
    from jovi.kernel.parents import ThreadParentToken

__all__ = ["DisplayPublisher", "ZMQInteractiveShell"]


class DisplayPublisher:
    """``shell.display_pub``: publishing display data the way IPython's publisher does."""

    def __init__(self, shell: InteractiveShell) -> None:
        self._shell = shell

    def publish(
        self,
        data: MimeBundle,
        metadata: dict[str, Any] | None = None,
        *,
        transient: dict[str, Any] | None = None,
        update: bool = False,
        **_ignored: Any,
    ) -> None:
        """Publish a MIME bundle as ``display_data`` (``update_display_data`` with ``update``)."""
        self._shell.publish(dict(data), metadata or {}, transient=transient, update=update)

    def clear_output(self, wait: bool = False) -> None:
        """Clear the output of the current cell (after the next output with ``wait``)."""
        self._shell.clear_output(wait=wait)


class ZMQInteractiveShell(InteractiveShell):
    """jovi's shell in a kernel (the name libraries look for).

    Its class reports ``ipykernel.zmqshell`` as its module: plotly chooses its notebook
    renderer by that name, and tqdm its widget progress bar by the module's presence
    (:mod:`~jovi.kernel.ipython_compat`).
    """

    kernel: Kernel

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.display_pub = DisplayPublisher(self)
        self.data_pub = None
        self.parent = None

    def has_trait(self, name: str) -> bool:
        """Whether the shell has attribute ``name`` (traitlets' question, asked by libraries)."""
        return hasattr(self, name)

    # ------------------------------------------------------------ parents (ipykernel's API)

    def get_parent(self) -> dict[str, Any]:
        """The request the calling code belongs to, as a dict ({} before any)."""
        return self.kernel.get_parent("shell")

    def set_parent(self, parent: Any) -> None:
        """Make ``parent`` the parent of output, here and for threads that chose none."""
        found = self.kernel.parent_from(parent)
        if found is not None:
            self.kernel.parents["shell"].set(found)

    def set_thread_parent(self, parent: Any) -> ThreadParentToken:
        """Make ``parent`` the parent of output in this thread only; return the undo token."""
        return self.kernel.parents["shell"].set_thread(self.kernel.parent_from(parent))

    def reset_thread_parent(self, token: ThreadParentToken) -> None:
        """Undo :meth:`set_thread_parent`."""
        self.kernel.parents["shell"].reset_thread(token)

    # ------------------------------------------------------------ GUI event loops

    def enable_gui(self, gui: str | None = None) -> None:
        """Integrate a GUI toolkit's event loop (only the inline one exists in the kernel)."""
        if gui in (None, "inline", "agg"):
            return
        raise UsageError(
            f"jovi's kernel cannot run the {gui} event loop yet; use %matplotlib inline "
            "(figures in the notebook) or run the GUI code from a script"
        )

    def enable_matplotlib(self, gui: str | None = None) -> tuple[str, str]:
        """Set up matplotlib for the kernel (``%matplotlib``): inline figures."""
        self.run_line_magic("matplotlib", gui or "inline")
        import matplotlib  # noqa: PLC0415 - the user asked for matplotlib

        return gui or "inline", str(matplotlib.get_backend())


ZMQInteractiveShell.__module__ = "ipykernel.zmqshell"
