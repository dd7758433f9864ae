"""The parallel clusters of the profiles, for the file browser's Clusters tab.

* :mod:`~jovi.server.clusters.records`: reading the state files ``jovi cluster start``
  writes (``security/cluster-<id>.json``), so clusters started anywhere are seen;
* :mod:`~jovi.server.clusters.manager`: starting a profile's cluster as ``jovi cluster
  start`` in the background, stopping it, and stopping the ones the server started
  when it stops.
"""

from __future__ import annotations

from jovi.server.clusters.manager import ServerClusters

__all__ = ["ServerClusters"]
