"""Outputs recorded from IOPub messages as a notebook frontend records them: the rules
of nbclient and Jupyter, message by message, without a kernel."""

from __future__ import annotations

from jovi import protocol as m
from jovi.nbconvert.execution.outputs import OutputRecorder
from jovi.nbformat import DisplayData, Error, ExecuteResult, Stream

SESSION = m.Session()


def feed(recorder, record, *contents):
    request = SESSION.message(m.ExecuteRequest(code=""))
    return [recorder.feed(record, SESSION.message(c, parent=request)) for c in contents]


def text(value):
    return {"text/plain": value}


def test_consecutive_text_of_one_stream_is_one_output_and_other_outputs_split_it():
    recorder = OutputRecorder()
    record = recorder.begin(0)
    feed(
        recorder,
        record,
        m.Stream(name="stdout", text="a\n"),
        m.Stream(name="stdout", text="b\n"),
        m.Stream(name="stderr", text="warn\n"),
        m.Stream(name="stdout", text="c\n"),
        m.DisplayData(data=text("shown")),
        m.Stream(name="stdout", text="d\n"),
    )
    assert record.outputs() == (
        Stream(name="stdout", text="a\nb\n"),
        Stream(name="stderr", text="warn\n"),
        Stream(name="stdout", text="c\n"),
        DisplayData(data=text("shown")),
        Stream(name="stdout", text="d\n"),
    )


def test_idle_ends_the_cell_and_execute_input_gives_its_count():
    recorder = OutputRecorder(record_timing=True)
    record = recorder.begin(4)
    ends = feed(
        recorder,
        record,
        m.Status(execution_state="busy"),
        m.ExecuteInput(code="1", execution_count=7),
        m.ExecuteResult(data=text("1"), execution_count=7, metadata={"m": 1}),
        m.Status(execution_state="idle"),
    )
    assert ends == [False, False, False, True]
    assert record.execution_count == 7
    assert record.outputs() == (
        ExecuteResult(data=text("1"), metadata={"m": 1}, execution_count=7),
    )
    assert sorted(record.timing) == [
        "iopub.execute_input",
        "iopub.status.busy",
        "iopub.status.idle",
    ]
    assert all(stamp.endswith("Z") and "T" in stamp for stamp in record.timing.values())
    assert OutputRecorder().begin(0).timing is None


def test_clear_output_now_and_when_the_next_output_comes():
    recorder = OutputRecorder()
    record = recorder.begin(0)
    feed(recorder, record, m.Stream(name="stdout", text="gone\n"), m.ClearOutput(wait=False))
    assert record.outputs() == ()
    # An animation: each frame waits for the next before it is cleared.
    for frame in range(3):
        feed(recorder, record, m.ClearOutput(wait=True), m.DisplayData(data=text(str(frame))))
        assert record.outputs() == (DisplayData(data=text(str(frame))),)
    feed(recorder, record, m.ClearOutput(wait=True))
    assert record.outputs() == (DisplayData(data=text("2")),)  # nothing came after it
    feed(recorder, record, m.ErrorOutput(ename="E", evalue="v", traceback=("tb",)))
    assert record.outputs() == (Error(ename="E", evalue="v", traceback=("tb",)),)


def test_display_updates_reach_earlier_cells_and_keep_the_kind_of_output():
    recorder = OutputRecorder()
    first = recorder.begin(0)
    feed(
        recorder,
        first,
        m.DisplayData(data=text("a"), transient={"display_id": "d"}),
        m.ExecuteResult(data=text("r"), execution_count=1, transient={"display_id": "d"}),
        m.DisplayData(data=text("other"), transient={"display_id": "x"}),
    )
    second = recorder.begin(2)
    feed(
        recorder,
        second,
        m.UpdateDisplayData(data=text("b"), metadata={"k": 1}, transient={"display_id": "d"}),
        m.UpdateDisplayData(data=text("nobody"), transient={"display_id": "unknown"}),
    )
    assert second.outputs() == ()  # an update adds nothing
    assert recorder.changed_later == {0}
    assert first.outputs() == (
        DisplayData(data=text("b"), metadata={"k": 1}),
        ExecuteResult(data=text("b"), metadata={"k": 1}, execution_count=1),
        DisplayData(data=text("other")),
    )
    # Showing the id again shows it twice, and updates the earlier ones.
    feed(recorder, second, m.DisplayData(data=text("c"), transient={"display_id": "d"}))
    assert first.outputs()[0] == DisplayData(data=text("c"))
    assert second.outputs() == (DisplayData(data=text("c")),)


def test_cleared_outputs_are_no_longer_updated_and_a_rerun_forgets_the_old_ones():
    recorder = OutputRecorder()
    record = recorder.begin(0)
    feed(
        recorder,
        record,
        m.DisplayData(data=text("a"), transient={"display_id": "d"}),
        m.ClearOutput(wait=False),
        m.Stream(name="stdout", text="after\n"),
        m.UpdateDisplayData(data=text("b"), transient={"display_id": "d"}),
    )
    assert record.outputs() == (Stream(name="stdout", text="after\n"),)
    again = recorder.begin(0)
    assert again.outputs() == ()
    assert recorder.cells[0] is again
