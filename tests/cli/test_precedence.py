"""The precedence of configuration layers, through the real start-up of a command.

The same option is set in every layer: class default < profile jovi_config.py <
jovi_config.json < environment < command line.  The command line wins; removing the
layers one by one from the top gives the next one down each time.
"""

from __future__ import annotations

import json
from typing import ClassVar

import pytest

from jovi.cli.app import JoviApp
from jovi.config import Int

LAYERS = ["command line", "environment", "json file", "python file", "default"]


class PrecedenceProbeApp(JoviApp):
    """A command that records the values it was configured with."""

    command: ClassVar[str] = "probe"
    level = Int(0, help="A number each layer sets differently.")
    seen: ClassVar[list[dict[str, object]]] = []

    def start(self) -> int:
        PrecedenceProbeApp.seen.append({"level": self.level, "log_level": self.log_level})
        return 0


def run_probe(jovi_dir, layers):
    profile = jovi_dir / "profile_default"
    profile.mkdir(parents=True, exist_ok=True)
    for name in ("jovi_config.py", "jovi_config.json"):
        (profile / name).unlink(missing_ok=True)
    if "python file" in layers:
        (profile / "jovi_config.py").write_text(
            "c = get_config()\nc.PrecedenceProbeApp.level = 1\nc.Application.log_level = 'ERROR'\n"
        )
    if "json file" in layers:
        (profile / "jovi_config.json").write_text(
            json.dumps({"PrecedenceProbeApp": {"level": 2}, "JoviApp": {"log_level": "INFO"}})
        )
    environ = {"JOVI_DIR": str(jovi_dir)}
    if "environment" in layers:
        environ |= {"JOVI_PrecedenceProbeApp__level": "3", "JOVI_Application__log_level": "DEBUG"}
    argv = (
        ["--PrecedenceProbeApp.level=4", "--log-level=CRITICAL"] if "command line" in layers else []
    )
    PrecedenceProbeApp.seen.clear()
    assert PrecedenceProbeApp.launch(argv, environ=environ) == 0
    return PrecedenceProbeApp.seen[-1]


@pytest.mark.parametrize("top", range(len(LAYERS)))
def test_removing_layers_from_the_top_gives_the_next_one_down(jovi_dir, top):
    present = LAYERS[top:]
    values = run_probe(jovi_dir, present)
    expected_level = {
        "command line": 4,
        "environment": 3,
        "json file": 2,
        "python file": 1,
        "default": 0,
    }[present[0]]
    expected_log = {
        "command line": 50,
        "environment": 10,
        "json file": 20,
        "python file": 40,
        "default": 30,
    }[present[0]]
    assert values == {"level": expected_level, "log_level": expected_log}


@pytest.mark.parametrize("missing", LAYERS[:-1])
def test_any_single_layer_missing_leaves_the_highest_remaining_one(jovi_dir, missing):
    present = [layer for layer in LAYERS if layer != missing]
    expected = {"command line": 4, "environment": 3, "json file": 2, "python file": 1}[present[0]]
    assert run_probe(jovi_dir, present)["level"] == expected
