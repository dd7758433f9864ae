"""A profile's cluster started, watched and stopped for the server.

Starting runs ``jovi cluster start --profile=P [-n N]`` as a child of the server (its
own session, so a Ctrl-C in the server's terminal does not reach it), waits for its
"started" line (the engines are registered), and leaves it supervising the controller
and engines.  Whatever started a cluster, the profile's state file says it runs, and
stopping sends its supervisor SIGTERM, as ``jovi cluster stop`` does.  The clusters
the server started stop when the server stops.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from typing import TYPE_CHECKING, Any, Final

from jovi.config.profiles import DEFAULT_PROFILE, ProfileDir, list_profiles, validate_profile_name
from jovi.errors import ProfileError, ServerError
from jovi.server.clusters.records import process_alive, read_record, running_clusters, state_file
from jovi.utils.log import get_logger

if TYPE_CHECKING:
    from pathlib import Path

    from jovi.server.tasks import TaskOwner

__all__ = ["MAX_ENGINES", "START_TIMEOUT_S", "STOP_TIMEOUT_S", "ServerClusters"]

START_TIMEOUT_S: Final = 120.0
"""How long a start may take, to the engines registered."""
STOP_TIMEOUT_S: Final = 30.0
"""How long a supervisor has to stop its cluster after SIGTERM before it is killed."""
MAX_ENGINES: Final = 1024

log = get_logger("jovi.server")


class ServerClusters:
    """The clusters of the profiles in jovi's directory ``jovi_dir``.

    Args:
        jovi_dir: Where the profiles are (``profile_<name>``).
        tasks: Owns the task that reads each started supervisor's output.
    """

    def __init__(self, jovi_dir: Path, tasks: TaskOwner) -> None:
        self.jovi_dir = jovi_dir
        self.tasks = tasks
        self._starting: set[str] = set()
        self._stopping: set[str] = set()
        self._children: dict[int, asyncio.subprocess.Process] = {}

    # ------------------------------------------------------------------ reading

    def profile(self, name: str) -> ProfileDir:
        """The profile ``name``; 404 when it is not one."""
        try:
            validate_profile_name(name)
            if name == DEFAULT_PROFILE:
                return ProfileDir.for_name(name, self.jovi_dir)
            return ProfileDir.find(name, self.jovi_dir)
        except ProfileError:
            raise ServerError(404, f"There is no profile {name!r}.") from None

    def model(self, name: str) -> dict[str, Any]:
        """What the API says of profile ``name``: its status, and its engines if it runs."""
        profile = self.profile(name)
        clusters = running_clusters(profile.security_dir)
        own = next((c for c in clusters if c.cluster_id == ""), None)
        status = "stopped"
        if name in self._starting:
            status = "starting"
        elif name in self._stopping:
            status = "stopping"
        elif own is not None:
            status = "running"
        model: dict[str, Any] = {
            "profile": name,
            "profile_dir": str(profile.location),
            "status": status,
            "clusters": [c.model() for c in clusters],
        }
        if own is not None:
            model["n"] = len(own.engines) or own.n
        return model

    def models(self) -> list[dict[str, Any]]:
        """Every profile's model, ``default`` first."""
        return [self.model(name) for name in list_profiles(self.jovi_dir)]

    # ------------------------------------------------------------------ starting

    async def start(self, name: str, n: int | None) -> dict[str, Any]:
        """Start profile ``name``'s cluster with ``n`` engines (None: the profile's
        default) and answer once its engines are registered.

        Raises:
            ServerError: 404 for no such profile, 409 when it runs or is starting or
                stopping, 400 for a bad ``n``, 500 when it did not start.
        """
        profile = self.profile(name)
        if n is not None and not 1 <= n <= MAX_ENGINES:
            raise ServerError(400, f"The number of engines must be 1 to {MAX_ENGINES}.")
        if name in self._starting or name in self._stopping:
            raise ServerError(409, f"The cluster of {name!r} is starting or stopping.")
        if read_record(state_file(profile.security_dir)) is not None:
            raise ServerError(409, f"The cluster of {name!r} is already running.")
        self._starting.add(name)
        try:
            await self._start(profile, n)
        finally:
            self._starting.discard(name)
        return self.model(name)

    async def _start(self, profile: ProfileDir, n: int | None) -> None:
        profile.log_dir.mkdir(parents=True, exist_ok=True)
        log_file = profile.log_dir / "cluster.log"
        command = [
            sys.executable,
            "-m",
            "jovi",
            "cluster",
            "start",
            f"--profile={profile.name}",
            f"--jovi-dir={self.jovi_dir}",
        ]
        if n is not None:
            command += ["-n", str(n)]
        with log_file.open("ab") as errors:
            process = await asyncio.create_subprocess_exec(
                *command,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.PIPE,
                stderr=errors,
                start_new_session=True,
            )
        self._children[process.pid] = process
        assert process.stdout is not None
        try:
            line = await asyncio.wait_for(process.stdout.readline(), START_TIMEOUT_S)
        except TimeoutError:
            line = b""
        except asyncio.CancelledError:
            await self._end(process)
            raise
        if not line.startswith(b"started"):
            await self._end(process)
            raise ServerError(
                500, f"The cluster of {profile.name!r} did not start; see {log_file}."
            )
        log.info("cluster of profile %r started (pid %d)", profile.name, process.pid)
        self.tasks.spawn(self._watch(process), f"cluster supervisor {process.pid}")

    async def _watch(self, process: asyncio.subprocess.Process) -> None:
        """Read what the supervisor says until it ends (so it never blocks on a full
        pipe), and forget it then."""
        assert process.stdout is not None
        try:
            while line := await process.stdout.readline():
                log.info("cluster %d: %s", process.pid, line.decode(errors="replace").rstrip())
            await process.wait()
        finally:
            if process.returncode is not None:
                self._children.pop(process.pid, None)

    # ------------------------------------------------------------------ stopping

    async def stop(self, name: str) -> dict[str, Any]:
        """Stop profile ``name``'s cluster, wherever it was started.

        Raises:
            ServerError: 404 for no such profile, 409 when it does not run.
        """
        profile = self.profile(name)
        if name in self._starting or name in self._stopping:
            raise ServerError(409, f"The cluster of {name!r} is starting or stopping.")
        path = state_file(profile.security_dir)
        record = read_record(path)
        if record is None:
            raise ServerError(409, f"The cluster of {name!r} is not running.")
        self._stopping.add(name)
        try:
            await self._stop_pid(record.pid)
        finally:
            self._stopping.discard(name)
        if not process_alive(record.pid):
            path.unlink(missing_ok=True)  # the supervisor removes it; unless it was killed
        return self.model(name)

    async def _stop_pid(self, pid: int) -> None:
        child = self._children.get(pid)
        if child is not None:
            await self._end(child)
            return
        try:
            handle = os.pidfd_open(pid)
        except ProcessLookupError:
            return
        try:
            # Checked again once the handle is open, and signalled through it: the
            # process checked is the one signalled (not another that took its pid).
            if not process_alive(pid):
                return
            signal.pidfd_send_signal(handle, signal.SIGTERM)
            try:
                await asyncio.wait_for(_ended(handle), STOP_TIMEOUT_S)
            except TimeoutError:
                log.warning("cluster supervisor %d did not stop in time: killed", pid)
                signal.pidfd_send_signal(handle, signal.SIGKILL)
        except ProcessLookupError:
            pass
        finally:
            os.close(handle)

    async def _end(self, process: asyncio.subprocess.Process) -> None:
        """SIGTERM to a supervisor the server started, SIGKILL if it lingers; reaped."""
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(asyncio.shield(process.wait()), STOP_TIMEOUT_S)
        except TimeoutError:
            log.warning("cluster supervisor %d did not stop in time: killed", process.pid)
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()
        self._children.pop(process.pid, None)

    async def shutdown_all(self) -> None:
        """Stop every cluster the server started (the server is stopping)."""
        children = list(self._children.values())
        if children:
            await asyncio.gather(*(self._end(child) for child in children))


async def _ended(pidfd: int) -> None:
    """Wait until ``pidfd`` is readable: its process has ended."""
    loop = asyncio.get_running_loop()
    ended: asyncio.Future[None] = loop.create_future()

    def readable() -> None:
        if not ended.done():
            ended.set_result(None)

    loop.add_reader(pidfd, readable)
    try:
        await ended
    finally:
        loop.remove_reader(pidfd)
