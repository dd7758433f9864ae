"""The result of requests sent to engines: ``get``, ``wait``, ``ready``....

An :class:`AsyncResult` holds the msg_ids of one call sent to one or more engines.
``get()`` waits for every reply and returns the value (one engine) or the list of
values (several); errors raise :class:`~jovi.parallel.errors.RemoteError` (one
engine) or :class:`~jovi.parallel.errors.CompositeError` (several).
:class:`AsyncMapResult` joins the parts of a map into one list; iterating over it
yields the elements as their parts arrive, in order, or in the order the parts finish
for a map made with ``ordered=False``.

The timing sugar of IPython 0.13: ``elapsed`` (seconds since the first request was
sent), ``wall_time`` (first sent to last received), ``serial_time`` (the engines'
busy time added up) and ``progress`` (how many requests finished);
``wait_interactive()`` shows the progress while waiting (see
:mod:`jovi.parallel.progress`).

An :class:`AsyncResult` is also a ``concurrent.futures.Future`` (as ipyparallel's is):
``result``, ``exception``, ``done``, ``add_done_callback``, and
``concurrent.futures.wait`` and ``as_completed`` work on it.  Callbacks run on the
thread that reads the reply, which for a caller that does not wait itself is the
client's reader thread (:mod:`~jovi.parallel.reader`), started by the first callback
or waiter.  A request sent cannot be cancelled: ``cancel()`` returns False (``abort()``
skips requests that have not started).
"""

from __future__ import annotations

import concurrent.futures
import time
from datetime import datetime
from typing import TYPE_CHECKING, Any

from jovi.parallel.errors import CompositeError, RemoteError, remote_error
from jovi.parallel.outputs import EngineOutput, display_outputs
from jovi.parallel.serialize import unpack_value

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

    from jovi.parallel.client import Client

__all__ = ["AsyncHubResult", "AsyncMapResult", "AsyncResult", "finished"]


def finished(result: AsyncResult, block: bool) -> Any:
    """What a view's call returns: the result's value when blocking, else the result."""
    return result.get() if block else result


class _Waiters(list[Any]):
    """A future's waiters (``concurrent.futures.wait`` and ``as_completed`` add one):
    adding one has the client watch the result, so that it is settled while they wait."""

    def __init__(self, result: AsyncResult) -> None:
        super().__init__()
        self._result = result

    def append(self, waiter: Any) -> None:
        super().append(waiter)
        self._result.watch()


class AsyncResult(concurrent.futures.Future[Any]):
    """The replies to one request sent to one or more engines.

    Args:
        client: The client that sent them.
        msg_ids: One msg_id per engine.
        fname: What was called (for messages).
        targets: The engine of each msg_id.
        single: Whether ``get`` gives one value (a request to one engine by id)
            rather than a list.
    """

    def __init__(
        self,
        client: Client,
        msg_ids: Sequence[str],
        *,
        fname: str = "unknown",
        targets: Sequence[int] = (),
        single: bool = False,
        transform: Callable[[list[Any]], Any] | None = None,
    ) -> None:
        super().__init__()
        self._waiters = _Waiters(self)
        self._watching = False
        self.parts_left = 0
        """While watched: how many of the requests have not finished (the client
        counts them down, and settles the result at 0)."""
        self._client = client
        self.msg_ids = list(msg_ids)
        self.fname = fname
        self.targets = list(targets)
        self._single = single
        self._transform = transform
        self._values: list[Any] | None = None
        self._error: RemoteError | None = None

    @property
    def msg_id(self) -> str:
        """The msg_id, when there is one."""
        return self.msg_ids[0]

    def ready(self) -> bool:
        """Whether every reply arrived."""
        self._client.spin(0)
        return not (set(self.msg_ids) & self._client.outstanding)

    def wait(self, timeout: float = -1) -> bool:
        """Wait for the replies, at most ``timeout`` seconds (-1: no limit); returns
        whether they arrived."""
        return self._client.wait(self.msg_ids, timeout)

    def successful(self) -> bool:
        """Whether every call succeeded.

        Raises:
            AssertionError: a reply is still missing (as multiprocessing does).
        """
        if not self.ready():
            raise AssertionError("the result is not ready")
        return all(self._reply_ok(msg_id) for msg_id in self.msg_ids)

    def _reply_ok(self, msg_id: str) -> bool:
        status = self._client.results[msg_id].content.to_json().get("status", "ok")
        return bool(status == "ok")

    def get(self, timeout: float = -1) -> Any:
        """The value(s), waiting at most ``timeout`` seconds (-1: no limit).

        Raises:
            TimeoutError: not every reply arrived in time.
            RemoteError: the call failed on its engine.
            CompositeError: calls failed on several engines (or on one of several).
        """
        if self._values is None and self._error is None:
            if not self.wait(timeout):
                raise TimeoutError(f"{self.fname}: the result is not ready after {timeout:g} s")
            self._collect()
        if self._error is not None:
            raise self._error
        assert self._values is not None
        values: Any = self._values
        if self._transform is not None:
            return self._transform(values)
        return values[0] if self._single else values

    @property
    def r(self) -> Any:
        """``get()``: the value(s), waiting for them."""
        return self.get()

    def result(self, timeout: float | None = None) -> Any:
        """``get(timeout)`` (the name of ``concurrent.futures.Future``; None or -1: no
        limit)."""
        return self.get(-1 if timeout is None else timeout)

    # ------------------------------------------------------------------ the Future

    def done(self) -> bool:
        """Whether every reply arrived (``ready()``)."""
        return super().done() or self.ready()

    def running(self) -> bool:
        """Whether a reply is still missing."""
        return not self.done()

    def cancel(self) -> bool:
        """False: a request sent is not cancelled (:meth:`abort` skips the ones that
        have not started)."""
        return False

    def cancelled(self) -> bool:
        """False (see :meth:`cancel`)."""
        return False

    def exception(self, timeout: float | None = None) -> BaseException | None:
        """The error of the call (None if it succeeded), waiting at most ``timeout``
        seconds.

        Raises:
            TimeoutError: not every reply arrived in time.
        """
        if not self.wait(-1 if timeout is None else timeout):
            raise TimeoutError(f"{self.fname}: the result is not ready after {timeout:g} s")
        try:
            self.get(0)
        except Exception as error:  # noqa: BLE001 - the call's error is the answer
            return error
        return None

    def add_done_callback(self, fn: Callable[[concurrent.futures.Future[Any]], object]) -> None:
        """Call ``fn(self)`` once every reply arrived (now, if they have), on the thread
        that reads the last one."""
        super().add_done_callback(fn)
        self.watch()

    def watch(self) -> None:
        """Have the client settle this future when its last reply arrives."""
        if self._watching or super().done():
            return
        self._watching = True
        self._client.watch(self)

    def settle(self) -> None:
        """Give the future its value or error (every reply is in), waking its waiters and
        running its callbacks."""
        with self._condition:
            if super().done():
                return
            try:
                value = self.get(0)
            except Exception as error:  # noqa: BLE001 - the future holds it
                self.set_exception(error)
            else:
                self.set_result(value)

    def _collect(self) -> None:
        values: list[Any] = []
        errors: list[RemoteError] = []
        for msg_id in self.msg_ids:
            message = self._client.results[msg_id]
            content = message.content.to_json()
            info = dict(self._client.metadata.get(msg_id, {}))
            info.setdefault("method", self.fname)
            if content.get("status", "ok") != "ok":
                errors.append(remote_error(content, info))
                values.append(None)
            elif message.msg_type == "execute_reply":
                values.append(None)
            else:
                values.append(unpack_value(message.buffers) if message.buffers else None)
        if errors:
            if self._single:
                self._error = errors[0]
            else:
                self._error = CompositeError(f"{len(errors)} of {len(self.msg_ids)} failed", errors)
        self._values = values

    def get_dict(self, timeout: float = -1) -> dict[int, Any]:
        """``{engine id: value}``."""
        values = self.get(timeout)
        if self._single:
            values = [values]
        return dict(zip(self.targets, values, strict=True))

    @property
    def metadata(self) -> Any:
        """Each request's metadata: engine, times, ``stdout``, ``stderr``,
        ``execute_result``... (one dict, or a list for several engines)."""
        records = [self._client.metadata[msg_id] for msg_id in self.msg_ids]
        return records[0] if self._single else records

    @property
    def stdout(self) -> Any:
        """What each engine printed."""
        records = [self._client.metadata[msg_id].get("stdout", "") for msg_id in self.msg_ids]
        return records[0] if self._single else records

    @property
    def engine_id(self) -> Any:
        """The engine(s) that ran the request (known once it ran, for a task)."""
        ids = [self._client.metadata[m].get("engine_id") for m in self.msg_ids]
        return ids[0] if self._single else ids

    def abort(self) -> None:
        """Skip the requests that have not started (they raise ``TaskAborted``)."""
        self._client.abort(self.msg_ids)

    @property
    def stderr(self) -> Any:
        """What each engine wrote to stderr."""
        return self._field("stderr", "")

    @property
    def outputs(self) -> Any:
        """The displays (``display_data`` contents) of each engine."""
        return self._field("outputs", [])

    @property
    def execute_result(self) -> Any:
        """The ``execute_result`` content of each engine (``None`` where none)."""
        return self._field("execute_result", None)

    def _field(self, name: str, default: Any) -> Any:
        records = [self._client.metadata[m].get(name) or default for m in self.msg_ids]
        return records[0] if self._single else records

    def engine_outputs(self) -> list[EngineOutput]:
        """What each engine printed and displayed so far, one record per request."""
        self._client.spin(0)
        return [EngineOutput.from_metadata(self._client.metadata[m]) for m in self.msg_ids]

    def display_outputs(self, groupby: str = "type") -> None:
        """Show what the engines printed and displayed, labelled ``[stdout:0]``... (see
        :func:`jovi.parallel.outputs.display_outputs` for ``groupby``)."""
        self.wait()
        display_outputs(self.engine_outputs(), groupby, single=self._single)

    # ------------------------------------------------------------------ timing

    @property
    def progress(self) -> int:
        """How many of the requests have finished."""
        self._client.spin(0)
        outstanding = self._client.outstanding
        return sum(1 for msg_id in self.msg_ids if msg_id not in outstanding)

    def _times(self, key: str) -> list[float]:
        values = (_seconds(self._client.metadata[m].get(key)) for m in self.msg_ids)
        return [value for value in values if value is not None]

    @property
    def wall_time(self) -> float:
        """Seconds from sending the first request to receiving the last reply.

        Raises:
            RuntimeError: not every reply arrived yet.
        """
        if not self.ready():
            raise RuntimeError(f"{self.fname}: the result is not ready (see elapsed)")
        submitted, received = self._times("submitted"), self._times("received")
        return max(received) - min(submitted) if submitted and received else 0.0

    @property
    def elapsed(self) -> float:
        """Seconds since the first request was sent (``wall_time`` once finished)."""
        if self.ready():
            return self.wall_time
        submitted = self._times("submitted")
        return time.time() - min(submitted) if submitted else 0.0

    @property
    def serial_time(self) -> float:
        """The seconds the engines spent on the requests, added up (``wall_time``
        divides it for the speed-up)."""
        total = 0.0
        for msg_id in self.msg_ids:
            record = self._client.metadata[msg_id]
            started, completed = _seconds(record.get("started")), _seconds(record.get("completed"))
            if started is not None and completed is not None:
                total += completed - started
        return total

    def wait_interactive(self, interval: float = 1.0, timeout: float = -1) -> None:
        """Wait, showing how many requests finished and the time elapsed: a line
        rewritten in a terminal, a display updated in place in a notebook."""
        from jovi.parallel.progress import wait_interactive  # noqa: PLC0415 - rarely used

        wait_interactive(self, interval, timeout)

    def __len__(self) -> int:
        return len(self.msg_ids)

    def __iter__(self) -> Iterator[Any]:
        values = self.get()
        yield from ([values] if self._single else values)

    def __repr__(self) -> str:
        state = "finished" if self.ready() else "pending"
        return f"<AsyncResult({self.fname}): {state}>"


def _seconds(value: Any) -> float | None:
    """A timestamp of the metadata (a datetime, an ISO string or epoch seconds) as
    epoch seconds."""
    if isinstance(value, datetime):
        return value.timestamp()
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value).timestamp()
        except ValueError:
            return None
    if isinstance(value, int | float):
        return float(value)
    return None


class AsyncHubResult(AsyncResult):
    """Results fetched from the controller's task database (``get_result`` of another
    client's requests, ``resubmit``): waiting for them polls the controller."""


class AsyncMapResult(AsyncResult):
    """The result of a map: the parts from the engines, joined into one list.

    Args:
        ordered: Iterating yields the elements in the order of the input (else in the
            order the parts finish).
    """

    def __init__(
        self, client: Client, msg_ids: Sequence[str], *, ordered: bool = True, **options: Any
    ) -> None:
        super().__init__(client, msg_ids, transform=_join, **options)
        self.ordered = ordered

    def get(self, timeout: float = -1) -> Any:
        """The list of every element (for an unordered map, in the order the parts
        finished)."""
        if self.ordered:
            return super().get(timeout)
        if not self.wait(timeout):
            raise TimeoutError(f"{self.fname}: the result is not ready after {timeout:g} s")
        return list(self)

    def __iter__(self) -> Iterator[Any]:
        """The elements, as soon as the part holding each one arrived."""
        pending = list(self.msg_ids)
        client = self._client
        while pending:
            client.spin(0)
            done = [m for m in pending if m not in client.outstanding]
            if self.ordered:
                done = done[:1] if done and done[0] == pending[0] else []
            if not done:
                client.spin(0.05)
                continue
            for msg_id in done:
                pending.remove(msg_id)
                yield from self._part(msg_id)

    def _part(self, msg_id: str) -> list[Any]:
        message = self._client.results[msg_id]
        content = message.content.to_json()
        if content.get("status", "ok") != "ok":
            info = dict(self._client.metadata.get(msg_id, {}))
            info.setdefault("method", self.fname)
            raise remote_error(content, info)
        part = unpack_value(message.buffers) if message.buffers else []
        return list(part)


def _join(parts: list[Any]) -> list[Any]:
    joined: list[Any] = []
    for part in parts:
        joined.extend(part)
    return joined
