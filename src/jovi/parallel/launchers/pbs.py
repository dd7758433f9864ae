"""PBS and Torque: ``qsub`` a script, ``qdel`` the job, ``qsig`` to signal it.

The engines are a job array (``#PBS -t 1-{n}``, one engine per element).  The job
id is the first word ``qsub`` prints (``123.server``, ``123[].server``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from jovi.parallel.launchers.batch import BatchLauncher, Directive, table_column

if TYPE_CHECKING:
    from jovi.parallel.launchers.base import Role

__all__ = ["PBSControllerLauncher", "PBSEngineSetLauncher", "PBSLauncher"]

_TEMPLATE = """\
#!/bin/sh
#PBS -V
#PBS -N {job_name}
#PBS -j oe
#PBS -o {output_file}
{program_and_args}
"""


class PBSLauncher(BatchLauncher):
    """A PBS/Torque job."""

    kind: ClassVar[str] = "pbs"
    config_documented = True
    default_templates: ClassVar[dict[Role, str]] = {
        "controller": _TEMPLATE,
        "engines": _TEMPLATE,
    }
    array_directive: ClassVar[Directive | None] = Directive(r"^#PBS\s+-[tJ]\s", "#PBS -t 1-{n}")
    queue_directive: ClassVar[Directive | None] = Directive(r"^#PBS\s+-q\s", "#PBS -q {queue}")
    account_directive: ClassVar[Directive | None] = Directive(r"^#PBS\s+-A\s", "#PBS -A {account}")
    default_submit: ClassVar[tuple[str, ...]] = ("qsub",)
    default_delete: ClassVar[tuple[str, ...]] = ("qdel",)
    default_signal: ClassVar[tuple[str, ...]] = ("qsig", "-s")
    default_status: ClassVar[tuple[str, ...]] = ("qstat",)
    default_job_id_regexp: ClassVar[str] = r"^\s*(\d+\S*)"

    @classmethod
    def ended_in_status(cls, returncode: int, stdout: str, stderr: str) -> bool | None:
        # qstat forgets a finished job ("Unknown Job Id"; PBS Pro: "Job has finished")
        # or shows it as C (Torque) or F (PBS Pro) in its S column.
        if returncode != 0:
            said = (stderr + stdout).lower()
            return True if "unknown job id" in said or "has finished" in said else None
        states = table_column(stdout, 4, "Job ID")
        return all(state in {"C", "F"} for state in states) if states else None


class PBSControllerLauncher(PBSLauncher):
    """The controller as a PBS job."""

    config_documented = False


class PBSEngineSetLauncher(PBSLauncher):
    """The engines as a PBS job array."""

    config_documented = False
