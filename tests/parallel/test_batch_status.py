"""Each batch system's status answer, read by its launcher: ended, queued or running,
or not sure; and ``running()`` asks at most every STATUS_EVERY_S seconds.

The answers are those the systems print (squeue, qstat of Torque and PBS Pro, SGE's
qstat -j, bjobs, condor_q); Slurm's is also checked for real in test_launch_slurm.py.
"""

from __future__ import annotations

import subprocess
from typing import TYPE_CHECKING, Any

import pytest

from jovi.parallel.launchers.base import Launch, LaunchError
from jovi.parallel.launchers.batch import STATUS_EVERY_S, BatchLauncher
from jovi.parallel.launchers.htcondor import HTCondorEngineSetLauncher
from jovi.parallel.launchers.lsf import LSFEngineSetLauncher
from jovi.parallel.launchers.pbs import PBSEngineSetLauncher
from jovi.parallel.launchers.sge import SGEEngineSetLauncher
from jovi.parallel.launchers.slurm import SlurmEngineSetLauncher

if TYPE_CHECKING:
    from pathlib import Path

slurm = SlurmEngineSetLauncher.ended_in_status
pbs = PBSEngineSetLauncher.ended_in_status
sge = SGEEngineSetLauncher.ended_in_status
lsf = LSFEngineSetLauncher.ended_in_status
condor = HTCondorEngineSetLauncher.ended_in_status


def test_slurm() -> None:
    assert slurm(0, "41 PENDING\n", "") is False
    assert slurm(0, "41 RUNNING\n", "") is False
    assert slurm(0, "41 FAILED\n", "") is True
    assert slurm(0, "41 CANCELLED\n", "") is True
    assert slurm(0, "41 COMPLETING\n", "") is True
    assert slurm(0, "", "") is True  # forgotten
    assert slurm(1, "", "slurm_load_jobs error: Invalid job id specified\n") is True
    assert slurm(1, "", "slurm_load_jobs error: Unable to contact slurm controller\n") is None


TORQUE = """\
Job ID                    Name             User            Time Use S Queue
------------------------- ---------------- --------------- -------- - -----
{id}                      jovi-engines     ann             00:00:01 {state} batch
"""


def test_pbs() -> None:
    assert pbs(0, TORQUE.format(id="123.head", state="Q"), "") is False
    assert pbs(0, TORQUE.format(id="123.head", state="R"), "") is False
    assert pbs(0, TORQUE.format(id="123.head", state="C"), "") is True
    assert pbs(0, TORQUE.format(id="123[].head", state="F"), "") is True
    assert pbs(153, "", "qstat: Unknown Job Id 123.head\n") is True
    assert pbs(35, "", "qstat: 123.head Job has finished, use -x or -H to obtain historical job information\n") is True  # fmt: skip
    assert pbs(1, "", "qstat: cannot connect to server head (errno=111)\n") is None
    assert pbs(0, "", "") is None


def test_sge() -> None:
    assert sge(0, "job_number:  77\nowner:  ann\n", "") is False
    assert sge(1, "", "Following jobs do not exist: \n77\n") is True
    assert sge(1, "", "error: commlib error: can't connect to service\n") is None


BJOBS = """\
JOBID   USER    STAT  QUEUE      FROM_HOST   EXEC_HOST   JOB_NAME   SUBMIT_TIME
{id}     ann     {a}   normal     login1      node7       jovi[1]    Dec  7 10:00
{id}     ann     {b}   normal     login1      node8       jovi[2]    Dec  7 10:00
"""


def test_lsf() -> None:
    assert lsf(0, BJOBS.format(id=55, a="PEND", b="PEND"), "") is False
    assert lsf(0, BJOBS.format(id=55, a="RUN", b="DONE"), "") is False  # one still runs
    assert lsf(0, BJOBS.format(id=55, a="EXIT", b="DONE"), "") is True
    assert lsf(255, "", "Job <55> is not found\n") is True
    assert lsf(255, "", "LSF is down. Please wait ...\n") is None


CONDOR = """\

-- Schedd: submit.example.org : <10.0.0.2:9618?... @ 12/07/26 10:00:00
OWNER BATCH_NAME    SUBMITTED   DONE   RUN    IDLE  TOTAL JOB_IDS
{rows}
Total for query: {n} jobs; 0 completed, 0 removed, {n} idle, 0 running, 0 held, 0 suspended
Total for all users: {n} jobs; 0 completed, 0 removed, {n} idle, 0 running, 0 held, 0 suspended
"""


def test_htcondor() -> None:
    queued = CONDOR.format(rows="ann ID: 31   12/7 10:00      _      _      4      4 31.0-3", n=4)
    assert condor(0, queued, "") is False
    assert condor(0, CONDOR.format(rows="", n=0), "") is True
    assert condor(0, "2 jobs; 0 completed, 0 removed, 2 idle, 0 running, 0 held\n", "") is False
    assert condor(1, "", "Failed to fetch ads from: <10.0.0.2:9618>\n") is None


class _Asked(SlurmEngineSetLauncher):
    """A Slurm launcher whose status command's answers are given (the process layer
    is the launcher's own `_run`)."""

    def __init__(self, answers: list[Any]) -> None:
        super().__init__()
        self.answers = answers
        self.asked = 0
        self.now = 1000.0
        self._clock = lambda: self.now
        self.job_id = "41"

    def _run(self, args: list[str], stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        self.asked += 1
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return subprocess.CompletedProcess(args, answer[0], answer[1], answer[2])


def test_running_asks_at_most_every_few_seconds_and_remembers_an_end() -> None:
    launcher = _Asked([(0, "41 PENDING\n", ""), (0, "41 FAILED\n", "")])
    assert launcher.running()
    launcher.now += STATUS_EVERY_S / 2
    assert launcher.running()  # not asked again yet
    assert launcher.asked == 1
    launcher.now += STATUS_EVERY_S
    assert not launcher.running()
    launcher.now += STATUS_EVERY_S
    assert not launcher.running()  # an ended job stays ended, without asking
    assert launcher.asked == 2


def test_a_job_submitted_again_by_the_same_launcher_is_asked_about_afresh(
    tmp_path: Path,
) -> None:
    launcher = _Asked([(0, "41 FAILED\n", ""), (0, "Submitted batch job 42\n", ""),
                       (0, "42 RUNNING\n", "")])  # fmt: skip
    assert not launcher.running()
    launcher.start(Launch("engines", ("jovi", "engine"), 2, tmp_path, "c", {}))
    assert launcher.job_id == "42"
    assert launcher.running()  # asked at once about the new job, which runs
    assert launcher.asked == 3


def test_a_status_command_that_cannot_run_or_a_users_own_counts_as_running() -> None:
    launcher = _Asked([LaunchError("cannot run 'squeue'")])
    assert launcher.running()
    own = _Asked([])
    own.status_command = ["my-squeue"]
    assert own.running()
    assert own.asked == 0
    own.job_id = None
    assert not own.running()


@pytest.mark.parametrize(
    "launcher", [PBSEngineSetLauncher, SGEEngineSetLauncher, LSFEngineSetLauncher,
                 HTCondorEngineSetLauncher, SlurmEngineSetLauncher],
)  # fmt: skip
def test_every_system_reads_its_own_answer(launcher: type[BatchLauncher]) -> None:
    assert launcher.ended_in_status.__func__ is not BatchLauncher.ended_in_status.__func__  # type: ignore[attr-defined]
    assert launcher.ended_in_status(0, "garbage that says nothing", "") in (None, False)
