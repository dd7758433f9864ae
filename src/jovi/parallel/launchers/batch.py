"""Batch systems: a job script rendered from a template, submitted, and cancelled.

The template is, in this order, ``batch_template`` (the text), ``batch_template_file``
(a file), or the system's default for the controller or the engines.  Its fields are
the names below, and simple expressions of them (``{n/4}``): when a template lacks the
queue, account or job-array directive it needs, the line is added after its ``#!``
line.  The script is written in the profile directory and submitted; the job id is
read from the submit command's output, and stopping the cluster cancels the job.

While the cluster waits for its engines (or its controller), the launcher asks the
system's status command about the job, at most every :data:`STATUS_EVERY_S` seconds: a
job the system says has ended (failed at once, cancelled, out of time) or no longer
knows ends the wait with a plain error, instead of the whole timeout.  Each system's
answer is read by its launcher's :meth:`BatchLauncher.ended_in_status` (no I/O; None
when the answer says nothing sure, and then the job counts as running).

Names a template may use: ``n``, ``queue``, ``account``, ``options`` (``batch_options``),
``profile_dir``, ``cluster_id``, ``program_and_args`` (the ``jovi controller``/``jovi
engine`` command line), ``program`` and ``program_args`` (its first four words and
the rest), ``executable`` and ``arguments`` (its first word and the rest),
``output_file``, ``job_name``, and those of ``namespace``.
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Final, NamedTuple

from jovi.config import Dict, Int, List, Str
from jovi.parallel.launchers.base import Launcher, LaunchError, shell_join
from jovi.parallel.launchers.templates import insert_directive, parse_job_id, render

if TYPE_CHECKING:
    from jovi.parallel.launchers.base import Launch, Role

__all__ = ["STATUS_EVERY_S", "BatchLauncher", "Directive", "table_column"]

STATUS_EVERY_S: Final = 5.0
"""How often :meth:`BatchLauncher.running` asks the batch system (it answers from its
last answer in between)."""


class Directive(NamedTuple):
    """A line a job script needs: present when ``pattern`` matches a line, else
    ``line`` is added after the ``#!`` line."""

    pattern: str
    line: str


class BatchLauncher(Launcher):
    """A job of a batch system (subclasses give the commands and the templates)."""

    kind: ClassVar[str] = "batch"
    config_documented = True

    #: The default template of each role.
    default_templates: ClassVar[dict[Role, str]] = {}
    #: Lines added when missing: for the queue and account (when set), and the job
    #: array of the engines (when the system has arrays).
    queue_directive: ClassVar[Directive | None] = None
    account_directive: ClassVar[Directive | None] = None
    array_directive: ClassVar[Directive | None] = None
    #: Whether the script goes to the submit command's standard input (LSF's ``bsub <``).
    submit_via_stdin: ClassVar[bool] = False
    #: The script's file name ending.
    script_suffix: ClassVar[str] = ".sh"

    batch_template = Str("", help="The job script's template (its text); see the guide.")
    batch_template_file = Str("", help="A file holding the job script's template.")
    queue = Str("", help="The queue (partition) to submit to (a directive is added when set).")
    account = Str("", help="The account to charge (a directive is added when set).")
    batch_options = Str("", help="The text of the template's {options} field.")
    namespace = Dict(help="More names for the template's fields.")
    submit_command = List(str, help="The command that submits the script (empty: the system's).")
    delete_command = List(str, help="The command that cancels a job (empty: the system's).")
    signal_command = List(
        str, help="The command that signals a job, before '<signal> <id>' (empty: the system's)."
    )
    status_command = List(str, help="The command that shows a job's state (empty: the system's).")
    job_id_regexp = Str("", help="Finds the job id in the submit output (empty: the system's).")
    job_id_group = Int(1, min=0, help="The group of job_id_regexp that is the id.")

    #: The system's commands and id pattern (the options above override them).
    default_submit: ClassVar[tuple[str, ...]] = ()
    default_delete: ClassVar[tuple[str, ...]] = ()
    default_signal: ClassVar[tuple[str, ...]] = ()
    default_status: ClassVar[tuple[str, ...]] = ()
    default_job_id_regexp: ClassVar[str] = r"(\d+)"

    def __init__(self, **options: object) -> None:
        super().__init__(**options)  # type: ignore[arg-type]
        self.job_id: str | None = None
        self.script_path: Path | None = None
        self._asked_at: float | None = None
        self._ended = False
        self._clock = time.monotonic

    # ------------------------------------------------------------------ pure parts

    def template(self, role: Role) -> str:
        """The template for ``role``, before the directives are added."""
        if self.batch_template:
            return self.batch_template
        if self.batch_template_file:
            return Path(self.batch_template_file).expanduser().read_text(encoding="utf-8")
        return self.default_templates[role]

    def names(self, launch: Launch) -> dict[str, Any]:
        """The names a template's fields may use."""
        program = list(launch.program)
        return {
            "n": launch.n,
            "queue": self.queue,
            "account": self.account,
            "options": self.batch_options,
            "profile_dir": str(launch.profile_dir),
            "cluster_id": launch.cluster_id,
            "program_and_args": shell_join(program),
            "program": shell_join(program[:4]),
            "program_args": shell_join(program[4:]),
            "executable": program[0],
            "arguments": shell_join(program[1:]),
            "output_file": str(launch.log_dir / f"{self.kind}-{launch.label()}.out"),
            "job_name": f"jovi-{launch.label()}",
            **self.namespace,
        }

    def directives(self, launch: Launch) -> list[Directive]:
        """The lines the script must have (added after its ``#!`` line when missing),
        the last first."""
        wanted: list[Directive] = []
        if launch.role == "engines" and self.array_directive is not None:
            wanted.append(self.array_directive)
        if self.account and self.account_directive is not None:
            wanted.append(self.account_directive)
        if self.queue and self.queue_directive is not None:
            wanted.append(self.queue_directive)
        return wanted

    def script(self, launch: Launch) -> str:
        """The job script for ``launch``: the template, its missing directives added,
        rendered."""
        text = self.template(launch.role)
        for directive in self.directives(launch):
            text = insert_directive(text, directive.pattern, directive.line)
        return render(text, self.names(launch))

    def parse_job_id(self, output: str) -> str:
        """The job id in the submit command's output."""
        return parse_job_id(
            output, self.job_id_regexp or self.default_job_id_regexp, self.job_id_group
        )

    def submit_args(self, script_path: Path) -> list[str]:
        """The submit command line."""
        command = list(self.submit_command or self.default_submit)
        return command if self.submit_via_stdin else [*command, str(script_path)]

    def delete_args(self, job_id: str) -> list[str]:
        """The cancel command line."""
        return [*(self.delete_command or self.default_delete), job_id]

    def signal_args(self, signal_name: str, job_id: str) -> list[str]:
        """The command line that sends ``signal_name`` (``SIGINT``...) to the job."""
        command = list(self.signal_command or self.default_signal)
        if not command:
            raise LaunchError(f"the {self.kind} launcher cannot send signals")
        return [*command, signal_name, job_id]

    # ------------------------------------------------------------------ processes

    def _run(self, args: list[str], stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        assert self.launch is not None
        try:
            return subprocess.run(  # noqa: S603 - the batch system's configured commands
                args,
                input=stdin,
                capture_output=True,
                text=True,
                env=dict(self.launch.env),
                cwd=self.launch.profile_dir,
                timeout=60,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            raise LaunchError(f"cannot run {args[0]!r}: {error}") from None

    def start(self, launch: Launch) -> None:
        self.launch = launch
        launch.log_dir.mkdir(parents=True, exist_ok=True)
        script = self.script(launch)
        path = launch.profile_dir / f"{self.kind}-{launch.label()}{self.script_suffix}"
        path.write_text(script, encoding="utf-8")
        path.chmod(0o700)
        self.script_path = path
        done = self._run(self.submit_args(path), script if self.submit_via_stdin else None)
        if done.returncode != 0:
            raise LaunchError(
                f"{done.args[0]} failed ({done.returncode}): {(done.stderr or done.stdout).strip()}"
            )
        try:
            self.job_id = self.parse_job_id(done.stdout)
        except ValueError as error:
            raise LaunchError(str(error)) from None
        self._ended = False  # a new job: what was said of an earlier one is forgotten
        self._asked_at = None

    def stop(self) -> None:
        """Cancel the job (a job that has ended already is no error)."""
        if self.job_id is not None:
            self._run(self.delete_args(self.job_id))
            self.job_id = None

    def running(self) -> bool:
        """Whether the job may still run: submitted, and not said to have ended by the
        system's status command (asked at most every :data:`STATUS_EVERY_S` seconds; a
        command that cannot run, an answer not understood, or a ``status_command`` of
        the user's counts as running)."""
        if self.job_id is None:
            return False
        now = self._clock()
        if not self._ended and (self._asked_at is None or now - self._asked_at >= STATUS_EVERY_S):
            self._asked_at = now
            # Only the system's own command's answer is read: a configured one may
            # answer in any form.
            command = [] if self.status_command else list(self.default_status)
            if command:
                try:
                    done = self._run([*command, self.job_id])
                except LaunchError:
                    return True
                self._ended = bool(
                    self.ended_in_status(done.returncode, done.stdout, done.stderr or "")
                )
        return not self._ended

    @classmethod
    def ended_in_status(cls, returncode: int, stdout: str, stderr: str) -> bool | None:
        """Whether the status command's answer says the job has ended (True), is
        queued or running (False), or nothing sure (None).  Each system reads its own."""
        return None

    def signal(self, signum: int) -> None:
        import signal  # noqa: PLC0415 - only to name the signal

        if self.job_id is not None:
            done = self._run(self.signal_args(signal.Signals(signum).name, self.job_id))
            if done.returncode != 0:
                raise LaunchError(f"{done.args[0]} failed: {done.stderr.strip()}")

    def job_state(self) -> str:
        """What the system's status command says of the job ("" when it says nothing)."""
        command = list(self.status_command or self.default_status)
        if self.job_id is None or not command:
            return ""
        return self._run([*command, self.job_id]).stdout.strip()


def table_column(stdout: str, index: int, header: str) -> list[str]:
    """Word ``index`` of each row of a status command's table, its header line (the
    one starting with ``header``) and ``---`` rules left out."""
    values = []
    for line in stdout.splitlines():
        words = line.split()
        if not words or line.lstrip().startswith((header, "-")) or len(words) <= index:
            continue
        values.append(words[index].upper())
    return values
