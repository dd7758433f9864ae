"""HTCondor: ``condor_submit`` a submit description, ``condor_rm`` the cluster.

The description is not a shell script: its last line ``queue {n}`` makes the ``n``
engines (added when a template lacks it).  ``condor_submit`` says ``4 job(s)
submitted to cluster 123.``
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

from jovi.parallel.launchers.batch import BatchLauncher, Directive
from jovi.parallel.launchers.templates import render

if TYPE_CHECKING:
    from jovi.parallel.launchers.base import Launch, Role

__all__ = ["HTCondorControllerLauncher", "HTCondorEngineSetLauncher", "HTCondorLauncher"]

_TEMPLATE = """\
universe = vanilla
executable = {executable}
arguments = "{arguments}"
getenv = True
transfer_executable = False
initialdir = {profile_dir}
output = {output_file}
error = {output_file}
"""


class HTCondorLauncher(BatchLauncher):
    """An HTCondor cluster of jobs."""

    kind: ClassVar[str] = "htcondor"
    config_documented = True
    script_suffix: ClassVar[str] = ".sub"
    default_templates: ClassVar[dict[Role, str]] = {
        "controller": _TEMPLATE + "queue 1\n",
        "engines": _TEMPLATE + "queue {n}\n",
    }
    account_directive: ClassVar[Directive | None] = Directive(
        r"^accounting_group\s*=", "accounting_group = {account}"
    )
    default_submit: ClassVar[tuple[str, ...]] = ("condor_submit",)
    default_delete: ClassVar[tuple[str, ...]] = ("condor_rm",)
    default_status: ClassVar[tuple[str, ...]] = ("condor_q",)
    default_job_id_regexp: ClassVar[str] = r"submitted to cluster (\d+)\."

    @classmethod
    def ended_in_status(cls, returncode: int, stdout: str, stderr: str) -> bool | None:
        # A finished or removed job leaves the queue: condor_q counts 0 jobs for it.
        found = re.search(r"Total for query: (\d+) jobs?", stdout) or re.search(
            r"^(\d+) jobs?;", stdout, re.MULTILINE
        )
        if returncode != 0 or found is None:
            return None
        return int(found.group(1)) == 0

    def script(self, launch: Launch) -> str:
        """The description; ``queue`` stays the last line, added when missing."""
        text = super().script(launch)
        lines = [line for line in text.splitlines() if line.strip()]
        queue = [line for line in lines if line.strip().startswith("queue")]
        rest = [line for line in lines if not line.strip().startswith("queue")]
        last = queue[-1] if queue else render("queue {n}", {"n": launch.n})
        return "\n".join([*rest, last]) + "\n"


class HTCondorControllerLauncher(HTCondorLauncher):
    """The controller as an HTCondor job."""

    config_documented = False


class HTCondorEngineSetLauncher(HTCondorLauncher):
    """The engines as an HTCondor cluster of jobs."""

    config_documented = False
