"""Reading the state files of ``jovi cluster start`` (no process started): what is not
a live cluster's record is no cluster."""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING

from jovi.server.clusters.records import process_alive, read_record, running_clusters, state_file

if TYPE_CHECKING:
    from pathlib import Path

NO_SUCH_PID = 2**22 + 1  # above Linux's largest pid_max


def test_the_state_file_of_a_cluster_is_named_by_its_id(tmp_path: Path) -> None:
    assert state_file(tmp_path) == tmp_path / "cluster-.json"
    assert state_file(tmp_path, "big") == tmp_path / "cluster-big.json"


def test_broken_files_and_ended_supervisors_are_no_cluster(tmp_path: Path) -> None:
    contents = {
        "cluster-.json": json.dumps({"cluster_id": "", "pid": NO_SUCH_PID, "n": 2}),
        "cluster-a.json": "{not json",
        "cluster-b.json": json.dumps({"cluster_id": "b"}),  # no pid
        "cluster-c.json": json.dumps({"pid": "many"}),
        "cluster-d.json": json.dumps([1, 2]),
        "cluster-e.json": json.dumps({"pid": 0}),
    }
    for name, text in contents.items():
        (tmp_path / name).write_text(text)
        assert read_record(tmp_path / name) is None, name
    assert read_record(tmp_path / "cluster-missing.json") is None
    assert running_clusters(tmp_path) == []
    assert running_clusters(tmp_path / "no such directory") == []


def test_a_live_process_that_is_no_supervisor_is_not_taken_for_one(tmp_path: Path) -> None:
    # This test's own process lives, but its command line names no cluster: a pid reused.
    assert not process_alive(os.getpid())
    (tmp_path / "cluster-.json").write_text(json.dumps({"pid": os.getpid(), "n": 1}))
    assert read_record(tmp_path / "cluster-.json") is None
    assert not process_alive(NO_SUCH_PID)
    assert not process_alive(-1)
