"""A cluster shared by the tests of a module (real controller and engine processes).

With ``JOVI_PARALLEL_CURVE=1`` in the environment (``make test-parallel-curve``, or
``JOVI_PARALLEL_CURVE=1 pytest tests/parallel``) every cluster the tests start
encrypts its connections with CurveZMQ: the controller reads the variable, and the
engines and clients take the server key from the connection files.  The fixture
checks that it really is on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from jovi.cli.controller import curve_from_environment
from jovi.parallel import Client, Cluster

if TYPE_CHECKING:
    from collections.abc import Iterator


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """Four engines, stopped after the module."""
    cluster = Cluster(n=4, profile_dir=str(tmp_path_factory.mktemp("profile")))
    client = cluster.start_and_connect_sync()
    if curve_from_environment():
        assert client.info.curve_serverkey, "JOVI_PARALLEL_CURVE=1, yet the cluster has no Curve"
    yield cluster
    cluster.stop_cluster_sync()


@pytest.fixture
def rc(cluster: Cluster) -> Client:
    """The cluster's client, with the engines' namespaces emptied."""
    assert cluster.client is not None
    cluster.client.clear()
    return cluster.client
