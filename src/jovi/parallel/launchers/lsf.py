"""IBM Spectrum LSF: ``bsub < script`` (so that its ``#BSUB`` lines count), ``bkill``.

The engines are a job array (``#BSUB -J name[1-{n}]``).  ``bsub`` says ``Job <123> is
submitted to queue <normal>.``
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

from jovi.parallel.launchers.batch import BatchLauncher, Directive, table_column

if TYPE_CHECKING:
    from jovi.parallel.launchers.base import Role

__all__ = ["LSFControllerLauncher", "LSFEngineSetLauncher", "LSFLauncher"]

_HEAD = """\
#!/bin/sh
#BSUB -o {output_file}
#BSUB -e {output_file}
"""


class LSFLauncher(BatchLauncher):
    """An LSF job."""

    kind: ClassVar[str] = "lsf"
    config_documented = True
    submit_via_stdin: ClassVar[bool] = True
    default_templates: ClassVar[dict[Role, str]] = {
        "controller": _HEAD + "#BSUB -J {job_name}\n{program_and_args}\n",
        "engines": _HEAD + "#BSUB -J {job_name}[1-{n}]\n{program_and_args}\n",
    }
    array_directive: ClassVar[Directive | None] = Directive(
        r"^#BSUB\s+-J\s+\S+\[", "#BSUB -J {job_name}[1-{n}]"
    )
    queue_directive: ClassVar[Directive | None] = Directive(r"^#BSUB\s+-q\s", "#BSUB -q {queue}")
    account_directive: ClassVar[Directive | None] = Directive(
        r"^#BSUB\s+-P\s", "#BSUB -P {account}"
    )
    default_submit: ClassVar[tuple[str, ...]] = ("bsub",)
    default_delete: ClassVar[tuple[str, ...]] = ("bkill",)
    default_signal: ClassVar[tuple[str, ...]] = ("bkill", "-s")
    default_status: ClassVar[tuple[str, ...]] = ("bjobs",)
    default_job_id_regexp: ClassVar[str] = r"Job <(\d+)>"

    def template(self, role: Role) -> str:
        """The template; for the engines, a ``#BSUB -J name`` line of the user's that
        names no array becomes ``#BSUB -J name[1-{n}]`` (LSF's arrays are named jobs:
        the array directive must not add a second -J)."""
        text = super().template(role)
        if role != "engines":
            return text
        return re.sub(
            r"^(#BSUB\s+-J\s+)([^\s\[]+)[ \t]*$", r"\1\2[1-{n}]", text, flags=re.MULTILINE
        )

    @classmethod
    def ended_in_status(cls, returncode: int, stdout: str, stderr: str) -> bool | None:
        # bjobs shows a finished job as DONE or EXIT for a while, then "is not found".
        if "is not found" in (stderr + stdout).lower():
            return True
        states = table_column(stdout, 2, "JOBID")
        return all(state in {"DONE", "EXIT"} for state in states) if states else None


class LSFControllerLauncher(LSFLauncher):
    """The controller as an LSF job."""

    config_documented = False


class LSFEngineSetLauncher(LSFLauncher):
    """The engines as an LSF job array."""

    config_documented = False
