"""Execute requests on a kernel served over memory channels (no sockets)."""

from __future__ import annotations

from jovi.protocol.iopub import Status, Stream
from jovi.protocol.shell import ExecuteRequest, KernelInfoRequest
from jovi.protocol.stdin import EOF, InputReply, InputRequest
from tests.kernel.helpers import memory_kernel, texts, types


async def test_execute_sends_busy_input_outputs_reply_and_idle_in_order(tmp_path):
    async with memory_kernel(tmp_path) as (_, client):
        sent = await client.send(ExecuteRequest(code="print('hi')\n40 + 2"))
        reply = await client.reply(sent)
        messages = await client.outputs(sent)
    assert reply.content.status == "ok"
    assert reply.content.execution_count == 1
    assert types(messages) == ["status", "execute_input", "stream", "execute_result", "status"]
    assert [m.content.execution_state for m in messages if isinstance(m.content, Status)] == [
        "busy",
        "idle",
    ]
    assert messages[1].content.code == "print('hi')\n40 + 2"
    assert messages[1].content.execution_count == 1
    assert messages[2].content.text == "hi\n"
    assert messages[3].content.data["text/plain"] == "42"
    assert messages[3].content.execution_count == 1
    assert all(m.parent_msg_id == sent.msg_id for m in messages)


async def test_the_count_grows_only_for_stored_inputs_and_is_the_same_everywhere(tmp_path):
    async with memory_kernel(tmp_path) as (_, client):
        first, _ = await client.execute("1")
        unstored, outputs = await client.execute("2", store_history=False)
        silent, silent_outputs = await client.execute("3", silent=True)
        second, _ = await client.execute("4")
    assert first.content.execution_count == 1
    assert unstored.content.execution_count == 1
    assert [m.content.execution_count for m in outputs] == [1, 1]  # input and result
    assert silent.content.execution_count == 1
    assert silent_outputs == []  # no execute_input, no execute_result
    assert second.content.execution_count == 2


async def test_an_error_is_one_error_message_and_an_error_reply(tmp_path):
    async with memory_kernel(tmp_path) as (_, client):
        reply, outputs = await client.execute("1/0")
    assert types(outputs) == ["execute_input", "error"]
    error = outputs[1].content
    assert (error.ename, error.evalue) == ("ZeroDivisionError", "division by zero")
    assert any("1/0" in line for line in error.traceback)
    assert reply.content.status == "error"
    assert (reply.content.ename, reply.content.evalue) == ("ZeroDivisionError", "division by zero")
    assert reply.content.traceback == error.traceback


async def test_the_kernels_tracebacks_follow_xmode_and_colors_as_the_shells_do(tmp_path):
    async with memory_kernel(tmp_path) as (_, client):
        await client.execute("%colors nocolor")
        await client.execute(
            "class H:\n    def method(self, *args, **kw):\n        return args[0] / kw['k']\n"
        )
        await client.execute("%xmode Verbose")
        _, verbose = await client.execute("H().method(1, k=0)")
        await client.execute("%xmode Docs")
        _, docs = await client.execute("H().method(1, k=0)")
        await client.execute("%xmode Doctest")
        reply, doctest = await client.execute("H().method(1, k=0)")
    verbose_text = "\n".join(verbose[-1].content.traceback)
    assert "in H.method(self=<__main__.H object at " in verbose_text
    assert "*args=(1,), **kw={'k': 0})" in verbose_text
    assert "        kw['k'] = 0" in verbose_text
    assert (
        docs[-1].content.traceback[0] == "Traceback (most recent call last): Cell In[6], line 1\n"
    )
    assert list(doctest[-1].content.traceback) == [
        "Traceback (most recent call last):",
        "    ...",
        "ZeroDivisionError: division by zero",
    ]
    assert reply.content.traceback == doctest[-1].content.traceback


async def test_a_syntax_error_is_reported_the_same_way(tmp_path):
    async with memory_kernel(tmp_path) as (_, client):
        reply, outputs = await client.execute("import = 7q")
    assert types(outputs) == ["execute_input", "error"]
    assert reply.content.ename == "SyntaxError"


async def test_code_that_parses_but_cannot_compile_is_one_error_too(tmp_path):
    # `return` at the top level is valid grammar; the compiler refuses it (LESSONS #704).
    async with memory_kernel(tmp_path) as (_, client):
        for code in ("return 5", "break", "yield 1", "nonlocal x"):
            reply, outputs = await client.execute(code)
            assert types(outputs) == ["execute_input", "error"], code
            assert outputs[1].content.ename == "SyntaxError"
            assert reply.content.status == "error"
            assert reply.content.ename == "SyntaxError"
        after, _ = await client.execute("1")
    assert after.content.execution_count == 5  # each counted once, as any failed cell


async def test_a_failure_of_the_kernel_itself_is_shown_as_an_error_too(tmp_path, caplog):
    # Our own layer boundary: the execute handler fails before any user code runs.
    def broken(request):
        raise RuntimeError("the runner broke")

    async with memory_kernel(tmp_path) as (kernel, client):
        kernel.answer_execute = broken  # the handler ROUTES names for execute_request
        reply, outputs = await client.execute("1")
    assert types(outputs) == ["error"]
    assert (outputs[0].content.ename, outputs[0].content.evalue) == (
        "RuntimeError",
        "the runner broke",
    )
    assert reply.content.status == "error"
    assert reply.content.traceback == outputs[0].content.traceback


async def test_queued_executes_are_aborted_after_an_error_that_stops(tmp_path):
    async with memory_kernel(tmp_path) as (_, client):
        failing = await client.send(ExecuteRequest(code="import time; time.sleep(0.3); 1/0"))
        queued = [
            await client.send(ExecuteRequest(code="print('not run')")),
            await client.send(ExecuteRequest(code="print('nor this')", stop_on_error=False)),
        ]
        info = await client.send(KernelInfoRequest())
        replies = [await client.reply(m) for m in (failing, *queued)]
        after, outputs = await client.execute("print('runs again')")
        info_reply = await client.reply(info)
    assert [r.content.status for r in replies] == ["error", "aborted", "aborted"]
    assert after.content.status == "ok"
    assert texts(outputs) == "runs again\n"
    assert info_reply.content.implementation == "jovi"


async def test_without_stop_on_error_the_queue_keeps_running(tmp_path):
    async with memory_kernel(tmp_path) as (_, client):
        failing = await client.send(ExecuteRequest(code="1/0", stop_on_error=False))
        following = await client.send(ExecuteRequest(code="1 + 1"))
        statuses = [(await client.reply(m)).content.status for m in (failing, following)]
    assert statuses == ["error", "ok"]


async def test_user_expressions_are_bundles_and_errors_stay_in_their_entry(tmp_path):
    async with memory_kernel(tmp_path) as (_, client):
        reply, _ = await client.execute(
            "x = 6", user_expressions={"double": "x * 2", "broken": "undefined_name"}
        )
    expressions = reply.content.user_expressions
    assert expressions["double"] == {"status": "ok", "data": {"text/plain": "12"}, "metadata": {}}
    assert expressions["broken"]["status"] == "error"
    assert expressions["broken"]["ename"] == "NameError"


async def test_help_is_a_page_payload_and_exit_an_ask_exit_payload(tmp_path):
    async with memory_kernel(tmp_path) as (_, client):
        help_reply, help_outputs = await client.execute("zip?")
        next_reply, _ = await client.execute("get_ipython().set_next_input('x = 1')")
        exit_reply, _ = await client.execute("exit")
        keep_reply, _ = await client.execute("exit(keep_kernel=True)")
        again_reply, _ = await client.execute("quit()")
    [page] = help_reply.content.payload
    assert page["source"] == "page"
    assert "zip" in page["data"]["text/plain"]
    assert types(help_outputs) == ["execute_input"]  # the help is not output
    assert next_reply.content.payload == (
        {"source": "set_next_input", "text": "x = 1", "replace": False},
    )
    assert exit_reply.content.payload == ({"source": "ask_exit", "keepkernel": False},)
    assert keep_reply.content.payload == ({"source": "ask_exit", "keepkernel": True},)
    assert again_reply.content.payload == ({"source": "ask_exit", "keepkernel": False},)


async def test_display_update_and_clear_output(tmp_path):
    code = (
        "handle = display('first', display_id=True)\n"
        "handle.update('second')\n"
        "from jovi.display import clear_output\n"
        "clear_output(wait=True)\n"
    )
    async with memory_kernel(tmp_path) as (_, client):
        reply, outputs = await client.execute(code)
    assert reply.content.status == "ok"
    assert types(outputs) == [
        "execute_input",
        "display_data",
        "update_display_data",
        "clear_output",
    ]
    shown, updated, cleared = (m.content for m in outputs[1:])
    assert shown.data == {"text/plain": "'first'"}
    assert updated.data == {"text/plain": "'second'"}
    assert shown.display_id == updated.display_id is not None
    assert cleared.wait is True


async def test_text_printed_before_a_display_arrives_before_it(tmp_path):
    async with memory_kernel(tmp_path) as (_, client):
        _, outputs = await client.execute("print('before')\ndisplay('shown')\nprint('after')")
    assert types(outputs) == ["execute_input", "stream", "display_data", "stream"]
    assert [outputs[1].content.text, outputs[3].content.text] == ["before\n", "after\n"]


async def test_stderr_and_stdout_are_separate_streams(tmp_path):
    async with memory_kernel(tmp_path) as (_, client):
        _, outputs = await client.execute("import sys\nprint('out')\nprint('err', file=sys.stderr)")
    assert texts(outputs, "stdout") == "out\n"
    assert texts(outputs, "stderr") == "err\n"


async def test_input_asks_the_client_on_stdin(tmp_path):
    async with memory_kernel(tmp_path) as (_, client):
        sent = await client.send(ExecuteRequest(code="name = input('name? ')\nprint('got', name)"))
        request = await client.receive("stdin")
        await client.send(InputReply(value="bob"), "stdin", parent=request)
        reply = await client.reply(sent)
        outputs = await client.outputs(sent)
    assert isinstance(request.content, InputRequest)
    assert (request.content.prompt, request.content.password) == ("name? ", False)
    assert request.parent_msg_id == sent.msg_id
    assert reply.content.status == "ok"
    assert texts(outputs) == "got bob\n"


async def test_getpass_asks_for_a_password(tmp_path):
    async with memory_kernel(tmp_path) as (_, client):
        sent = await client.send(
            ExecuteRequest(code="import getpass\nsecret = getpass.getpass()\nlen(secret)")
        )
        request = await client.receive("stdin")
        await client.send(InputReply(value="hunter2"), "stdin", parent=request)
        await client.reply(sent)
        outputs = await client.outputs(sent)
    assert request.content.password is True
    assert [m.content.data["text/plain"] for m in outputs if m.msg_type == "execute_result"] == [
        "7"
    ]


async def test_eof_from_the_client_raises_eof_error(tmp_path):
    async with memory_kernel(tmp_path) as (_, client):
        sent = await client.send(ExecuteRequest(code="input()"))
        request = await client.receive("stdin")
        await client.send(InputReply(value=EOF), "stdin", parent=request)
        reply = await client.reply(sent)
    assert reply.content.ename == "EOFError"


async def test_input_without_stdin_says_the_client_cannot_answer(tmp_path):
    async with memory_kernel(tmp_path) as (_, client):
        reply, outputs = await client.execute("input('name? ')", allow_stdin=False)
    assert reply.content.ename == "StdinNotImplementedError"
    assert "allow_stdin=False" in reply.content.evalue
    assert types(outputs) == ["execute_input", "error"]


async def _cell_printed(client, request, text: str) -> None:
    """Wait (each message within the client's timeout) for ``text`` on the cell's stdout."""
    while True:
        message = await client.receive("iopub")
        content = message.content
        if (
            message.parent_msg_id == request.msg_id
            and isinstance(content, Stream)
            and text in content.text
        ):
            return


async def test_an_interrupt_stops_running_code_with_keyboard_interrupt(tmp_path):
    from jovi.protocol.control import InterruptRequest

    async with memory_kernel(tmp_path) as (_, client):
        code = "print('started', flush=True)\nwhile True:\n    pass"
        sent = await client.send(ExecuteRequest(code=code))
        await _cell_printed(client, sent, "started")  # it runs: now interrupt it
        interrupt_reply, _ = await client.request(InterruptRequest(), "control")
        reply = await client.reply(sent)
        after, _ = await client.execute("'still alive'")
    assert interrupt_reply.content.status == "ok"
    assert reply.content.status == "error"
    assert reply.content.ename == "KeyboardInterrupt"
    assert after.content.status == "ok"
