"""Slurm: ``sbatch`` a script, ``scancel`` the job, ``squeue`` for its state.

The engines are one job of ``n`` tasks, each started by ``srun``; the controller is a
job of one task.  ``queue`` is the partition; ``qos`` and ``timelimit`` add their
directives when set.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Final

from jovi.config import Str
from jovi.parallel.launchers.batch import BatchLauncher, Directive

if TYPE_CHECKING:
    from jovi.parallel.launchers.base import Launch, Role

__all__ = ["SLURM_ENDED", "SlurmControllerLauncher", "SlurmEngineSetLauncher", "SlurmLauncher"]

SLURM_ENDED: Final = frozenset(
    {"BOOT_FAIL", "CANCELLED", "COMPLETED", "COMPLETING", "DEADLINE", "FAILED", "NODE_FAIL",
     "OUT_OF_MEMORY", "PREEMPTED", "REVOKED", "SPECIAL_EXIT", "TIMEOUT"}
)  # fmt: skip
"""The job states (squeue's %T) of a job that runs no more."""

_HEAD = """\
#!/bin/sh
#SBATCH --job-name={job_name}
#SBATCH --export=ALL
#SBATCH --output={output_file}
"""


class SlurmLauncher(BatchLauncher):
    """A Slurm job."""

    kind: ClassVar[str] = "slurm"
    config_documented = True
    script_suffix: ClassVar[str] = ".sbatch"
    default_templates: ClassVar[dict[Role, str]] = {
        "controller": _HEAD + "#SBATCH --ntasks=1\n{program_and_args}\n",
        "engines": _HEAD + "#SBATCH --ntasks={n}\nsrun {program_and_args}\n",
    }
    queue_directive: ClassVar[Directive | None] = Directive(
        r"^#SBATCH\s+(--partition|-p)\b", "#SBATCH --partition={queue}"
    )
    account_directive: ClassVar[Directive | None] = Directive(
        r"^#SBATCH\s+(--account|-A)\b", "#SBATCH --account={account}"
    )
    default_submit: ClassVar[tuple[str, ...]] = ("sbatch",)
    default_delete: ClassVar[tuple[str, ...]] = ("scancel",)
    default_signal: ClassVar[tuple[str, ...]] = ("scancel", "--signal")
    default_status: ClassVar[tuple[str, ...]] = ("squeue", "--noheader", "--format=%i %T", "--jobs")
    default_job_id_regexp: ClassVar[str] = r"(\d+)"

    @classmethod
    def ended_in_status(cls, returncode: int, stdout: str, stderr: str) -> bool | None:
        # squeue --jobs lists a job in every state while slurmctld remembers it, then
        # answers "Invalid job id specified".
        if returncode != 0:
            return True if "invalid job id" in stderr.lower() else None
        states = [line.split()[-1].upper() for line in stdout.splitlines() if line.strip()]
        return all(state in SLURM_ENDED for state in states)

    qos = Str("", help="The quality of service (#SBATCH --qos) when set.")
    timelimit = Str("", help="The time limit (#SBATCH --time), e.g. 1:00:00, when set.")

    def directives(self, launch: Launch) -> list[Directive]:
        wanted = super().directives(launch)
        if self.qos:
            wanted.append(Directive(r"^#SBATCH\s+--qos\b", f"#SBATCH --qos={self.qos}"))
        if self.timelimit:
            wanted.append(
                Directive(r"^#SBATCH\s+(--time|-t)\b", f"#SBATCH --time={self.timelimit}")
            )
        return wanted

    def signal_args(self, signal_name: str, job_id: str) -> list[str]:
        """``scancel --signal=INT <id>``: to the processes of the job's steps (the
        engines under ``srun``; ``--full`` would reach the batch shell instead)."""
        command = list(self.signal_command or self.default_signal)
        return [*command[:-1], f"{command[-1]}={signal_name.removeprefix('SIG')}", job_id]


class SlurmControllerLauncher(SlurmLauncher):
    """The controller as a Slurm job."""

    config_documented = False


class SlurmEngineSetLauncher(SlurmLauncher):
    """The engines as the tasks of a Slurm job."""

    config_documented = False
