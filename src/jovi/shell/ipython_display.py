"""``IPython.display`` under jovi: code and libraries that show things through IPython's
display functions reach jovi's frontends.

jovi never imports IPython. When user code does (``from IPython.display import HTML,
display``, as notebooks and many libraries do), IPython's ``display``,
``update_display``, ``clear_output`` and ``publish_display_data`` would find no IPython
shell and print ``<IPython.core.display.HTML object>``.  So, while a jovi shell runs,
the first import of ``IPython.core.display_functions`` (where those functions live,
and from where ``IPython.display`` and ``IPython.core.display`` take them) is followed
by replacing them with small functions that call jovi's whenever jovi's shell or
kernel has installed its display host (see :mod:`jovi.display.host`).  IPython's display objects
need nothing more: they have ``_repr_*_`` methods, which jovi's formatters read.

Where a real IPython shell is running in the same process, the replacements call
IPython's own functions, so nothing changes for it.  ``IPython.get_ipython()`` returns
jovi's shell (:mod:`jovi.shell.ipython_shell`).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from jovi.shell.ipython_shell import running_ipython_shell
from jovi.utils.postimport import cancel_when_imported, when_imported

if TYPE_CHECKING:
    from collections.abc import Callable
    from types import ModuleType

__all__ = [
    "BRIDGED_FUNCTIONS",
    "TARGET_MODULE",
    "bridge_ipython_display",
    "cancel_ipython_display_bridge",
]

#: The module of IPython whose functions are routed to jovi's.
TARGET_MODULE = "IPython.core.display_functions"
#: The functions replaced, by name (jovi's of the same name in ``jovi.display.functions``).
BRIDGED_FUNCTIONS = ("display", "update_display", "clear_output", "publish_display_data")
_MARK = "_jovi_bridged"
# Modules that take the functions from TARGET_MODULE when they are imported.
_HOLDERS = ("IPython.core.display", "IPython.display")


def _bridge(original: Callable[..., Any], name: str) -> Callable[..., Any]:
    import inspect  # noqa: PLC0415 - only once IPython is imported

    from jovi.display import functions  # noqa: PLC0415 - start-up cost
    from jovi.display.host import host_installed  # noqa: PLC0415 - start-up cost

    target: Callable[..., Any] = getattr(functions, name)
    accepted = set(inspect.signature(target).parameters)

    def bridged(*args: Any, **kwargs: Any) -> Any:
        if running_ipython_shell() is not None or not host_installed():
            return original(*args, **kwargs)
        # IPython's deprecated or extra keywords (``source=``...) mean nothing here.
        return target(*args, **{key: value for key, value in kwargs.items() if key in accepted})

    bridged.__name__ = name
    bridged.__qualname__ = name
    bridged.__doc__ = original.__doc__
    bridged.__wrapped__ = original  # type: ignore[attr-defined]
    setattr(bridged, _MARK, True)
    return bridged


def _patch(module: ModuleType) -> None:
    for name in BRIDGED_FUNCTIONS:
        original = getattr(module, name, None)
        if callable(original) and not getattr(original, _MARK, False):
            setattr(module, name, _bridge(original, name))


def bridge_ipython_display() -> bool:
    """Route IPython's display functions to jovi's (now, or when IPython is imported).

    If IPython was imported before, the modules that took the functions from
    :data:`TARGET_MODULE` get the replacements too; names that code already bound
    with ``from IPython.display import display`` keep IPython's own.

    Returns:
        Whether the bridge waits for IPython's import (an import hook is installed;
        :func:`cancel_ipython_display_bridge` removes it).
    """
    loaded = sys.modules.get(TARGET_MODULE)
    if loaded is not None:
        originals = {name: getattr(loaded, name, None) for name in BRIDGED_FUNCTIONS}
        _patch(loaded)
        for holder in _HOLDERS:
            module = sys.modules.get(holder)
            for name, original in originals.items():
                if original is not None and getattr(module, name, None) is original:
                    setattr(module, name, getattr(loaded, name))
        return False
    when_imported(TARGET_MODULE, _patch)
    return TARGET_MODULE not in sys.modules


def cancel_ipython_display_bridge() -> None:
    """Forget one bridge still waiting for IPython's import (and its import hook if it was the last)."""
    cancel_when_imported(TARGET_MODULE, _patch)
