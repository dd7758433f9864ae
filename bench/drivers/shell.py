"""The shell engine in-process: import and construct, ``run_cell("pass")``, completion.

Peer: ``IPython.core.interactiveshell.InteractiveShell``, with completion as ipykernel
asks for it (``Completer.completions`` under ``provisionalcompleter``, jedi on). jovi:
``jovi.shell.interactiveshell.InteractiveShell`` and its ``complete(text, line,
cursor_pos)``; the calls on the jovi side are in :func:`_jovi_shell` and
:func:`_completer`, the one place to adjust if jovi's API changes.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import time
from typing import TYPE_CHECKING, Any

from bench.drivers.common import Metrics, latencies, run_driver, seconds, summary_metrics

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

# metric key -> (code to complete, a word its completions must contain)
COMPLETIONS = {
    "complete_os_pa": ("os.pa", "path"),
    "complete_import_o": ("import o", "os"),
    "complete_np_dot": ("np.", "array"),
}


def _peer_shell() -> Any:
    from IPython.core.interactiveshell import InteractiveShell

    untyped: Any = InteractiveShell
    return untyped()


def _jovi_shell() -> Any:
    return importlib.import_module("jovi.shell.interactiveshell").InteractiveShell()


def _shell(side: str) -> Any:
    return _peer_shell() if side == "peer" else _jovi_shell()


def _completer(side: str, shell: Any) -> Callable[[str], str]:
    """A function completing code at its end, returning its completions as text."""
    if side == "peer":
        from IPython.core.completer import provisionalcompleter

        shell.Completer.use_jedi = True

        def peer(code: str) -> str:
            with provisionalcompleter():
                return " ".join(c.text for c in shell.Completer.completions(code, len(code)))

        return peer
    # IPython's interface, which jovi keeps: complete(text, line, cursor) -> (text, matches)
    return lambda code: " ".join(shell.complete("", code, len(code))[1])


def engine(side: str, params: Mapping[str, Any]) -> Metrics:
    start = time.perf_counter_ns()
    shell = _shell(side)
    constructed = time.perf_counter_ns()
    result = shell.run_cell("pass")
    if getattr(result, "success", True) is not True:
        raise RuntimeError(f"run_cell('pass') failed: {result!r}")
    taken = latencies(
        lambda: shell.run_cell("pass"), count=params["cells"], warmup=params["warmup"]
    )
    return {"import_construct": seconds(constructed - start), **summary_metrics("run_cell", taken)}


def time_completions(
    completions: Callable[[str], str], run: Callable[[str], object], params: Mapping[str, Any]
) -> Metrics:
    """Time each of :data:`COMPLETIONS` (``np.`` only where numpy is installed), after
    running the imports they need with ``run`` and checking that each finds its word."""
    run("import os")
    cases = dict(COMPLETIONS)
    if importlib.util.find_spec("numpy") is None:
        del cases["complete_np_dot"]
    else:
        run("import numpy as np")
    metrics: Metrics = {}
    for key, (code, expected) in cases.items():
        found = completions(code)
        if expected not in found:
            raise RuntimeError(f"completing {code!r} gave no {expected!r}: {found[:300]}")
        once = functools.partial(completions, code)
        metrics |= summary_metrics(
            key, latencies(once, count=params["count"], warmup=params["warmup"])
        )
    return metrics


FIRST_COMPLETION = ('"abc".st', "startswith")
"""What the first completion in a fresh shell asks, and a word its answer must hold."""


def complete(side: str, params: Mapping[str, Any]) -> Metrics:
    shell = _shell(side)
    completions = _completer(side, shell)
    code, expected = FIRST_COMPLETION
    start = time.perf_counter_ns()
    first = completions(code)  # the first in this process: jedi is cold
    taken = time.perf_counter_ns() - start
    if expected not in first:
        raise RuntimeError(f"the first completion of {code!r} gave no {expected!r}: {first[:300]}")
    return {
        "first_complete": seconds(taken),
        **time_completions(completions, shell.run_cell, params),
    }


if __name__ == "__main__":
    run_driver({"engine": engine, "complete": complete})
