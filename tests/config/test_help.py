"""Help generated from options: --help-all text and the commented config file."""

from __future__ import annotations

import re

from jovi.config import Bool, Config, Configurable, Enum, List, Str, check_layer, load_python_config
from jovi.config.help import generate_config_file, generate_reference, options_help


class DocumentedShell(Configurable):
    """An engine, for documentation.

    More words that are not part of the summary.
    """

    colors = Enum(("NoColor", "Linux"), "Linux", help="Colour scheme of prompts.")
    editor = Str(help="The editor.", default_factory=lambda: "vi", default_text="$EDITOR, else vi")
    lines = List(str, ["import os"], help="Lines run at start-up.")


class DocumentedTerminal(DocumentedShell):
    """A terminal."""

    confirm_exit = Bool(True, help="Ask before leaving.")


CLASSES = [DocumentedTerminal, DocumentedShell]


def test_options_help_groups_by_declaring_class():
    text = options_help(CLASSES)
    assert text.index("DocumentedShell options") < text.index("DocumentedTerminal options")
    assert (
        "--DocumentedShell.colors=<enum>\n    Colour scheme of prompts.\n    Allowed: one of 'NoColor', 'Linux' (any case).\n    Default: 'Linux'"
        in text
    )
    assert "Default: $EDITOR, else vi" in text
    assert "--DocumentedTerminal.colors" not in text
    assert "More words" not in text


def test_the_generated_config_file_runs_and_uncommented_gives_the_defaults(tmp_path):
    text = generate_config_file(CLASSES)
    path = tmp_path / "jovi_config.py"
    path.write_text(text)
    assert load_python_config(path).to_dict() == {}
    assignments = [line[2:] for line in text.splitlines() if re.match(r"# c\.\w+\.\w+ = ", line)]
    assert len(assignments) == 4
    uncommented = tmp_path / "uncommented.py"
    uncommented.write_text("\n".join(assignments) + "\n")
    config = load_python_config(uncommented)
    assert check_layer(config) == []
    assert config.to_dict() == {
        "DocumentedShell": {"colors": "Linux", "editor": "vi", "lines": ["import os"]},
        "DocumentedTerminal": {"confirm_exit": True},
    }
    assert "#   Default: $EDITOR, else vi" in text


def test_reference_markdown():
    text = generate_reference(CLASSES)
    assert "## DocumentedShell\n\nAn engine, for documentation." in text
    assert "### `DocumentedShell.editor`\n\n- type: `str`; default: `$EDITOR, else vi`" in text
    assert "Also has the options of [`DocumentedShell`](#documentedshell)" in text


def test_the_config_from_a_generated_file_configures_objects(tmp_path):
    path = tmp_path / "jovi_config.py"
    path.write_text(
        generate_config_file(CLASSES).replace(
            "# c.DocumentedShell.colors = 'Linux'", "c.DocumentedShell.colors = 'NoColor'"
        )
    )
    config: Config = load_python_config(path)
    assert DocumentedTerminal(config=config).colors == "NoColor"
