"""The task database without sockets: the query language, and the memory and SQLite
backends giving the same answers (records made from real signed-protocol frames)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import msgspec
import pytest

from jovi.parallel.messages import ApplyReply, ApplyRequest
from jovi.parallel.query import QueryError, matches, parse, select_keys, sql_where
from jovi.parallel.records import TaskRecord
from jovi.parallel.sqlitedb import SQLiteDB
from jovi.parallel.taskdb import MemoryDB, NoDB, NoRecords, TaskDB, open_db
from jovi.protocol.session import Session
from jovi.protocol.wire import encode_parts

if TYPE_CHECKING:
    from pathlib import Path

NOW = datetime(2026, 12, 7, 1, 0, tzinfo=UTC)
HOUR_AGO = NOW - timedelta(hours=1)


def request(session: Session, date: datetime, payload: bytes = b"call") -> TaskRecord:
    message = session.message(ApplyRequest(), buffers=[payload])
    header = msgspec.structs.replace(message.header, date=date)
    message = msgspec.structs.replace(message, header=header)
    return TaskRecord(message.msg_id, "task", [*encode_parts(message), payload])


def reply(session: Session, record: TaskRecord, started: datetime, engine: str) -> list[Any]:
    parent = msgspec.json.decode(record.request[0])
    from jovi.protocol.message import Header

    message = session.message(
        ApplyReply(),
        parent=Header.from_json(parent),
        metadata={
            "started": started.isoformat(),
            "completed": (started + timedelta(seconds=1)).isoformat(),
            "engine_uuid": engine,
        },
        buffers=[b"value"],
    )
    return [*encode_parts(message), b"value"]


def fill(db: TaskDB) -> dict[str, Any]:
    """Five records: two clients, two engines, one still running, one never assigned."""
    me, other = Session(b"k"), Session(b"k")
    engines = ["engine-a", "engine-b"]
    made: dict[str, Any] = {"me": me.session_id, "engines": engines, "ids": []}
    plan = [
        (me, NOW - timedelta(minutes=10), engines[0], True),
        (me, NOW - timedelta(hours=3), engines[1], True),
        (other, NOW - timedelta(hours=2), engines[0], True),
        (other, NOW - timedelta(minutes=5), engines[1], False),
        (me, NOW - timedelta(minutes=1), None, False),
    ]
    for session, started, engine, done in plan:
        record = request(session, started - timedelta(seconds=1))
        db.add(record)
        made["ids"].append(record.msg_id)
        if engine is not None:
            db.assign(record.msg_id, engine)
        if done:
            assert engine is not None
            db.finish(record.msg_id, reply(session, record, started, engine), started)
            db.output(record.msg_id, "stdout", "hello ")
            db.output(record.msg_id, "stdout", "world")
            db.output(record.msg_id, "outputs", {"data": {"text/plain": "1"}})
    return made


@pytest.fixture(params=["memory", "sqlite"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> TaskDB:
    if request.param == "memory":
        return MemoryDB()
    return SQLiteDB(tmp_path / "tasks.db", table="tasks")


def test_the_four_queries_of_the_seeds(db: TaskDB) -> None:
    made = fill(db)
    ids = made["ids"]

    def run(query: dict[str, Any], keys: Any = None) -> list[dict[str, Any]]:
        return db.find(parse(query), select_keys(keys))

    pending = run({"completed": None}, ["msg_id", "started"])
    assert [r["msg_id"] for r in pending] == [ids[3], ids[4]]
    assert pending[0] == {"msg_id": ids[3], "started": None}

    mine_recent = run({"started": {"$gte": HOUR_AGO}, "client_uuid": made["me"]})
    assert [r["msg_id"] for r in mine_recent] == [ids[0]]
    assert mine_recent[0]["stdout"] == "hello world"
    assert mine_recent[0]["outputs"] == [{"data": {"text/plain": "1"}}]
    assert mine_recent[0]["started"] == NOW - timedelta(minutes=10)
    assert "buffers" not in mine_recent[0]

    # The seeds' "$le" is "less than".
    others_old = run({"started": {"$le": HOUR_AGO}, "client_uuid": {"$ne": made["me"]}})
    assert [r["msg_id"] for r in others_old] == [ids[2]]

    on_a = run({"engine_uuid": {"$in": [made["engines"][0]]}}, "result_header")
    assert [r["msg_id"] for r in on_a] == [ids[0], ids[2]]
    assert set(on_a[0]) == {"msg_id", "result_header"}
    assert on_a[0]["result_header"]["msg_type"] == "apply_reply"


def test_every_operator_gives_the_same_answer_on_both_backends(tmp_path: Path) -> None:
    memory, sqlite = MemoryDB(), SQLiteDB(tmp_path / "t.db", table="t")
    made = fill(memory)
    for record in memory.records.values():  # the same records in both
        sqlite.add(record)
        if record.engine_uuid:
            sqlite.assign(record.msg_id, record.engine_uuid)
        if record.result is not None and record.received is not None:
            sqlite.finish(record.msg_id, record.result, record.received)
    queries: list[dict[str, Any]] = [
        {"started": {"$lt": HOUR_AGO}},
        {"started": {"$gt": HOUR_AGO}},
        {"started": {"$lte": NOW - timedelta(minutes=10)}},
        {"started": {"$gte": NOW - timedelta(minutes=10), "$lt": NOW}},
        {"started": {"$ge": HOUR_AGO.isoformat()}},
        {"engine_uuid": {"$ne": "engine-a"}},
        {"engine_uuid": {"$ne": None}},
        {"engine_uuid": {"$eq": None}},
        {"engine_uuid": {"$nin": ["engine-a"]}},
        {"engine_uuid": {"$nin": ["engine-a", None]}},
        {"engine_uuid": {"$in": ["engine-b", None]}},
        {"engine_uuid": {"$in": []}},
        {"client_uuid": made["me"], "completed": {"$ne": None}},
        {"result_header": None},
        {"msg_id": {"$gt": made["ids"][0]}},
        {},
    ]
    for query in queries:
        keys = select_keys(["msg_id"])
        expected = [r["msg_id"] for r in memory.find(parse(query), keys)]
        assert [r["msg_id"] for r in sqlite.find(parse(query), keys)] == expected, query


def test_a_query_is_checked_before_it_runs() -> None:
    with pytest.raises(QueryError, match="unknown key"):
        parse({"nonsense": 1})
    with pytest.raises(QueryError, match="unknown operator"):
        parse({"started": {"$near": NOW}})
    with pytest.raises(QueryError, match="not a date"):
        parse({"started": {"$lt": "yesterday"}})
    with pytest.raises(QueryError, match="compared with None"):
        parse({"header": {"msg_type": "apply_request"}})
    with pytest.raises(QueryError, match="takes a list"):
        parse({"engine_uuid": {"$in": "abc"}})
    with pytest.raises(QueryError, match="needs a value"):
        parse({"started": {"$lt": None}})
    assert parse({"pyerr": None})[0].key == "error"
    assert select_keys("stdout") == ("msg_id", "stdout")


def test_the_evaluator_treats_none_as_no_value() -> None:
    conditions = parse({"started": {"$lt": NOW}})
    assert not matches({"started": None}, conditions)
    assert matches({"started": HOUR_AGO}, conditions)
    assert matches({"engine_uuid": None}, parse({"engine_uuid": {"$ne": "x"}}))
    where, params = sql_where(parse({"engine_uuid": {"$ne": "x"}}), str, str)
    assert where == "(engine_uuid IS NULL OR engine_uuid != ?)"
    assert params == ["x"]


def test_memory_limits_drop_the_oldest_finished_records_first() -> None:
    db = MemoryDB(record_limit=10, size_limit=1 << 20)
    session = Session(b"k")
    running = request(session, NOW)
    db.add(running)  # never finished: never dropped
    ids = []
    for i in range(30):
        record = request(session, NOW + timedelta(seconds=i))
        db.add(record)
        db.finish(record.msg_id, reply(session, record, NOW, "e"), NOW)
        ids.append(record.msg_id)
    assert len(db.records) <= 10
    assert running.msg_id in db.records
    assert ids[-1] in db.records
    assert ids[0] not in db.records

    by_size = MemoryDB(record_limit=1000, size_limit=10_000)
    for _ in range(50):
        record = request(session, NOW, b"x" * 1000)
        by_size.add(record)
        by_size.finish(record.msg_id, reply(session, record, NOW, "e"), NOW)
    assert by_size.total_size <= 10_000
    assert by_size.total_size == sum(r.size for r in by_size.records.values())


def test_get_gives_back_the_frames_and_drop_forgets(db: TaskDB) -> None:
    made = fill(db)
    record = db.get(made["ids"][0])
    assert record is not None
    assert record.value("buffers") == [b"call"]
    assert record.value("result_buffers") == [b"value"]
    assert record.value("header")["msg_id"] == made["ids"][0]
    assert record.done
    assert db.get("no such id") is None
    dropped = db.drop_finished()
    assert sorted(dropped) == sorted(made["ids"][:3])
    assert [r["msg_id"] for r in db.find([], ("msg_id",))] == made["ids"][3:]
    db.drop([made["ids"][3]])
    assert [r["msg_id"] for r in db.find([], ("msg_id",))] == made["ids"][4:]


def test_sqlite_records_outlive_the_connection(tmp_path: Path) -> None:
    first = SQLiteDB(tmp_path / "tasks.db", table="tasks")
    made = fill(first)
    first.close()
    again = open_db("sqlite", directory=tmp_path, table="tasks")
    assert [r["msg_id"] for r in again.find([], ("msg_id",))] == made["ids"]
    again.close()


def test_no_db_keeps_nothing() -> None:
    db = NoDB()
    fill(db)
    with pytest.raises(NoRecords):
        db.find([], ("msg_id",))
    with pytest.raises(NoRecords):
        db.get("x")
    with pytest.raises(ValueError, match="unknown task database"):
        open_db("mongo")
