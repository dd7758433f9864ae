"""Running and measuring code: ``%run``, ``%time``/``%%time``, ``%timeit``/``%%timeit``,
``%prun``/``%%prun``."""

from __future__ import annotations

import ast
import shlex
import time
from typing import TYPE_CHECKING, Any

from jovi.errors import UsageError
from jovi.shell.magic.core import (
    Magics,
    line_cell_magic,
    line_magic,
    magics_class,
    needs_local_scope,
    no_var_expand,
)
from jovi.shell.magic.leading import split_leading_options

if TYPE_CHECKING:
    from jovi.shell.interactiveshell import InteractiveShell

__all__ = ["RUN_OPTIONS", "TIMEIT_OPTIONS", "ExecutionMagics"]

RUN_OPTIONS = "nidtN:b:pD:l:rs:T:qem:Gg"
TIMEIT_OPTIONS = "n:r:tcp:qov:"
_SLOW_STEP_S = 0.1


def _positive_int(opts: dict[str, list[str]], letter: str, magic: str) -> int | None:
    if letter not in opts:
        return None
    text = opts[letter][-1]
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise UsageError(f"%{magic} -{letter}: expected a whole number above 0, not {text!r}")
    return value


def _split_arguments(text: str) -> list[str]:
    """Words as a shell splits them, except that backslashes are kept (``\\*`` is a literal
    star for the glob expansion, Windows paths keep their separators)."""
    lexer = shlex.shlex(text, posix=True, punctuation_chars=False)
    lexer.whitespace_split = True
    lexer.escape = ""
    lexer.commenters = ""
    return list(lexer)


def _namespaces(
    shell: InteractiveShell, local_ns: dict[str, Any] | None
) -> tuple[dict[str, Any], Any]:
    """The globals and locals to run code with (the caller's locals inside a function)."""
    if local_ns is None or local_ns is shell.user_ns:
        return shell.user_ns, None
    return shell.user_ns, local_ns


@magics_class
class ExecutionMagics(Magics):
    """Running files and timing or profiling code."""

    # ------------------------------------------------------------------ %run

    @line_magic
    def run(self, parameter_s: str = "") -> Any:
        """Run a Python file (or a .ipy file, or a module) as a program, inside the shell.

        Usage: ``%run [-n -i -e -G] [(-t [-N<N>] | -d [-b<N> | -b FILE:N] | -p [prof opts])]
        (-m module | file) [args]``

        The file runs in a fresh namespace as ``python file args`` would:
        ``__name__ == '__main__'``, ``__file__`` is set, ``sys.argv == [file, *args]``.
        Then the variables it defined are copied into your namespace.  It is read
        again each time, so edits take effect.  ``.py`` is added to a name that does
        not exist without it; ``.ipy`` files may use jovi's syntax (magics, ``!``).

        Arguments are split as a shell splits them; ``~`` and ``*``, ``?``, ``[...]``
        patterns are expanded (write ``\\\\*`` for a literal ``*``).

        ``sys.exit()`` and ``sys.exit(0)`` end the file silently; another exit status
        is reported.

        Options:
          -n      ``__name__`` is the file's name, not ``'__main__'`` (skips the
                  ``if __name__ == '__main__':`` block).
          -i      Run in your namespace: the file sees your variables.
          -e      Ignore ``sys.exit()`` calls and ``SystemExit`` exceptions.
          -G      Do not expand glob patterns in the arguments (-g is accepted and
                  does nothing: expansion is on by default).
          -t      Print the CPU and wall time the file took.
          -N<N>   With -t: run the file N times and print the time per run too.
          -d      Run under the debugger, stopping at the first line
                  (``c`` continues, ``q`` quits).
          -b<N>, -b FILE:N
                  With -d: stop at line N (of FILE) instead; if line N has no code,
                  the next 10 lines are tried.
          -p      Run under the profiler and show its report; the file's variables
                  are not copied into your namespace.  The options of %prun
                  (-l, -s, -r, -T, -D, -q) apply.
          -m MOD  Run the module MOD found on sys.path, as ``python -m MOD`` does
                  (relative imports work).  The arguments follow MOD.
        """
        from jovi.shell.profiling import ProfileOptions  # noqa: PLC0415 - start-up cost
        from jovi.shell.runner import (  # noqa: PLC0415 - start-up cost
            RunRequest,
            ScriptRunner,
            expand_arguments,
            find_script,
            module_request,
        )

        opts, rest = split_leading_options(parameter_s, RUN_OPTIONS, magic="run", stop_after="m")
        if "b" in opts and "d" not in opts:
            raise UsageError("%run -b sets the debugger's breakpoint: use it with -d")
        try:
            words = _split_arguments(rest)
        except ValueError as error:
            raise UsageError(f"%run: cannot split the arguments ({error})") from None
        module_globals: dict[str, Any] = {}
        if "m" in opts:
            module = opts["m"][-1]
            path, module_globals = module_request(module)
            argv0, args = str(path), words
        else:
            if not words:
                raise UsageError(
                    "%run needs a file name (or -m module), e.g. %run script.py; see %run? for the options"
                )
            path = find_script(words[0])
            argv0, args = str(path), words[1:]
        runs = _positive_int(opts, "N", "run")
        request = RunRequest(
            path=path.resolve(),
            args=expand_arguments(args, use_glob="G" not in opts),
            argv0=argv0,
            run_name=path.stem if "n" in opts else "__main__",
            interactive="i" in opts,
            exit_ignore="e" in opts,
            time_runs=(runs or 1) if ("t" in opts or runs) else 0,
            debug="d" in opts,
            breakpoint=opts["b"][-1] if "b" in opts else None,
            profile=ProfileOptions.from_options(opts) if "p" in opts else None,
            module_globals=module_globals,
        )
        return ScriptRunner(self.shell).run(request)

    # ------------------------------------------------------------------ %time

    def _compile(self, source: Any, filename: str, mode: str) -> Any:
        """Compile with the ``from __future__`` imports of earlier cells in force."""
        flags = self.shell.compiler.flags & ~ast.PyCF_ALLOW_TOP_LEVEL_AWAIT
        return compile(source, filename, mode, flags=flags, dont_inherit=True)

    @line_cell_magic
    @needs_local_scope
    @no_var_expand
    def time(self, line: str = "", cell: str | None = None, local_ns: Any = None) -> Any:
        """Time one run of a statement (``%time f(x)``) or of a cell (``%%time``).

        Prints the CPU time (user, system, total) and the wall-clock time, and the
        time spent parsing and compiling when it is over 0.1 s.  The value of an
        expression (or of the cell's last expression) is returned, so it is shown
        as Out: ``%time 2**10`` gives 1024.  Assignments happen in your namespace.
        """
        from jovi.shell.cells import register_cell  # noqa: PLC0415 - start-up cost
        from jovi.shell.timing import cpu_times, format_time  # noqa: PLC0415 - start-up cost

        shell = self.shell
        if cell is not None and line.strip():
            raise UsageError("Can't use statement directly after '%%time'!")
        source = shell.transform_cell(cell if cell is not None else line)
        if not source.strip():
            raise UsageError("%time needs a statement to time, e.g. %time sum(range(1000))")
        filename = "<timed exec>"
        register_cell(filename, source)
        started = time.perf_counter()
        tree = shell.compiler.parse(source, filename)
        parse_time = time.perf_counter() - started
        tree = shell.transform_ast(tree)
        last_expression: ast.expr | None = None
        if tree.body and isinstance(last := tree.body[-1], ast.Expr):
            tree.body.pop()
            last_expression = last.value
        started = time.perf_counter()
        body = self._compile(tree, filename, "exec")
        value_code = (
            self._compile(ast.Expression(last_expression), filename, "eval")
            if last_expression is not None
            else None
        )
        compile_time = time.perf_counter() - started
        globals_, locals_ = _namespaces(shell, local_ns)
        (user_before, system_before), wall_start = cpu_times(), time.perf_counter()
        exec(body, globals_, locals_)  # noqa: S102 - timing the user's code
        value = eval(value_code, globals_, locals_) if value_code is not None else None  # noqa: S307
        wall = time.perf_counter() - wall_start
        user_after, system_after = cpu_times()
        user, system = user_after - user_before, system_after - system_before
        lines = [
            (
                f"CPU times: user {format_time(user)}, sys: {format_time(system)}, "
                f"total: {format_time(user + system)}"
            ),
            f"Wall time: {format_time(wall)}",
        ]
        if compile_time > _SLOW_STEP_S:
            lines.append(f"Compiler : {format_time(compile_time)}")
        if parse_time > _SLOW_STEP_S:
            lines.append(f"Parser   : {format_time(parse_time)}")
        shell.output.write("\n".join(lines) + "\n")
        return value

    # ------------------------------------------------------------------ %timeit

    @line_cell_magic
    @needs_local_scope
    @no_var_expand
    def timeit(self, line: str = "", cell: str | None = None, local_ns: Any = None) -> Any:
        """Time a statement precisely: ``%timeit [options] statement``.

        The statement runs in a loop, several times; the mean time per loop and its
        spread over the runs are printed: ``7.76 µs ± 0.1 µs per loop (mean ± std.
        dev. of 7 runs, 100,000 loops each)``, after a warning when the slowest run
        took over four times the fastest (a sign of caching).  As a cell magic,
        ``%%timeit [options] setup`` runs the first line as setup (not timed) and
        times the body, which sees the setup's variables.  Several statements on one
        line are separated by ``;``.  jovi's syntax (magics, ``!``) is allowed.

        Options:
          -n<N>   Run the statement N times in each loop; by default N grows
                  tenfold from 1 until a loop takes at least 0.2 s.
          -r<R>   Repeat the loop R times (default 7).
          -t      Measure wall-clock time (time.perf_counter, the default).
          -c      Measure CPU time of this process (time.process_time).
          -p<P>   Write times with P significant digits (default 3).
          -q      Quiet: print nothing.
          -o      Return a TimeitResult (best, worst, average, stdev, all_runs,
                  loops, repeat, timings, compile_time).
          -v<V>   Keep the TimeitResult in the variable V (without -o nothing
                  is returned).
        """
        from jovi.shell.timing import (  # noqa: PLC0415 - start-up cost
            DEFAULT_REPEAT,
            TimeitResult,
            build_timer,
            choose_loops,
        )

        shell = self.shell
        opts, statement = split_leading_options(line, TIMEIT_OPTIONS, magic="timeit")
        setup = ""
        if cell is not None:
            setup, statement = statement, cell
        if not statement.strip():
            raise UsageError("%timeit needs a statement to time, e.g. %timeit sum(range(100))")
        number = _positive_int(opts, "n", "timeit")
        repeat = _positive_int(opts, "r", "timeit") or DEFAULT_REPEAT
        target = opts["v"][-1].strip() if "v" in opts else None
        if target is not None and not target.isidentifier():
            raise UsageError(f"%timeit -v: {target!r} is not a variable name")
        precision = _positive_int(opts, "p", "timeit") or 3
        clock = time.process_time if "c" in opts else time.perf_counter
        globals_, locals_ = _namespaces(shell, local_ns)
        namespace = globals_ if locals_ is None else {**globals_, **locals_}
        try:
            timer, compile_time = build_timer(
                shell.transform_cell(statement),
                shell.transform_cell(setup) if setup.strip() else "",
                namespace,
                timer=clock,
                transform_ast=shell.transform_ast,
            )
        except SyntaxError as error:
            shell.showsyntaxerror(error)
            return None
        if number is None:
            number = choose_loops(timer)
        runs = timer.repeat(repeat, number)
        result = TimeitResult(
            loops=number,
            repeat=repeat,
            best=min(runs) / number,
            worst=max(runs) / number,
            all_runs=runs,
            compile_time=compile_time,
            precision=precision,
        )
        if "q" not in opts:
            warning = result.outlier_warning()
            lines = [warning] if warning else []
            lines.append(str(result))
            if compile_time > _SLOW_STEP_S:
                lines.append(f"Compiler time: {compile_time:.2f} s")
            shell.output.write("\n".join(lines) + "\n")
        if target is not None:
            shell.user_ns[target] = result
        return result if "o" in opts else None

    # ------------------------------------------------------------------ %prun

    @line_cell_magic
    @needs_local_scope
    @no_var_expand
    def prun(self, parameter_s: str = "", cell: str | None = None, local_ns: Any = None) -> Any:
        """Profile a statement (``%prun f(x)``) or a cell (``%%prun``) with cProfile.

        The report (``N function calls in X seconds``, then a table) is shown in the
        pager.  In cell mode the body follows the code on the first line.  jovi's
        syntax is allowed.

        Options:
          -l LIMIT  Limit the report (repeatable): an integer is a number of lines,
                    a fraction between 0 and 1 a share of them, other text a regular
                    expression on the function names.
          -s KEY    Sort by KEY (repeatable): calls, cumulative, file, module,
                    pcalls, line, name, nfl, stdname, time (default time);
                    unambiguous abbreviations work.
          -r        Return the pstats.Stats object.
          -T FILE   Also write the report to FILE.
          -D FILE   Also dump the statistics to FILE (pstats.Stats(FILE) reads it).
          -q        Do not show the report.
        """
        from jovi.shell.profiling import PROFILE_OPTIONS, ProfileOptions, profile_code  # noqa: PLC0415 - start-up cost

        shell = self.shell
        opts, statement = split_leading_options(parameter_s, PROFILE_OPTIONS, magic="prun")
        if cell is not None:
            statement = f"{statement}\n{cell}" if statement.strip() else cell
        if not statement.strip():
            raise UsageError("%prun needs a statement to profile, e.g. %prun sum(range(1000))")
        source = shell.transform_cell(statement)
        try:
            code = self._compile(source, "<string>", "exec")
        except SyntaxError as error:
            shell.showsyntaxerror(error)
            return None
        globals_, locals_ = _namespaces(shell, local_ns)
        options = ProfileOptions.from_options(opts)
        return profile_code(shell, code, globals_, locals_, options)
