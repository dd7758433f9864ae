"""A cluster shared by the tests of a module (real controller and engine processes)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from jovi.parallel import Client, Cluster

if TYPE_CHECKING:
    from collections.abc import Iterator


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """Four engines, stopped after the module."""
    cluster = Cluster(n=4, profile_dir=str(tmp_path_factory.mktemp("profile")))
    cluster.start_and_connect_sync()
    yield cluster
    cluster.stop_cluster_sync()


@pytest.fixture
def rc(cluster: Cluster) -> Client:
    """The cluster's client, with the engines' namespaces emptied."""
    assert cluster.client is not None
    cluster.client.clear()
    return cluster.client
