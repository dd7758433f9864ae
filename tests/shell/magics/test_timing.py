"""%timeit, %time and %prun: their options, output and results."""

from __future__ import annotations

import pstats
import re

import pytest

from jovi.shell.timing import TimeitResult, choose_loops, format_time

_TIME = r"[\d.]+ (?:s|ms|µs|us|ns)"
_PM = r"(?:±|\+-)"


def test_timeit_with_one_loop_and_one_run(run, output):
    run("%timeit -n1 -r1 pass")
    assert re.fullmatch(
        rf"{_TIME} {_PM} {_TIME} per loop \(mean {_PM} std\. dev\. of 1 run, 1 loop each\)\n",
        output.stdout,
    )


def test_timeit_writes_the_mean_and_spread_of_seven_runs_by_default(run, output):
    run("%timeit -n1000 pass")
    last = output.stdout.splitlines(keepends=True)[-1]  # a busy machine may add a warning
    assert re.fullmatch(
        rf"{_TIME} {_PM} {_TIME} per loop \(mean {_PM} std\. dev\. of 7 runs, 1,000 loops each\)\n",
        last,
    )


def test_timeit_warns_when_the_slowest_run_is_much_slower(run, output):
    run(
        "import time\nseen = []\ndef slow_once():\n    if not seen:\n        seen.append(1)\n        time.sleep(0.02)"
    )
    run("%timeit -n1 -r3 slow_once()")
    warning, result = output.stdout.splitlines()
    assert re.fullmatch(
        r"The slowest run took [\d.]+ times longer than the fastest\. "
        r"This could mean that an intermediate result is being cached\.",
        warning,
    )
    assert re.search(rf"\(mean {_PM} std\. dev\. of 3 runs, 1 loop each\)$", result)


def test_timeit_v_keeps_the_result_in_a_variable(run, shell, output):
    run("%timeit -q -n2 -r3 -v measured sum(range(10))")
    measured = shell.user_ns["measured"]
    assert isinstance(measured, TimeitResult)
    assert (measured.loops, measured.repeat) == (2, 3)
    assert output.stdout == ""
    assert output.text_results == []  # -v alone returns nothing
    run("%timeit -n1 -r1 -v bad-name pass")
    assert output.errors[-1].evalue == "%timeit -v: 'bad-name' is not a variable name"


def test_cell_timeit_runs_the_setup_line_first(run, shell, output):
    run("%%timeit x = 10\nx*2")
    assert re.search(
        r"^.* per loop \(mean .* of 7 runs, [\d,]+ loops? each\)$", output.stdout, re.MULTILINE
    )
    assert "x" not in shell.user_ns  # setup and statement run in the timing function


def test_timeit_o_returns_the_measurements(run, shell, output):
    run("result = %timeit -o -q -n5 -r4 sum(range(10))")
    result = shell.user_ns["result"]
    assert isinstance(result, TimeitResult)
    assert output.stdout == ""  # -q
    assert (result.loops, result.repeat, len(result.all_runs)) == (5, 4, 4)
    assert result.best == min(result.all_runs) / 5
    assert result.worst == max(result.all_runs) / 5
    assert result.best <= result.average <= result.worst
    assert result.stdev >= 0
    assert result.timings == [run / 5 for run in result.all_runs]
    run("result")
    assert re.fullmatch(
        rf"<TimeitResult : {_TIME} {_PM} {_TIME} per loop "
        rf"\(mean {_PM} std\. dev\. of 4 runs, 5 loops each\)>",
        output.text_results[-1],
    )


def test_timeit_precision_and_clocks(run, shell, output):
    run("%timeit -n2 -r1 -p6 pass")
    value = re.match(r"([\d.]+) ", output.stdout).group(1)
    assert len(value.replace(".", "").lstrip("0")) in range(1, 7)
    run("r = %timeit -o -q -c -n1 -r1 sum(range(1000))")
    run("r2 = %timeit -o -q -t -n1 -r1 sum(range(1000))")
    assert shell.user_ns["r"].loops == shell.user_ns["r2"].loops == 1


def test_timeit_chooses_the_number_of_loops(run, shell):
    run("r = %timeit -o -q -r1 sum(range(50))")
    loops = shell.user_ns["r"].loops
    assert loops >= 10
    assert str(loops).strip("0") == "1"  # 10, 100, 1000 ...


def test_the_loop_count_grows_tenfold_until_a_run_is_long_enough():
    class Clock:
        def __init__(self):
            self.asked = []

        def timeit(self, number):
            self.asked.append(number)
            return number * 0.001

    clock = Clock()
    assert choose_loops(clock) == 1000
    assert clock.asked == [1, 10, 100, 1000]


def test_timeit_uses_the_user_namespace_and_jovi_syntax(run, shell, output):
    run("data = list(range(100))")
    run("%timeit -n1 -r1 total = sum(data); assert total == 4950")
    assert "of 1 run, 1 loop each" in output.stdout
    run("%timeit -n1 -r1 names = %who_ls")
    assert output.stdout.count("of 1 run, 1 loop each") == 2
    assert "names" not in shell.user_ns
    assert "total" not in shell.user_ns


def test_timeit_errors(run, output):
    run("%timeit -x 1")
    assert output.errors[-1].evalue.startswith("%timeit: unknown option -x")
    run("%timeit -n0 pass")
    assert "above 0" in output.errors[-1].evalue
    run("%%timeit\n")
    assert output.errors[-1].ename == "UsageError"
    run("%timeit -n1 -r1 undefined_name_here")
    assert output.errors[-1].ename == "NameError"
    run("%timeit -n1 -r1 1 +")
    assert output.errors[-1].ename == "SyntaxError"


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (7.76e-6, "7.76 µs"),
        (0.5, "500 ms"),
        (1.5, "1.5 s"),
        (2.5e-9, "2.5 ns"),
        (3723, "1h 2min 3s"),
        (90061, "1d 1h 1min 1s"),
        (9.9996e-7, "1 µs"),  # not "1e+03 ns"
        (0.00099999, "1 ms"),
        (0, "0 ns"),
    ],
)
def test_times_are_written_for_people(seconds, text, monkeypatch):
    assert format_time(seconds) == text


def test_time_returns_the_value_and_prints_the_times(run, output):
    run("%time 2**10")
    assert output.text_results[-1] == "1024"
    assert re.search(r"^CPU times: user .+, sys: .+, total: .+$", output.stdout, re.MULTILINE)
    assert re.search(r"^Wall time: [\d.]+ \S+$", output.stdout, re.MULTILINE)


def test_time_runs_statements_in_the_user_namespace(run, shell, output):
    run("%time x = 1")
    assert shell.user_ns["x"] == 1
    run("%%time\ny = x + 1\ny * 10")
    assert shell.user_ns["y"] == 2
    assert output.text_results[-1] == "20"
    run("%time %who_ls")
    assert output.text_results[-1] == "['x', 'y']"


def test_time_inside_a_function_sees_its_locals(run, shell):
    run("def f():\n    local = 21\n    return get_ipython().run_line_magic('time', 'local * 2')")
    run("answer = f()")
    assert shell.user_ns["answer"] == 42


def test_cell_time_with_code_on_the_first_line(run, output):
    run("%%time x = 1\nx")
    assert output.errors[-1].ename == "UsageError"
    assert output.errors[-1].evalue == "Can't use statement directly after '%%time'!"


def test_an_error_in_timed_code_is_reported_as_a_traceback(run, output):
    run("%time 1/0")
    assert output.errors[-1].ename == "ZeroDivisionError"


def test_prun_shows_a_report_sorted_and_limited(run, output):
    run("def work():\n    return sorted(range(200))\n")
    run("%prun -s cumulative -l 3 work()")
    report = output.page_text()
    assert re.search(r"\d+ function calls in [\d.]+ seconds", report)
    assert "Ordered by: cumulative time" in report
    assert "due to restriction <3>" in report
    rows = [line for line in report.splitlines() if re.match(r"\s+\d+\s+[\d.]+", line)]
    assert len(rows) == 3


def test_prun_sort_abbreviations_and_several_keys(run, output):
    run("%prun -s cum -s name sum(range(10))")
    assert "Ordered by: cumulative time, function name" in output.page_text()
    run("%prun -s nosuchkey pass")
    assert output.errors[-1].ename == "UsageError"
    assert "not a sort key" in output.errors[-1].evalue


def test_prun_limit_by_name_and_fraction(run, output):
    run("def work():\n    return sorted(range(200))\n")
    run("%prun -l work work()")
    assert "due to restriction <'work'>" in output.page_text()
    run("%prun -l 0.5 work()")
    assert "due to restriction <0.5>" in output.page_text()


def test_prun_r_returns_stats_and_q_shows_nothing(run, shell, output):
    run("stats = %prun -r -q sum(range(10))")
    assert isinstance(shell.user_ns["stats"], pstats.Stats)
    assert output.pages == []


def test_prun_d_and_t_write_files(run, output, tmp_path):
    dump, text = tmp_path / "out.prof", tmp_path / "out.txt"
    run(f"%prun -q -D {dump} -T {text} sum(range(10))")
    assert output.pages == []
    assert pstats.Stats(str(dump)).total_calls > 0
    assert "function calls" in text.read_text()
    assert f"*** Profile stats marshalled to file '{dump}'." in output.stdout
    assert f"*** Profile printout saved to text file '{text}'." in output.stdout


def test_cell_prun_profiles_the_body(run, shell, output):
    run("%%prun -s calls\nvalues = [abs(-i) for i in range(10)]\n")
    assert shell.user_ns["values"][-1] == 9
    assert "Ordered by: call count" in output.page_text()
    assert "{built-in method builtins.abs}" in output.page_text()


def test_prun_reports_sys_exit(run, output):
    run("import sys\n%prun sys.exit(1)")
    assert "*** SystemExit exception caught in code being profiled." in output.page_text()
