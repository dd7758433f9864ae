"""Engines (or the controller) on other machines, started through OpenSSH's ``ssh``.

``c.SSHEngineSetLauncher.engines = {"host": 2, "user@host:2222": 4}`` starts that many
engines on each host; a host's value may also be ``[n, ["--more", "args"]]``.  Before
the engines start, the controller's engine connection file is sent to each host
(through ``ssh host 'cat > file'``, readable by the user only).  Each remote engine
writes its pid to a file; stopping kills what is left of them, waits until they have
ended, removes the files sent, and fetches ``to_fetch`` into the log directory, so no
remote process is left.  The engines' output comes back through ssh to
``log/ssh-engines-<id>.log``.

The remote side runs ``remote_python -m jovi ...`` with ``remote_profile_dir`` (by
default the local profile's path, as on a shared file system) and ``remote_env``.

With ``tunnel`` (for a controller that listens on loopback only), each engine's ssh
also carries its traffic: ``-R`` makes a port of the remote loopback lead to the
controller's registration port (the file sent names that port), and ``-L`` makes
four local ports lead to the engine's shell, control, IOPub and heartbeat ports on
the remote loopback; the engine registers those local ports (``--advertise``), so
the controller (and clients on its machine) reach it through ssh.  The ports are
chosen free on this machine (on another host, the remote ones are a guess), so one
may be taken before ssh or the engine binds it: such a start is tried again with
other ports (:meth:`SSHEngineSetLauncher.retry_failed_starts`).
"""

from __future__ import annotations

import shlex
import subprocess
import uuid
from typing import TYPE_CHECKING, Any, ClassVar, Final, NamedTuple

from jovi.config import Bool, Dict, Float, List, Str
from jovi.kernels.ports import reserve_ports
from jovi.kernels.tunnel import split_server
from jovi.parallel.files import connection_file, read_controller_file
from jovi.parallel.launchers.base import READY_TIMEOUT_S, Launcher, LaunchError
from jovi.parallel.launchers.local import stop_processes
from jovi.utils.atomic import atomic_write

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from jovi.parallel.launchers.base import Launch

__all__ = [
    "SSHControllerLauncher",
    "SSHEngineSetLauncher",
    "SSHLauncher",
    "host_counts",
    "remote_program",
    "remote_start_command",
    "remote_stop_command",
    "tunnel_options",
]

_STOP_WAIT_S: Final = 10

TUNNEL_TRIES: Final = 3
"""How often a tunnelled engine that failed to start is started again."""


class _Tunnelled(NamedTuple):
    """Where a tunnelled engine runs, and how often it was started again."""

    host: str
    extra: tuple[str, ...]
    remote_file: str
    tries: int = 0


def _log_path(launch: Launch) -> Path:
    """Where the output of what ``launch`` started through ssh goes."""
    return launch.log_dir / f"ssh-{launch.label()}.log"


def json_bytes(data: dict[str, Any]) -> bytes:
    """``data`` as the bytes of a JSON file."""
    import json  # noqa: PLC0415 - only for tunnelled engines

    return (json.dumps(data, indent=1) + "\n").encode()


def host_counts(engines: dict[str, Any]) -> list[tuple[str, int, list[str]]]:
    """``{"host": 2, "other": [1, ["--x"]]}`` as ``(host, n, extra args)`` triples.

    Raises:
        ValueError: a value is neither a count nor ``[count, [args]]``.
    """
    hosts: list[tuple[str, int, list[str]]] = []
    for host, value in engines.items():
        if isinstance(value, int) and not isinstance(value, bool):
            hosts.append((host, value, []))
        elif (
            isinstance(value, (list, tuple))
            and len(value) == 2
            and isinstance(value[0], int)
            and isinstance(value[1], (list, tuple))
        ):
            hosts.append((host, value[0], [str(arg) for arg in value[1]]))
        else:
            raise ValueError(f"engines[{host!r}] must be a count or [count, [args]]: {value!r}")
    return hosts


def remote_program(
    program: Sequence[str], python: str, profile_dir: str, extra: Sequence[str] = ()
) -> list[str]:
    """The local ``python -m jovi ... --profile-dir D ...`` command line as it runs on
    the remote host: its Python and its profile directory."""
    words = [python, *program[1:]]
    for i, word in enumerate(words[:-1]):
        if word == "--profile-dir":
            words[i + 1] = profile_dir
    return [*words, *extra]


def remote_start_command(pid_file: str, env: dict[str, str], program: Sequence[str]) -> str:
    """The remote shell command that records its pid, then becomes ``program``."""
    directory = pid_file.rpartition("/")[0] or "."
    assignments = [f"{name}={value}" for name, value in env.items()]
    return (
        f"mkdir -p {shlex.quote(directory)} && echo $$ > {shlex.quote(pid_file)} && "
        f"exec env {shlex.join([*assignments, *program])}"
    )


def remote_stop_command(
    pid_files: Sequence[str], also_remove: Sequence[str] = (), *, profile_dir: str = ""
) -> str:
    """The remote shell command that ends the processes of ``pid_files`` (TERM, then
    KILL after some seconds), waits until they have ended, and removes the files.  A
    pid whose process is no longer this cluster's (it ended, and the pid was reused by
    another program, or by a jovi process of another profile) is left alone: its
    command line must name jovi and ``--profile-dir PROFILE_DIR``."""
    needle = shlex.quote(f"--profile-dir {profile_dir} ") if profile_dir else ""
    return (
        f"pids=; for f in {shlex.join(pid_files)}; do "
        'p=$(cat "$f" 2>/dev/null) && a=$(ps -ww -p "$p" -o args= 2>/dev/null) && '
        f'case "$a " in *jovi*{needle}*) pids="$pids $p";; esac; done; '
        '[ -n "$pids" ] && kill -TERM $pids 2>/dev/null; '
        f"i=0; while [ $i -lt {_STOP_WAIT_S * 10} ]; do alive=; "
        "for p in $pids; do kill -0 $p 2>/dev/null && alive=1; done; "
        '[ -z "$alive" ] && break; sleep 0.1; i=$((i+1)); done; '
        '[ -n "$alive" ] && kill -KILL $pids 2>/dev/null; '
        f"rm -f {shlex.join([*pid_files, *also_remove])}; true"
    )


def tunnel_options(
    registration: tuple[int, int], engine_ports: Sequence[tuple[int, int]]
) -> list[str]:
    """ssh's forwarding options for an engine behind a tunnel: ``registration`` is
    ``(remote port, controller's port)``, each of ``engine_ports`` ``(local port,
    engine's port)``; every end is on its machine's loopback."""
    remote, controller = registration
    options = ["-o", "ExitOnForwardFailure=yes", "-R", f"127.0.0.1:{remote}:127.0.0.1:{controller}"]
    for local, engine in engine_ports:
        options += ["-L", f"127.0.0.1:{local}:127.0.0.1:{engine}"]
    return options


class SSHLauncher(Launcher):
    """Processes started on other hosts by ``ssh``."""

    kind: ClassVar[str] = "ssh"
    config_documented = True

    ssh_cmd = List(str, ["ssh"], help="The ssh program (and its first arguments).")
    ssh_args = List(str, help="More ssh arguments (-o StrictHostKeyChecking=no ...).")
    ssh_key = Str("", help="The private key to log in with (ssh -i).")
    remote_python = Str("python3", help="The Python of the remote hosts, with jovi installed.")
    remote_profile_dir = Str(
        "", help="The profile directory on the remote hosts (empty: the local one's path)."
    )
    remote_env = Dict(help="Environment variables of the remote processes.")
    to_fetch = List(
        str, help="Remote files fetched into the local log directory when the cluster stops."
    )
    timeout = Float(30.0, min=1.0, help="Seconds each ssh command may take (not the engines).")

    def __init__(self, **options: object) -> None:
        super().__init__(**options)  # type: ignore[arg-type]
        self.processes: list[subprocess.Popen[bytes]] = []
        self.pid_files: dict[str, list[str]] = {}
        self.sent: dict[str, list[str]] = {}

    # ------------------------------------------------------------------ pure parts

    def ssh_command(self, host: str, remote: str) -> list[str]:
        """``ssh [args] [-p port] host remote``."""
        server, port = split_server(host)
        command = [*self.ssh_cmd, *self.ssh_args]
        if self.ssh_key:
            command += ["-i", self.ssh_key]
        if port is not None:
            command += ["-p", str(port)]
        return [*command, server, remote]

    def remote_dir(self, launch: Launch) -> str:
        """The profile directory on the remote hosts."""
        return self.remote_profile_dir or str(launch.profile_dir)

    # ------------------------------------------------------------------ ssh

    def _ssh(self, host: str, remote: str, stdin: bytes = b"") -> bytes:
        try:
            done = subprocess.run(  # noqa: S603 - the configured ssh, the user's hosts
                self.ssh_command(host, remote),
                input=stdin,
                capture_output=True,
                timeout=self.timeout,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            raise LaunchError(f"ssh to {host} failed: {error}") from None
        if done.returncode != 0:
            raise LaunchError(
                f"ssh to {host} failed ({done.returncode}): "
                f"{done.stderr.decode(errors='replace').strip()}"
            )
        return done.stdout

    def send(self, host: str, data: bytes, remote_path: str) -> None:
        """Write ``data`` to ``remote_path`` on ``host``, readable by the user only."""
        directory = remote_path.rpartition("/")[0] or "."
        self._ssh(
            host,
            f"mkdir -p {shlex.quote(directory)} && umask 077 && cat > {shlex.quote(remote_path)}",
            data,
        )
        self.sent.setdefault(host, []).append(remote_path)

    def fetch(self, host: str, remote_path: str) -> bytes:
        """The content of ``remote_path`` on ``host``."""
        return self._ssh(host, f"cat {shlex.quote(remote_path)}")

    def start_remote(
        self,
        launch: Launch,
        host: str,
        program: Sequence[str],
        forwards: Sequence[str] = (),
    ) -> subprocess.Popen[bytes]:
        """Start ``program`` on ``host`` (with ssh's ``forwards`` options); its output
        goes to the log directory."""
        pid_file = f"{self.remote_dir(launch)}/pid/ssh-{launch.label()}-{uuid.uuid4().hex[:12]}.pid"
        self.pid_files.setdefault(host, []).append(pid_file)
        command = self.ssh_command(host, remote_start_command(pid_file, self.remote_env, program))
        command[-2:-2] = forwards
        launch.log_dir.mkdir(parents=True, exist_ok=True)
        controller = launch.role == "controller"
        with _log_path(launch).open("ab") as log:
            try:
                process = subprocess.Popen(  # noqa: S603 - the configured ssh, the user's hosts
                    command,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.PIPE if controller else log,
                    stderr=log,
                    start_new_session=True,
                )
            except OSError as error:
                raise LaunchError(f"cannot run {self.ssh_cmd[0]!r}: {error}") from None
        self.processes.append(process)
        return process

    def stop(self) -> None:
        """End the remote processes, remove the files sent, fetch ``to_fetch``."""
        launch = self.launch
        errors: list[str] = []
        for host in {*self.pid_files, *self.sent}:
            try:
                command = remote_stop_command(
                    self.pid_files.get(host, []),
                    self.sent.get(host, []),
                    profile_dir=self.remote_dir(launch) if launch is not None else "",
                )
                self._ssh(host, command)
                if launch is not None:
                    for remote in self.to_fetch:
                        name = (
                            f"{split_server(host)[0].replace('@', '_')}-{remote.rpartition('/')[2]}"
                        )
                        (launch.log_dir / name).write_bytes(self.fetch(host, remote))
            except LaunchError as error:
                errors.append(str(error))
        stop_processes(self.processes, grace=2.0)
        self.processes.clear()
        self.pid_files.clear()
        self.sent.clear()
        if errors:
            raise LaunchError("; ".join(errors))

    def running(self) -> bool:
        return any(process.poll() is None for process in self.processes)

    @property
    def pid(self) -> int | None:
        return self.processes[0].pid if self.processes else None


class SSHEngineSetLauncher(SSHLauncher):
    """Engines on the hosts of ``engines``."""

    engines = Dict(
        help='Hosts and their engine counts: {"host": 2, "user@host:port": [2, ["--arg"]]}.'
    )
    tunnel = Bool(
        False,
        help="Carry each engine's traffic through its ssh (for a controller listening on "
        "loopback only): see the guide.",
    )

    def __init__(self, **options: object) -> None:
        super().__init__(**options)
        self._tunnels: dict[subprocess.Popen[bytes], _Tunnelled] = {}

    def start(self, launch: Launch) -> None:
        self.launch = launch
        hosts = host_counts(self.engines) or [("localhost", launch.n, [])]
        local_file = connection_file(launch.security_dir, "engine", launch.cluster_id)
        data = local_file.read_bytes()
        remote_dir = self.remote_dir(launch)
        middle = f"-{launch.cluster_id}" if launch.cluster_id else ""
        remote_file = f"{remote_dir}/security/ssh{middle}-engine.json"
        for host, count, extra in hosts:
            if self.tunnel:
                for index in range(count):
                    where = _Tunnelled(host, tuple(extra), f"{remote_file[:-5]}-{index}.json")
                    self._start_tunnelled(launch, where)
                continue
            self.send(host, data, remote_file)
            program = remote_program(
                launch.program, self.remote_python, remote_dir, [*extra, "--file", remote_file]
            )
            for _ in range(count):
                self.start_remote(launch, host, program)

    def stop(self) -> None:
        self._tunnels.clear()
        super().stop()

    def retry_failed_starts(self) -> None:
        """Start again, with other ports, a tunnelled engine whose ssh failed (status
        255: a port of its forwards was taken between its choice and ssh's bind) or
        whose engine could not bind (status 1), at most :data:`TUNNEL_TRIES` times."""
        launch = self.launch
        if launch is None:
            return
        for process, where in list(self._tunnels.items()):
            status = process.poll()
            if status not in (1, 255) or where.tries >= TUNNEL_TRIES:
                continue
            del self._tunnels[process]
            self.processes.remove(process)
            with _log_path(launch).open("a") as log:
                log.write(
                    f"jovi: the tunnelled engine's ssh ended (status {status}): "
                    "starting the engine again with other ports\n"
                )
            self._start_tunnelled(launch, where._replace(tries=where.tries + 1))

    def _start_tunnelled(self, launch: Launch, where: _Tunnelled) -> None:
        """One engine whose traffic goes through its ssh (see the module's text)."""
        host, extra, remote_file = where.host, where.extra, where.remote_file
        controller = read_controller_file(
            connection_file(launch.security_dir, "engine", launch.cluster_id)
        )
        reservation = reserve_ports("127.0.0.1", 9)
        remote_registration, *ports = reservation.ports
        local, remote = ports[:4], ports[4:]
        reservation.release()  # ssh and the engine bind them
        seen_there = controller._replace(
            ip="127.0.0.1", ports={"registration": remote_registration}
        )
        self.send(host, json_bytes(seen_there.to_json("engine")), remote_file)
        names = ("shell", "control", "iopub", "hb")
        program = remote_program(
            launch.program,
            self.remote_python,
            self.remote_dir(launch),
            [
                *extra,
                "--file", remote_file,
                "--ip", "127.0.0.1",
                *(f"--EngineApp.{name}_port={port}" for name, port in zip(names, remote, strict=True)),
                "--advertise", f"127.0.0.1:{','.join(map(str, local))}",
            ],
        )  # fmt: skip
        forwards = tunnel_options(
            (remote_registration, controller.ports["registration"]),
            list(zip(local, remote, strict=True)),
        )
        self._tunnels[self.start_remote(launch, host, program, forwards)] = where

    def engine_count(self, requested: int) -> int:
        """How many engines ``engines`` names (``requested`` when it names none)."""
        return sum(count for _, count, _ in host_counts(self.engines)) or requested


class SSHControllerLauncher(SSHLauncher):
    """The controller on ``hostname``; its connection files are fetched back."""

    hostname = Str("localhost", help="The host of the controller (user@host:port works).")

    def start(self, launch: Launch) -> None:
        self.launch = launch
        remote_dir = self.remote_dir(launch)
        self.start_remote(
            launch, self.hostname, remote_program(launch.program, self.remote_python, remote_dir)
        )

    def wait_ready(self, timeout: float = READY_TIMEOUT_S) -> None:
        """The controller says ``ready`` (through ssh); then its files are fetched."""
        del timeout  # the controller's first line, or its end, comes first
        assert self.launch is not None
        process = self.processes[0]
        assert process.stdout is not None
        line = process.stdout.readline()
        process.stdout.close()
        if not line.startswith(b"ready"):
            raise LaunchError(f"the controller on {self.hostname} ended before it was ready")
        remote_dir = self.remote_dir(self.launch)
        for role in ("client", "engine"):
            local = connection_file(self.launch.security_dir, role, self.launch.cluster_id)
            remote = f"{remote_dir}/security/{local.name}"
            data = self.fetch(self.hostname, remote)
            local.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            atomic_write(local, data, permissions=0o600)
