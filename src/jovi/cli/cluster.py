"""``jovi cluster start|stop|list``: a controller and engines on this machine (``ipcluster``).

``jovi cluster start -n N`` starts the controller and N engines, waits until they are
registered, says so, and then stays, supervising them, until ``jovi cluster stop``
(SIGTERM) or Ctrl-C stops them all.  With ``--daemonize`` it returns once the engines
are registered and the supervisor runs on in the background.  The supervisor's state
(``security/cluster-<id>.json``: its pid and the engines') is what ``stop`` and
``list`` read.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import threading
from typing import TYPE_CHECKING, ClassVar

from jovi.cli.app import EXIT_FAILURE, EXIT_OK, JoviApp, Subcommand
from jovi.config import Alias, Bool, Flag, Int, Str
from jovi.utils.log import get_logger

if TYPE_CHECKING:
    from pathlib import Path


__all__ = ["ClusterApp", "ClusterCommandApp", "ClusterListApp", "ClusterStartApp", "ClusterStopApp"]

log = get_logger("jovi")


class ClusterApp(JoviApp):
    """``jovi cluster``: only dispatches to its subcommands."""

    command: ClassVar[str] = "jovi cluster"
    summary: ClassVar[str] = "start, stop and list parallel clusters."
    usage: ClassVar[tuple[str, ...]] = ()
    subcommands: ClassVar[tuple[Subcommand, ...]] = (
        Subcommand("start", "jovi.cli.cluster:ClusterStartApp", "Start a controller and engines."),
        Subcommand("stop", "jovi.cli.cluster:ClusterStopApp", "Stop a cluster."),
        Subcommand("list", "jovi.cli.cluster:ClusterListApp", "List the running clusters."),
    )

    def start(self) -> int:
        names = ", ".join(sub.name for sub in self.subcommands)
        print(f"No subcommand specified. Must specify one of: {names}.\n")
        print(self.help_text())
        return EXIT_FAILURE


def _state_file(security_dir: Path, cluster_id: str) -> Path:
    return security_dir / f"cluster-{cluster_id}.json"


class ClusterCommandApp(JoviApp):
    """The option shared by the cluster commands: which cluster."""

    cluster_id = Str("", help="The cluster's id (default: the profile's unnamed cluster).")
    aliases: ClassVar[tuple[Alias, ...]] = (
        *JoviApp.aliases,
        Alias("cluster-id", "ClusterCommandApp.cluster_id", "The cluster's id.", "ID"),
    )

    def _security_dir(self) -> Path:
        assert self.profile_dir is not None
        return self.profile_dir.security_dir


class ClusterStartApp(ClusterCommandApp):
    """``jovi cluster start``."""

    command: ClassVar[str] = "jovi cluster start"
    summary: ClassVar[str] = "start a controller and N engines on this machine."
    config_name: ClassVar[str | None] = "cluster"
    config_aliases: ClassVar[tuple[str, ...]] = ("Cluster", "IPClusterStart", "IPClusterEngines")
    creates_profile: ClassVar[bool] = True
    n = Int(0, min=0, help="How many engines (0: one per CPU).")
    engine_launcher_class = Str(
        "local",
        help="Where the engines run: local, mpi, ssh, slurm, pbs, sge, lsf, htcondor, "
        "or a launcher's class path.",
    )
    controller_launcher_class = Str(
        "local", help="Where the controller runs (the same names as engine_launcher_class)."
    )
    engine_set_launcher = Str("", help="The old (0.11) name of engine_launcher_class.")
    controller_launcher = Str("", help="The old (0.11) name of controller_launcher_class.")
    daemonize = Bool(
        False, help="Return once the engines are registered; run on in the background."
    )
    aliases: ClassVar[tuple[Alias, ...]] = (
        *ClusterCommandApp.aliases,
        Alias("n", "ClusterStartApp.n", "How many engines.", "N"),
        Alias(
            "engines",
            "ClusterStartApp.engine_launcher_class",
            "Where the engines run.",
            "local|mpi|ssh|slurm|pbs|sge|lsf|htcondor",
        ),
        Alias(
            "controller",
            "ClusterStartApp.controller_launcher_class",
            "Where the controller runs.",
            "local|mpi|ssh|slurm|pbs|sge|lsf|htcondor",
        ),
    )
    flags: ClassVar[tuple[Flag, ...]] = (
        *JoviApp.flags,
        Flag("daemonize", {"ClusterStartApp": {"daemonize": True}}, "Run in the background."),
    )

    def start(self) -> int:
        if self.daemonize:
            return self._daemonize()
        from jovi.parallel import Cluster
        from jovi.parallel.launchers import LaunchError

        assert self.profile_dir is not None
        state = _state_file(self._security_dir(), self.cluster_id)
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        signal.signal(signal.SIGINT, lambda *_: stop.set())
        engines, controller = self._launchers()
        cluster = Cluster(
            self.n or None,
            engines=engines,
            controller=controller,
            profile_dir=str(self.profile_dir.location),
            cluster_id=self.cluster_id,
            config=self.config,
        )
        try:
            try:
                client = cluster.start_and_connect_sync()
            except (LaunchError, TimeoutError, ValueError, OSError) as error:
                print(f"jovi cluster: {error}", file=sys.stderr)
                return EXIT_FAILURE
            state.write_text(
                json.dumps(
                    {
                        "cluster_id": self.cluster_id,
                        "pid": os.getpid(),
                        "n": cluster.n,
                        "engines": client.ids,
                        "engine_launcher": engines,
                        "controller_launcher": controller,
                    }
                )
            )
            print(
                f"started: a controller and {cluster.n} engines "
                f"(controller: {controller}, engines: {engines})",
                flush=True,
            )
            stop.wait()
        finally:
            cluster.stop_cluster_sync()
            state.unlink(missing_ok=True)
        return EXIT_OK

    def _launchers(self) -> tuple[str, str]:
        """The engines' and the controller's launchers (the old option names count
        when the new ones are not set)."""
        engines = self.engine_launcher_class
        if engines == "local" and self.engine_set_launcher:
            log.warning("engine_set_launcher is the old name of engine_launcher_class")
            engines = self.engine_set_launcher
        controller = self.controller_launcher_class
        if controller == "local" and self.controller_launcher:
            log.warning("controller_launcher is the old name of controller_launcher_class")
            controller = self.controller_launcher
        return engines, controller

    def _daemonize(self) -> int:
        argv = [a for a in sys.argv[1:] if a != "--daemonize"]
        assert self.profile_dir is not None
        log_dir = self.profile_dir.log_dir
        log_dir.mkdir(parents=True, exist_ok=True)
        middle = f"-{self.cluster_id}" if self.cluster_id else ""
        log_path = log_dir / f"cluster{middle}.log"
        with log_path.open("ab") as log_file:
            before = log_file.tell()
            process = subprocess.Popen(  # noqa: S603 - this interpreter, jovi's own arguments
                [sys.executable, "-m", "jovi", *argv],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=log_file,
                start_new_session=True,
            )
        assert process.stdout is not None
        line = process.stdout.readline().decode(errors="replace").strip()
        process.stdout.close()
        if not line.startswith("started"):
            process.wait()
            with log_path.open("rb") as log_file:
                log_file.seek(before)
                said = log_file.read().decode(errors="replace").strip()
            print(f"jovi cluster: the cluster did not start ({log_path})", file=sys.stderr)
            if said:
                print(said, file=sys.stderr)
            return EXIT_FAILURE
        print(f"{line} (pid {process.pid})")
        return EXIT_OK


class ClusterStopApp(ClusterCommandApp):
    """``jovi cluster stop``."""

    command: ClassVar[str] = "jovi cluster stop"
    summary: ClassVar[str] = "stop a cluster started by jovi cluster start."

    def start(self) -> int:
        state = _state_file(self._security_dir(), self.cluster_id)
        try:
            pid = int(json.loads(state.read_text())["pid"])
        except (OSError, ValueError, KeyError):
            print(f"jovi cluster: no cluster {self.cluster_id!r} is running", file=sys.stderr)
            return EXIT_FAILURE
        from jovi.server.clusters.records import process_alive

        try:
            handle: int | None = os.pidfd_open(pid)
        except ProcessLookupError:
            handle = None
        # Checked once the handle is open, so the process signalled is the one checked:
        # a supervisor killed without removing its file may have left its pid to
        # another program since.
        if handle is None or not process_alive(pid):
            if handle is not None:
                os.close(handle)
            state.unlink(missing_ok=True)
            print(
                f"jovi cluster: no cluster {self.cluster_id!r} is running (it ended without "
                f"removing {state.name}, which is removed now)",
                file=sys.stderr,
            )
            return EXIT_OK
        try:
            signal.pidfd_send_signal(handle, signal.SIGTERM)
            select.select([handle], [], [], 30)  # readable when the process has ended
        except ProcessLookupError:
            pass  # it ended meanwhile
        finally:
            os.close(handle)
        print(f"stopped cluster {self.cluster_id!r}")
        return EXIT_OK


class ClusterListApp(ClusterCommandApp):
    """``jovi cluster list``."""

    command: ClassVar[str] = "jovi cluster list"
    summary: ClassVar[str] = "list the clusters of the profile."

    def start(self) -> int:
        for path in sorted(self._security_dir().glob("cluster-*.json")):
            try:
                data = json.loads(path.read_text())
            except (OSError, ValueError):
                continue
            launchers = f"controller: {data.get('controller_launcher', 'local')}, engines: {data.get('engine_launcher', 'local')}"
            print(
                f"{data.get('cluster_id', '')!r}\tpid {data.get('pid')}\t{data.get('n')} engines"
                f"\t({launchers})"
            )
        return EXIT_OK
