"""How the harness finds out which jovi sides exist."""

from __future__ import annotations

import sys

import pytest

from bench.drivers.probe import exists, parse_help

HELP = """\
jovi: interactive computing for Python.

Usage:
  jovi [options]
  jovi <subcommand> [options]   (jovi help <subcommand> for more)

Subcommands:
  profile  Create, list and locate profiles.
  kernel   Start a kernel.

Options:
  -c CODE            Run CODE and exit.
  --profile NAME     Use the profile NAME (default: 'default'). [JoviApp.profile]
  -h, --help         Show this help.
  --help-all         Show this help and every configurable option.

Any option can be set as --Class.option=value (e.g. --Application.log_level=INFO);
`jovi --help-all` lists every option.
"""


def test_subcommands_and_options_come_from_their_sections_of_the_help():
    subcommands, options = parse_help(HELP)
    assert subcommands == {"profile", "kernel"}
    assert options == {"-c", "--profile", "-h", "--help", "--help-all"}


def test_no_help_no_subcommands():
    assert parse_help("") == (set(), set())


@pytest.mark.integration
def test_the_real_help_of_jovi_today(jovi_command):
    import subprocess

    text = subprocess.run([*jovi_command, "--help"], capture_output=True, text=True, check=True)
    subcommands, options = parse_help(text.stdout)
    assert {"profile", "locate"} <= subcommands
    assert {"--help", "-h", "--profile"} <= options


def test_importable_modules_and_attributes_exist():
    assert exists("json")
    assert exists("json:dumps")
    assert exists("os:path.join")
    assert not exists("json:no_such_function")
    assert not exists("os:path.no_such")
    assert not exists("no_such_module_for_the_bench")
    assert not exists("jovi.no_such_part:Thing")


@pytest.fixture
def modules(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    for name in ("bench_probe_broken", "bench_probe_needs"):
        sys.modules.pop(name, None)


def test_a_module_that_exists_but_fails_to_import_counts_as_built(modules):
    # so that its driver runs and the failure shows, rather than "not built yet"
    (modules / "bench_probe_broken.py").write_text("raise RuntimeError('bug')\n")
    (modules / "bench_probe_needs.py").write_text("import no_such_dependency_anywhere\n")
    assert exists("bench_probe_broken")
    assert exists("bench_probe_needs:Thing")
