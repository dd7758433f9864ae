"""What ``%pylab`` puts in the namespace, and its helpers ``figsize`` and ``getfigs``;
the engine's own choice of a matplotlib backend (:func:`use_backend`).

``%pylab`` is ``%matplotlib`` plus ``import numpy``, ``import matplotlib``, ``from
matplotlib import pylab, mlab, pyplot``, ``np``, ``plt``, ``display``, ``figsize`` and
``getfigs``; and, unless ``--no-import-all``, ``from matplotlib.pylab import *`` and
``from numpy import *``.  Those star imports replace names such as ``sum``, ``max``
and ``all``: ``%matplotlib`` alone imports nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jovi.errors import UsageError

if TYPE_CHECKING:
    from jovi.shell.interactiveshell import InteractiveShell

__all__ = [
    "OFF_SCREEN_BACKENDS",
    "figsize",
    "getfigs",
    "import_pylab",
    "pylab_namespace",
    "use_backend",
]

#: matplotlib's backends that draw without a window (what the engine alone can use).
OFF_SCREEN_BACKENDS = ("agg", "cairo", "pdf", "pgf", "ps", "svg")

_IMPORTS = """\
import numpy
import matplotlib
from matplotlib import pylab, mlab, pyplot
np = numpy
plt = pyplot
"""
_STAR_IMPORTS = """\
from matplotlib.pylab import *
from numpy import *
"""


def figsize(sizex: float, sizey: float) -> None:
    """Set the default size of new figures, in inches: ``figsize(8, 4)``."""
    import matplotlib  # noqa: PLC0415 - only with matplotlib

    matplotlib.rcParams["figure.figsize"] = [sizex, sizey]


def getfigs(*fig_nums: int) -> list[Any]:
    """The open figures with these numbers (all open figures when none are given)."""
    from matplotlib import pyplot  # noqa: PLC0415 - optional dependency

    numbers = fig_nums or tuple(pyplot.get_fignums())
    return [pyplot.figure(number) for number in numbers if pyplot.fignum_exists(number)]


def pylab_namespace(import_all: bool = True) -> dict[str, Any]:
    """The names ``%pylab`` adds to the user namespace."""
    from jovi.display import display  # noqa: PLC0415 - start-up cost

    namespace: dict[str, Any] = {}
    exec(_IMPORTS, namespace)  # noqa: S102 - fixed import statements
    if import_all:
        exec(_STAR_IMPORTS, namespace)  # noqa: S102
    namespace.pop("__builtins__", None)
    namespace.update(figsize=figsize, getfigs=getfigs, display=display)
    return namespace


def import_pylab(shell: InteractiveShell, backend: str, *, import_all: bool) -> None:
    """Put the names of ``%pylab`` into the shell's namespace (matplotlib already set up
    with ``backend``), and say which of the user's own names they replaced."""
    try:
        namespace = pylab_namespace(import_all=import_all)
    except ImportError as error:
        raise UsageError(f"%pylab needs numpy and matplotlib: {error}") from None
    user_ns = shell.user_ns
    clobbered = sorted(
        name for name, value in namespace.items() if name in user_ns and user_ns[name] is not value
    )
    shell.push(namespace, interactive=False)
    shell.output.write(
        f"Using matplotlib backend: {backend}\n"
        "Populating the interactive namespace from numpy and matplotlib\n"
    )
    if clobbered:
        shell.output.write(
            f"pylab import has clobbered these variables: {clobbered}\n"
            "`%matplotlib` prevents importing * from pylab and numpy\n",
            error=True,
        )


def use_backend(choice: str | None) -> str:
    """Select matplotlib's backend ``choice`` (``None`` or ``auto``: agg) and turn on
    interactive mode; the backend's name.  Showing figures is a frontend's job: the
    terminal opens windows, the kernel sends images."""
    import importlib.util  # noqa: PLC0415 - start-up cost

    if importlib.util.find_spec("matplotlib") is None:
        raise UsageError("matplotlib is not installed (pip install matplotlib)")
    name = "agg" if choice in (None, "", "auto") else choice
    if name == "inline":
        raise UsageError(
            "the inline backend draws into rich frontends (jovi's kernel); "
            f"here choose one of {', '.join(OFF_SCREEN_BACKENDS)}"
        )
    import matplotlib  # noqa: PLC0415 - only when asked for

    try:
        matplotlib.use(name, force=True)
    except (ValueError, ImportError) as error:
        raise UsageError(f"matplotlib cannot use {name!r} here: {error}") from None
    import matplotlib.pyplot as plt  # noqa: PLC0415 - optional dependency

    plt.ion()
    return str(matplotlib.get_backend())
