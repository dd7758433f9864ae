"""What ``%pylab`` puts in the namespace, and its helpers ``figsize`` and ``getfigs``.

``%pylab`` is ``%matplotlib`` plus ``import numpy``, ``import matplotlib``, ``from
matplotlib import pylab, mlab, pyplot``, ``np``, ``plt``, ``display``, ``figsize`` and
``getfigs``; and, unless ``--no-import-all``, ``from matplotlib.pylab import *`` and
``from numpy import *``.  Those star imports replace names such as ``sum``, ``max``
and ``all``: ``%matplotlib`` alone imports nothing.
"""

from __future__ import annotations

from typing import Any

__all__ = ["figsize", "getfigs", "pylab_namespace"]

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
    from matplotlib import pyplot  # noqa: PLC0415

    numbers = fig_nums or tuple(pyplot.get_fignums())
    return [pyplot.figure(number) for number in numbers if pyplot.fignum_exists(number)]


def pylab_namespace(import_all: bool = True) -> dict[str, Any]:
    """The names ``%pylab`` adds to the user namespace."""
    from jovi.display import display  # noqa: PLC0415

    namespace: dict[str, Any] = {}
    exec(_IMPORTS, namespace)  # noqa: S102 - fixed import statements
    if import_all:
        exec(_STAR_IMPORTS, namespace)  # noqa: S102
    namespace.pop("__builtins__", None)
    namespace.update(figsize=figsize, getfigs=getfigs, display=display)
    return namespace
