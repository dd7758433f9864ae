"""Sun/Univa/Son of Grid Engine: ``qsub`` a script, ``qdel`` the job.

The engines are a task array (``#$ -t 1-{n}``).  ``qsub`` says ``Your job 123
("name") has been submitted`` (or ``Your job-array 123.1-4:1 ...``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from jovi.parallel.launchers.batch import BatchLauncher, Directive

if TYPE_CHECKING:
    from jovi.parallel.launchers.base import Role

__all__ = ["SGEControllerLauncher", "SGEEngineSetLauncher", "SGELauncher"]

_TEMPLATE = """\
#!/bin/sh
#$ -V
#$ -S /bin/sh
#$ -N {job_name}
#$ -j y
#$ -o {output_file}
{program_and_args}
"""


class SGELauncher(BatchLauncher):
    """A Grid Engine job."""

    kind: ClassVar[str] = "sge"
    config_documented = True
    default_templates: ClassVar[dict[Role, str]] = {
        "controller": _TEMPLATE,
        "engines": _TEMPLATE,
    }
    array_directive: ClassVar[Directive | None] = Directive(r"^#\$\s+-t\s", "#$ -t 1-{n}")
    queue_directive: ClassVar[Directive | None] = Directive(r"^#\$\s+-q\s", "#$ -q {queue}")
    account_directive: ClassVar[Directive | None] = Directive(r"^#\$\s+-A\s", "#$ -A {account}")
    default_submit: ClassVar[tuple[str, ...]] = ("qsub",)
    default_delete: ClassVar[tuple[str, ...]] = ("qdel",)
    default_status: ClassVar[tuple[str, ...]] = ("qstat", "-j")
    default_job_id_regexp: ClassVar[str] = r"Your job(?:-array)? (\d+)"

    @classmethod
    def ended_in_status(cls, returncode: int, stdout: str, stderr: str) -> bool | None:
        # qstat -j describes a job while it is queued or running, and forgets it then.
        if returncode == 0:
            return False
        return True if "do not exist" in (stderr + stdout).lower() else None


class SGEControllerLauncher(SGELauncher):
    """The controller as a Grid Engine job."""

    config_documented = False


class SGEEngineSetLauncher(SGELauncher):
    """The engines as a Grid Engine task array."""

    config_documented = False
