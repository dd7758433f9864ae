"""A one-node Slurm for the launcher tests: Debian's ``munged``, ``slurmctld`` and
``slurmd``, started as root with their configuration, keys, state and logs in a
temporary directory, on free ports.  The node declares 8 CPUs on this 2-core machine
(``SlurmdParameters=config_overrides``) so that a controller and 4 engines fit.
The unix sockets (munge's, slurmd's spool) live in a short directory of /tmp of their
own: a socket's path has at most 107 bytes, fewer than a pytest temporary path
under pytest-xdist may take."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from tests.processes import free_port

DAEMONS = ("/usr/sbin/munged", "/usr/sbin/slurmctld", "/usr/sbin/slurmd")


class Slurm:
    """The three daemons; :attr:`env` is what Slurm's commands need (``SLURM_CONF``)."""

    def __init__(self, directory: Path) -> None:
        missing = [d for d in DAEMONS if not Path(d).exists()]
        assert not missing, f"the Slurm tests need {missing}: apt-get install slurm-wlm munge"
        assert os.geteuid() == 0, "the Slurm tests start slurmd, which runs jobs: as root"
        self.directory = directory
        self.sockets = Path(tempfile.mkdtemp(prefix="jovi-slurm-"))
        munge = self.sockets / "munge"
        munge.mkdir(mode=0o700)
        (directory / "state").mkdir()
        (self.sockets / "spool").mkdir()
        key = munge / "munge.key"
        key.write_bytes(os.urandom(1024))
        key.chmod(0o600)
        self.socket = munge / "munge.socket"
        self.conf = directory / "slurm.conf"
        self.conf.write_text(
            "\n".join(
                [
                    "ClusterName=jovi",
                    "SlurmctldHost=localhost",
                    f"SlurmctldPort={free_port()}",
                    f"SlurmdPort={free_port()}",
                    "SlurmUser=root",
                    "SlurmdUser=root",
                    "AuthType=auth/munge",
                    f"AuthInfo=socket={self.socket}",
                    "CredType=cred/munge",
                    f"StateSaveLocation={directory / 'state'}",
                    f"SlurmdSpoolDir={self.sockets / 'spool'}",
                    f"SlurmctldPidFile={directory / 'slurmctld.pid'}",
                    f"SlurmdPidFile={directory / 'slurmd.pid'}",
                    f"SlurmctldLogFile={directory / 'slurmctld.log'}",
                    f"SlurmdLogFile={directory / 'slurmd.log'}",
                    "ProctrackType=proctrack/linuxproc",
                    "TaskPlugin=task/none",
                    "SelectType=select/cons_tres",
                    "SelectTypeParameters=CR_Core",
                    "SchedulerType=sched/builtin",
                    "AccountingStorageType=accounting_storage/none",
                    "JobAcctGatherType=jobacct_gather/none",
                    "JobCompType=jobcomp/none",
                    "MpiDefault=none",
                    "ReturnToService=2",
                    "SlurmdParameters=config_overrides",
                    "NodeName=localhost NodeAddr=127.0.0.1 CPUs=8 State=UNKNOWN",
                    "PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP",
                ]
            )
            + "\n"
        )
        self.env = {**os.environ, "SLURM_CONF": str(self.conf)}
        self.processes: list[subprocess.Popen[bytes]] = []
        self._start(
            "/usr/sbin/munged", "-F", "-f", f"--key-file={key}", f"--socket={self.socket}",
            f"--pid-file={munge / 'munged.pid'}", f"--log-file={munge / 'munged.log'}",
            f"--seed-file={munge / 'munged.seed'}",
        )  # fmt: skip
        self._wait(self.socket.exists, "munged's socket")
        self._start("/usr/sbin/slurmctld", "-D", "-i", "-f", str(self.conf))
        self._start("/usr/sbin/slurmd", "-D", "-N", "localhost", "-f", str(self.conf))
        self._wait(lambda: self.run("sinfo", "--noheader", "--format=%t") == "idle", "an idle node")

    def _start(self, *command: str) -> None:
        log = (self.directory / f"{Path(command[0]).name}.out").open("wb")
        self.processes.append(
            subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=self.env)
        )
        log.close()

    def _wait(self, ready, what: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while not ready():
            for process in self.processes:
                assert process.poll() is None, f"{process.args[0]} ended: {self.logs()}"
            assert time.monotonic() < deadline, f"no {what} within {timeout} s: {self.logs()}"
            time.sleep(0.1)

    def run(self, *command: str) -> str:
        """A Slurm command's output (stripped)."""
        done = subprocess.run(
            command, capture_output=True, text=True, env=self.env, timeout=30, check=False
        )
        return done.stdout.strip()

    def jobs(self) -> list[str]:
        """``squeue``: each job as ``<id> <name> <state>``."""
        return self.run("squeue", "--noheader", "--format=%i %j %T").splitlines()

    def logs(self) -> str:
        return "\n".join(
            f"--- {path.name}\n{path.read_text(errors='replace')[-3000:]}"
            for path in sorted(self.directory.glob("*.log")) + sorted(self.directory.glob("*.out"))
        )

    def stop(self) -> None:
        for job in self.jobs():
            self.run("scancel", job.split()[0])
        for process in reversed(self.processes):
            process.terminate()
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        shutil.rmtree(self.directory / "state", ignore_errors=True)
        shutil.rmtree(self.sockets, ignore_errors=True)
