"""The controller's memory stays bounded: without a database it keeps no task input
once the task is done, and the memory database keeps within its size limit."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import psutil
import pytest

from jovi.parallel import Cluster, interactive

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.integration

MB = 1_000_000


@interactive  # sent by value: the engines cannot import this module in a clean clone
def size(data: bytes) -> int:
    return len(data)


def growth_after_big_tasks(tmp_path: Path, *controller_args: str) -> int:
    """The controller's RSS growth after 500 tasks with 800 kB inputs (the records
    kept, none purged), in bytes."""
    cluster = Cluster(n=2, profile_dir=str(tmp_path), controller_args=controller_args)
    with cluster as rc:
        assert cluster.controller is not None
        controller = psutil.Process(cluster.controller.pid)
        view = rc.load_balanced_view()
        view.map_sync(size, [b"warm"] * 10)
        before = controller.memory_info().rss
        big = os.urandom(800_000)
        assert view.map_sync(size, [big] * 500) == [len(big)] * 500
        return int(controller.memory_info().rss - before)


def test_without_a_database_the_inputs_are_not_kept(tmp_path: Path) -> None:
    assert growth_after_big_tasks(tmp_path, "--nodb") < 50 * MB


def test_the_memory_database_keeps_within_its_size_limit(tmp_path: Path) -> None:
    limit = f"--ControllerApp.db_size_limit={20 * MB}"
    assert growth_after_big_tasks(tmp_path, limit) < 50 * MB
