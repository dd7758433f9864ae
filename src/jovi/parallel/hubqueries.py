"""The client's questions to the hub about tasks: the task database and task control.

:class:`HubQueries` is part of :class:`~jovi.parallel.client.Client`:
``db_query``, ``get_result`` (also of another client's requests), ``resubmit``,
``purge_results`` and its kin, ``hub_history``, ``abort`` and ``send_signal``.
Results that only the hub has (``get_result`` of others' requests, ``resubmit``)
are fetched by asking it again every :data:`HUB_POLL_S` while someone waits for them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Final, cast

from jovi.parallel.asyncresult import AsyncHubResult, AsyncResult
from jovi.parallel.errors import remote_error
from jovi.parallel.messages import (
    AbortRequest,
    DbReply,
    DbRequest,
    HubHistoryReply,
    HubHistoryRequest,
    PurgeRequest,
    ResubmitReply,
    ResubmitRequest,
    ResultReply,
    ResultRequest,
    SignalRequest,
)
from jovi.parallel.query import BUFFER_KEYS, DATE_KEYS, to_date
from jovi.protocol.wire import decode_parts

if TYPE_CHECKING:
    import zmq

    from jovi.parallel.client import Client
    from jovi.protocol.message import Content, Message

__all__ = ["HUB_POLL_S", "HubQueries", "Jobs"]

HUB_POLL_S: Final = 0.1
"""How often a wait for results only the hub has asks it again."""

HUB_TIMEOUT_S: Final = 30.0

Jobs = str | int | AsyncResult | Iterable[str | int | AsyncResult] | None
"""Requests named by msg_id, by index in the client's history, or by their result."""

_RAISED: Final[dict[str, type[Exception]]] = {
    "KeyError": KeyError,
    "NoRecords": KeyError,
    "QueryError": ValueError,
    "ValueError": ValueError,
    "RuntimeError": RuntimeError,
}


class HubQueries:
    """The task-database and task-control methods of the client."""

    if TYPE_CHECKING:
        results: dict[str, Message[Content]]
        metadata: dict[str, dict[str, Any]]
        outstanding: set[str]
        history: list[str]
        _hub_pending: set[str]
        _idle: set[str]
        _control: zmq.Socket[bytes]

        def _hub_request(self, content: Content, timeout: float) -> Message[Content]: ...
        def resolve_targets(self, targets: Any) -> list[int]: ...
        def _send(
            self, sock: zmq.Socket[bytes], engine: int, content: Content, buffers: Sequence[Any]
        ) -> str: ...
        def _finished(self, msg_id: str) -> None: ...

    @property
    def _client(self) -> Client:
        return cast("Client", self)

    def _ask_hub(self, content: Content) -> Message[Content]:
        """The hub's reply; its error, raised.

        Raises:
            KeyError: no such record, or the hub keeps none.
            ValueError: a query or argument it does not understand.
            RuntimeError: what was asked cannot be done (purging a pending request).
        """
        reply = self._hub_request(content, HUB_TIMEOUT_S)
        data = reply.content.to_json()
        if data.get("status", "ok") != "ok":
            ename = str(data.get("ename") or "Error")
            kind = _RAISED.get(ename)
            if kind is None:
                raise remote_error(data, {"method": content.msg_type})
            raise kind(str(data.get("evalue") or ename))
        return reply

    def _msg_ids(self, jobs: Jobs) -> list[str]:
        if jobs is None:
            return []
        items: Iterable[Any] = [jobs] if isinstance(jobs, str | int | AsyncResult) else jobs
        ids: list[str] = []
        for item in items:
            if isinstance(item, AsyncResult):
                ids.extend(item.msg_ids)
            elif isinstance(item, int):
                ids.append(self.history[item])
            else:
                ids.append(str(item))
        return ids

    # ------------------------------------------------------------------ the database

    def db_query(
        self, query: dict[str, Any], keys: str | Sequence[str] | None = None
    ) -> list[dict[str, Any]]:
        """The task records ``query`` finds (see the guide for its syntax), with ``keys``
        (all but the buffers by default; ``msg_id`` always), oldest first.

        Raises:
            KeyError: the controller keeps no records (``--db none``).
            ValueError: the query is not understood.
        """
        request = DbRequest(
            query=query, keys=keys if keys is None or isinstance(keys, str) else tuple(keys)
        )
        reply = self._ask_hub(request)
        content = reply.content
        assert isinstance(content, DbReply)
        buffers = list(reply.buffers)
        records = []
        for record, counts in zip(content.records, content.buffer_counts, strict=True):
            found = dict(record)
            for key in DATE_KEYS:
                if key in found:
                    found[key] = to_date(found[key])
            for key, count in zip(BUFFER_KEYS, counts, strict=True):
                if count >= 0:
                    found[key], buffers = [bytes(b) for b in buffers[:count]], buffers[count:]
            records.append(found)
        return records

    def hub_history(self) -> list[str]:
        """The msg_ids of the records the controller holds, oldest first."""
        content = self._ask_hub(HubHistoryRequest()).content
        assert isinstance(content, HubHistoryReply)
        return list(content.history)

    def get_result(self, indices_or_msg_ids: Jobs = -1, *, block: bool = False) -> Any:
        """The result of earlier requests, by msg_id or index in :attr:`history`,
        also of requests another client sent (fetched from the controller's records).

        Returns:
            An :class:`AsyncResult` (its value with ``block=True``).

        Raises:
            KeyError: the controller has no record of one of them.
        """
        ids = self._msg_ids(indices_or_msg_ids)
        if all(m in self.results or m in self.outstanding for m in ids):
            result: AsyncResult = AsyncResult(
                self._client, ids, fname="get_result", single=len(ids) == 1
            )
        else:
            self._fetch(ids)
            result = AsyncHubResult(self._client, ids, fname="get_result", single=len(ids) == 1)
        return result.get() if block else result

    def resubmit(self, indices_or_msg_ids: Jobs, *, block: bool = False) -> Any:
        """Run finished requests again (as new requests, by the controller).

        Returns:
            An :class:`AsyncHubResult` of the new requests (their value with ``block=True``).

        Raises:
            KeyError: the controller has no record of one of them.
            ValueError: one has not finished.
        """
        ids = self._msg_ids(indices_or_msg_ids)
        content = self._ask_hub(ResubmitRequest(msg_ids=tuple(ids))).content
        assert isinstance(content, ResubmitReply)
        new_ids = [content.resubmitted[m] for m in ids]
        self._watch(new_ids)
        result = AsyncHubResult(self._client, new_ids, fname="resubmit", single=len(ids) == 1)
        return result.get() if block else result

    def _watch(self, msg_ids: Iterable[str]) -> None:
        """Wait for these results through the hub."""
        for msg_id in msg_ids:
            if msg_id not in self.results:
                self.outstanding.add(msg_id)
                self._hub_pending.add(msg_id)
                self.metadata.setdefault(msg_id, {"msg_id": msg_id, "stdout": "", "stderr": ""})

    def _fetch(self, msg_ids: Sequence[str]) -> None:
        """Ask the hub for these results; keep those finished, watch the others."""
        wanted = [m for m in msg_ids if m not in self.results]
        if not wanted:
            return
        reply = self._ask_hub(ResultRequest(msg_ids=tuple(wanted)))
        content = reply.content
        assert isinstance(content, ResultReply)
        self._watch(content.pending)
        frames = list(reply.buffers)
        for msg_id, count in zip(content.finished, content.frame_counts, strict=True):
            parts, frames = frames[:count], frames[count:]
            message = decode_parts(parts[0], parts[1], parts[2], parts[3], parts[4:])
            record = self.metadata.setdefault(msg_id, {"msg_id": msg_id})
            record.update(message.metadata)
            outputs = dict(content.outputs.get(msg_id, {}))
            outputs["received"] = to_date(outputs.get("received"))
            record.update(outputs)
            self.results[msg_id] = message
            self._hub_pending.discard(msg_id)
            self._finished(msg_id)

    def _poll_hub(self, wanted: set[str]) -> None:
        """Fetch the results in ``wanted`` only the hub has."""
        waiting = wanted & self._hub_pending
        if waiting:
            self._fetch(sorted(waiting))

    # ------------------------------------------------------------------ forgetting

    def purge_local_results(self, jobs: Jobs | str = (), targets: Any = ()) -> None:
        """Forget, in this client, the results of ``jobs`` (``"all"``: every finished
        one) and of the requests that ran on ``targets``.

        Raises:
            RuntimeError: one of ``jobs`` has not finished.
        """
        if jobs == "all":
            for msg_id in [m for m in self.results if m not in self.outstanding]:
                self._forget(msg_id)
            return
        ids = self._msg_ids(jobs)
        running = [m for m in ids if m in self.outstanding]
        if running:
            raise RuntimeError(f"Can't purge outstanding tasks: {', '.join(running[:5])}")
        engines = set(self.resolve_targets(targets)) if targets not in ((), None, []) else set()
        if engines:
            ids += [
                m
                for m, record in self.metadata.items()
                if record.get("engine_id") in engines and m not in self.outstanding
            ]
        for msg_id in ids:
            self._forget(msg_id)

    def _forget(self, msg_id: str) -> None:
        self.results.pop(msg_id, None)
        self.metadata.pop(msg_id, None)

    def purge_hub_results(self, jobs: Jobs | str = (), targets: Any = ()) -> None:
        """Forget, in the controller, the records of ``jobs`` (``"all"``: every
        finished one) and of the requests that ran on ``targets``.

        Raises:
            RuntimeError: one of ``jobs`` has not finished.
        """
        engines = self.resolve_targets(targets) if targets not in ((), None, []) else []
        ids: tuple[str, ...] | str = "all" if jobs == "all" else tuple(self._msg_ids(jobs))
        self._ask_hub(PurgeRequest(msg_ids=ids, engine_ids=tuple(engines)))

    def purge_results(self, jobs: Jobs | str = (), targets: Any = ()) -> None:
        """Forget the results of ``jobs`` (``"all"``: every finished one) and of the
        requests that ran on ``targets``, here and in the controller.

        Raises:
            ValueError: neither ``jobs`` nor ``targets`` given.
            RuntimeError: one of ``jobs`` has not finished.
        """
        if jobs in ((), None, []) and targets in ((), None, []):
            raise ValueError("Must specify at least one of `targets` and `jobs`")
        self.purge_local_results(jobs, targets)
        self.purge_hub_results(jobs, targets)

    def purge_everything(self) -> None:
        """Forget every finished result, here and in the controller, and the history."""
        self.purge_results("all")
        self.history = [m for m in self.history if m in self.outstanding]

    # ------------------------------------------------------------------ control

    def abort(self, jobs: Jobs = None, targets: Any = None, *, block: bool = True) -> AsyncResult:
        """Skip requests that have not started: ``jobs`` (every outstanding one by
        default), waiting in the controller or queued on ``targets`` (all engines by
        default).  Each one skipped raises :class:`~jovi.parallel.errors.TaskAborted`;
        one already running is not stopped (:meth:`send_signal` interrupts it)."""
        ids = self._msg_ids(jobs) if jobs is not None else sorted(self.outstanding)
        self._ask_hub(AbortRequest(msg_ids=tuple(ids)))
        engines = self.resolve_targets(targets)
        request = AbortRequest(msg_ids=tuple(ids))
        sent = [self._send(self._control, i, request, ()) for i in engines]
        result = AsyncResult(self._client, sent, fname="abort", targets=engines)
        if block:
            result.get()
        return result

    def send_signal(self, sig: int, targets: Any = None, *, block: bool = True) -> AsyncResult:
        """Send signal ``sig`` to the engines' processes (``signal.SIGINT`` interrupts
        the call running there, which raises ``KeyboardInterrupt``)."""
        engines = self.resolve_targets(targets)
        sent = [self._send(self._control, i, SignalRequest(sig=int(sig)), ()) for i in engines]
        result = AsyncResult(self._client, sent, fname="send_signal", targets=engines)
        if block:
            result.get()
        return result
