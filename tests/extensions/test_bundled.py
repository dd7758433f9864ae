"""The bundled extensions load by their short names, and the default ones at start-up."""

from __future__ import annotations

import pytest

from jovi.config import Config
from jovi.shell.extensions import module_name
from jovi.shell.interactiveshell import InteractiveShell


@pytest.mark.parametrize(
    ("name", "module"),
    [
        ("autoreload", "jovi.extensions.autoreload"),
        ("IPython.extensions.autoreload", "jovi.extensions.autoreload"),
        ("storemagic", "jovi.extensions.storemagic"),
        ("dreload", "jovi.extensions.dreload"),
        ("my.own.extension", "my.own.extension"),
    ],
)
def test_short_and_ipython_names(name, module):
    assert module_name(name) == module


def test_loading_twice_and_reloading(run, output, shell):
    run("%load_ext autoreload")
    run("%load_ext autoreload")
    assert (
        "The autoreload extension is already loaded. To reload it, use:\n  %reload_ext autoreload\n"
        in (output.stdout)
    )
    run("%reload_ext autoreload")
    assert shell.find_line_magic("autoreload") is not None
    assert output.errors == []


def test_a_broken_default_extension_does_not_stop_the_shell(output, tmp_path):
    config = Config({"InteractiveShell": {"default_extensions": ["jovi_no_such_extension"]}})
    shell = InteractiveShell(config=config, output=output, profile_dir=tmp_path / "profile_b")
    try:
        assert shell.find_line_magic("store") is None
        assert output.stderr == (
            "jovi: the default extension jovi_no_such_extension could not be loaded "
            "(ModuleNotFoundError: No module named 'jovi_no_such_extension'); "
            "the shell works without it.\n"
        )
        assert shell.run_cell("1 + 1").success
    finally:
        shell.close()
