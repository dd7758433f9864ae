"""Every configurable class of jovi and its module, for ``--help-all``, generated
config files, the configuration reference and the check of configuration names
(which imports only the module of each class a configuration names).

A test fails when a configurable class somewhere in jovi is missing from here.
"""

from __future__ import annotations

import importlib

from jovi.config import Configurable, known_classes

__all__ = ["CONFIGURABLE_CLASSES", "load_catalogue", "load_class_named"]

#: Each configurable class of jovi, by every name config files may use for it (its
#: own and its ``config_aliases``, such as IPython's names), and its module.
CONFIGURABLE_CLASSES: dict[str, str] = {
    "AliasManager": "jovi.shell.alias",
    "Application": "jovi.cli.app",
    "AsciiDocExporter": "jovi.nbconvert.exporters.asciidoc",
    "AsyncKernelManager": "jovi.kernels.manager",
    "AsyncMultiKernelManager": "jovi.kernels.multi",
    "ClearMetadataPreprocessor": "jovi.nbconvert.preprocessors.clearing",
    "ClearOutputPreprocessor": "jovi.nbconvert.preprocessors.clearing",
    "ClusterCommandApp": "jovi.cli.cluster",
    "ClusterStartApp": "jovi.cli.cluster",
    "CoalesceStreamsPreprocessor": "jovi.nbconvert.preprocessors.streams",
    "Completer": "jovi.shell.completion.completer",
    "ConsoleApp": "jovi.cli.console",
    "ConsoleFrontend": "jovi.terminal.console.frontend",
    "ControllerApp": "jovi.cli.controller",
    "DisplayFormatter": "jovi.shell.formatting",
    "DisplayFormatterOptions": "jovi.shell.formatting",
    "EngineApp": "jovi.cli.engine",
    "ExecutePreprocessor": "jovi.nbconvert.preprocessors.execute",
    "Exporter": "jovi.nbconvert.exporters.base",
    "ExtractAttachmentsPreprocessor": "jovi.nbconvert.preprocessors.extract",
    "ExtractOutputPreprocessor": "jovi.nbconvert.preprocessors.extract",
    "FilesWriter": "jovi.nbconvert.writers",
    "HTMLExporter": "jovi.nbconvert.exporters.html",
    "HighlightMagicsPreprocessor": "jovi.nbconvert.preprocessors.magics",
    "HistoryApp": "jovi.cli.history",
    "HistoryClearApp": "jovi.cli.history",
    "HistoryManager": "jovi.shell.history.manager",
    "HistoryTrimApp": "jovi.cli.history",
    "IOLoopKernelManager": "jovi.kernels.manager",
    "IOLoopKernelRestarter": "jovi.kernels.restarter",
    "IPCompleter": "jovi.shell.completion.completer",
    "IPKernelApp": "jovi.kernel.kernel",
    "InlineBackend": "jovi.kernel.inline",
    "InteractiveShell": "jovi.shell.interactiveshell",
    "InteractiveShellApp": "jovi.cli.terminal",
    "InteractiveShellEmbed": "jovi.terminal.embed",
    "JoviApp": "jovi.cli.app",
    "JupyterConsoleApp": "jovi.cli.console",
    "Kernel": "jovi.kernel.kernel",
    "KernelApp": "jovi.cli.kernel",
    "KernelManager": "jovi.kernels.manager",
    "KernelRestarter": "jovi.kernels.restarter",
    "KernelSpecInstallApp": "jovi.cli.kernelspec",
    "KernelSpecListApp": "jovi.cli.kernelspec",
    "KernelSpecRemoveApp": "jovi.cli.kernelspec",
    "LatexExporter": "jovi.nbconvert.exporters.latex",
    "MappingKernelManager": "jovi.kernels.multi",
    "MarkdownExporter": "jovi.nbconvert.exporters.markdown",
    "MultiKernelManager": "jovi.kernels.multi",
    "NbConvertApp": "jovi.cli.nbconvert",
    "NotebookApp": "jovi.cli.notebook",
    "NotebookExporter": "jovi.nbconvert.exporters.notebook",
    "NotebookListApp": "jovi.cli.notebook",
    "PDFExporter": "jovi.nbconvert.exporters.pdf",
    "PlainTextFormatter": "jovi.shell.formatting",
    "PostProcessor": "jovi.nbconvert.postprocessors",
    "Preprocessor": "jovi.nbconvert.preprocessors.base",
    "ProfileApp": "jovi.cli.profile",
    "ProfileCreateApp": "jovi.cli.profile",
    "ProfileImportIPythonApp": "jovi.cli.profile",
    "ProfileListApp": "jovi.cli.profile",
    "ProfileLocateApp": "jovi.cli.profile",
    "PythonExporter": "jovi.nbconvert.exporters.script",
    "RSTExporter": "jovi.nbconvert.exporters.rst",
    "RunApp": "jovi.cli.run",
    "RegexRemovePreprocessor": "jovi.nbconvert.preprocessors.removal",
    "SanitizeHTML": "jovi.nbconvert.preprocessors.sanitize",
    "ScriptExporter": "jovi.nbconvert.exporters.script",
    "ScriptMagics": "jovi.shell.magics.script",
    "ServePostProcessor": "jovi.nbconvert.postprocessors",
    "ServerApp": "jovi.cli.notebook",
    "SlidesExporter": "jovi.nbconvert.exporters.slides",
    "StdoutWriter": "jovi.nbconvert.writers",
    "StoreMagic": "jovi.extensions.storemagic",
    "StoreMagics": "jovi.extensions.storemagic",
    "TagRemovePreprocessor": "jovi.nbconvert.preprocessors.removal",
    "TemplateExporter": "jovi.nbconvert.exporters.templated",
    "TerminalIPythonApp": "jovi.cli.terminal",
    "TerminalInteractiveShell": "jovi.terminal.shell",
    "TerminalJoviApp": "jovi.cli.terminal",
    "TrustApp": "jovi.cli.trust",
    "WebPDFExporter": "jovi.nbconvert.exporters.webpdf",
    "Writer": "jovi.nbconvert.writers",
    "ZMQInteractiveShell": "jovi.shell.interactiveshell",
    "ZMQTerminalIPythonApp": "jovi.cli.console",
    "ZMQTerminalInteractiveShell": "jovi.terminal.console.frontend",
}


def load_catalogue() -> list[type[Configurable]]:
    """Import every configurable module and return jovi's configurable classes."""
    for module in sorted(set(CONFIGURABLE_CLASSES.values())):
        importlib.import_module(module)
    classes = {cls for group in known_classes().values() for cls in group}
    jovi_classes = [cls for cls in classes if cls.__module__.split(".")[0] == "jovi"]
    return sorted(jovi_classes, key=lambda cls: (cls.__name__, cls.__module__))


def load_class_named(name: str) -> None:
    """Import the module of the configurable class ``name``; every module when the name
    is none of jovi's classes (to suggest the closest)."""
    home = CONFIGURABLE_CLASSES.get(name)
    if home is None:
        load_catalogue()
    else:
        importlib.import_module(home)
