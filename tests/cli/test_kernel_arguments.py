"""Which of a console's arguments go to the kernel it starts."""

from __future__ import annotations

import json

from jovi.cli.kernel import KernelApp
from jovi.cli.kernel_arguments import split_kernel_arguments
from jovi.cli.qtconsole import QtConsoleApp


def split(*argv: str) -> tuple[list[str], list[str]]:
    return split_kernel_arguments(
        argv,
        aliases=QtConsoleApp.all_aliases(),
        flags=QtConsoleApp.all_flags(),
        kernel_aliases=KernelApp.all_aliases(),
        kernel_flags=KernelApp.all_flags(),
    )


def test_unknown_options_go_to_the_kernel_with_their_values():
    assert split("--matplotlib", "inline", "--style", "monokai") == (
        ["--style", "monokai"],
        ["--matplotlib", "inline"],
    )
    assert split("--matplotlib=inline", "--plain") == (["--plain"], ["--matplotlib=inline"])
    # An option unknown to jovi's kernel too (another kernel's) takes a plain word.
    assert split("--pylab", "inline", "--no-banner") == (["--no-banner"], ["--pylab", "inline"])
    assert split("--some-switch", "--no-banner") == (["--no-banner"], ["--some-switch"])


def test_everything_after_two_dashes_goes_to_the_kernel():
    assert split("--kernel", "python3", "--", "--matplotlib", "inline", "--plain") == (
        ["--kernel", "python3"],
        ["--matplotlib", "inline", "--plain"],
    )


def test_the_commands_own_arguments_stay():
    own = ["--existing", "kernel-1.json", "--ConsoleWidget.font_size=11", "--help", "x"]
    assert split(*own) == (own, [])


def test_kernel_arguments_become_the_config_option(capsys, isolated_dirs):
    assert QtConsoleApp.launch(["--no-banner", "--matplotlib", "inline", "--show-config-json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["QtConsoleApp"]["kernel_arguments"] == ["--matplotlib", "inline"]


def test_help_lists_the_installed_syntax_styles_but_the_reference_does_not(capsys):
    from pygments.styles import get_all_styles
    from tests.conftest import REPO_ROOT

    assert QtConsoleApp.launch(["-h"]) == 0
    shown = capsys.readouterr().out
    listing = shown.split("Syntax styles installed (--style NAME):", 1)[1]
    assert set(get_all_styles()) <= set(listing.replace(",", " ").split())
    reference = (REPO_ROOT / "docs" / "reference" / "command-line.md").read_text()
    assert "Syntax styles installed" not in reference
    assert "monokai" not in reference.split("## `jovi qtconsole`", 1)[1].split("\n## ", 1)[0]
