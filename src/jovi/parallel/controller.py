"""The controller: the hub (registration, queries, heartbeats) and the direct relays.

One process; the hub and relays on one thread with one ``zmq.Poller``, the heartbeats
on another (:mod:`~jovi.parallel.heartmonitor`).  It binds four
sockets for clients and engines: ``registration`` (ROUTER: engines register, clients
ask questions), ``mux`` and ``control`` (ROUTER: a client's request, addressed to an
engine by its uuid in the first frame, is relayed to that engine) and ``iopub``
(PUB: everything the engines publish).  An engine is a jovi kernel that binds its own
sockets; when it registers, the controller connects a DEALER to its shell and control
channels and a SUB to its IOPub; the heart monitor, on a thread of its own
(:mod:`~jovi.parallel.heartmonitor`), connects a DEALER to its heartbeat.

The controller checks the signature of every message it relays or answers (a
message signed with another key is dropped and counted); the engines check them
again, with replay protection, since they are the ones that run code.  The relay
reads only the header of a message, never its content or buffers.

With ``curve=True`` every connection is encrypted with CurveZMQ: the controller's
sockets and the engines' are Curve servers with the cluster's key pair (written to the
connection files), and every socket that connects is a Curve client of it; a peer
without the public key fails the handshake and is never heard.

An engine whose heartbeat stops answering for ``hb_period * hb_misses`` seconds is
dropped: each request still waiting on it gets an error reply, ``EngineError``.  An
engine on the controller's machine is dropped the moment its process ends (the poller
watches a pidfd per engine, :mod:`~jovi.parallel.processwatch`).

The controller keeps a state file as it runs (:mod:`~jovi.parallel.controllerstate`):
one started with ``restore=True`` after it died binds the same ports with the same
key and takes its engines back.

Every request sent to an engine (and load-balanced task) becomes a record in the task
database (:mod:`~jovi.parallel.taskdb`): the frames as relayed, then the reply's and
what the request printed; the hub answers queries on it (:mod:`~jovi.parallel.hubdb`),
sends finished requests again (``resubmit_request``) and skips tasks still waiting
for an engine (``abort_request``).  Nothing grows without bound: the database has
limits, and the outcomes the scheduler keeps for dependencies are the latest
``outcome_limit``.
"""

from __future__ import annotations

import os
import signal
import socket
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final

import msgspec
import zmq

from jovi.errors import JoviError
from jovi.parallel.contexts import many_sockets_context
from jovi.parallel.controllerstate import (
    ControllerState,
    KnownEngine,
    load_state,
    save_state,
    state_file,
)
from jovi.parallel.files import ControllerInfo, connection_file
from jovi.parallel.heartmonitor import HeartMonitor
from jovi.parallel.hubdb import answer_db, answer_history, answer_purge, answer_result, error_reply
from jovi.parallel.messages import (
    BROADCAST,
    AbortReply,
    AbortRequest,
    ConnectionReply,
    ConnectionRequest,
    DbRequest,
    HubHistoryRequest,
    PurgeRequest,
    QueueReply,
    QueueRequest,
    RegistrationNotification,
    RegistrationReply,
    RegistrationRequest,
    ResubmitReply,
    ResubmitRequest,
    ResultRequest,
    SignalReply,
    UnregistrationNotification,
)
from jovi.parallel.processwatch import host_identity, open_process, process_ended, send_signal
from jovi.parallel.query import parse
from jovi.parallel.records import TaskRecord
from jovi.parallel.scheduler import Dependency, Task, TaskScheduler
from jovi.parallel.taskdb import MemoryDB, NoDB, NoRecords, TaskDB
from jovi.parallel.wireio import receive, send
from jovi.protocol.connection import address
from jovi.protocol.control import ShutdownRequest
from jovi.protocol.ids import format_date, utcnow
from jovi.protocol.message import Header, UnknownContent
from jovi.protocol.session import Session
from jovi.protocol.signing import Signer
from jovi.protocol.wire import DELIMITER
from jovi.transport.zmq.curve import CurveKeys, make_client, make_server, new_server_keys
from jovi.utils.log import get_logger

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from jovi.protocol.message import Content

__all__ = ["Controller"]

log = get_logger("jovi.parallel.controller")

Frames = list[bytes]

SHUTDOWN_GRACE_S: Final = 5.0
"""How long the controller waits for its engines to confirm a shutdown."""

DRAIN: Final = 64
"""The most messages read from one socket before polling the others again."""

GONE_AFTER_S: Final = 0.3
"""While shutting down, an engine whose heartbeat is silent this long has exited."""

GONE_REMEMBERED: Final = 1024
"""How many dropped engines are remembered, to say why a request for one failed."""

HUB: Final = b"\x00hub"
"""The "client" of requests the hub sends itself (resubmitted ones): their replies are
recorded, not relayed; clients fetch them with ``result_request``."""


class _Head(msgspec.Struct):
    msg_type: str = ""


class _Parent(msgspec.Struct):
    msg_id: str = ""


class _Times(msgspec.Struct):
    started: str = ""
    completed: str = ""


_head = msgspec.json.Decoder(_Head)
_parent = msgspec.json.Decoder(_Parent)
_times = msgspec.json.Decoder(_Times)

_OUTPUT_KEYS: Final = {
    "execute_input": "execute_input",
    "execute_result": "execute_result",
    "error": "error",
    "display_data": "outputs",
}


@dataclass
class _Engine:
    """A registered engine and the sockets the controller holds to it."""

    id: int
    registration: RegistrationRequest
    shell: zmq.Socket[bytes]
    control: zmq.Socket[bytes]
    iopub: zmq.Socket[bytes]
    pending: dict[str, tuple[bytes, bytes, str]] = field(default_factory=dict)
    """msg_id -> (client identity, header frame, channel) of requests not answered."""
    completed: int = 0
    queued: int = 0
    """How many of ``pending`` came through the mux (not tasks, not control)."""
    shell_address: str = ""
    """Where its shell listens (clients send large data there straight)."""
    pidfd: int | None = None
    """Its process, watched (:mod:`~jovi.parallel.processwatch`) when on this machine."""

    @property
    def uuid(self) -> str:
        return self.registration.uuid

    @property
    def pid(self) -> int:
        return self.registration.pid

    def sockets(self) -> tuple[zmq.Socket[bytes], ...]:
        return (self.shell, self.control, self.iopub)


class Controller:
    """Binds the controller's sockets, writes its connection files and serves them.

    Args:
        security_dir: Where the connection files go (the profile's ``security``).
        cluster_id: Names the files (``ipcontroller-<id>-client.json``).
        ip: The address to listen on (loopback by default).
        key: The signing key; a fresh random one by default.
        hb_period: Seconds between heartbeats.
        hb_misses: Heartbeats missed in a row after which an engine is dropped.
        scheme: How the task scheduler chooses engines (:data:`~jovi.parallel.scheduler.SCHEMES`).
        hwm: The most load-balanced tasks an engine has at once (0: no limit).
        db: The task database (:class:`~jovi.parallel.taskdb.MemoryDB` by default).
        outcome_limit: How many outcomes of finished requests the scheduler keeps
            for dependencies (a task may depend on one of the latest that many).
        tiny_task_hwm: The most tiny tasks an engine holds while many wait
            (:class:`~jovi.parallel.scheduler.TaskScheduler`'s ``short_task_hwm``).
        curve: Encrypt every connection with CurveZMQ (a fresh server key pair).
        restore: Take back the keys, ports and engines of the controller that ran
            before with this ``cluster_id`` (:mod:`~jovi.parallel.controllerstate`),
            when it left a state file; start afresh otherwise.
    """

    def __init__(
        self,
        security_dir: Path,
        *,
        cluster_id: str = "",
        ip: str = "127.0.0.1",
        key: str | None = None,
        hb_period: float = 1.0,
        hb_misses: int = 3,
        scheme: str = "lru",
        hwm: int = 1,
        db: TaskDB | None = None,
        outcome_limit: int = 10_000,
        tiny_task_hwm: int = 16,
        curve: bool = False,
        restore: bool = False,
    ) -> None:
        self.security_dir = security_dir
        self.cluster_id = cluster_id
        self.hb_period = hb_period
        self.hb_misses = hb_misses
        self.state_path = state_file(security_dir, cluster_id)
        saved = load_state(self.state_path) if restore else None
        if saved is not None:
            key, ip = saved.key, saved.ip
        ports_wanted: dict[str, int] = dict(saved.ports) if saved is not None else {}
        self.session = Session(key if key is not None else str(uuid.uuid4()))
        self.signer = Signer(self.session.key, self.session.signature_scheme)
        self.context: zmq.Context[zmq.Socket[bytes]] = many_sockets_context()
        self.poller = zmq.Poller()
        self.engines: dict[int, _Engine] = {}
        self._by_socket: dict[zmq.Socket[bytes], tuple[_Engine, str]] = {}
        self._by_pidfd: dict[int, _Engine] = {}
        self._host = host_identity()
        self._next_id = saved.next_id if saved is not None else 0
        self._state_dirty = True
        self.refused = 0
        self.stopping = False
        self.files: list[Path] = []
        self.curve: CurveKeys | None = new_server_keys() if curve else None
        if saved is not None:  # the same keys as before, or none as before
            self.curve = (
                CurveKeys(saved.curve_public, saved.curve_secret) if saved.curve_public else None
            )
        if self.curve is None and not _loopback(ip):
            log.warning(
                "listening on %s without encryption: anyone who can reach it and has the "
                "key can run code (turn CurveZMQ on with --curve, or use SSH tunnels)",
                ip,
            )
        self.hub = self._bind(zmq.ROUTER, ip, ports_wanted.get("registration", 0))
        self.mux = self._bind(zmq.ROUTER, ip, ports_wanted.get("mux", 0))
        self.control = self._bind(zmq.ROUTER, ip, ports_wanted.get("control", 0))
        self.iopub = self._bind(zmq.PUB, ip, ports_wanted.get("iopub", 0))
        self.task = self._bind(zmq.ROUTER, ip, ports_wanted.get("task", 0))
        self.notification = self._bind(zmq.PUB, ip, ports_wanted.get("notification", 0))
        self.scheduler = TaskScheduler(
            scheme, hwm, outcome_limit=outcome_limit, short_task_hwm=tiny_task_hwm
        )
        self._routers = {"shell": self.mux, "control": self.control, "task": self.task}
        self.db: TaskDB = db if db is not None else MemoryDB()
        self._records_outputs = not isinstance(self.db, NoDB)
        self.in_flight: set[str] = set()
        """The msg_ids of requests sent and not answered (queued, or on an engine)."""
        self._uuids: dict[int, str] = {}
        """Every engine that ever registered: id -> uuid."""
        self._gone: dict[str, tuple[int, str]] = {}
        """The latest engines dropped: uuid -> (id, why), to answer a request for one
        that was on its way when it was dropped."""
        ports = {
            name: int(str(sock.getsockopt_string(zmq.LAST_ENDPOINT)).rsplit(":", 1)[1])
            for name, sock in (
                ("registration", self.hub),
                ("mux", self.mux),
                ("control", self.control),
                ("iopub", self.iopub),
                ("task", self.task),
                ("notification", self.notification),
            )
        }
        self.info = ControllerInfo(
            self.session.key.decode(),
            self.session.signature_scheme,
            "tcp",
            ip,
            ports,
            socket.gethostname(),
            os.getpid(),
            scheme,
            self.curve.public if self.curve else "",
            self.curve.secret if self.curve else "",
        )
        for sock in (self.hub, self.mux, self.control, self.task):
            self.poller.register(sock, zmq.POLLIN)
        self.heart = HeartMonitor(self.context, hb_period, hb_misses, curve=self.curve)
        self.poller.register(self.heart.pipe, zmq.POLLIN)
        if saved is not None:
            self._take_back(saved.engines)

    def _bind(self, kind: int, ip: str, port: int = 0) -> zmq.Socket[bytes]:
        sock: zmq.Socket[bytes] = self.context.socket(kind)
        sock.linger = 0
        if self.curve is not None:
            make_server(sock, self.curve)
        sock.bind(f"tcp://{ip}:{port}")
        return sock

    # ------------------------------------------------------------------ restoring

    def _take_back(self, known: tuple[KnownEngine, ...]) -> None:
        """Connect again to the engines a previous controller had; those whose process
        has ended are forgotten now, the others are kept while their heartbeats answer."""
        for entry in known:
            try:
                engine = self._connect_engine(entry.id, entry.registration)
            except (ProcessLookupError, zmq.ZMQError) as error:
                log.warning("engine %d is not taken back: %s", entry.id, error)
                continue
            log.info("engine %d taken back (pid %d)", entry.id, engine.pid)

    def state(self) -> ControllerState:
        """What a restored controller needs (:mod:`~jovi.parallel.controllerstate`)."""
        return ControllerState(
            key=self.info.key,
            signature_scheme=self.info.signature_scheme,
            ip=self.info.ip,
            ports=dict(self.info.ports),
            next_id=self._next_id,
            curve_public=self.curve.public if self.curve else "",
            curve_secret=self.curve.secret if self.curve else "",
            engines=tuple(
                KnownEngine(id=e.id, registration=e.registration)
                for e in sorted(self.engines.values(), key=lambda e: e.id)
            ),
        )

    def save_state(self) -> None:
        """Write the state file, if anything changed since it was last written."""
        if self._state_dirty:
            self._state_dirty = False
            save_state(self.state_path, self.state())

    def write_files(self) -> list[Path]:
        """Write the client and engine connection files (0600); returns their paths."""
        for role in ("client", "engine"):
            path = connection_file(self.security_dir, role, self.cluster_id)
            self.files.append(self.info.write(path, role))
        return self.files

    def remove_files(self) -> None:
        """Remove the connection files written (and the state file: the cluster ended)."""
        for path in self.files:
            path.unlink(missing_ok=True)
        self.files.clear()
        self.state_path.unlink(missing_ok=True)

    # ------------------------------------------------------------------ the loop

    def serve(self, should_stop: Callable[[], bool] | None = None) -> None:
        """Serve until a client asks the hub to shut down (or ``should_stop()`` is true)."""
        next_beat = time.monotonic()
        while self._serving():
            if should_stop is not None and should_stop():
                self.shutdown_engines()
                break
            timeout_ms = max(0.0, (next_beat - time.monotonic()) * 1000)
            for sock, _ in self.poller.poll(int(timeout_ms)):
                if isinstance(sock, int):  # an engine's process ended
                    self._process_ended(sock)
                    continue
                if sock is self.heart.pipe:
                    self._hearts_stopped()
                    continue
                # Up to DRAIN messages from a socket per poll: one poll per message
                # was a tenth of the relay's work under a stream of tiny tasks.
                for _ in range(DRAIN):
                    if not self._dispatch(sock):
                        break
            if self._state_dirty and not self.stopping:
                self.save_state()
            now = time.monotonic()
            if now >= next_beat and self._serving():
                self._run_scheduler()  # dependency timeouts
                next_beat = now + self.hb_period

    def _serving(self) -> bool:
        return not self.stopping

    def close(self) -> None:
        """Close every socket and remove the files."""
        self.remove_files()
        self.db.close()
        self.heart.stop()
        for engine in list(self.engines.values()):
            for sock in engine.sockets():
                sock.close(linger=0)
            if engine.pidfd is not None:
                os.close(engine.pidfd)
        self.engines.clear()
        self.context.destroy(linger=0)

    def _dispatch(self, sock: zmq.Socket[bytes]) -> bool:
        """Read and handle one message of ``sock``; False if none was waiting."""
        # The envelope as bytes, to read; the buffers as zmq frames, relayed and
        # recorded without a copy (a 100 MB push is not copied here), so what is
        # sent on is small bytes (copied) and frames (handed over).
        envelope = 8 if sock is self.mux or sock is self.control else 7
        try:
            frames = receive(sock, envelope, zmq.NOBLOCK)
        except zmq.Again:
            return False
        self._handle(sock, frames)
        return True

    def _handle(self, sock: zmq.Socket[bytes], frames: list[Any]) -> None:
        if sock is self.hub:
            self._from_hub(frames)
        elif sock is self.mux:
            self._to_engine(frames, "shell")
        elif sock is self.control:
            self._to_engine(frames, "control")
        elif sock is self.task:
            self._from_task(frames)
        else:
            engine, channel = self._by_socket[sock]
            if channel == "iopub":
                send(self.iopub, frames)
                if self._records_outputs:
                    self._record_output(frames)
            else:
                self._from_engine(engine, channel, frames)

    # ------------------------------------------------------------------ hub

    def _from_hub(self, frames: Frames) -> None:
        try:
            identities, message = self.session.deserialize(frames)
        except JoviError as error:
            self.refused += 1
            log.warning("hub: a message was dropped: %s", error)
            return
        content = message.content
        reply: Any
        buffers: list[Any] = []
        if isinstance(content, RegistrationRequest):
            reply = self._register(content)
        elif isinstance(content, ConnectionRequest):
            reply = ConnectionReply(
                engines=self._engine_map(),
                shells={str(i): e.shell_address for i, e in self.engines.items()},
            )
        elif isinstance(content, QueueRequest):
            reply = self._queue_status(content)
        elif isinstance(content, DbRequest):
            reply, buffers = answer_db(self.db, content)
        elif isinstance(content, ResultRequest):
            reply, buffers = answer_result(self.db, content, self.in_flight)
        elif isinstance(content, PurgeRequest):
            reply, dropped = answer_purge(self.db, content, self.in_flight, self._ran_on)
            self.scheduler.forget(dropped)
        elif isinstance(content, HubHistoryRequest):
            reply, buffers = answer_history(self.db)
        elif isinstance(content, ResubmitRequest):
            reply = self._resubmit(content)
        elif isinstance(content, AbortRequest):
            reply = self._abort(content)
        elif isinstance(content, ShutdownRequest):
            reply = UnknownContent(name="shutdown_reply", data={"status": "ok"})
            self.hub.send_multipart(
                self.session.serialize(self.session.message(reply, parent=message), identities)
            )
            self.shutdown_engines()
            self.stopping = True
            return
        else:
            reply = UnknownContent(
                name=message.msg_type.replace("_request", "_reply"),
                data={
                    "status": "error",
                    "ename": "ValueError",
                    "evalue": f"the hub does not answer {message.msg_type[:80]}",
                    "traceback": [],
                },
            )
        self.hub.send_multipart(
            self.session.serialize(
                self.session.message(reply, parent=message, buffers=buffers), identities
            ),
            copy=False,
        )

    def _queue_status(self, request: QueueRequest) -> QueueReply:
        wanted = request.targets if request.targets is not None else tuple(self.engines)
        status: dict[str, dict[str, Any]] = {}
        for i, engine in self.engines.items():
            if i not in wanted:
                continue
            tasks = self.scheduler.engines[i].tasks
            if request.verbose:
                queue = [m for m, (_, _, ch) in engine.pending.items() if ch == "shell"]
                status[str(i)] = {"queue": queue, "tasks": sorted(tasks)}
            else:
                status[str(i)] = {"queue": engine.queued, "tasks": len(tasks)}
            status[str(i)]["completed"] = engine.completed
        unassigned: int | tuple[str, ...] = (
            tuple(t.msg_id for t in self.scheduler.queue)
            if request.verbose
            else self.scheduler.waiting
        )
        return QueueReply(engines=status, unassigned=unassigned)

    def _ran_on(self, engine_ids: list[int]) -> list[str]:
        """The msg_ids of the finished records of these engines."""
        uuids = [self._uuids[i] for i in engine_ids if i in self._uuids]
        if not uuids:
            return []
        query = parse({"engine_uuid": {"$in": uuids}, "result_header": {"$ne": None}})
        return [r["msg_id"] for r in self.db.find(query, ("msg_id",))]

    def _resubmit(self, request: ResubmitRequest) -> ResubmitReply:
        """Send finished requests again, under new msg_ids; their replies are recorded
        (clients fetch them with ``result_request``)."""
        try:
            records = [self._finished_record(m) for m in request.msg_ids]
        except (KeyError, ValueError) as error:
            return error_reply(ResubmitReply, error)  # type: ignore[return-value]
        resubmitted: dict[str, str] = {}
        for record in records:
            header = msgspec.json.decode(bytes(record.request[0]))
            new_msg_id = str(uuid.uuid4())
            header.update(msg_id=new_msg_id, date=format_date(utcnow()))
            parts = [msgspec.json.encode(header), *record.request[1:4]]
            signed = [DELIMITER, self.signer.sign(parts), *parts, *record.request[4:]]
            if record.queue == "task":
                self._from_task([HUB, *signed])
            else:
                self._to_engine([HUB, (record.engine_uuid or "").encode(), *signed], "shell")
            self.db.resubmitted(record.msg_id, new_msg_id)
            resubmitted[record.msg_id] = new_msg_id
        return ResubmitReply(resubmitted=resubmitted)

    def _finished_record(self, msg_id: str) -> TaskRecord:
        record = self.db.get(msg_id)
        if record is None:
            raise NoRecords(f"no record of request {msg_id!r}")
        if not record.done:
            raise ValueError(
                f"request {msg_id!r} has not finished; only finished ones are resubmitted"
            )
        return record

    def _abort(self, request: AbortRequest) -> AbortReply:
        """Skip the tasks named that still wait for an engine (those on engines are the
        engines' to skip)."""
        aborted = self.scheduler.abort(set(request.msg_ids))
        for task in aborted:
            self._fail(
                task.frames[0],
                header_frame=task.frames[3],
                channel="task",
                ename="TaskAborted",
                evalue="the task was aborted before it ran",
                status="aborted",
            )
        return AbortReply(aborted=tuple(t.msg_id for t in aborted))

    def _engine_map(self) -> dict[str, str]:
        return {str(i): e.uuid for i, e in sorted(self.engines.items())}

    def _notify(self, content: RegistrationNotification | UnregistrationNotification) -> None:
        self.notification.send_multipart(self.session.serialize(self.session.message(content)))

    def _register(self, request: RegistrationRequest) -> RegistrationReply:
        known = next((e for e in self.engines.values() if e.uuid == request.uuid), None)
        if known is not None:
            if (known.pid, known.registration.connection_file) == (
                request.pid,
                request.connection_file,
            ):
                # The engine asked again (our answer was late): the same answer.
                return RegistrationReply(id=known.id, hb_period=self.hb_period)
            return RegistrationReply(
                status="error",
                ename="KeyError",
                evalue=f"uuid {request.uuid!r} is in use",
                traceback=(),
            )
        if request.requested_id >= 0:  # an MPI rank: the id must be that rank
            if request.requested_id in self.engines:
                return RegistrationReply(
                    status="error",
                    ename="KeyError",
                    evalue=f"engine id {request.requested_id} is in use",
                    traceback=(),
                )
            engine_id = request.requested_id
            self._next_id = max(self._next_id, engine_id + 1)
        else:
            while self._next_id in self.engines:
                self._next_id += 1
            engine_id = self._next_id
            self._next_id += 1

        try:
            engine = self._connect_engine(engine_id, request)
        except ProcessLookupError:
            return RegistrationReply(
                status="error",
                ename="ProcessLookupError",
                evalue=f"no process {request.pid}",
                traceback=(),
            )
        except zmq.ZMQError as error:  # out of sockets or descriptors: refuse this one
            log.error("engine (pid %d) refused: %s", request.pid, error)
            return RegistrationReply(
                status="error",
                ename="ZMQError",
                evalue=f"the controller cannot connect to the engine: {error} "
                "(a limit of open files too low for so many engines? see ulimit -n)",
                traceback=(),
            )
        self._notify(
            RegistrationNotification(id=engine_id, uuid=request.uuid, shell=engine.shell_address)
        )
        log.info("engine %d registered (pid %d)", engine_id, request.pid)
        return RegistrationReply(id=engine_id, hb_period=self.hb_period)

    def _connect_engine(self, engine_id: int, request: RegistrationRequest) -> _Engine:
        """Connect to the engine's kernel and watch it; the engine, added.

        Raises:
            ProcessLookupError: its process, on this machine, has ended.
            zmq.ZMQError: out of sockets or descriptors.
        """
        pidfd = open_process(request.pid) if request.host and request.host == self._host else None
        if pidfd is not None and process_ended(pidfd):
            os.close(pidfd)
            raise ProcessLookupError(f"its process {request.pid} has ended")
        opened: list[zmq.Socket[bytes]] = []

        def connect(kind: int, port: int) -> zmq.Socket[bytes]:
            sock: zmq.Socket[bytes] = self.context.socket(kind)
            opened.append(sock)
            sock.linger = 0
            if self.curve is not None:
                make_client(sock, self.curve)
            sock.connect(address(request.transport, request.ip, port))
            return sock

        try:
            iopub = connect(zmq.SUB, request.iopub_port)
            iopub.setsockopt(zmq.SUBSCRIBE, b"")
            engine = _Engine(
                engine_id,
                request,
                connect(zmq.DEALER, request.shell_port),
                connect(zmq.DEALER, request.control_port),
                iopub,
                pidfd=pidfd,
            )
        except zmq.ZMQError:
            for sock in opened:
                sock.close(linger=0)
            if pidfd is not None:
                os.close(pidfd)
            raise
        self.engines[engine_id] = engine
        self._uuids[engine_id] = request.uuid
        self._next_id = max(self._next_id, engine_id + 1)
        self.scheduler.add_engine(engine_id)
        for channel, sock in zip(("shell", "control", "iopub"), engine.sockets(), strict=True):
            self._by_socket[sock] = (engine, channel)
            self.poller.register(sock, zmq.POLLIN)
        if pidfd is not None:
            self._by_pidfd[pidfd] = engine
            self.poller.register(pidfd, zmq.POLLIN)
        self.heart.add(engine_id, address(request.transport, request.ip, request.hb_port))
        engine.shell_address = address(request.transport, request.ip, request.shell_port)
        self._state_dirty = True
        return engine

    def _process_ended(self, pidfd: int) -> None:
        engine = self._by_pidfd.get(pidfd)
        if engine is None:
            self.poller.unregister(pidfd)
            return
        self._drop(engine, f"its process {engine.pid} ended")

    # ------------------------------------------------------------------ relays

    def _to_engine(self, frames: Frames, channel: str) -> None:
        """A client's request ``[client, engine uuid, <IDS|MSG>, ...]``, relayed."""
        if len(frames) < 7 or frames[2] != DELIMITER:
            self.refused += 1
            return
        client, target = frames[0], frames[1].decode("utf-8", "replace")
        parts = frames[4:8]
        try:
            self.signer.verify(frames[3], parts)
            header = msgspec.json.decode(parts[0])
            msg_id = str(header["msg_id"])
        except (JoviError, msgspec.DecodeError, KeyError, TypeError) as error:
            self.refused += 1
            log.warning("a request was dropped: %s", error)
            return
        if frames[1] == BROADCAST and channel == "shell":
            self._broadcast(client, header, frames)
            return
        signalled = channel == "control" and header.get("msg_type") == "signal_request"
        if signalled and self._signal(client, target, frames):
            return
        self._relay(
            client, target, msg_id, header_frame=frames[4], message=frames[3:], channel=channel
        )

    def _signal(self, client: bytes, target: str, frames: Frames) -> bool:
        """Send a signal other than SIGINT to an engine watched here, from here (its own
        threads may be stuck); False to relay the request to the engine instead (SIGINT
        interrupts the running call, which the engine does best)."""
        engine = next((e for e in self.engines.values() if e.uuid == target), None)
        if engine is None or engine.pidfd is None:
            return False
        try:
            signum = int(msgspec.json.decode(frames[7])["sig"])
        except (msgspec.DecodeError, KeyError, TypeError, ValueError):
            return False
        if signum == signal.SIGINT:
            return False
        reply: Content
        try:
            send_signal(engine.pidfd, signum)
            reply = SignalReply()
        except (OSError, ValueError) as error:
            reply = SignalReply(
                status="error", ename=type(error).__name__, evalue=str(error), traceback=()
            )
        self._answer(client, header_frame=frames[4], channel="control", content=reply)
        return True

    def _relay(
        self,
        client: bytes,
        target: str,
        msg_id: str,
        *,
        header_frame: bytes,
        message: Frames,
        channel: str,
    ) -> None:
        """Send ``message`` (``[sig, header, parent, metadata, content, *buffers]``) to
        engine ``target``, remembering whom to answer."""
        engine = next((e for e in self.engines.values() if e.uuid == target), None)
        if engine is None:
            gone = self._gone.get(target)
            self._fail(
                client,
                header_frame=header_frame,
                channel=channel,
                ename="EngineError",
                evalue=(
                    f"Engine {gone[0]} died before request {msg_id!r} reached it: {gone[1]}"
                    if gone is not None
                    else f"no engine {target!r}"
                ),
            )
            return
        engine.pending[msg_id] = (client, header_frame, channel)
        if channel == "shell":
            engine.queued += 1
            self.in_flight.add(msg_id)
            self.db.add(TaskRecord(msg_id, "mux", message[1:], engine_uuid=engine.uuid))
        sock = engine.shell if channel == "shell" else engine.control
        send(sock, [client, DELIMITER, *message])

    def _broadcast(self, client: bytes, header: dict[str, Any], frames: Frames) -> None:
        """A request for several engines, sent once by the client: each engine gets a
        copy under its own msg_id (signed here), sharing the data frames."""
        try:
            fanout = msgspec.json.decode(frames[6])["broadcast"]
            targets = [str(t) for t in fanout["targets"]]
            msg_ids = [str(m) for m in fanout["msg_ids"]]
            if len(targets) != len(msg_ids):
                raise ValueError("as many msg_ids as targets are needed")
        except (msgspec.DecodeError, KeyError, TypeError, ValueError) as error:
            self.refused += 1
            log.warning("a broadcast was dropped: %s", error)
            return
        shared = frames[5:]  # parent, metadata, content, buffers: the same for all
        for target, msg_id in zip(targets, msg_ids, strict=True):
            copy = msgspec.json.encode({**header, "msg_id": msg_id})
            signature = self.signer.sign([copy, *shared[:3]])
            message = [signature, copy, *shared]
            self._relay(client, target, msg_id, header_frame=copy, message=message, channel="shell")

    def _from_engine(self, engine: _Engine, channel: str, frames: Frames) -> None:
        """An engine's reply ``[client, <IDS|MSG>, sig, header, parent, ...]``, relayed."""
        if len(frames) < 7 or frames[1] != DELIMITER:
            return
        try:
            parent = msgspec.json.decode(frames[4])
            msg_id = str(parent.get("msg_id", ""))
        except (msgspec.DecodeError, AttributeError):
            msg_id = ""
        request = engine.pending.pop(msg_id, None)
        if request is None:
            return  # a reply to the controller itself (a shutdown)
        client, _, route = request
        if route == "task" and _ename(frames[6]) == "UnmetDependency":
            task = self.scheduler.unmet(msg_id, engine.id)
            if task is not None:  # to another engine, or ImpossibleDependency
                engine.completed += 1
                self._run_scheduler()
                return
        if client != HUB:
            send(self._routers[route], frames)
        if route != "control":
            engine.completed += 1
            if route == "shell":
                engine.queued -= 1
            try:
                ok = msgspec.json.decode(frames[6]).get("status", "ok") == "ok"
            except (msgspec.DecodeError, AttributeError):
                ok = False
            self._finished(msg_id, frames[3:], ok, engine.id, _duration(frames[5]))
            self._run_scheduler()

    def _finished(
        self,
        msg_id: str,
        result: list[Any],
        ok: bool,
        engine: int | None,
        duration: float | None = None,
    ) -> None:
        """A request's reply (``[header, parent, metadata, content, *buffers]``) came."""
        self.in_flight.discard(msg_id)
        self.scheduler.record(msg_id, ok, engine, duration)
        self.db.finish(msg_id, result, utcnow())

    def _record_output(self, frames: Frames) -> None:
        """Keep what a request published (stdout, results, errors) in its record."""
        try:
            start = frames.index(DELIMITER) + 2
            kind = _head.decode(frames[start]).msg_type
            if kind == "status":
                return
            msg_id = _parent.decode(frames[start + 1]).msg_id
            content = msgspec.json.decode(frames[start + 3])
        except (ValueError, IndexError, msgspec.DecodeError):
            return
        if kind == "stream" and isinstance(content, dict):
            name = "stderr" if content.get("name") == "stderr" else "stdout"
            self.db.output(msg_id, name, str(content.get("text", "")))
        elif kind in _OUTPUT_KEYS:
            self.db.output(msg_id, _OUTPUT_KEYS[kind], content)

    def _fail(
        self,
        client: bytes,
        *,
        header_frame: bytes,
        channel: str,
        ename: str,
        evalue: str,
        metadata: dict[str, Any] | None = None,
        status: str = "error",
    ) -> None:
        """Answer a request that no engine will answer with an error reply."""
        try:
            msg_type = str(msgspec.json.decode(header_frame)["msg_type"])
        except (msgspec.DecodeError, KeyError, TypeError):
            return
        content = UnknownContent(
            name=msg_type.replace("_request", "_reply"),
            data={
                "status": status,
                "ename": ename,
                "evalue": evalue,
                "traceback": [f"{ename}: {evalue}\n"],
            },
        )
        self._answer(client, header_frame=header_frame, channel=channel, content=content,
                     metadata=metadata, ok=False)  # fmt: skip

    def _answer(
        self,
        client: bytes,
        *,
        header_frame: bytes,
        channel: str,
        content: Content,
        metadata: dict[str, Any] | None = None,
        ok: bool = True,
    ) -> None:
        """Answer a request in the engine's stead with ``content``."""
        try:
            parent = Header.from_json(msgspec.json.decode(header_frame))
        except (msgspec.DecodeError, JoviError):
            return
        # "origin": the client waits for no output from an engine for this reply.
        message = self.session.message(
            content, parent=parent, metadata={**(metadata or {}), "origin": "controller"}
        )
        frames = self.session.serialize(message, [client])
        if client != HUB:
            send(self._routers[channel], frames)
        if channel != "control":
            self._finished(parent.msg_id, frames[3:], ok, None)

    # ------------------------------------------------------------------ tasks

    def _from_task(self, frames: Frames) -> None:
        """A load-balanced request ``[client, <IDS|MSG>, sig, header, parent, metadata, ...]``."""
        if len(frames) < 7 or frames[1] != DELIMITER:
            self.refused += 1
            return
        try:
            self.signer.verify(frames[2], frames[3:7])
            header = msgspec.json.decode(frames[3])
            metadata = msgspec.json.decode(frames[5])
            msg_id = str(header["msg_id"])
            if not isinstance(metadata, dict):
                raise TypeError("metadata must be an object")
            targets = metadata.get("targets")
            timeout = float(metadata.get("timeout") or 0)
            task = Task(
                msg_id,
                frames,
                after=Dependency.from_json(metadata.get("after")),
                follow=Dependency.from_json(metadata.get("follow")),
                targets=frozenset(int(t) for t in targets) if targets is not None else None,
                retries=int(metadata.get("retries") or 0),
                deadline=time.monotonic() + timeout if timeout > 0 else None,
            )
        except (JoviError, msgspec.DecodeError, KeyError, TypeError, ValueError) as error:
            self.refused += 1
            log.warning("a task was dropped: %s", error)
            return
        self.in_flight.add(msg_id)
        self.db.add(TaskRecord(msg_id, "task", frames[3:]))
        self.scheduler.submit(task)
        self._run_scheduler()

    def _run_scheduler(self) -> None:
        assigned, failed = self.scheduler.schedule(time.monotonic(), self.in_flight.__contains__)
        for task in assigned:
            assert task.engine is not None
            engine = self.engines[task.engine]
            client = task.frames[0]
            engine.pending[task.msg_id] = (client, task.frames[3], "task")
            send(engine.shell, task.frames)
            self.db.assign(task.msg_id, engine.uuid)
        for task, ename, evalue in failed:
            self._fail(
                task.frames[0],
                header_frame=task.frames[3],
                channel="task",
                ename=ename,
                evalue=evalue,
                metadata={"status": "error", "dependencies_met": False},
            )

    # ------------------------------------------------------------------ heartbeats

    def _hearts_stopped(self) -> None:
        """Drop the engines the heart monitor reports dead."""
        dead_after = self.heart.dead_after
        for engine_id in self.heart.dead():
            engine = self.engines.get(engine_id)
            if engine is not None:
                self._drop(engine, f"its heartbeat stopped for {dead_after:g} s", beating=False)

    def _drop(self, engine: _Engine, why: str, *, beating: bool = True) -> None:
        log.warning("engine %d is dropped: %s", engine.id, why)
        del self.engines[engine.id]
        self._gone[engine.uuid] = (engine.id, why)
        while len(self._gone) > GONE_REMEMBERED:
            del self._gone[next(iter(self._gone))]
        if beating:
            self.heart.remove(engine.id)
        self._state_dirty = True
        self._notify(UnregistrationNotification(id=engine.id, uuid=engine.uuid))
        for sock in engine.sockets():
            self.poller.unregister(sock)
            del self._by_socket[sock]
            sock.close(linger=0)
        if engine.pidfd is not None:
            self.poller.unregister(engine.pidfd)
            del self._by_pidfd[engine.pidfd]
            os.close(engine.pidfd)
            engine.pidfd = None
        retried = set()
        for task in self.scheduler.remove_engine(engine.id):
            if task.retries > 0:
                task.retries -= 1
                task.engine = None
                self.scheduler.submit(task, first=True)
                retried.add(task.msg_id)
        for msg_id, (client, header, channel) in engine.pending.items():
            if msg_id in retried:
                continue
            self._fail(
                client,
                header_frame=header,
                channel=channel,
                ename="EngineError",
                evalue=f"Engine {engine.id} died while running task {msg_id!r}",
                metadata={"engine_id": engine.id, "engine_uuid": engine.uuid, "status": "error"},
            )

    # ------------------------------------------------------------------ shutdown

    def shutdown_engines(self) -> None:
        """Ask every engine to shut down; wait (at most :data:`SHUTDOWN_GRACE_S`) until
        each has answered, ended (its process, when watched here) or stopped echoing
        heartbeats for :data:`GONE_AFTER_S` (an engine that exits at once may never get
        its answer out)."""
        waiting = dict(self.engines)
        for engine in waiting.values():
            message = self.session.message(ShutdownRequest(restart=False))
            engine.control.send_multipart(self.session.serialize(message))
        self.heart.hurry(GONE_AFTER_S)
        poller = zmq.Poller()
        poller.register(self.heart.pipe, zmq.POLLIN)
        for engine in waiting.values():
            poller.register(engine.control, zmq.POLLIN)
            if engine.pidfd is not None:
                poller.register(engine.pidfd, zmq.POLLIN)
        started = time.monotonic()
        while waiting and time.monotonic() - started < SHUTDOWN_GRACE_S:
            for sock, _ in poller.poll(int(GONE_AFTER_S * 1000 / 2)):
                if isinstance(sock, int):
                    poller.unregister(sock)
                    waiting.pop(self._by_pidfd[sock].id, None)
                elif sock is self.heart.pipe:
                    for engine_id in self.heart.dead():
                        waiting.pop(engine_id, None)
                else:
                    engine, _ = self._by_socket[sock]
                    sock.recv_multipart()
                    waiting.pop(engine.id, None)


def _loopback(ip: str) -> bool:
    return ip.startswith("127.") or ip in {"localhost", "::1"}


def _ename(content: bytes) -> str | None:
    """The ``ename`` of a reply's content frame (None when it has none)."""
    if b"UnmetDependency" not in content:
        return None  # the common case, without decoding
    try:
        value = msgspec.json.decode(content)
    except msgspec.DecodeError:
        return None
    ename = value.get("ename") if isinstance(value, dict) else None
    return ename if isinstance(ename, str) else None


def _duration(metadata: bytes) -> float | None:
    """How long a request ran on its engine, from its reply's metadata frame."""
    try:
        times = _times.decode(metadata)
        if not times.started or not times.completed:
            return None
        started = datetime.fromisoformat(times.started)
        return (datetime.fromisoformat(times.completed) - started).total_seconds()
    except (msgspec.DecodeError, ValueError, TypeError):
        return None
