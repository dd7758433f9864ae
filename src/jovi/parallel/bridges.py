"""The bridges to other parallel libraries, importable without importing them.

``register_joblib_backend`` imports joblib only when called (the backend is in
:mod:`~jovi.parallel.joblibbackend`); ``Client.become_dask`` imports dask only when
called (:mod:`~jovi.parallel.daskbridge`); ``ViewExecutor`` needs only the standard
library (:mod:`~jovi.parallel.executor`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jovi.parallel.balanced import LoadBalancedView
    from jovi.parallel.view import DirectView

__all__ = ["register_joblib_backend"]


def register_joblib_backend(
    name: str = "jovi",
    make_default: bool = False,
    *,
    view: DirectView | LoadBalancedView | None = None,
) -> None:
    """Register joblib's parallel backend ``name`` running on ``view`` (by default a
    load-balanced view of the default profile's running cluster, connected when joblib
    first uses it); with ``make_default``, joblib uses it without ``parallel_backend``.
    """
    from jovi.parallel.joblibbackend import register  # noqa: PLC0415 - imports joblib

    register(name, make_default, view=view)
