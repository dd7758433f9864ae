"""Which request output belongs to: by context, thread and task (ipykernel's rules)."""

from __future__ import annotations

import asyncio
import contextvars
import threading

from jovi.kernel.parents import Parent, ParentTracker
from jovi.protocol.message import Header


def _parent(name: str) -> Parent:
    return Parent(Header(msg_id=name, msg_type="execute_request"))


def _in_new_thread(call):
    result = []
    thread = threading.Thread(target=lambda: result.append(call()))
    thread.start()
    thread.join(5)
    return result[0]


def test_a_thread_uses_the_parent_set_last_unless_it_chose_one():
    tracker = ParentTracker("shell")
    tracker.set(_parent("cell-1"))
    assert _in_new_thread(tracker.current).header.msg_id == "cell-1"
    tracker.set(_parent("cell-2"))
    assert _in_new_thread(tracker.current).header.msg_id == "cell-2"

    def chooses() -> str:
        token = tracker.set_thread(_parent("mine"))
        chosen = tracker.current().header.msg_id
        tracker.reset_thread(token)
        return f"{chosen} then {tracker.current().header.msg_id}"

    assert _in_new_thread(chooses) == "mine then cell-2"
    assert tracker.current().header.msg_id == "cell-2"  # not changed for others


def test_a_task_keeps_the_parent_of_the_cell_that_created_it():
    tracker = ParentTracker("shell")

    async def scenario() -> list[str]:
        seen = []
        tracker.set(_parent("cell-1"))

        async def task_body() -> None:
            await asyncio.sleep(0)
            seen.append(tracker.current().header.msg_id)

        task = asyncio.get_running_loop().create_task(task_body())
        tracker.set(_parent("cell-2"))  # the next cell starts before the task prints
        await task
        seen.append(tracker.current().header.msg_id)
        return seen

    assert contextvars.copy_context().run(asyncio.run, scenario()) == ["cell-1", "cell-2"]


def test_the_parent_as_libraries_see_it():
    header = Header(msg_id="m", msg_type="execute_request", session="s")
    assert Parent(header).as_dict() == {
        "header": header.to_json(),
        "parent_header": {},
        "metadata": {},
    }
    assert ParentTracker("control").current() is None
