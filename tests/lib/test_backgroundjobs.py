"""Background jobs: BackgroundJobManager's new/status/result/traceback/remove/flush."""

from __future__ import annotations

import threading

from jovi.lib.backgroundjobs import BackgroundJobManager


def finished(job) -> None:
    assert job.finished.wait(10)


def test_a_function_job_and_its_result(capsys):
    jobs = BackgroundJobManager()
    job = jobs.new(sum, [1, 2, 3])
    finished(job)
    assert capsys.readouterr().out == "Starting job # 0 in a separate thread.\n"
    assert jobs.result(0) == 6
    assert jobs[0] is job
    assert job.status == "Completed"


def test_an_expression_job_sees_the_callers_names(capsys):
    base = 20
    jobs = BackgroundJobManager()
    job = jobs.new("base + 22")
    finished(job)
    assert job.result == 42
    assert base == 20


def test_an_expression_in_given_namespaces():
    jobs = BackgroundJobManager()
    job = jobs.new("a * b", {"a": 6}, {"b": 7})
    finished(job)
    assert job.result == 42


def test_status_groups_running_completed_and_dead(capsys):
    jobs = BackgroundJobManager()
    gate = threading.Event()
    running = jobs.new(gate.wait, 10)
    done = jobs.new(len, "abc")
    dead = jobs.new("1/0")
    finished(done)
    finished(dead)
    capsys.readouterr()
    jobs()
    out = capsys.readouterr().out
    assert out == (
        "Running jobs:\n0 : <BackgroundJob #0: Event.wait(...)>\n\n"
        "Completed jobs:\n1 : <BackgroundJob #1: len(...)>\n\n"
        "Dead jobs:\n2 : <BackgroundJob #2: 1/0>\n\n"
    )
    gate.set()
    finished(running)


def test_traceback_of_a_dead_job(capsys):
    jobs = BackgroundJobManager()
    job = jobs.new("1/0")
    finished(job)
    capsys.readouterr()
    jobs.traceback(0)
    out = capsys.readouterr().out
    assert out.startswith("Traceback for: <BackgroundJob #0: 1/0>\n")
    assert "ZeroDivisionError: division by zero" in out
    jobs.traceback()
    assert "ZeroDivisionError" in capsys.readouterr().out


def test_remove_and_flush(capsys):
    jobs = BackgroundJobManager()
    gate = threading.Event()
    blocked = jobs.new(gate.wait, 10)
    jobs.remove(0)
    assert "Job #0 is still running" in capsys.readouterr().err
    first, second = jobs.new(abs, -1), jobs.new("1/0")
    finished(first)
    finished(second)
    jobs.remove(1)
    assert 1 not in jobs.all
    jobs.flush()
    assert "Flushing 1 Dead job.\n" in capsys.readouterr().out
    assert sorted(jobs.all) == [0]
    jobs.flush()
    assert capsys.readouterr().out == "No jobs to flush.\n"
    gate.set()
    finished(blocked)


def test_bad_input_is_one_line(capsys):
    jobs = BackgroundJobManager()
    assert jobs.new(42) is None
    assert jobs.new("1 +") is None
    assert jobs.result(5) is None
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "A job is a function (with its arguments) or an expression string.",
        "The expression '1 +' is not valid Python: invalid syntax.",
        "Job #5 not found (jobs() lists the jobs).",
    ]


def test_a_daemon_job():
    jobs = BackgroundJobManager()
    job = jobs.new(abs, -3, daemon=True)
    finished(job)
    assert job.daemon
    assert job.result == 3
