"""The launchers' pure parts: names, command lines, job scripts and job ids (no
process is started here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from jovi.config import Config
from jovi.parallel import Cluster
from jovi.parallel.launchers import Launch, launcher_class
from jovi.parallel.launchers.htcondor import HTCondorEngineSetLauncher
from jovi.parallel.launchers.local import LocalControllerLauncher, LocalEngineSetLauncher
from jovi.parallel.launchers.lsf import LSFEngineSetLauncher
from jovi.parallel.launchers.mpi import (
    MPIControllerLauncher,
    MPIEngineSetLauncher,
    mpi_command,
    mpi_environment,
)
from jovi.parallel.launchers.pbs import PBSControllerLauncher, PBSEngineSetLauncher
from jovi.parallel.launchers.sge import SGEEngineSetLauncher
from jovi.parallel.launchers.slurm import SlurmEngineSetLauncher
from jovi.parallel.launchers.ssh import (
    SSHEngineSetLauncher,
    host_counts,
    remote_program,
    remote_start_command,
    remote_stop_command,
    tunnel_options,
)
from jovi.parallel.launchers.templates import insert_directive, parse_job_id, render

PROFILE = Path("/p")
ENGINE = ("/py", "-m", "jovi", "engine", "--cluster-id", "c1", "--profile-dir", "/p")


def _launch(role: str = "engines", n: int = 4) -> Launch:
    program = ENGINE if role == "engines" else ("/py", "-m", "jovi", "controller")
    return Launch(role, program, n, PROFILE, "c1", {})  # type: ignore[arg-type]


# ---------------------------------------------------------------------- names


@pytest.mark.parametrize(
    "name",
    [
        "mpi",
        "MPI",
        "MPIEngineSetLauncher",
        "MPIExecEngineSetLauncher",
        "jovi.parallel.launchers.mpi.MPIEngineSetLauncher",
        "ipyparallel.cluster.launcher.MPIEngineSetLauncher",
        "IPython.parallel.apps.launcher.MPIExecEngineSetLauncher",
    ],
)
def test_a_launcher_by_short_name_class_name_or_path(name: str) -> None:
    assert launcher_class(name, "engines") is MPIEngineSetLauncher


def test_the_role_chooses_the_class_of_a_kind() -> None:
    assert launcher_class("mpi", "controller") is MPIControllerLauncher
    assert launcher_class("PBS", "controller") is PBSControllerLauncher
    assert launcher_class("local", "engines") is LocalEngineSetLauncher
    assert launcher_class("Local", "controller") is LocalControllerLauncher
    assert launcher_class("condor", "engines") is HTCondorEngineSetLauncher
    assert launcher_class(SGEEngineSetLauncher, "engines") is SGEEngineSetLauncher


def test_an_unknown_launcher_name_lists_the_known() -> None:
    with pytest.raises(ValueError, match=r"no launcher 'yarn'.*local, mpi, ssh, slurm"):
        launcher_class("yarn", "engines")


def test_cluster_reads_the_launchers_from_config_and_the_old_names(tmp_path: Path) -> None:
    config = Config()
    config.Cluster.engine_launcher_class = "MPI"
    config.Cluster.controller_launcher_class = "slurm"
    cluster = Cluster(n=2, profile_dir=str(tmp_path), config=config)
    assert (cluster.engine_launcher_class, cluster.controller_launcher_class) == ("MPI", "slurm")
    old = Config()
    old.IPClusterEngines.engine_set_launcher = "SSHEngineSetLauncher"
    with pytest.warns(DeprecationWarning, match="engine_set_launcher is the old name"):
        cluster = Cluster(n=2, profile_dir=str(tmp_path), config=old)
    assert launcher_class(cluster.engine_launcher_class, "engines") is SSHEngineSetLauncher
    assert (
        Cluster(n=1, engines="pbs", profile_dir=str(tmp_path), config=config).engine_launcher_class
        == "pbs"
    )


# ---------------------------------------------------------------------- MPI


def test_mpi_command_line_and_environment() -> None:
    launcher = MPIEngineSetLauncher(mpi_args=["--hostfile", "hosts"])
    assert launcher.command(_launch(n=4)) == [
        "mpiexec", "-n", "4", "--hostfile", "hosts", *ENGINE, "--mpi=mpi4py",
    ]  # fmt: skip
    assert MPIControllerLauncher().command(_launch("controller", 1))[-1] == "controller"
    assert mpi_command(["mpirun"], 2, [], ["x"]) == ["mpirun", "-n", "2", "x"]
    assert mpi_environment(oversubscribe=True, allow_run_as_root=False) == {
        "OMPI_MCA_rmaps_base_oversubscribe": "1"
    }
    assert mpi_environment(oversubscribe=False, allow_run_as_root=True) == {
        "OMPI_ALLOW_RUN_AS_ROOT": "1",
        "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1",
    }


# ---------------------------------------------------------------------- SSH


def test_ssh_hosts_and_remote_commands() -> None:
    assert host_counts({"a": 2, "u@b:2222": [3, ["--x"]]}) == [
        ("a", 2, []),
        ("u@b:2222", 3, ["--x"]),
    ]
    with pytest.raises(ValueError, match="a count or"):
        host_counts({"a": "two"})
    assert remote_program(ENGINE, "python3", "/remote", ["--file", "f"]) == [
        "python3", "-m", "jovi", "engine", "--cluster-id", "c1", "--profile-dir", "/remote",
        "--file", "f",
    ]  # fmt: skip
    assert remote_start_command("/r/pid/e.pid", {"A": "1 2"}, ["python3", "-m", "jovi"]) == (
        "mkdir -p /r/pid && echo $$ > /r/pid/e.pid && exec env 'A=1 2' python3 -m jovi"
    )
    stop = remote_stop_command(["/r/pid/e.pid"], ["/r/security/f.json"])
    assert "kill -TERM $pids" in stop
    assert "kill -KILL $pids" in stop
    assert stop.endswith("rm -f /r/pid/e.pid /r/security/f.json; true")
    launcher = SSHEngineSetLauncher(
        engines={"u@h:2222": 1, "h2": 2}, ssh_args=["-o", "BatchMode=yes"], ssh_key="/k"
    )
    assert launcher.engine_count(8) == 3
    assert tunnel_options((6001, 5000), [(7001, 8001), (7002, 8002)]) == [
        "-o", "ExitOnForwardFailure=yes",
        "-R", "127.0.0.1:6001:127.0.0.1:5000",
        "-L", "127.0.0.1:7001:127.0.0.1:8001",
        "-L", "127.0.0.1:7002:127.0.0.1:8002",
    ]  # fmt: skip
    assert launcher.ssh_command("u@h:2222", "true") == [
        "ssh", "-o", "BatchMode=yes", "-i", "/k", "-p", "2222", "u@h", "true",
    ]  # fmt: skip


# ---------------------------------------------------------------------- templates


def test_template_expressions() -> None:
    assert render("nodes={n/4}:ppn=4", {"n": 8}) == "nodes=2:ppn=4"
    assert render("{n/4}", {"n": 6}) == "1.5"
    assert render("{n*2+1} {n//3} {-n} {queue}", {"n": 4, "queue": "q"}) == "9 1 -4 q"
    with pytest.raises(KeyError):
        render("{m/2}", {"n": 4})
    with pytest.raises(ValueError, match="not a simple expression"):
        render("{__import__('os').getcwd()}", {"n": 4})


def test_a_directive_goes_after_the_shebang_unless_present() -> None:
    script = "#!/bin/sh\n#PBS -V\nrun\n"
    assert insert_directive(script, r"^#PBS\s+-q\s", "#PBS -q {queue}") == (
        "#!/bin/sh\n#PBS -q {queue}\n#PBS -V\nrun\n"
    )
    assert insert_directive("#PBS -q a\n", r"^#PBS\s+-q\s", "#PBS -q b") == "#PBS -q a\n"
    assert insert_directive("run\n", "^x", "#x") == "#x\nrun\n"


OUT = "/p/log"
ARGS = "/py -m jovi engine --cluster-id c1 --profile-dir /p"

EXPECTED_SCRIPTS = {
    SlurmEngineSetLauncher: f"""\
#!/bin/sh
#SBATCH --partition=short
#SBATCH --account=proj
#SBATCH --job-name=jovi-engines-c1
#SBATCH --export=ALL
#SBATCH --output={OUT}/slurm-engines-c1.out
#SBATCH --ntasks=4
srun {ARGS}
""",
    PBSEngineSetLauncher: f"""\
#!/bin/sh
#PBS -q short
#PBS -A proj
#PBS -t 1-4
#PBS -V
#PBS -N jovi-engines-c1
#PBS -j oe
#PBS -o {OUT}/pbs-engines-c1.out
{ARGS}
""",
    SGEEngineSetLauncher: f"""\
#!/bin/sh
#$ -q short
#$ -A proj
#$ -t 1-4
#$ -V
#$ -S /bin/sh
#$ -N jovi-engines-c1
#$ -j y
#$ -o {OUT}/sge-engines-c1.out
{ARGS}
""",
    LSFEngineSetLauncher: f"""\
#!/bin/sh
#BSUB -q short
#BSUB -P proj
#BSUB -o {OUT}/lsf-engines-c1.out
#BSUB -e {OUT}/lsf-engines-c1.out
#BSUB -J jovi-engines-c1[1-4]
{ARGS}
""",
    HTCondorEngineSetLauncher: f"""\
accounting_group = proj
universe = vanilla
executable = /py
arguments = "-m jovi engine --cluster-id c1 --profile-dir /p"
getenv = True
transfer_executable = False
initialdir = /p
output = {OUT}/htcondor-engines-c1.out
error = {OUT}/htcondor-engines-c1.out
queue 4
""",
}


@pytest.mark.parametrize("cls", list(EXPECTED_SCRIPTS), ids=lambda c: c.kind)
def test_each_systems_engine_script(cls: type) -> None:
    launcher = cls(queue="short", account="proj")
    assert launcher.script(_launch(n=4)) == EXPECTED_SCRIPTS[cls]


def test_slurm_qos_and_time_limit() -> None:
    script = SlurmEngineSetLauncher(qos="low", timelimit="1:00:00").script(_launch(n=2))
    assert script.startswith("#!/bin/sh\n#SBATCH --time=1:00:00\n#SBATCH --qos=low\n")


def test_a_user_template_file_with_an_expression_gets_the_missing_directives(
    tmp_path: Path,
) -> None:
    template = tmp_path / "pbs.template"
    template.write_text("#!/bin/bash\n#PBS -l nodes={n/4}:ppn=4\n{program_and_args} --x\n")
    launcher = PBSEngineSetLauncher(batch_template_file=str(template), queue="short")
    assert launcher.script(_launch(n=8)) == (
        f"#!/bin/bash\n#PBS -q short\n#PBS -t 1-8\n#PBS -l nodes=2:ppn=4\n{ARGS} --x\n"
    )
    text = PBSControllerLauncher(
        batch_template="#!/bin/sh\n#PBS -N {job_name} {options} {mine}\n{program}|{program_args}\n",
        batch_options="-l walltime=1:00",
        namespace={"mine": "m"},
    ).script(_launch("controller", 1))
    assert (
        text
        == "#!/bin/sh\n#PBS -N jovi-controller-c1 -l walltime=1:00 m\n/py -m jovi controller|\n"
    )


def test_htcondor_keeps_queue_last() -> None:
    launcher = HTCondorEngineSetLauncher(batch_template="queue {n}\nexecutable = {executable}\n")
    assert launcher.script(_launch(n=3)) == "executable = /py\nqueue 3\n"
    launcher = HTCondorEngineSetLauncher(batch_template="executable = {executable}\n")
    assert launcher.script(_launch(n=3)) == "executable = /py\nqueue 3\n"


# ---------------------------------------------------------------------- job ids


@pytest.mark.parametrize(
    ("cls", "output", "job_id"),
    [
        (SlurmEngineSetLauncher, "Submitted batch job 4242\n", "4242"),
        (PBSEngineSetLauncher, "123[].pbs-server.example.org\n", "123[].pbs-server.example.org"),
        (PBSEngineSetLauncher, "77.head\n", "77.head"),
        (
            SGEEngineSetLauncher,
            'Your job-array 55.1-4:1 ("jovi-engines") has been submitted\n',
            "55",
        ),
        (SGEEngineSetLauncher, 'Your job 56 ("jovi-controller") has been submitted\n', "56"),
        (LSFEngineSetLauncher, "Job <901> is submitted to queue <normal>.\n", "901"),
        (
            HTCondorEngineSetLauncher,
            "Submitting job(s)....\n4 job(s) submitted to cluster 312.\n",
            "312",
        ),
    ],
)
def test_the_job_id_in_each_systems_submit_output(cls: type, output: str, job_id: str) -> None:
    assert cls().parse_job_id(output) == job_id


def test_no_job_id_is_an_error_and_regexp_is_configurable() -> None:
    with pytest.raises(ValueError, match="no job id"):
        parse_job_id("error: no such queue", r"Job <(\d+)>")
    assert SlurmEngineSetLauncher(job_id_regexp=r"id=(\w+)").parse_job_id("id=abc") == "abc"


def test_submit_cancel_and_signal_command_lines() -> None:
    script = Path("/p/s.sh")
    assert SlurmEngineSetLauncher().submit_args(script) == ["sbatch", "/p/s.sh"]
    assert LSFEngineSetLauncher().submit_args(script) == ["bsub"]  # the script on stdin
    assert SlurmEngineSetLauncher().delete_args("7") == ["scancel", "7"]
    assert PBSEngineSetLauncher().delete_args("7.h") == ["qdel", "7.h"]
    assert SGEEngineSetLauncher().delete_args("7") == ["qdel", "7"]
    assert LSFEngineSetLauncher().delete_args("7") == ["bkill", "7"]
    assert HTCondorEngineSetLauncher().delete_args("7") == ["condor_rm", "7"]
    assert SlurmEngineSetLauncher().signal_args("SIGINT", "7") == [
        "scancel", "--signal=INT", "7",
    ]  # fmt: skip
    assert PBSEngineSetLauncher().signal_args("SIGINT", "7") == ["qsig", "-s", "SIGINT", "7"]
    assert LSFEngineSetLauncher().signal_args("SIGINT", "7") == ["bkill", "-s", "SIGINT", "7"]
    assert PBSEngineSetLauncher(submit_command=["qsub", "-W", "x"]).submit_args(script) == [
        "qsub", "-W", "x", "/p/s.sh",
    ]  # fmt: skip


def test_jovi_cluster_start_reads_the_launchers_and_their_old_names() -> None:
    from jovi.cli.cluster import ClusterStartApp

    config = Config()
    config.IPClusterEngines.engine_set_launcher = "MPIEngineSetLauncher"
    config.IPClusterStart.controller_launcher = "SlurmControllerLauncher"
    assert ClusterStartApp(config=config)._launchers() == (
        "MPIEngineSetLauncher",
        "SlurmControllerLauncher",
    )
    config.Cluster.engine_launcher_class = "ssh"
    assert ClusterStartApp(config=config)._launchers()[0] == "ssh"
    assert ClusterStartApp()._launchers() == ("local", "local")


def test_an_lsf_engines_template_naming_its_job_becomes_the_array_with_one_name() -> None:
    # A -J line without an array spec became two -J lines (the added array one too).
    launcher = LSFEngineSetLauncher(batch_template="#!/bin/sh\n#BSUB -J mine\n{program_and_args}\n")
    script = launcher.script(_launch(n=3))
    assert script.count("#BSUB -J") == 1
    assert "#BSUB -J mine[1-3]\n" in script
    kept = LSFEngineSetLauncher(batch_template="#!/bin/sh\n#BSUB -J mine[1-{n}]\n{program}\n")
    assert kept.script(_launch(n=2)).count("#BSUB -J") == 1
