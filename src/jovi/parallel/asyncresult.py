"""The result of requests sent to engines: ``get``, ``wait``, ``ready``....

An :class:`AsyncResult` holds the msg_ids of one call sent to one or more engines.
``get()`` waits for every reply and returns the value (one engine) or the list of
values (several); errors raise :class:`~jovi.parallel.errors.RemoteError` (one
engine) or :class:`~jovi.parallel.errors.CompositeError` (several).
:class:`AsyncMapResult` joins the parts of a map into one list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jovi.parallel.errors import CompositeError, RemoteError, remote_error
from jovi.parallel.serialize import unpack_value

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

    from jovi.parallel.client import Client

__all__ = ["AsyncHubResult", "AsyncMapResult", "AsyncResult", "finished"]


def finished(result: AsyncResult, block: bool) -> Any:
    """What a view's call returns: the result's value when blocking, else the result."""
    return result.get() if block else result


class AsyncResult:
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

    def __len__(self) -> int:
        return len(self.msg_ids)

    def __iter__(self) -> Iterator[Any]:
        values = self.get()
        yield from ([values] if self._single else values)

    def __repr__(self) -> str:
        state = "finished" if self.ready() else "pending"
        return f"<AsyncResult({self.fname}): {state}>"


class AsyncHubResult(AsyncResult):
    """Results fetched from the controller's task database (``get_result`` of another
    client's requests, ``resubmit``): waiting for them polls the controller."""


class AsyncMapResult(AsyncResult):
    """The result of a map: the parts from the engines, joined into one list."""

    def __init__(self, client: Client, msg_ids: Sequence[str], **options: Any) -> None:
        super().__init__(client, msg_ids, transform=_join, **options)


def _join(parts: list[Any]) -> list[Any]:
    joined: list[Any] = []
    for part in parts:
        joined.extend(part)
    return joined
