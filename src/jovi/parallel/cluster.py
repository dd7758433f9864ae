"""``Cluster``: start a controller and engines, through launchers, and stop them.

``with Cluster(n=4) as rc:`` starts ``jovi controller`` and four ``jovi engine``
processes, waits until the four are registered, and gives a connected
:class:`~jovi.parallel.client.Client`; leaving the block stops the cluster (the hub
shuts the engines down; then each launcher stops what is left: local processes are
killed after a grace period, batch jobs cancelled, remote processes ended), so
nothing is left running.

Where they run is the launchers' business (:mod:`jovi.parallel.launchers`):
``Cluster(n=4, engines="mpi", controller="slurm")``, or in the profile's
``jovi_cluster_config.py``, ``c.Cluster.engine_launcher_class = "mpi"``.  Processes
started here by the local launcher also end when the process that started them ends
(they watch it).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import sys
import time
from typing import TYPE_CHECKING, Any

from jovi.parallel.client import Client
from jovi.parallel.files import connection_file, profile_security_dir
from jovi.parallel.launchers import Launch, Launcher, LaunchError, launcher_class

if TYPE_CHECKING:
    from pathlib import Path

    from jovi.config import Config, ConfigStack
    from jovi.parallel.launchers import Role

__all__ = ["Cluster"]

_CHECK_S = 1.0
"""While waiting for the engines, how often to look whether their launchers still run."""
_SECTIONS = ("ClusterStartApp", "Cluster", "IPClusterStart", "IPClusterEngines")
#: The 0.11 names of the launcher options, still read (with a warning).
_OLD_NAMES = {
    "engine_set_launcher": "engine_launcher_class",
    "controller_launcher": "controller_launcher_class",
}


class Cluster:
    """A controller and engines.

    Args:
        n: How many engines to start; by default ``c.Cluster.n`` of the profile's
            ``jovi_cluster_config.py``, else the number of CPUs (the SSH launcher
            starts as many as its ``engines`` name).
        engines: The engines' launcher: ``local`` (default), ``mpi``, ``ssh``,
            ``slurm``, ``pbs``, ``sge``, ``lsf``, ``htcondor``, a class path or a
            class; by default ``c.Cluster.engine_launcher_class``.
        controller: The controller's launcher, named the same way.
        profile: The profile (connection files go in its ``security`` directory).
        profile_dir: A profile directory by path, instead of ``profile``.
        cluster_id: Names the connection files; a fresh one by default.
        controller_args: Further command-line arguments of ``jovi controller``.
        engine_args: Further command-line arguments of ``jovi engine``.
        config: The launchers' configuration (``c.MPILauncher.mpi_args``...); by
            default the profile's ``jovi_cluster_config.py``.
    """

    def __init__(
        self,
        n: int | None = None,
        *,
        engines: str | type[Launcher] | None = None,
        controller: str | type[Launcher] | None = None,
        profile: str = "default",
        profile_dir: str | None = None,
        cluster_id: str | None = None,
        controller_args: tuple[str, ...] = (),
        engine_args: tuple[str, ...] = (),
        config: Config | ConfigStack | None = None,
    ) -> None:
        self.profile = profile
        self.profile_dir = profile_dir
        self.config: Config | ConfigStack | None = (
            config if config is not None else self._profile_config()
        )
        self.n = n if n is not None else (self._configured("n", int) or os.cpu_count() or 1)
        self.engine_launcher_class: str | type[Launcher] = (
            engines or self._configured("engine_launcher_class", str) or "local"
        )
        self.controller_launcher_class: str | type[Launcher] = (
            controller or self._configured("controller_launcher_class", str) or "local"
        )
        self.cluster_id = (
            cluster_id if cluster_id is not None else f"{int(time.time())}-{secrets.token_hex(3)}"
        )
        self.controller_args = controller_args
        self.engine_args = engine_args
        self.controller: Launcher | None = None
        self.engines: list[Launcher] = []
        self.client: Client | None = None

    # ------------------------------------------------------------------ configuration

    def _profile_config(self) -> Config | None:
        """The profile's ``jovi_cluster_config.py`` (None when absent or broken)."""
        from jovi.config.loaders import load_python_config  # noqa: PLC0415 - only here
        from jovi.errors import ConfigFileError  # noqa: PLC0415 - only here

        path = self.security_dir.parent / "jovi_cluster_config.py"
        if not path.is_file():
            return None
        try:
            return load_python_config(path)
        except ConfigFileError:
            return None  # jovi cluster start reports it; the defaults stand

    def _configured(self, name: str, kind: type[Any]) -> Any:
        """``name`` of the cluster's sections in the configuration (the old names too)."""
        if self.config is None:
            return None
        from jovi.config import ConfigStack  # noqa: PLC0415 - only with a configuration

        stack = ConfigStack.of(self.config)
        for option in (name, *(old for old, new in _OLD_NAMES.items() if new == name)):
            for setting in stack.candidates(_SECTIONS, option):
                if isinstance(setting.value, kind) and setting.value:
                    if option != name:
                        import warnings  # noqa: PLC0415 - only for the old names

                        warnings.warn(
                            f"{option} is the old name of {name}",
                            DeprecationWarning,
                            stacklevel=3,
                        )
                    return setting.value
        return None

    def _launcher(self, name: str | type[Launcher], role: Role) -> Launcher:
        return launcher_class(name, role)(config=self.config)

    def _launch(self, role: Role, n: int, launcher: Launcher) -> Launch:
        name = "controller" if role == "controller" else "engine"
        program = [
            sys.executable, "-m", "jovi", name,
            "--cluster-id", self.cluster_id,
            "--profile-dir", str(self.security_dir.parent),
            *(self.controller_args if role == "controller" else self.engine_args),
        ]  # fmt: skip
        env = dict(os.environ)
        if launcher.local_children:
            env["JPY_PARENT_PID"] = str(os.getpid())
        return Launch(role, tuple(program), n, self.security_dir.parent, self.cluster_id, env)

    @property
    def security_dir(self) -> Path:
        """The directory of the connection files."""
        return profile_security_dir(self.profile, self.profile_dir)

    # ------------------------------------------------------------------ starting

    def start_controller_sync(self) -> None:
        """Start the controller and wait until its connection files are written.

        Raises:
            LaunchError: it could not start, or ended before it was ready.
        """
        for role in ("client", "engine"):  # the launchers wait for fresh ones
            connection_file(self.security_dir, role, self.cluster_id).unlink(missing_ok=True)
        if self.controller is not None and not self.controller.running():
            self.controller.stop()  # one that died (restarted with --restore)
        launcher = self._launcher(self.controller_launcher_class, "controller")
        self.controller = launcher
        launcher.start(self._launch("controller", 1, launcher))
        launcher.wait_ready()

    def start_engines_sync(self, n: int | None = None) -> Launcher:
        """Start ``n`` engines (``self.n`` by default); they register by themselves.
        Returns their launcher."""
        launcher = self._launcher(self.engine_launcher_class, "engines")
        count = launcher.engine_count(self.n if n is None else n)
        if n is None:
            self.n = count
        launcher.start(self._launch("engines", count, launcher))
        self.engines.append(launcher)
        return launcher

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
        try:
            self.start_cluster_sync()
            client = self.connect_client_sync()
            self.client = client
            self._wait_for_engines(client, timeout)
        except BaseException:
            self.stop_cluster_sync()
            raise
        return client

    def _wait_for_engines(self, client: Client, timeout: float) -> None:
        """Wait until ``self.n`` engines are registered; give up early when every
        engine launcher has ended (``mpiexec`` refused, the processes died...).

        Raises:
            TimeoutError: fewer after ``timeout`` seconds.
            LaunchError: the engines' launchers ended first.
        """
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            try:
                client.wait_for_engines(self.n, timeout=max(0.0, min(left, _CHECK_S)))
            except TimeoutError:
                if left <= _CHECK_S:
                    raise
                for launcher in self.engines:
                    launcher.retry_failed_starts()
                if self.engines and not any(launcher.running() for launcher in self.engines):
                    raise LaunchError(
                        f"the engines ended before registering ({len(client.ids)} of "
                        f"{self.n}); their output is in {self.security_dir.parent / 'log'}"
                    ) from None
            else:
                return

    # ------------------------------------------------------------------ signals, stopping

    def signal_engines_sync(self, signum: int, engine_set_id: int | None = None) -> None:
        """Send ``signum`` to the engines (of set ``engine_set_id``, the index in
        :attr:`engines`; all by default), through their launchers."""
        for launcher in self._engine_sets(engine_set_id):
            launcher.signal(signum)

    def add_engines_sync(self, n: int, *, timeout: float = 60.0) -> int:
        """Start ``n`` more engines (a new engine set) and wait until they are registered
        (when a client is connected); returns the set's id, its index in :attr:`engines`.

        ipyparallel spells this ``start_engines(n)``; jovi's :meth:`start_engines_sync`
        starts them without waiting.
        """
        before = len(self.client.ids) if self.client is not None else 0
        launcher = self.start_engines_sync(n)
        assert launcher.launch is not None
        if self.client is not None:
            self._wait_for_count(self.client, before + launcher.launch.n, timeout)
        return self.engines.index(launcher)

    def restart_engines_sync(
        self, engine_set_id: int | None = None, *, timeout: float = 60.0
    ) -> None:
        """Stop the engines (of set ``engine_set_id``; all by default) and start as many
        again with the same launcher kind, waiting until they are registered (when a
        client is connected).  The new engines get new ids (as with ipyparallel: an id
        is never given twice by a controller); their namespaces start empty."""
        sets = self._engine_sets(engine_set_id)
        client = self.client
        gone: set[int] = set()
        if client is not None:
            for launcher in sets:
                gone |= self._set_ids(client, launcher, whole=len(sets) == len(self.engines))
            with contextlib.suppress(OSError, TimeoutError):
                client.shutdown(targets=sorted(gone), block=True)
        for launcher in sets:
            launcher.stop()
        if client is not None:
            self._wait_gone(client, gone, timeout)
        before = len(client.ids) if client is not None else 0
        started = 0
        for launcher in sets:
            assert launcher.launch is not None
            fresh = self._launcher(self.engine_launcher_class, "engines")
            fresh.start(self._launch("engines", launcher.launch.n, fresh))
            self.engines[self.engines.index(launcher)] = fresh
            started += launcher.launch.n
        if client is not None:
            self._wait_for_count(client, before + started, timeout)

    @staticmethod
    def _set_ids(client: Client, launcher: Launcher, *, whole: bool) -> set[int]:
        """The ids of the engines ``launcher`` started: all when it is every set, else
        those whose process ids it knows (none for launchers that know none)."""
        ids = list(client.ids)
        if whole or not ids:
            return set(ids)
        started = set(launcher.pids)
        pids = client[ids].apply_sync(os.getpid)
        return {i for i, pid in zip(ids, pids, strict=True) if pid in started}

    def _engine_sets(self, engine_set_id: int | None) -> list[Launcher]:
        if engine_set_id is None:
            return list(self.engines)
        try:
            return [self.engines[engine_set_id]]
        except IndexError:
            raise KeyError(f"no engine set {engine_set_id}") from None

    @staticmethod
    def _wait_gone(client: Client, gone: set[int], timeout: float) -> None:
        """Wait until the controller has unregistered the engines ``gone``."""
        deadline = time.monotonic() + timeout
        while gone & set(client.ids):
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"engines {sorted(gone & set(client.ids))} did not go")
            client.spin(min(left, _CHECK_S))

    def _wait_for_count(self, client: Client, n: int, timeout: float) -> None:
        saved = self.n
        self.n = n
        try:
            self._wait_for_engines(client, timeout)
        finally:
            self.n = max(n, saved)

    def stop_engines_sync(self) -> None:
        """Stop the engines' launchers (after the hub has shut the engines down)."""
        while self.engines:
            self.engines.pop().stop()

    def stop_cluster_sync(self) -> None:
        """Shut the engines and the controller down, then stop their launchers."""
        controller = self.controller
        if controller is not None and controller.running():
            client = self.client
            if client is None:
                try:
                    client = self.connect_client_sync(timeout=5.0)
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
        try:
            self.stop_engines_sync()
        finally:
            if controller is not None:
                controller.stop()
            self.controller = None

    # ------------------------------------------------------------------ async forms

    async def start_cluster(self, n: int | None = None) -> None:
        """:meth:`start_cluster_sync` without blocking the event loop."""
        import asyncio  # noqa: PLC0415 - only for the async forms

        await asyncio.to_thread(self.start_cluster_sync, n)

    async def start_and_connect(self, *, timeout: float = 60.0) -> Client:  # noqa: ASYNC109 - the sync form's parameter
        """:meth:`start_and_connect_sync` without blocking the event loop."""
        import asyncio  # noqa: PLC0415 - only for the async forms

        return await asyncio.to_thread(self.start_and_connect_sync, timeout=timeout)

    async def stop_cluster(self) -> None:
        """:meth:`stop_cluster_sync` without blocking the event loop."""
        import asyncio  # noqa: PLC0415 - only for the async forms

        await asyncio.to_thread(self.stop_cluster_sync)

    async def __aenter__(self) -> Client:
        return await self.start_and_connect()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop_cluster()

    async def add_engines(self, n: int, *, timeout: float = 60.0) -> int:  # noqa: ASYNC109 - the sync form's parameter
        """:meth:`add_engines_sync` without blocking the event loop."""
        import asyncio  # noqa: PLC0415 - only for the async forms

        return await asyncio.to_thread(self.add_engines_sync, n, timeout=timeout)

    async def restart_engines(
        self,
        engine_set_id: int | None = None,
        *,
        timeout: float = 60.0,  # noqa: ASYNC109 - the sync form's parameter
    ) -> None:
        """:meth:`restart_engines_sync` without blocking the event loop."""
        import asyncio  # noqa: PLC0415 - only for the async forms

        await asyncio.to_thread(self.restart_engines_sync, engine_set_id, timeout=timeout)

    async def signal_engines(self, signum: int, engine_set_id: int | None = None) -> None:
        """:meth:`signal_engines_sync` without blocking the event loop."""
        import asyncio  # noqa: PLC0415 - only for the async forms

        await asyncio.to_thread(self.signal_engines_sync, signum, engine_set_id)

    def __enter__(self) -> Client:
        return self.start_and_connect_sync()

    def __exit__(self, *exc: object) -> None:
        self.stop_cluster_sync()

    def __repr__(self) -> str:
        return f"<Cluster {self.cluster_id}: {len(self.engines)} engine sets>"
