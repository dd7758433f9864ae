"""The debugger's parts without a debug session: cell names, DAP framing and connection,
the variables of a namespace, and the requests the kernel answers itself."""

from __future__ import annotations

import json
import linecache
import socket
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jovi.kernel.dap import DapConnection, DapError, DapFramer, encode
from jovi.kernel.debugcells import HASH_SEED, CellFiles, murmur2
from jovi.kernel.debugger import Debugger
from jovi.kernel.debugvars import VariableExplorer
from jovi.shell.cells import cell_label, register_cell
from jovi.shell.interactiveshell import InteractiveShell

# ------------------------------------------------------------------ cell names


def _reference_murmur2(data: bytes, seed: int) -> int:
    """MurmurHash2 as JupyterLab's debugger computes it, written out byte by byte."""
    m = 0x5BD1E995
    h = (seed ^ len(data)) & 0xFFFFFFFF
    i = 0
    while len(data) - i >= 4:
        k = data[i] | data[i + 1] << 8 | data[i + 2] << 16 | data[i + 3] << 24
        k = (k * m) & 0xFFFFFFFF
        k ^= k >> 24
        k = (k * m) & 0xFFFFFFFF
        h = ((h * m) & 0xFFFFFFFF) ^ k
        i += 4
    rest = len(data) - i
    if rest == 3:
        h ^= data[i + 2] << 16
    if rest >= 2:
        h ^= data[i + 1] << 8
    if rest >= 1:
        h ^= data[i]
        h = (h * m) & 0xFFFFFFFF
    h ^= h >> 13
    h = (h * m) & 0xFFFFFFFF
    return h ^ (h >> 15)


def test_known_hashes_of_cells():
    # Values JupyterLab's own Murmur2 gives for these cells with the announced seed.
    assert HASH_SEED == 3339675911
    assert murmur2("") == _reference_murmur2(b"", HASH_SEED)
    assert murmur2("x = 1\nprint(x)\n") == 1538517086
    assert murmur2("é€😀") == _reference_murmur2("é€😀".encode(), HASH_SEED)


@given(st.text(max_size=64))
def test_the_hash_is_murmur2_of_the_utf8_bytes(text):
    assert murmur2(text) == _reference_murmur2(text.encode("utf-8", "surrogatepass"), HASH_SEED)


def test_a_cell_file_is_named_from_its_source_and_dumped_for_its_user_only(tmp_path):
    cells = CellFiles(tmp_path / "cells")
    name = cells.filename("a = 1\n")
    assert name == f"{tmp_path / 'cells'}/{murmur2('a = 1' + chr(10))}.py"
    assert cells.name_cell(7, "a = 1\n") == name  # the execution count plays no part
    assert cells.dump("a = 1\n") == name
    assert Path(name).read_text() == "a = 1\n"
    assert (tmp_path / "cells").stat().st_mode & 0o777 == 0o700
    cells.remove()
    assert not (tmp_path / "cells").exists()


def test_names_of_cells_run_again_are_kept_and_the_oldest_forgotten():
    cells = CellFiles(Path("/cells"))
    first = cells.filename("x = 1")
    for n in range(300):
        assert cells.filename(f"y = {n}") == f"/cells/{murmur2(f'y = {n}')}.py"
    assert len(cells._names) == 256  # bounded
    assert "x = 1" not in cells._names  # the oldest went first
    assert cells.filename("x = 1") == first  # and is named the same when it comes back


def test_the_default_directory_is_one_per_process():
    import os
    import tempfile

    expected = Path(tempfile.gettempdir()) / f"ipykernel_{os.getpid()}"
    assert CellFiles().prefix == f"{expected}{os.sep}"


def test_a_cell_named_by_a_hash_is_still_labelled_with_its_count(tmp_path):
    name = str(tmp_path / "123.py")
    register_cell(name, "x = 1\n", 4)
    assert cell_label(name) == "Cell In[4]"
    assert linecache.getline(name, 1) == "x = 1\n"


# ------------------------------------------------------------------ DAP framing


def test_messages_are_cut_out_of_any_chunks():
    stream = encode({"seq": 1, "type": "event", "event": "é"}) + encode({"seq": 2})
    for size in (1, 3, 7, len(stream)):
        framer = DapFramer()
        found = []
        for start in range(0, len(stream), size):
            found += framer.feed(stream[start : start + size])
        assert found == [{"seq": 1, "type": "event", "event": "é"}, {"seq": 2}]


def test_a_stream_that_is_not_dap_is_refused():
    with pytest.raises(DapError, match="Content-Length"):
        DapFramer().feed(b"Hello: 1\r\n\r\n{}")
    with pytest.raises(DapError, match="not a JSON object"):
        DapFramer().feed(b"Content-Length: 2\r\n\r\n[]")
    with pytest.raises(DapError, match="no end"):
        DapFramer().feed(b"x" * 2000)


class FakeAdapter:
    """A DAP server on loopback: answers each request with its command, in reverse
    order of two, and sends an event first."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.requests: list[dict] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        peer, _ = self.server.accept()
        self.server.close()
        with peer:
            self._answer_all(peer)

    def _answer_all(self, peer: socket.socket) -> None:
        framer = DapFramer()
        peer.sendall(encode({"type": "event", "seq": 1, "event": "hello"}))
        held = None
        while data := peer.recv(4096):
            for message in framer.feed(data):
                self.requests.append(message)
                if message["command"] == "hold":
                    held = message
                    continue
                peer.sendall(encode(_answer(message)))
                if held is not None:
                    peer.sendall(encode(_answer(held)))
                    held = None
                if message["command"] == "bye":
                    return


def _answer(request: dict) -> dict:
    return {
        "type": "response",
        "seq": 100 + request["seq"],
        "request_seq": request["seq"],
        "success": True,
        "command": request["command"],
    }


@pytest.mark.integration
def test_responses_find_their_requests_and_events_their_callback():
    adapter = FakeAdapter()
    events = []
    connection = DapConnection(events.append, name="jovi-debugger-test")
    connection.connect("127.0.0.1", adapter.port)
    held = connection.send("hold")
    assert connection.request("quick", {"x": 1}, timeout=10)["command"] == "quick"
    assert held.wait(10)["command"] == "hold"  # answered after the later request
    assert events == [{"type": "event", "seq": 1, "event": "hello"}]
    assert [(r["seq"], r["command"]) for r in adapter.requests] == [(1, "hold"), (2, "quick")]
    assert adapter.requests[1]["arguments"] == {"x": 1}
    connection.request("bye", timeout=10)
    late = connection.request("after the end", timeout=10)
    assert late["success"] is False
    connection.close()
    assert connection.reader is not None
    assert not connection.reader.is_alive()
    assert connection.reader.name == "jovi-debugger-test"


@pytest.mark.integration
def test_a_request_unanswered_in_time_fails_with_a_message():
    server = socket.create_server(("127.0.0.1", 0))
    connection = DapConnection(lambda event: None)
    connection.connect("127.0.0.1", server.getsockname()[1])
    peer, _ = server.accept()
    reply = connection.request("stackTrace", timeout=0.05)
    assert reply == {
        "type": "response",
        "success": False,
        "command": "stackTrace",
        "message": "the debugger did not answer within 0.05 s",
    }
    connection.close()
    peer.close()
    server.close()


# ------------------------------------------------------------------ variables


def test_the_top_variables_are_the_users_and_their_children_can_be_asked_for():
    class Point:
        def __init__(self) -> None:
            self.x, self.y, self._hidden = 1, 2, 3

    namespace = {
        "__name__": "__main__",
        "_": None,
        "_3": 4,
        "_i2": "x",
        "In": [],
        "text": "hello",
        "numbers": [10, 20],
        "table": {"a": 1},
        "point": Point(),
        "_mine": 5,
    }
    explorer = VariableExplorer()
    top = {v["name"]: v for v in explorer.top(namespace, {"In": None})}
    assert sorted(top) == ["_mine", "numbers", "point", "table", "text"]
    assert top["text"] == {
        "name": "text",
        "value": "'hello'",
        "type": "str",
        "evaluateName": "text",
        "variablesReference": 0,
    }
    numbers = explorer.children(top["numbers"]["variablesReference"])
    assert [(v["name"], v["value"], v["evaluateName"]) for v in numbers] == [
        ("0", "10", "numbers[0]"),
        ("1", "20", "numbers[1]"),
    ]
    table = explorer.children(top["table"]["variablesReference"])
    assert [(v["name"], v["evaluateName"]) for v in table] == [("'a'", "table['a']")]
    point = explorer.children(top["point"]["variablesReference"])
    assert [(v["name"], v["type"]) for v in point] == [("x", "int"), ("y", "int")]
    old = top["numbers"]["variablesReference"]
    explorer.top(namespace, {})
    assert explorer.children(old) == []  # references last until the next listing


def test_a_failing_repr_is_shown_not_raised():
    class Broken:
        def __repr__(self) -> str:
            raise RuntimeError("no")

    [variable] = VariableExplorer().top({"b": Broken()}, {})
    assert variable["value"].startswith("<Broken instance at 0x")


# ------------------------------------------------------------------ requests answered here


@pytest.fixture
def debugger(tmp_path, isolated_dirs):
    shell = InteractiveShell(profile_dir=tmp_path / "profile")
    debugger = Debugger(lambda event: None, CellFiles(tmp_path / "cells"))
    debugger.attach_shell(shell)
    yield debugger
    shell.close()


def ask(debugger: Debugger, command: str, **arguments) -> dict:
    return debugger.handle(
        {"type": "request", "seq": 9, "command": command, "arguments": arguments}
    )


def test_debug_info_says_how_cells_are_named_before_any_session(debugger, tmp_path):
    reply = ask(debugger, "debugInfo")
    assert (reply["success"], reply["request_seq"], reply["command"]) == (True, 9, "debugInfo")
    assert reply["body"] == {
        "isStarted": False,
        "hashMethod": "Murmur2",
        "hashSeed": HASH_SEED,
        "tmpFilePrefix": str(tmp_path / "cells") + "/",
        "tmpFileSuffix": ".py",
        "breakpoints": [],
        "stoppedThreads": [],
        "richRendering": True,
        "exceptionPaths": ["Python Exceptions"],
        "copyToGlobals": True,
    }


def test_a_dumped_cell_is_the_file_its_code_runs_as(debugger):
    code = "def f():\n    return 1 / 0\nf()\n"
    path = ask(debugger, "dumpCell", code=code)["body"]["sourcePath"]
    assert Path(path).read_text() == code
    result = debugger.shell.run_cell(code)
    assert result.error_in_exec.__traceback__.tb_next.tb_frame.f_code.co_filename == path
    assert ask(debugger, "source", source={"path": path})["body"] == {"content": code}


def test_variables_between_cells_come_from_the_namespace(debugger):
    debugger.shell.run_cell("text = 'Hello'\nitems = [1, 2]")
    variables = {v["name"]: v for v in ask(debugger, "inspectVariables")["body"]["variables"]}
    assert {"text", "items"} <= set(variables)
    assert not {"In", "Out", "_", "get_ipython", "exit", "__name__"} & set(variables)
    children = ask(
        debugger, "variables", variablesReference=variables["items"]["variablesReference"]
    )
    assert [v["value"] for v in children["body"]["variables"]] == ["1", "2"]
    rich = ask(debugger, "richInspectVariables", variableName="text")
    assert rich["body"] == {"data": {"text/plain": "'Hello'"}, "metadata": {}}
    nothing = ask(debugger, "richInspectVariables", variableName="special variables")
    assert nothing["body"] == {"data": {}, "metadata": {}}


def test_copy_to_globals_takes_only_identifiers(debugger):
    reply = ask(
        debugger,
        "copyToGlobals",
        srcVariableName="a",
        dstVariableName="x'] or print('pwned') or globals()['y",
        srcFrameId=1,
    )
    assert (reply["success"], reply["command"]) == (False, "copyToGlobals")


def test_requests_for_debugpy_fail_plainly_before_initialize(debugger):
    for command in ("stackTrace", "continue", "setBreakpoints", "attach", "configurationDone"):
        reply = ask(debugger, command, threadId=1)
        assert reply["success"] is False
        assert reply["message"].startswith("the debugger is not started")
    assert ask(debugger, "disconnect")["success"] is True
    assert debugger.handle({"seq": 1})["success"] is False  # no command


def test_modules_lists_loaded_source_modules_by_page(debugger):
    body = ask(debugger, "modules")["body"]
    assert body["totalModules"] >= len(body["modules"]) > 0
    assert {"name": "json", "path": sys.modules["json"].__spec__.origin} in [
        {"name": m["name"], "path": m["path"]} for m in body["modules"]
    ]
    page = ask(debugger, "modules", startModule=0, moduleCount=5)["body"]["modules"]
    assert all(m["id"] < 5 for m in page)


def test_source_of_an_unknown_file_is_unavailable(debugger, tmp_path):
    reply = ask(debugger, "source", source={"path": str(tmp_path / "nowhere.py")})
    assert (reply["success"], reply["message"]) == (False, "source unavailable")


def test_json_of_every_answer(debugger):
    # Replies travel as JSON in debug_reply messages.
    for command in ("debugInfo", "inspectVariables", "modules"):
        json.dumps(ask(debugger, command))


def test_a_request_with_arguments_of_the_wrong_shape_fails_plainly(debugger):
    reply = ask(debugger, "modules", moduleCount="many")
    assert (reply["success"], reply["command"]) == (False, "modules")
    assert reply["message"].startswith("a bad modules: ValueError(")
    reply = debugger.handle({"seq": 3, "command": "source", "arguments": {"source": "x.py"}})
    assert reply["success"] is False


@pytest.mark.integration
def test_a_kernel_that_can_debug_loads_neither_debugpy_nor_the_session_until_asked():
    # Kernel start-up is a measured promise: a debugger costs a check, not an import.
    from tests.architecture.test_import_cost import imported_modules

    imported = imported_modules(
        "from jovi.protocol import Session; from jovi.kernel.kernel import Kernel"
        "; kernel = Kernel(session=Session(b'key'))"
        "; assert kernel.debugger is not None and kernel._kernel_info.debugger"
    )
    assert "jovi.kernel.debugger" in imported
    loaded_later = {"debugpy", "jovi.kernel.debugsession", "jovi.kernel.dap", "tempfile"}
    assert imported & loaded_later == set()
