"""The kernel finder: providers, full names, entry points, listing on the command line."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from jovi.errors import NoSuchKernel
from jovi.kernels import KernelFinder
from jovi.kernels.finder import ENTRY_POINT_GROUP
from tests.kernels.conftest import write_spec


@pytest.fixture
def plugin(tmp_path, monkeypatch):
    """A distribution on sys.path registering a kernel provider (and a broken one)."""
    site = tmp_path / "site"
    (site / "oblong-1.0.dist-info").mkdir(parents=True)
    (site / "oblong-1.0.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: oblong\nVersion: 1.0\n"
    )
    (site / "oblong-1.0.dist-info" / "entry_points.txt").write_text(
        f"[{ENTRY_POINT_GROUP}]\noblong = oblong_provider:OblongProvider\n"
        "broken = oblong_provider:NoSuchThing\n"
    )
    (site / "oblong_provider.py").write_text(
        textwrap.dedent(
            """
            from jovi.kernels.providers import KernelProvider, jovi_kernel_spec

            class OblongProvider(KernelProvider):
                id = "oblong"

                def find_kernels(self):
                    yield "rounded", {"display_name": "Rounded oblongs", "language": "oblong"}

                def kernel_spec(self, name):
                    if name != "rounded":
                        return super().kernel_spec(name)
                    return jovi_kernel_spec("Rounded oblongs")
            """
        )
    )
    monkeypatch.syspath_prepend(str(site))
    return site


def test_full_names_of_each_provider(ipykernel_spec):
    names = dict(KernelFinder().find_kernels())
    assert names["spec/python3"]["display_name"] == "Python 3 (ipykernel)"
    assert names["spec/python3"]["resource_dir"] == str(ipykernel_spec)
    assert names["pyimport/jovi"]["language"] == "python"


def test_a_short_name_is_a_kernelspec_first_then_another_provider(ipykernel_spec, user_kernels):
    finder = KernelFinder()
    provider, name = finder.resolve("python3")
    assert (provider.id, name) == ("spec", "python3")
    assert finder.resolve("jovi")[0].id == "pyimport"
    write_spec(user_kernels, "jovi", {"argv": ["x", "{connection_file}"], "display_name": "mine"})
    assert finder.resolve("jovi")[0].id == "spec"
    with pytest.raises(NoSuchKernel, match="no kernel named 'cobol' was found"):
        finder.resolve("cobol")
    with pytest.raises(NoSuchKernel, match="no kernel provider is called 'nope'"):
        finder.resolve("nope/x")


def test_providers_registered_as_entry_points(plugin, caplog):
    finder = KernelFinder.from_entrypoints()
    names = dict(finder.find_kernels())
    assert names["oblong/rounded"]["display_name"] == "Rounded oblongs"
    assert "pyimport/jovi" in names
    assert any(
        "broken" in record.getMessage() and "cannot be loaded" in record.getMessage()
        for record in caplog.records
    )
    assert finder.kernel_spec("oblong/rounded").display_name == "Rounded oblongs"
    # A short name unknown to the built-in providers is looked up in the plug-ins.
    assert finder.resolve("rounded")[0].id == "oblong"


@pytest.mark.integration
def test_launch_by_full_name_gives_connection_info_and_a_manager(tmp_path):
    info, manager = KernelFinder().launch("pyimport/jovi", cwd=tmp_path)
    try:
        assert info == manager.connection_info
        client = manager.client()
        client.start_channels()
        client.wait_for_ready(timeout=30)
        reply = client.execute(
            "import os", reply=True, timeout=10, user_expressions={"d": "os.getcwd()"}
        )
        assert reply.content.user_expressions["d"]["data"]["text/plain"] == repr(str(tmp_path))
        client.close()
    finally:
        manager.shutdown(now=True)


@pytest.fixture
def broken_among_good(ipykernel_spec, user_kernels):
    (user_kernels / "broken").mkdir()
    path = user_kernels / "broken" / "kernel.json"
    path.write_text('{"argv": "not a list"}', encoding="utf-8")
    return path


@pytest.mark.integration
def test_python_m_discovery_lists_every_kernel_and_names_the_bad_file(broken_among_good):
    result = subprocess.run(
        [sys.executable, "-m", "jovi.kernels.discovery"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    lines = result.stdout.splitlines()
    assert any(
        line.startswith("spec/python3 ") and "Python 3 (ipykernel)" in line for line in lines
    )
    assert any(line.startswith("pyimport/jovi ") for line in lines)
    warnings = [line for line in lines if line.startswith("warning:")]
    assert len(warnings) == 1
    assert str(broken_among_good) in warnings[0]
    assert "'argv' must be a list of strings" in warnings[0]


@pytest.mark.integration
def test_kernelspec_list_shows_every_kernel_and_names_the_bad_file(
    jovi_command, broken_among_good, ipykernel_spec
):
    result = subprocess.run(
        [*jovi_command, "kernelspec", "list"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Available kernels:"
    assert any(line.split() == ["python3", str(ipykernel_spec)] for line in lines)
    assert any(
        line.strip().startswith("pyimport/jovi ") and sys.executable in line for line in lines
    )
    assert "broken" not in result.stdout
    problems = result.stderr.strip().splitlines()
    assert len(problems) == 1
    assert problems[0].startswith("jovi: warning: skipped the kernelspec 'broken':")
    assert str(broken_among_good) in problems[0]
