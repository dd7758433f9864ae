"""The running clusters of a profile, as ``jovi cluster start`` records them (no I/O
beyond reading its state files and asking the system whether a process lives).

``jovi cluster start`` keeps ``security/cluster-<id>.json`` in the profile directory
while it runs: ``{"cluster_id", "pid", "n", "engines"}``, ``pid`` being the process
that supervises the controller and engines (``jovi cluster stop`` sends it SIGTERM).
A file whose process has gone (a supervisor killed with SIGKILL) is no cluster.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

__all__ = ["ClusterRecord", "process_alive", "read_record", "running_clusters", "state_file"]

UNNAMED: Final = ""
"""The id of a profile's own cluster (``jovi cluster start`` without ``--cluster-id``)."""


@dataclass(frozen=True, slots=True)
class ClusterRecord:
    """One running cluster.

    Attributes:
        cluster_id: Its id (``""``: the profile's unnamed cluster).
        pid: The supervising ``jovi cluster start`` process.
        n: How many engines it was started with.
        engines: The ids of its registered engines.
    """

    cluster_id: str
    pid: int
    n: int
    engines: tuple[int, ...]

    def model(self) -> dict[str, Any]:
        return {
            "cluster_id": self.cluster_id,
            "pid": self.pid,
            "n": self.n,
            "engines": list(self.engines),
        }


def state_file(security_dir: Path, cluster_id: str = UNNAMED) -> Path:
    """Where ``jovi cluster start`` keeps the state of cluster ``cluster_id``."""
    return security_dir / f"cluster-{cluster_id}.json"


def read_record(path: Path) -> ClusterRecord | None:
    """The cluster ``path`` records, if the file is whole and its process lives."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        pid = int(data["pid"])
        n = int(data.get("n") or 0)
        engines = tuple(int(e) for e in data.get("engines") or ())
        cluster_id = str(data.get("cluster_id", ""))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    if not process_alive(pid):
        return None
    return ClusterRecord(cluster_id, pid, n, engines)


def running_clusters(security_dir: Path) -> list[ClusterRecord]:
    """Every live cluster recorded in ``security_dir``, the unnamed one first."""
    records = [
        record
        for path in sorted(security_dir.glob("cluster-*.json"))
        if (record := read_record(path)) is not None
    ]
    return sorted(records, key=lambda r: (r.cluster_id != UNNAMED, r.cluster_id))


def process_alive(pid: int) -> bool:
    """Whether ``pid`` is a live process that is a cluster's supervisor.

    Where ``/proc`` exists, a live process whose arguments are not ``... cluster start
    ...`` is another program that got the pid of a supervisor long gone.
    """
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive, and not ours to judge
    proc = Path(f"/proc/{pid}")
    try:
        if (proc / "stat").read_text().rpartition(")")[2].split()[0] == "Z":
            return False  # ended, not yet reaped
        arguments = (proc / "cmdline").read_bytes().split(b"\0")
    except (OSError, IndexError):
        return True
    return b"cluster" in arguments and b"start" in arguments  # jovi cluster start ...
