"""Stand-ins for the submit and cancel commands of PBS, SGE, LSF and HTCondor
(``qsub``, ``qdel``, ``bsub``, ``bkill``, ``condor_submit``, ``condor_rm``), put on PATH
by the tests: each records its arguments (and the script it was given) in
``calls.jsonl``, and the submit commands really start the job (one process per
array element, each in its own process group) and print what the real command
prints; the cancel commands end those process groups."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

SHIM = r"""#!{python}
import json, os, re, signal, subprocess, sys
from pathlib import Path

state = Path({state!r})
name = os.path.basename(sys.argv[0])
flavour = os.environ.get("SHIM_FLAVOUR", "pbs")
args = sys.argv[1:]

def record(**entry):
    with (state / "calls.jsonl").open("a") as log:
        log.write(json.dumps({{"command": name, "args": args, **entry}}) + "\n")

if name in ("qsub", "bsub", "condor_submit"):
    script = sys.stdin.read() if name == "bsub" else Path(args[-1]).read_text()
    record(script=script)
    counter = state / "next-id"
    job = int(counter.read_text()) if counter.exists() else 100
    counter.write_text(str(job + 1))
    count = 1
    for pattern in (r"^#(?:PBS|\$) -t 1-(\d+)", r"^#BSUB -J \S+\[1-(\d+)\]", r"^queue (\d+)"):
        found = re.search(pattern, script, re.M)
        if found:
            count = int(found.group(1))
    if name == "condor_submit":
        exe = re.search(r"^executable = (.*)$", script, re.M).group(1)
        arguments = re.search(r'^arguments = "(.*)"$', script, re.M).group(1)
        command = ["sh", "-c", f"exec {{exe}} {{arguments}}"]
    else:
        path = state / f"job-{{job}}.sh"
        path.write_text(script)
        command = ["sh", str(path)]
    pids = []
    with (state / f"job-{{job}}.out").open("ab") as out:
        for index in range(count):
            pids.append(subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=out, stderr=out,
                start_new_session=True, env={{**os.environ, "SHIM_JOB_ID": str(job),
                "SHIM_ARRAY_INDEX": str(index + 1)}},
            ).pid)
    (state / f"job-{{job}}.pids").write_text(json.dumps(pids))
    if name == "bsub":
        print(f"Job <{{job}}> is submitted to queue <normal>.")
    elif name == "condor_submit":
        print(f"Submitting job(s){{'.' * count}}\n{{count}} job(s) submitted to cluster {{job}}.")
    elif flavour == "sge":
        print(f'Your job-array {{job}}.1-{{count}}:1 ("jovi") has been submitted')
    else:
        print(f"{{job}}[].shimhost" if count > 1 else f"{{job}}.shimhost")
else:
    record()
    job = re.match(r"\d+", args[-1]).group(0)
    for pid in json.loads((state / f"job-{{job}}.pids").read_text()):
        try:
            os.killpg(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
"""

COMMANDS = ("qsub", "qdel", "bsub", "bkill", "condor_submit", "condor_rm")


def install(bin_dir: Path, state: Path) -> None:
    """Write the shims into ``bin_dir``; they keep their records in ``state``."""
    bin_dir.mkdir(parents=True, exist_ok=True)
    state.mkdir(parents=True, exist_ok=True)
    text = SHIM.format(python=sys.executable, state=str(state))
    for command in COMMANDS:
        path = bin_dir / command
        path.write_text(text)
        path.chmod(0o755)


def calls(state: Path) -> list[dict[str, Any]]:
    """What the shims were called with, in order."""
    path = state / "calls.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines()]


def job_pids(state: Path, job: str) -> list[int]:
    """The processes a submit started for ``job``."""
    return list(json.loads((state / f"job-{job}.pids").read_text()))
