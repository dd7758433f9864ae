"""The client: connects to a controller, sends requests to engines, collects replies.

``Client(profile=...)`` (or ``Client(url_file)``) reads the controller's client
connection file and connects four sockets: a DEALER to the hub (questions), DEALERs
to the ``mux`` and ``control`` relays (requests to engines, addressed by the engine's
uuid in the first frame) and a SUB to IOPub (what the engines print).  There is no
background thread: replies are read whenever the client waits for something
(:meth:`Client.spin`, :meth:`AsyncResult.get`...), as IPython's first client did;
a thread that reads them as they come starts only when futures need it (callbacks,
``concurrent.futures.wait``: :mod:`~jovi.parallel.reader`).
The questions about tasks the hub answers (``db_query``, ``get_result``,
``resubmit``, ``purge_results``, ``abort``, ``send_signal``...) are
:class:`~jovi.parallel.hubqueries.HubQueries`.
"""

from __future__ import annotations

import collections
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Self

import zmq

from jovi.errors import JoviError
from jovi.parallel import ops
from jovi.parallel.asyncresult import AsyncResult
from jovi.parallel.balanced import LoadBalancedView
from jovi.parallel.contexts import many_sockets_context
from jovi.parallel.directpath import DIRECT_BYTES, DirectPaths, buffer_bytes
from jovi.parallel.files import connection_file, profile_security_dir, read_controller_file
from jovi.parallel.hubqueries import HUB_POLL_S, HubQueries
from jovi.parallel.messages import (
    BROADCAST,
    ApplyRequest,
    ClearRequest,
    ConnectionReply,
    ConnectionRequest,
    QueueReply,
    QueueRequest,
    RegistrationNotification,
    UnregistrationNotification,
)
from jovi.parallel.reader import ReplyReader, WakingLock
from jovi.parallel.serialize import pack_apply
from jovi.parallel.sharedbuffers import (
    SHARED_BYTES,
    SharedBuffers,
    SharedLedger,
    shared_memory_usable,
)
from jovi.parallel.view import BroadcastView, DirectView
from jovi.parallel.wireio import receive, send
from jovi.protocol.control import ShutdownRequest
from jovi.protocol.message import UnknownContent
from jovi.protocol.session import Session
from jovi.protocol.shell import ExecuteRequest
from jovi.transport.zmq.curve import make_client

if TYPE_CHECKING:
    from jovi.kernels.tunnel import SshTunnel
    from jovi.parallel.executor import ViewExecutor
    from jovi.protocol.message import Content, Message

__all__ = ["Client"]

Targets = int | Sequence[int] | slice | str | None

DRAIN: Final = 64
"""The most messages read from one socket before polling again."""

REQUERY_S: Final = 0.5
"""While waiting for engines, how long without a notification before asking the hub."""


class Client(HubQueries):
    """A connection to a cluster.

    Args:
        url_file: The controller's client connection file; by default
            ``ipcontroller[-<cluster_id>]-client.json`` of the profile.
        profile: The profile whose ``security`` directory holds the file.
        profile_dir: A profile directory by path, instead of ``profile``.
        cluster_id: The cluster's id (names its files).
        timeout: Seconds to wait for the controller to answer.
        sshserver: Reach the controller through ssh (``user@host[:port]``): its ports
            are forwarded from this machine (:mod:`~jovi.parallel.tunnel`).
        sshkey: The private key to log in with.
        ssh_options: More ssh arguments.

    Raises:
        TimeoutError: the controller did not answer within ``timeout``.
    """

    def __init__(
        self,
        url_file: str | Path | None = None,
        *,
        profile: str = "default",
        profile_dir: str | None = None,
        cluster_id: str = "",
        timeout: float = 10.0,
        sshserver: str = "",
        sshkey: str = "",
        ssh_options: Sequence[str] = (),
    ) -> None:
        path = (
            Path(url_file)
            if url_file
            else connection_file(profile_security_dir(profile, profile_dir), "client", cluster_id)
        )
        self.url_file = path
        self.info = read_controller_file(path)
        self.tunnel: SshTunnel | None = None
        if sshserver:
            from jovi.parallel.tunnel import tunnel_to_controller  # noqa: PLC0415 - only here

            self.info, self.tunnel = tunnel_to_controller(
                self.info, sshserver, keyfile=sshkey or None, options=ssh_options
            )
        self.session = Session(self.info.key, signature_scheme=self.info.signature_scheme)
        self._context: zmq.Context[zmq.Socket[bytes]] = many_sockets_context()
        self._lock = WakingLock()
        self._reader: ReplyReader | None = None
        self._watched: dict[str, list[AsyncResult]] = {}
        """The results told when each of these msg_ids finishes (futures' callbacks)."""
        self._to_settle: collections.deque[AsyncResult] = collections.deque()
        """Watched results whose replies are all in, to settle once the lock is free."""
        self._curve = self.info.curve_keys()
        self._hub = self._connect(zmq.DEALER, "registration")
        self._mux = self._connect(zmq.DEALER, "mux")
        self._control = self._connect(zmq.DEALER, "control")
        self._task = self._connect(zmq.DEALER, "task") if "task" in self.info.ports else None
        self._notification = (
            self._connect(zmq.SUB, "notification") if "notification" in self.info.ports else None
        )
        if self._notification is not None:
            self._notification.setsockopt(zmq.SUBSCRIBE, b"")
        self._iopub = self._connect(zmq.SUB, "iopub")
        self._iopub.setsockopt(zmq.SUBSCRIBE, b"")
        self._poller = zmq.Poller()
        self._paths = DirectPaths(self._context, self._poller, self._curve)
        self._local: set[int] = set()
        """The engines known to run on this machine (they can map shared memory)."""
        self._shared = SharedLedger()
        socks = (self._hub, self._mux, self._control, self._iopub, self._task, self._notification)
        for sock in socks:
            if sock is not None:
                self._poller.register(sock, zmq.POLLIN)
        self._poller.register(self._lock.fd, zmq.POLLIN)
        self._hub_replies: dict[str, Message[Content]] = {}
        self._idle: set[str] = set()
        self._outputs_seen: dict[str, int] = {}
        """How many IOPub messages came for each outstanding request."""
        self._outputs_due: dict[str, int] = {}
        """How many a call's reply said it published, while some are still to come."""
        self.results: dict[str, Message[Content]] = {}
        """The reply of each finished request, by msg_id."""
        self.metadata: dict[str, dict[str, Any]] = {}
        """Metadata of each request (engine, times, stdout, stderr...), by msg_id."""
        self.outstanding: set[str] = set()
        """The msg_ids of requests not answered yet."""
        self.history: list[str] = []
        self._hub_pending: set[str] = set()
        """Outstanding msg_ids whose replies only the hub has (fetched by polling it)."""
        self._engines: dict[int, str] = {}
        self.dask_client: Any = None
        """The ``distributed.Client`` of :meth:`become_dask`, while the engines are dask's."""
        self.dask_scheduler: str | int | None = None
        """Where that dask scheduler runs: ``"client"`` (here) or an engine's id."""
        self._closed = False
        try:
            self._update_engines(timeout)
        except BaseException:
            self.close()
            raise
        if "jovi.shell.current" in sys.modules:  # a jovi shell may run here
            self._activate_magics()

    def _activate_magics(self) -> None:
        """Give the jovi shell running here ``%px`` on every engine (as IPython's
        client did when created)."""
        from jovi.parallel.magics import activate  # noqa: PLC0415 - only in a shell

        view = DirectView(self, "all")
        view.block = True
        activate(view)

    def activate(self, targets: Targets = "all", suffix: str = "") -> DirectView:
        """A blocking view of ``targets``, made the view of the parallel magics
        ``%px<suffix>``... (see :meth:`DirectView.activate`)."""
        view = self.direct_view(targets)
        view.block = True
        view.activate(suffix)
        return view

    def _connect(self, kind: int, channel: str) -> zmq.Socket[bytes]:
        sock: zmq.Socket[bytes] = self._context.socket(kind)
        sock.linger = 0
        if self._curve is not None:
            make_client(sock, self._curve)
        sock.connect(self.info.url(channel))
        return sock

    # ------------------------------------------------------------------ engines

    def _update_engines(self, timeout: float = 10.0) -> None:
        reply = self._hub_request(ConnectionRequest(), timeout)
        content = reply.content
        if isinstance(content, ConnectionReply):
            self._engines = {int(i): uuid for i, uuid in content.engines.items()}
            for i, shell in content.shells.items():
                self._shell_known(int(i), shell)

    def _shell_known(self, engine: int, shell: str) -> None:
        """Send large data straight to ``engine`` at ``shell``, if it can be reached: an
        engine on loopback is when this client reaches the controller on loopback too
        (then all three are on one machine)."""
        if not shell:
            return
        loopback = shell.startswith(("tcp://127.", "tcp://localhost", "ipc://"))
        here = self.info.ip.startswith("127.") or self.info.ip == "localhost"
        if loopback and here:
            self._local.add(engine)
        if not loopback or here:
            self._paths.shells[engine] = shell
            self._paths.socket(engine)  # connected now: the first large push does not wait

    @property
    def ids(self) -> list[int]:
        """The ids of the engines registered now (kept by the hub's notifications)."""
        if self._notification is None:
            self._update_engines()
        else:
            self.spin(0)
        return sorted(self._engines)

    def wait_for_engines(self, n: int, *, timeout: float = -1, block: bool = True) -> None:
        """Wait until at least ``n`` engines are registered.

        Raises:
            TimeoutError: fewer than ``n`` after ``timeout`` seconds (-1: no limit).
        """
        deadline = None if timeout < 0 else time.monotonic() + timeout
        while len(self.ids) < n:
            left = REQUERY_S if deadline is None else deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"{len(self._engines)} engines registered, not {n}")
            known = dict(self._engines)
            self.spin(min(left, REQUERY_S))  # woken by the hub's notifications
            if self._engines == known:
                # A notification published before this client's subscription took
                # effect is lost: ask the hub now and then.
                self._update_engines()

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, key: Targets) -> DirectView:
        return self.direct_view(key if key is not None else "all")

    def direct_view(self, targets: Targets = "all") -> DirectView:
        """A view on ``targets`` (an id, a list of ids, a slice, or ``"all"``)."""
        if isinstance(targets, int) and targets not in self.ids:
            raise IndexError(f"no engine {targets}: the engines are {self.ids}")
        return DirectView(self, targets)

    def broadcast_view(
        self, targets: Targets = "all", is_coalescing: bool = False
    ) -> BroadcastView:
        """A view sending each request to all of ``targets`` (see
        :class:`~jovi.parallel.view.BroadcastView`)."""
        return BroadcastView(self, targets, is_coalescing=is_coalescing)

    def resolve_targets(self, targets: Targets) -> list[int]:
        """The engine ids ``targets`` names now."""
        ids = self.ids
        if targets is None or targets == "all":
            return ids
        if isinstance(targets, int):
            if targets not in ids:
                raise IndexError(f"no engine {targets}: the engines are {ids}")
            return [targets]
        if isinstance(targets, slice):
            return ids[targets]
        if isinstance(targets, str):
            raise ValueError(f"targets must be ids or 'all', not {targets!r}")
        unknown = [t for t in targets if t not in ids]
        if unknown:
            raise IndexError(f"no engines {unknown}: the engines are {ids}")
        return list(targets)

    # ------------------------------------------------------------------ sending

    def send_apply(
        self,
        engine: int,
        function: Callable[..., Any],
        args: Sequence[Any],
        kwargs: dict[str, Any],
    ) -> str:
        """Send the call to ``engine`` (large data and pulls straight to it,
        :mod:`~jovi.parallel.directpath`); returns its msg_id."""
        buffers = pack_apply(function, args, kwargs)
        big = self.tunnel is None and (
            function is ops.pull or buffer_bytes(buffers) >= DIRECT_BYTES
        )
        return self._send(self._mux, engine, ApplyRequest(), buffers, direct_if=big)

    def send_broadcast(
        self,
        engines: Sequence[int],
        function: Callable[..., Any],
        args: Sequence[Any],
        kwargs: dict[str, Any],
    ) -> list[str]:
        """Send one call to each of ``engines`` as one message, which the controller
        copies to each; returns their msg_ids (one per engine).

        The data goes once from here to the controller (and once to each engine from
        there).  When every engine runs on this machine, large buffers go through
        shared memory instead (:mod:`~jovi.parallel.sharedbuffers`): written once,
        mapped by each engine.  Requests to an engine stay in order: while some sent
        straight to it are unanswered, the call goes to each engine as a
        :class:`DirectView` sends it.
        """
        buffers = pack_apply(function, args, kwargs)
        with self._lock:
            uuids = [self._uuid(engine) for engine in engines]
            if any(self._paths.choose(e, prefer_direct=False) for e in engines):
                return [
                    self._send(self._mux, e, ApplyRequest(), buffers, direct_if=False)
                    for e in engines
                ]
            shared = None
            if (
                buffer_bytes(buffers[1:]) >= SHARED_BYTES
                and self._local.issuperset(engines)
                and shared_memory_usable()
            ):
                shared = SharedBuffers.write(buffers[1:])
                buffers = buffers[:1]
            msg_ids = [self.session.header("apply_request").msg_id for _ in engines]
            metadata: dict[str, Any] = {"broadcast": {"targets": uuids, "msg_ids": msg_ids}}
            if shared is not None:
                metadata["shared_buffers"] = shared.descriptor()
                self._shared.add(shared, msg_ids)
            message = self.session.message(ApplyRequest(), buffers=buffers, metadata=metadata)
            send(self._mux, self.session.serialize(message, [BROADCAST]))
            for engine, uuid, msg_id in zip(engines, uuids, msg_ids, strict=True):
                self._paths.sent(msg_id, engine, direct=False)
                self.outstanding.add(msg_id)
                self.history.append(msg_id)
                self.metadata[msg_id] = {**_new_metadata(engine, uuid, message), "msg_id": msg_id}
            return msg_ids

    def _uuid(self, engine: int) -> str:
        """The uuid of ``engine`` (asking the hub if it is new here).

        Raises:
            IndexError: there is no such engine.
        """
        uuid = self._engines.get(engine)
        if uuid is None:
            self._update_engines()
            uuid = self._engines.get(engine)
        if uuid is None:
            raise IndexError(f"no engine {engine}")
        return uuid

    def send_task(
        self,
        function: Callable[..., Any],
        args: Sequence[Any],
        kwargs: dict[str, Any],
        metadata: dict[str, Any],
    ) -> str:
        """Send the call to the task scheduler, which chooses the engine; returns its msg_id.

        Raises:
            RuntimeError: the controller has no task scheduler.
        """
        if self._task is None:
            raise RuntimeError("this controller has no task scheduler")
        buffers = pack_apply(function, args, kwargs)
        with self._lock:
            message = self.session.message(ApplyRequest(), buffers=buffers, metadata=metadata)
            send(self._task, self.session.serialize(message))
            msg_id = message.msg_id
            self.outstanding.add(msg_id)
            self.history.append(msg_id)
            self.metadata[msg_id] = _new_metadata(None, None, message)
            return msg_id

    def load_balanced_view(self, targets: Targets = None) -> LoadBalancedView:
        """A view whose tasks go to whichever engine the scheduler chooses (among
        ``targets``, all by default)."""
        return LoadBalancedView(self, None if targets is None else self.resolve_targets(targets))

    def send_execute(self, engine: int, code: str, *, silent: bool = False) -> str:
        """Send ``code`` to run on ``engine``; returns the msg_id."""
        content = ExecuteRequest(code=code, silent=silent)
        return self._send(self._mux, engine, content, (), direct_if=False)

    def _send(
        self,
        sock: zmq.Socket[bytes],
        engine: int,
        content: Content,
        buffers: Sequence[Any],
        *,
        direct_if: bool | None = None,
    ) -> str:
        """Send ``content`` to ``engine`` on ``sock`` (through the controller), or
        straight to the engine if ``direct_if`` and order allow (None: never)."""
        with self._lock:
            uuid = self._uuid(engine)
            message = self.session.message(content, buffers=buffers)
            msg_id = message.msg_id
            if direct_if is None:
                send(sock, self.session.serialize(message, [uuid.encode()]))
            else:
                direct = self._paths.choose(engine, prefer_direct=direct_if)
                if direct:
                    frames = self.session.serialize(message)
                    send(self._paths.socket(engine), frames)
                else:
                    frames = self.session.serialize(message, [uuid.encode()])
                    send(sock, frames)
                self._paths.sent(msg_id, engine, direct=direct)
            self.outstanding.add(msg_id)
            self.history.append(msg_id)
            self.metadata[msg_id] = _new_metadata(engine, uuid, message)
            return msg_id

    def clear(self, targets: Targets = None, *, block: bool = True) -> AsyncResult:
        """Empty the namespaces of the engines."""
        ids = self.resolve_targets(targets)
        msg_ids = [self._send(self._control, i, ClearRequest(), ()) for i in ids]
        result = AsyncResult(self, msg_ids, fname="clear", targets=ids)
        if block:
            result.get()
        return result

    def queue_status(self, targets: Targets = None, *, verbose: bool = False) -> dict[Any, Any]:
        """For each engine, the requests sent to it not finished (``queue``), the
        load-balanced tasks it has (``tasks``) and how many it finished
        (``completed``); and the tasks waiting for an engine (``unassigned``).
        Counts, or with ``verbose`` the msg_ids; for one engine (``targets`` an int),
        only its dict."""
        ids = self.resolve_targets(targets)
        reply = self._hub_request(QueueRequest(targets=tuple(ids), verbose=verbose), 10.0)
        content = reply.content
        status: dict[Any, Any] = {}
        if isinstance(content, QueueReply):
            status = {int(i): dict(v) for i, v in content.engines.items()}
            if isinstance(targets, int):
                return dict(status.get(targets, {}))
            status["unassigned"] = content.unassigned
        return status

    def shutdown(self, targets: Targets = "all", *, hub: bool = False, block: bool = True) -> None:
        """Stop the engines and, with ``hub=True``, the controller (the whole cluster)."""
        if hub:
            self._hub_request(ShutdownRequest(restart=False), 30.0)
            return
        ids = self.resolve_targets(targets)
        msg_ids = [self._send(self._control, i, ShutdownRequest(restart=False), ()) for i in ids]
        if block:
            self.wait(msg_ids, timeout=30)

    # ------------------------------------------------------------------ receiving

    def _hub_request(self, content: Content, timeout: float) -> Message[Content]:
        with self._lock:
            message = self.session.message(content)
            self._hub.send_multipart(self.session.serialize(message))
            deadline = time.monotonic() + timeout
            while message.msg_id not in self._hub_replies:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(
                        f"the controller did not answer within {timeout:g} s (is it "
                        f"running, and are the keys of {self.url_file} its keys?)"
                    )
                self.spin(left)
            reply = self._hub_replies.pop(message.msg_id)
        if self._to_settle:
            self.settle_finished()
        return reply

    def spin(self, timeout: float = 0) -> None:
        """Read every message that arrived, waiting up to ``timeout`` seconds for one."""
        with self._lock:
            wake = self._lock.fd
            events = dict(self._poller.poll(int(timeout * 1000)))
            while events:
                woken = events.pop(wake, None) is not None
                if woken:
                    self._lock.drain()
                for sock in events:
                    for _ in range(DRAIN):  # several per poll: a poll is a system call
                        if not self._read(sock):
                            break
                if woken:
                    break  # another thread wants the sockets: let it have them
                events = dict(self._poller.poll(0))
        if self._to_settle:
            self.settle_finished()

    def _read(self, sock: zmq.Socket[bytes]) -> bool:
        """Read and handle one message of ``sock``; False if none was waiting."""
        try:
            frames = receive(sock, flags=zmq.NOBLOCK)
        except zmq.Again:
            return False
        self._handle(sock, frames)
        return True

    def _handle(self, sock: zmq.Socket[bytes], frames: list[Any]) -> None:
        try:
            _, message = self.session.deserialize(frames)
        except JoviError:
            return
        if sock is self._notification:
            self._notified(message)
            return
        parent = message.parent_msg_id
        if parent is None:
            return
        if sock is self._hub:
            self._hub_replies[parent] = message
        elif sock is self._iopub:
            self._output(parent, message)
        elif parent in self.outstanding:
            self.results[parent] = message
            record = self.metadata.setdefault(parent, {})
            record.update(message.metadata)
            record["received"] = time.time()
            # A shell request is finished when its output is in too (IOPub is another
            # socket, so it may come after the reply): its idle status, or for a call
            # as many outputs as its reply counts.  A reply made by the controller (the
            # engine died) has no output to wait for.
            from_engine = message.metadata.get("origin") != "controller"
            due = message.metadata.get("outputs")
            if sock is self._control or parent in self._idle or not from_engine:
                self._finished(parent)
            elif isinstance(due, int):
                if self._outputs_seen.get(parent, 0) >= due:
                    self._finished(parent)
                else:
                    self._outputs_due[parent] = due

    def _finished(self, msg_id: str) -> None:
        self._paths.answered(msg_id)
        self._shared.answered(msg_id)
        self.outstanding.discard(msg_id)
        self._idle.discard(msg_id)
        self._outputs_seen.pop(msg_id, None)
        self._outputs_due.pop(msg_id, None)
        if self._watched:
            for result in self._watched.pop(msg_id, ()):
                result.parts_left -= 1
                if result.parts_left <= 0:
                    self._to_settle.append(result)

    def read_for_futures(self, timeout: float) -> None:
        """One turn of the futures' reader: read what arrives within ``timeout``
        seconds, and ask the hub for the watched results only it has (another
        client's requests, resubmitted ones)."""
        from_hub = self._hub_pending.intersection(self._watched) if self._hub_pending else set()
        self.spin(min(timeout, HUB_POLL_S) if from_hub else timeout)
        if from_hub:
            self._poll_hub(from_hub)

    def settle_finished(self) -> None:
        """Settle the watched results whose replies are all in (their callbacks run
        here, with the sockets' lock free: a callback may wait for a lock of a thread
        that wants the sockets)."""
        queue = self._to_settle
        while queue and not self._lock.held():
            try:
                result = queue.popleft()
            except IndexError:
                return
            result.settle()

    def _notified(self, message: Message[Content]) -> None:
        content = message.content
        if isinstance(content, RegistrationNotification):
            self._engines[content.id] = content.uuid
            self._shell_known(content.id, content.shell)
        elif isinstance(content, UnregistrationNotification):
            self._engines.pop(content.id, None)
            for msg_id in self._paths.engine_gone(content.id):
                self._engine_died(msg_id, content.id)

    def _engine_died(self, msg_id: str, engine: int) -> None:
        """Fail a request sent straight to an engine that ended (``EngineError``)."""
        reason = f"Engine {engine} died while running task {msg_id!r}"
        error = UnknownContent(
            name="apply_reply",
            data={
                "status": "error",
                "ename": "EngineError",
                "evalue": reason,
                "traceback": [f"EngineError: {reason}\n"],
            },
        )
        self.results[msg_id] = self.session.message(error, metadata={"origin": "client"})
        self.metadata.setdefault(msg_id, {})["status"] = "error"
        self._finished(msg_id)

    def _output(self, parent: str, message: Message[Content]) -> None:
        record = self.metadata.get(parent)
        if record is None:
            return
        data = message.content.to_json()
        kind = message.msg_type
        if kind != "status" and parent in self.outstanding:
            seen = self._outputs_seen[parent] = self._outputs_seen.get(parent, 0) + 1
            if seen >= self._outputs_due.get(parent, seen + 1):
                self._finished(parent)
        if kind == "stream":
            name = str(data.get("name", "stdout"))
            record[name] = record.get(name, "") + str(data.get("text", ""))
        elif kind == "execute_result":
            record["execute_result"] = data
        elif kind == "display_data":
            record.setdefault("outputs", []).append(data)
        elif kind == "error":
            record["error"] = data
        elif kind == "status" and data.get("execution_state") == "idle":
            if parent in self.results:
                self._finished(parent)
            elif parent in self.outstanding:
                self._idle.add(parent)

    def wait(self, jobs: Iterable[str] | None = None, timeout: float = -1) -> bool:
        """Wait until the requests ``jobs`` (all outstanding ones by default) are
        answered; returns whether they all were within ``timeout`` seconds."""
        # Looked at oldest first, each dropped once answered: requests mostly finish in
        # the order sent, so waiting for n of them costs O(n), not O(n) per message.
        waiting = collections.deque(self.outstanding if jobs is None else jobs)
        deadline = None if timeout is None or timeout < 0 else time.monotonic() + timeout
        outstanding = self.outstanding
        while True:
            while waiting and waiting[0] not in outstanding:
                waiting.popleft()
            if not waiting:
                return True
            left = 1.0 if deadline is None else deadline - time.monotonic()
            if left <= 0:
                return False
            if self._hub_pending and not self._hub_pending.isdisjoint(waiting):
                self.spin(min(left, HUB_POLL_S))
                self._poll_hub(set(waiting))
            else:
                self.spin(min(left, 1.0))

    @property
    def lock(self) -> WakingLock:
        """The lock of the client's sockets (held while reading or sending)."""
        return self._lock

    def watch(self, result: AsyncResult) -> None:
        """Tell ``result`` (:meth:`AsyncResult.part_finished`) as each of its requests
        finishes, read by a thread of replies if need be (futures' callbacks and
        waiters)."""
        with self._lock:
            pending = [m for m in result.msg_ids if m in self.outstanding]
            result.parts_left = len(pending)
            for msg_id in pending:
                self._watched.setdefault(msg_id, []).append(result)
            if pending and self._reader is None and not self._closed:
                self._reader = ReplyReader(self)
        if not pending:
            result.settle()

    def become_dask(
        self,
        targets: Targets = "all",
        *,
        ncores: int | None = None,
        scheduler_engine: int | None = None,
        scheduler_args: dict[str, Any] | None = None,
        **worker_args: Any,
    ) -> Any:
        """Make the engines a dask.distributed cluster; returns a connected
        ``distributed.Client``.

        A scheduler starts in this process (or in engine ``scheduler_engine``'s), and a
        worker in each engine of ``targets``, with ``ncores`` threads (1 by default, as
        an engine is one per core); the engines keep serving jovi's requests too.
        ``scheduler_args`` go to ``distributed.Scheduler``, ``worker_args`` to
        ``distributed.Worker``.  :meth:`stop_dask` undoes it.
        """
        from jovi.parallel.daskbridge import become_dask  # noqa: PLC0415 - imports dask

        return become_dask(
            self,
            targets,
            ncores=ncores,
            scheduler_engine=scheduler_engine,
            scheduler_args=scheduler_args,
            **worker_args,
        )

    def stop_dask(self, targets: Targets = "all") -> None:
        """Close the dask client, workers and scheduler of :meth:`become_dask`."""
        from jovi.parallel.daskbridge import stop_dask  # noqa: PLC0415 - imports dask

        stop_dask(self, targets)

    become_distributed = become_dask
    stop_distributed = stop_dask

    def executor(self, targets: Targets = None) -> ViewExecutor:
        """A ``concurrent.futures.Executor`` on a load-balanced view of ``targets``."""
        return self.load_balanced_view(targets).executor

    def close(self) -> None:
        """Close the sockets (and stop the thread reading replies, if one runs)."""
        if not self._closed:
            self._closed = True
            if self._reader is not None:
                self._reader.stop()
                self._reader = None
            self._shared.close()
            with self._lock:
                self._context.destroy(linger=0)
            self._lock.close()
            if self.tunnel is not None:
                self.tunnel.stop()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Client {self.url_file}: {len(self._engines)} engines>"


def _new_metadata(
    engine: int | None, uuid: str | None, message: Message[Content]
) -> dict[str, Any]:
    return {
        "engine_id": engine,
        "engine_uuid": uuid,
        "msg_id": message.msg_id,
        "submitted": message.header.date,
        "started": None,
        "completed": None,
        "status": None,
        "stdout": "",
        "stderr": "",
        "outputs": [],
        "execute_result": None,
        "error": None,
    }
