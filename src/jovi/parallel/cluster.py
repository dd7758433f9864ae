"""``Cluster``: start a controller and engines on this machine, and stop them.

``with Cluster(n=4) as rc:`` starts ``jovi controller`` and four ``jovi engine``
processes, waits until the four are registered, and gives a connected
:class:`~jovi.parallel.client.Client`; leaving the block stops the cluster (the hub
shuts the engines down; any process still there after a grace period is killed), so
nothing is left running.  The processes also end when the process that started them
ends (they watch it).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import subprocess
import sys
import time
from typing import TYPE_CHECKING, Any, Final

from jovi.parallel.client import Client
from jovi.parallel.files import connection_file, profile_security_dir

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["Cluster"]

STOP_GRACE_S: Final = 10.0


class Cluster:
    """A controller and engines started here.

    Args:
        n: How many engines to start; by default ``c.ClusterStartApp.n`` (or
            ``c.Cluster.n``) of the profile's ``jovi_cluster_config.py``, else the number
            of CPUs.
        profile: The profile (connection files go in its ``security`` directory).
        profile_dir: A profile directory by path, instead of ``profile``.
        cluster_id: Names the connection files; a fresh one by default.
        controller_args: Further command-line arguments of ``jovi controller``.
        engine_args: Further command-line arguments of ``jovi engine``.
    """

    def __init__(
        self,
        n: int | None = None,
        *,
        profile: str = "default",
        profile_dir: str | None = None,
        cluster_id: str | None = None,
        controller_args: tuple[str, ...] = (),
        engine_args: tuple[str, ...] = (),
    ) -> None:
        self.profile = profile
        self.profile_dir = profile_dir
        self.n = n if n is not None else (self._configured_n() or os.cpu_count() or 1)
        self.cluster_id = (
            cluster_id if cluster_id is not None else f"{int(time.time())}-{secrets.token_hex(3)}"
        )
        self.controller_args = controller_args
        self.engine_args = engine_args
        self.controller: subprocess.Popen[bytes] | None = None
        self.engines: list[subprocess.Popen[bytes]] = []
        self.client: Client | None = None

    def _configured_n(self) -> int:
        """``n`` of the profile's ``jovi_cluster_config.py`` (0 when not set)."""
        from jovi.config.loaders import load_python_config  # noqa: PLC0415 - only here
        from jovi.errors import ConfigFileError  # noqa: PLC0415 - only here

        path = self.security_dir.parent / "jovi_cluster_config.py"
        if not path.is_file():
            return 0
        try:
            config = load_python_config(path)
        except ConfigFileError:
            return 0  # jovi cluster start reports it; the default stands
        for section in ("ClusterStartApp", "Cluster"):
            value = config.to_dict().get(section, {}).get("n")
            if isinstance(value, int) and value > 0:
                return value
        return 0

    def _command(self, name: str) -> list[str]:
        command = [sys.executable, "-m", "jovi", name, "--cluster-id", self.cluster_id]
        if self.profile_dir:
            command += ["--profile-dir", self.profile_dir]
        else:
            command += ["--profile", self.profile]
        return command

    def _environment(self) -> dict[str, str]:
        return {**os.environ, "JPY_PARENT_PID": str(os.getpid())}

    @property
    def security_dir(self) -> Path:
        """The directory of the connection files."""
        return profile_security_dir(self.profile, self.profile_dir)

    def start_controller_sync(self) -> None:
        """Start the controller and wait until its connection files are written.

        Raises:
            RuntimeError: it exited before it was ready.
        """
        process = subprocess.Popen(  # noqa: S603 - this interpreter, jovi's own arguments
            [*self._command("controller"), *self.controller_args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            env=self._environment(),
        )
        self.controller = process
        assert process.stdout is not None
        line = process.stdout.readline()  # the controller says "ready" once its files exist
        process.stdout.close()
        if not line.startswith(b"ready"):
            process.wait(STOP_GRACE_S)
            raise RuntimeError(f"jovi controller exited ({process.returncode}) before it was ready")

    def start_engines_sync(self, n: int | None = None) -> None:
        """Start ``n`` engines (``self.n`` by default); they register by themselves."""
        for _ in range(self.n if n is None else n):
            self.engines.append(
                subprocess.Popen(  # noqa: S603 - this interpreter, jovi's own arguments
                    [*self._command("engine"), *self.engine_args],
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    env=self._environment(),
                )
            )

    def start_cluster_sync(self, n: int | None = None) -> None:
        """Start the controller, then the engines."""
        self.start_controller_sync()
        self.start_engines_sync(n)

    def connect_client_sync(self, **options: Any) -> Client:
        """A client of this cluster."""
        path = connection_file(self.security_dir, "client", self.cluster_id)
        return Client(path, **options)

    def start_and_connect_sync(self, *, timeout: float = 60.0) -> Client:
        """Start the cluster, and return a client once every engine is registered."""
        self.start_cluster_sync()
        client = self.connect_client_sync()
        self.client = client
        try:
            client.wait_for_engines(self.n, timeout=timeout)
        except BaseException:
            self.stop_cluster_sync()
            raise
        return client

    def stop_cluster_sync(self) -> None:
        """Stop the engines and the controller; kill what is left after a grace period."""
        controller = self.controller
        if controller is not None and controller.poll() is None:
            try:
                client = (
                    self.client
                    if self.client is not None
                    else self.connect_client_sync(timeout=5.0)
                )
            except (OSError, TimeoutError, ValueError):
                client = None
            if client is not None:
                with contextlib.suppress(OSError, TimeoutError):
                    client.shutdown(hub=True)
                if client is not self.client:
                    client.close()
        if self.client is not None:
            self.client.close()
            self.client = None
        deadline = time.monotonic() + STOP_GRACE_S
        for process in [*self.engines, *([controller] if controller else [])]:
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.engines.clear()
        self.controller = None

    def __enter__(self) -> Client:
        return self.start_and_connect_sync()

    def __exit__(self, *exc: object) -> None:
        self.stop_cluster_sync()

    def __repr__(self) -> str:
        return f"<Cluster {self.cluster_id}: {len(self.engines)} engines>"
