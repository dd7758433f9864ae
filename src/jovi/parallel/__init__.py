"""Interactive parallel computing: a controller, engines, and the client to drive them.

The names of ipyparallel, so that code written for it runs after changing the
import::

    from jovi.parallel import Cluster
    with Cluster(n=4) as rc:
        rc[:].apply_sync(os.getpid)
"""

from __future__ import annotations

from jovi.parallel.asyncresult import AsyncMapResult, AsyncResult
from jovi.parallel.balanced import Dependency, LoadBalancedView
from jovi.parallel.bridges import register_joblib_backend
from jovi.parallel.client import Client
from jovi.parallel.cluster import Cluster
from jovi.parallel.dependencies import depend, dependent, require
from jovi.parallel.errors import (
    CompositeError,
    DependencyTimeout,
    EngineError,
    ImpossibleDependency,
    RemoteError,
    UnmetDependency,
)
from jovi.parallel.executor import ViewExecutor
from jovi.parallel.serialize import Reference, interactive
from jovi.parallel.view import BroadcastView, DirectView

__all__ = [
    "AsyncMapResult",
    "AsyncResult",
    "BroadcastView",
    "Client",
    "Cluster",
    "CompositeError",
    "Dependency",
    "DependencyTimeout",
    "DirectView",
    "EngineError",
    "ImpossibleDependency",
    "LoadBalancedView",
    "Reference",
    "RemoteError",
    "UnmetDependency",
    "ViewExecutor",
    "depend",
    "dependent",
    "interactive",
    "register_joblib_backend",
    "require",
]
