"""The subcommands of ``jovi``, in one place.

Only subcommands that exist are listed; each part of jovi adds its line here when it
is built.  Subcommand modules are imported only when their subcommand runs.
"""

from __future__ import annotations

from jovi.cli.app import Subcommand

__all__ = ["SUBCOMMANDS"]

SUBCOMMANDS: tuple[Subcommand, ...] = (
    Subcommand(
        "profile",
        "jovi.cli.profile:ProfileApp",
        "Create, list and locate profiles.",
        "guide/profiles.md",
    ),
    Subcommand(
        "locate", "jovi.cli.locate:LocateApp", "Print the path of jovi's directory or of a profile."
    ),
    Subcommand(
        "history", "jovi.cli.history:HistoryApp", "Trim or clear the input history of a profile."
    ),
    Subcommand(
        "kernel", "jovi.cli.kernel:KernelApp", "Run a Jupyter kernel for Python.", "guide/kernel.md"
    ),
    Subcommand(
        "console",
        "jovi.cli.console:ConsoleApp",
        "A terminal console for any Jupyter kernel.",
        "guide/console.md",
    ),
    Subcommand(
        "qtconsole",
        "jovi.cli.qtconsole:QtConsoleApp",
        "The rich Qt console for any Jupyter kernel (pip install jovi[qt]).",
        "guide/qtconsole.md",
    ),
    Subcommand(
        "run",
        "jovi.cli.run:RunApp",
        "Run files on a kernel and show their output.",
        "guide/kernel.md#running-files-on-a-kernel",
    ),
    Subcommand(
        "kernelspec",
        "jovi.cli.kernelspec:KernelSpecApp",
        "Install, list and remove Jupyter kernelspecs.",
    ),
    Subcommand(
        "nbconvert",
        "jovi.cli.nbconvert:NbConvertApp",
        "Convert notebooks to HTML, Markdown, reST, Python, LaTeX, PDF or slides.",
        "guide/nbconvert.md",
    ),
    Subcommand(
        "trust",
        "jovi.cli.trust:TrustApp",
        "Trust notebooks (their outputs are shown as they are).",
        "guide/notebooks.md",
    ),
    Subcommand(
        "notebook",
        "jovi.cli.notebook:NotebookApp",
        "The notebook in the browser and its server; list, stop, or set its password.",
        "guide/notebook.md",
    ),
    Subcommand("cluster", "jovi.cli.cluster:ClusterApp", "Start, stop and list parallel clusters."),
    Subcommand("controller", "jovi.cli.controller:ControllerApp", "Run a parallel controller."),
    Subcommand("engine", "jovi.cli.engine:EngineApp", "Run a parallel engine (a kernel)."),
)
