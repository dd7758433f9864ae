"""The hub's answers that only read or trim the task database.

``db_request`` (a query), ``result_request`` (the replies to earlier requests, of any
client), ``purge_request`` (forget finished records) and ``hub_history_request``: each
function takes the database and the request's content and returns the reply's content
and buffers.  The controller sends them; nothing here touches a socket.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from jovi.parallel.messages import (
    DbReply,
    DbRequest,
    HubHistoryReply,
    PurgeReply,
    PurgeRequest,
    ResultReply,
    ResultRequest,
)
from jovi.parallel.query import BUFFER_KEYS, QueryError, parse, select_keys
from jovi.parallel.taskdb import NoRecords
from jovi.protocol.ids import format_date

if TYPE_CHECKING:
    from collections.abc import Callable, Collection

    from jovi.parallel.taskdb import TaskDB
    from jovi.protocol.message import Reply

__all__ = ["answer_db", "answer_history", "answer_purge", "answer_result", "error_reply"]

Answer = tuple["Reply", list[Any]]


def error_reply(kind: type[Reply], error: BaseException) -> Reply:
    """``kind`` with status ``error`` describing ``error``."""
    ename = type(error).__name__
    evalue = str(error.args[0]) if isinstance(error, KeyError) and error.args else str(error)
    return kind(status="error", ename=ename, evalue=evalue, traceback=(f"{ename}: {evalue}\n",))


def _json_value(value: Any) -> Any:
    return format_date(value) if isinstance(value, datetime) else value


def answer_db(db: TaskDB, request: DbRequest) -> Answer:
    """The records ``request.query`` finds, with the keys asked for."""
    try:
        conditions = parse(dict(request.query))
        keys = select_keys(request.keys)
        records = db.find(conditions, keys)
    except (QueryError, NoRecords) as error:
        return error_reply(DbReply, error), []
    buffers: list[Any] = []
    counts: list[tuple[int, int]] = []
    rows = []
    for record in records:
        count = [-1, -1]
        for i, key in enumerate(BUFFER_KEYS):
            found = record.pop(key, None)
            if found is not None:
                count[i] = len(found)
                buffers.extend(found)
        counts.append((count[0], count[1]))
        rows.append({k: _json_value(v) for k, v in record.items()})
    return DbReply(records=tuple(rows), buffer_counts=tuple(counts)), buffers


def answer_result(db: TaskDB, request: ResultRequest, in_flight: Collection[str]) -> Answer:
    """Which of the requests are pending, and the replies of those finished."""
    pending: list[str] = []
    finished: list[str] = []
    counts: list[int] = []
    outputs: dict[str, dict[str, Any]] = {}
    buffers: list[Any] = []
    try:
        for msg_id in request.msg_ids:
            record = db.get(msg_id)
            if record is None or record.result is None:
                if msg_id in in_flight:
                    pending.append(msg_id)
                    continue
                raise KeyError(f"no record of request {msg_id!r}")
            finished.append(msg_id)
            counts.append(len(record.result))
            buffers.extend(record.result)
            outputs[msg_id] = {
                "engine_uuid": record.engine_uuid,
                "received": _json_value(record.received),
                **{k: record.value(k) for k in ("stdout", "stderr", "outputs")},
                **{k: record.value(k) for k in ("execute_input", "execute_result", "error")},
            }
    except KeyError as error:
        return error_reply(ResultReply, error), []
    return ResultReply(
        pending=tuple(pending),
        finished=tuple(finished),
        frame_counts=tuple(counts),
        outputs=outputs,
    ), buffers


def answer_purge(
    db: TaskDB,
    request: PurgeRequest,
    in_flight: Collection[str],
    ran_on: Callable[[list[int]], list[str]],
) -> tuple[Reply, list[str]]:
    """Forget the finished records asked for; returns the reply and the msg_ids forgotten.

    Args:
        ran_on: The msg_ids of the finished records of these engines.
    """
    if request.msg_ids == "all":
        return PurgeReply(), db.drop_finished()
    if isinstance(request.msg_ids, str):
        return error_reply(PurgeReply, ValueError(f"msg_ids: {request.msg_ids!r}")), []
    running = [m for m in request.msg_ids if m in in_flight]
    if running:
        error = RuntimeError(f"Can't purge outstanding tasks: {', '.join(running[:5])}")
        return error_reply(PurgeReply, error), []
    try:
        dropped = [*request.msg_ids, *ran_on(list(request.engine_ids))]
    except NoRecords:
        dropped = list(request.msg_ids)
    db.drop(dropped)
    return PurgeReply(), dropped


def answer_history(db: TaskDB) -> Answer:
    """The msg_ids of the records, oldest first."""
    try:
        found = db.find([], ("msg_id",))
    except NoRecords as error:
        return error_reply(HubHistoryReply, error), []
    return HubHistoryReply(history=tuple(r["msg_id"] for r in found)), []
