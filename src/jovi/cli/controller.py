"""``jovi controller``: run a parallel controller (IPython's ``ipcontroller``).

It binds its sockets, writes ``ipcontroller[-<cluster_id>]-client.json`` and
``-engine.json`` in the profile's ``security`` directory (0600), prints ``ready`` on
a line of its own, and serves until a client shuts the cluster down (or SIGTERM, or
the process named by ``$JPY_PARENT_PID`` ends).  The files are removed on exit.

``--restore`` restarts a controller that died: it reads the state file its
predecessor kept (``ipcontroller[-<cluster_id>]-state.json``), binds the same ports
with the same key and takes back the engines still alive
(:mod:`jovi.parallel.controllerstate`).

The task database is chosen with ``--db memory|sqlite|none`` (or ``--dictdb``,
``--sqlitedb``, ``--nodb``, with the seeds' misspellings ``--dictb`` and
``--sqllitedb``); the SQLite file is ``tasks.db`` in the profile's ``db`` directory.

``--curve`` (``c.ControllerApp.enable_curve = True``, or ``JOVI_PARALLEL_CURVE=1`` in
the environment; ipyparallel's ``IPP_ENABLE_CURVE=1`` too) encrypts every connection
of the cluster with CurveZMQ.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from typing import ClassVar

from jovi.cli.app import EXIT_OK, JoviApp
from jovi.config import Alias, Bool, Enum, Flag, Float, Int, Str

__all__ = ["ControllerApp"]


class ControllerApp(JoviApp):
    """``jovi controller``."""

    command: ClassVar[str] = "jovi controller"
    summary: ClassVar[str] = "run a parallel controller (engines and clients connect to it)."
    config_name: ClassVar[str | None] = "controller"
    creates_profile: ClassVar[bool] = True

    cluster_id = Str("", help="The cluster's id, in the names of its connection files.")
    ip = Str("127.0.0.1", help="The address to listen on (loopback by default).")
    hb_period = Float(1.0, min=0.05, help="Seconds between heartbeats to each engine.")
    hb_misses = Int(3, min=1, help="Heartbeats missed in a row after which an engine is dropped.")
    scheme = Enum(
        ("lru", "leastload", "plainrandom", "twobin", "weighted", "pure"),
        "lru",
        help="How the task scheduler chooses an engine for a load-balanced task.",
    )
    hwm = Int(1, min=0, help="The most load-balanced tasks an engine has at once (0: no limit).")
    db = Enum(
        ("memory", "sqlite", "none"),
        "memory",
        help="Where the task records go: in memory (within the limits below), in an SQLite "
        "file (tasks.db in the profile's db directory), or nowhere.",
    )
    db_record_limit = Int(
        1024, min=1, help="The most task records kept in memory (the oldest finished go first)."
    )
    db_size_limit = Int(
        1 << 30, min=0, help="The most bytes of buffers kept in memory by the task records."
    )
    sqlite_table = Str(
        "", help="The SQLite table of the task records (empty: a new table for each run)."
    )
    tiny_task_hwm = Int(
        16,
        min=1,
        help="While 64 or more tasks wait, an engine whose last task ran for less than 2 ms "
        "holds up to this many (1: never more than hwm).",
    )
    outcome_limit = Int(
        10_000,
        min=1,
        help="How many outcomes of finished requests are kept for dependencies "
        "(a task may depend on one of the latest that many).",
    )
    restore = Bool(
        False,
        help="Take back the key, ports and engines of this cluster's previous controller "
        "(one that died): from its state file in the security directory, when there is one.",
    )

    enable_curve = Bool(
        False,
        help="Encrypt every connection of the cluster with CurveZMQ (the server key goes in "
        "the connection files); also on when JOVI_PARALLEL_CURVE=1 (or IPP_ENABLE_CURVE=1) "
        "is in the environment.",
    )

    aliases: ClassVar[tuple[Alias, ...]] = (
        *JoviApp.aliases,
        Alias("cluster-id", "ControllerApp.cluster_id", "The cluster's id.", "ID"),
        Alias("ip", "ControllerApp.ip", "The address to listen on.", "ADDRESS"),
        Alias("hb-period", "ControllerApp.hb_period", "Seconds between heartbeats.", "S"),
        Alias("hb-misses", "ControllerApp.hb_misses", "Heartbeats missed to drop an engine.", "N"),
        Alias("scheme", "ControllerApp.scheme", "The task scheduler's scheme.", "SCHEME"),
        Alias("hwm", "ControllerApp.hwm", "The most tasks an engine has at once.", "N"),
        Alias("db", "ControllerApp.db", "Where the task records go.", "memory|sqlite|none"),
    )
    flags: ClassVar[tuple[Flag, ...]] = (
        *JoviApp.flags,
        Flag(
            "restore",
            {"ControllerApp": {"restore": True}},
            "Take back the engines of this cluster's previous controller.",
        ),
        Flag("nodb", {"ControllerApp": {"db": "none"}}, "Keep no task records."),
        Flag(
            "curve",
            {"ControllerApp": {"enable_curve": True}},
            "Encrypt every connection with CurveZMQ.",
        ),
        Flag("dictdb", {"ControllerApp": {"db": "memory"}}, "Keep task records in memory."),
        Flag("sqlitedb", {"ControllerApp": {"db": "sqlite"}}, "Keep task records in SQLite."),
        Flag("dictb", {"ControllerApp": {"db": "memory"}}, "The seeds' spelling of --dictdb."),
        Flag(
            "sqllitedb", {"ControllerApp": {"db": "sqlite"}}, "The seeds' spelling of --sqlitedb."
        ),
    )

    def start(self) -> int:
        from jovi.kernel.lifetime import ParentWatch
        from jovi.parallel.controller import Controller
        from jovi.parallel.memory import release_large_buffers
        from jovi.parallel.taskdb import open_db

        release_large_buffers()  # relayed task inputs are freed back to the system

        assert self.profile_dir is not None
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        controller = Controller(
            self.profile_dir.security_dir,
            cluster_id=self.cluster_id,
            ip=self.ip,
            hb_period=self.hb_period,
            hb_misses=self.hb_misses,
            scheme=self.scheme,
            hwm=self.hwm,
            db=open_db(
                self.db,
                directory=self.profile_dir.db_dir,
                table=self.sqlite_table,
                record_limit=self.db_record_limit,
                size_limit=self.db_size_limit,
            ),
            outcome_limit=self.outcome_limit,
            tiny_task_hwm=self.tiny_task_hwm,
            restore=self.restore,
            curve=self.enable_curve or curve_from_environment(),
        )
        watch = None
        parent = _parent_pid()
        if parent is not None:
            watch = ParentWatch(parent, stop.set)
            watch.start()
        try:
            controller.write_files()
            print("ready", flush=True)
            controller.serve(stop.is_set)
        finally:
            controller.close()
            if watch is not None:
                watch.release()
        return EXIT_OK


def curve_from_environment() -> bool:
    """Whether the environment turns CurveZMQ on (``JOVI_PARALLEL_CURVE``, or
    ipyparallel's ``IPP_ENABLE_CURVE``, set to 1, true or yes)."""
    for name in ("JOVI_PARALLEL_CURVE", "IPP_ENABLE_CURVE"):
        if os.environ.get(name, "").strip().lower() in {"1", "true", "yes"}:
            return True
    return False


def _parent_pid() -> int | None:
    from jovi.cli.kernel import _parent_pid as parent_pid

    return parent_pid()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(ControllerApp.launch(sys.argv[1:]))
