"""%colors and %xmode take every option IPython's take (starter acceptance item 39)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("typed", "scheme"),
    [("NoColor", "NoColor"), ("nocolor", "NoColor"), ("Linux", "Linux"), ("LIGHTBG", "LightBG")],
)
def test_colors_schemes_in_any_case(run, shell, typed, scheme):
    assert run(f"%colors {typed}").success
    assert shell.colors == scheme


def test_colors_without_a_scheme_lists_them(run, output):
    run("%colors")
    assert output.errors[0].evalue == (
        "%colors needs a scheme: NoColor, Linux, LightBG, Neutral, Pride, Gruvbox-Dark "
        "(now NoColor)"
    )


def test_xmode_modes_and_cycle(run, shell, output):
    for mode in ("plain", "Context", "VERBOSE"):
        run(f"%xmode {mode}")
    assert output.stdout == (
        "Exception reporting mode: Plain\n"
        "Exception reporting mode: Context\n"
        "Exception reporting mode: Verbose\n"
    )
    run("%xmode Plain")
    run("%xmode")
    run("%xmode")
    assert shell.xmode == "Verbose"


def test_verbose_tracebacks_show_local_values(run, output):
    run("%xmode Verbose")
    run("def f(x):\n    y = x * 2\n    return 1 / (y - y)\n\nf(21)")
    text = output.errors[-1].text()
    assert "y = 42" in text or "y=42" in text
