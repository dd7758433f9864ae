"""Background jobs: functions and expressions run in threads while you keep working.

Usage::

    from jovi.lib.backgroundjobs import BackgroundJobManager
    jobs = BackgroundJobManager()
    jobs.new(slow_function, 10)        # "Starting job # 0 in a separate thread."
    jobs.new("sum(range(10**7))")      # an expression, in your namespace
    jobs()                             # or jobs.status(): running, completed, dead
    jobs[0].result                     # or jobs.result(0)
    jobs.traceback(1)                  # why a job died
    jobs.remove(0); jobs.flush()       # forget finished jobs

Threads share the interpreter: CPU-bound Python code does not run faster, but work
that waits (I/O, C code that releases the GIL) proceeds in the background.  A job
cannot be stopped from outside; Python has no safe way to kill a thread.
"""

from __future__ import annotations

import sys
import threading
import traceback as tb
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["BackgroundJobBase", "BackgroundJobExpr", "BackgroundJobFunc", "BackgroundJobManager"]

RUNNING, COMPLETED, DEAD = "Running", "Completed", "Dead"
_NOT_DONE = "<BackgroundJob has not completed.>"


class BackgroundJobBase(threading.Thread):
    """A job: a thread with a number, a status, a result and (if it died) a traceback."""

    def __init__(self, description: str, daemon: bool = False) -> None:
        super().__init__(daemon=daemon, name=f"jovi-job-{description[:30]}")
        self.num = -1
        self.description = description
        self.status = RUNNING
        self.result: Any = _NOT_DONE
        self.traceback_text = ""
        self.finished = threading.Event()

    def __str__(self) -> str:
        return f"<BackgroundJob #{self.num}: {self.description}>"

    __repr__ = __str__

    def call(self) -> Any:
        raise NotImplementedError

    def run(self) -> None:
        try:
            self.result = self.call()
        except BaseException:  # noqa: BLE001 - a job's failure is its status, shown on request
            self.traceback_text = tb.format_exc()
            self.status = DEAD
        else:
            self.status = COMPLETED
        finally:
            self.finished.set()


class BackgroundJobFunc(BackgroundJobBase):
    """A job calling ``function(*args, **kwargs)``."""

    def __init__(
        self, function: Callable[..., Any], *args: Any, daemon: bool = False, **kwargs: Any
    ) -> None:
        # Only the function is described: the arguments' repr may be huge or slow.
        name = getattr(function, "__qualname__", None) or repr(function)
        super().__init__(f"{name}(...)", daemon)
        self.function = function
        self.args = args
        self.kwargs = kwargs

    def call(self) -> Any:
        return self.function(*self.args, **self.kwargs)


class BackgroundJobExpr(BackgroundJobBase):
    """A job evaluating a Python expression in the given namespaces."""

    def __init__(
        self,
        expression: str,
        globals_ns: dict[str, Any],
        locals_ns: dict[str, Any] | None = None,
        daemon: bool = False,
    ) -> None:
        super().__init__(expression, daemon)
        self.code = compile(expression, "<BackgroundJob compilation>", "eval")
        self.globals_ns = globals_ns
        self.locals_ns = locals_ns if locals_ns is not None else globals_ns

    def call(self) -> Any:
        return eval(self.code, self.globals_ns, self.locals_ns)  # noqa: S307 - the user's expression


class BackgroundJobManager:
    """Starts jobs and keeps track of them: ``jobs.new(...)``, ``jobs()``, ``jobs[n]``."""

    def __init__(self) -> None:
        self.all: dict[int, BackgroundJobBase] = {}
        self.running: list[BackgroundJobBase] = []
        self.completed: list[BackgroundJobBase] = []
        self.dead: list[BackgroundJobBase] = []
        self._next = 0
        self._lock = threading.Lock()

    def __getitem__(self, num: int) -> BackgroundJobBase:
        return self.all[num]

    def __call__(self) -> None:
        """Same as :meth:`status`: like the shell's ``jobs`` command."""
        self.status()

    def new(self, func_or_exp: Any, *args: Any, **kwargs: Any) -> Any:
        """Start a job: ``new(function, *args, **kwargs)`` or ``new("expression")``.

        An expression is evaluated in the caller's namespace, or in
        ``new("expr", globals_dict)`` / ``new("expr", globals_dict, locals_dict)``.
        ``daemon=True`` lets jovi exit while the job still runs.  Returns the job
        (``None``, with a message, if the expression does not compile).
        """
        daemon = bool(kwargs.pop("daemon", False))
        job: BackgroundJobBase
        if callable(func_or_exp):
            job = BackgroundJobFunc(func_or_exp, *args, daemon=daemon, **kwargs)
        elif isinstance(func_or_exp, str):
            if len(args) > 2 or kwargs:
                _say("An expression job takes at most a globals and a locals namespace.")
                return None
            if args:
                globals_ns = args[0]
                locals_ns = args[1] if len(args) == 2 else None
            else:
                frame = sys._getframe(1)
                globals_ns, locals_ns = frame.f_globals, frame.f_locals
            try:
                job = BackgroundJobExpr(func_or_exp, globals_ns, locals_ns, daemon=daemon)
            except SyntaxError as error:
                _say(f"The expression {func_or_exp!r} is not valid Python: {error.msg}.")
                return None
        else:  # not what the signature says: users pass anything at the prompt
            _say("A job is a function (with its arguments) or an expression string.")
            return None
        with self._lock:
            job.num = self._next
            self._next += 1
            self.all[job.num] = job
            self.running.append(job)
        _show(f"Starting job # {job.num} in a separate thread.")
        job.start()
        return job

    def _update_status(self) -> None:
        with self._lock:
            for job in list(self.running):
                if job.finished.is_set():
                    self.running.remove(job)
                    (self.completed if job.status == COMPLETED else self.dead).append(job)

    def status(self, verbose: bool = False) -> None:
        """Print the running, completed and dead jobs (with ``verbose``, also when none)."""
        self._update_status()
        reported = False
        for name, group in (
            (RUNNING, self.running),
            (COMPLETED, self.completed),
            (DEAD, self.dead),
        ):
            if group:
                lines = [f"{name} jobs:"] + [f"{job.num} : {job}" for job in group]
                _show("\n".join(lines) + "\n")
                reported = True
        if verbose and not reported:
            _show("No jobs.")

    def result(self, num: int) -> Any:
        """The result of job ``num`` (a note if it has not completed)."""
        job = self._job(num)
        return None if job is None else job.result

    def traceback(self, job: int | None = None) -> None:
        """Print why job ``job`` died (every dead job's traceback if not given)."""
        self._update_status()
        if job is None:
            if not self.dead:
                _show("No dead jobs.")
            for dead in self.dead:
                _show(f"Traceback for: {dead}\n{dead.traceback_text}")
            return
        found = self._job(job)
        if found is None:
            return
        if found.status != DEAD:
            _show(f"Job #{job} did not die: it is {found.status.lower()}.")
            return
        _show(f"Traceback for: {found}\n{found.traceback_text}")

    def remove(self, num: int) -> None:
        """Forget finished job ``num`` (a running job cannot be removed)."""
        self._update_status()
        job = self._job(num)
        if job is None:
            return
        with self._lock:
            if job.status == RUNNING:
                _say(f"Job #{num} is still running; it can be removed once it has finished.")
                return
            (self.completed if job.status == COMPLETED else self.dead).remove(job)
            del self.all[num]

    def flush(self) -> None:
        """Forget every finished job (completed and dead); running jobs stay."""
        self._update_status()
        with self._lock:
            groups = ((COMPLETED, self.completed), (DEAD, self.dead))
            flushed = [(name, len(group)) for name, group in groups if group]
            for _name, group in groups:
                for job in group:
                    del self.all[job.num]
                group.clear()
        for name, count in flushed:
            _show(f"Flushing {count} {name} job{'s' if count > 1 else ''}.")
        if not flushed:
            _show("No jobs to flush.")

    def _job(self, num: int) -> BackgroundJobBase | None:
        job = self.all.get(num)
        if job is None:
            _say(f"Job #{num} not found (jobs() lists the jobs).")
        return job


def _show(text: str) -> None:
    sys.stdout.write(text + "\n")


def _say(message: str) -> None:
    sys.stderr.write(message + "\n")
