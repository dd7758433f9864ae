"""Layer 5: notebooks converted to other formats (``jovi nbconvert``).

The pieces, in the order a conversion uses them:

* :mod:`~jovi.nbconvert.exporters`: one exporter per format (``html``, ``markdown``,
  ``rst``, ``python``, ``script``, ``notebook``, ``latex``, ``pdf``, ``webpdf``,
  ``slides``, ``asciidoc``), found by name with :func:`get_exporter`;
* :mod:`~jovi.nbconvert.preprocessors`: steps that change the notebook first (clear
  outputs, remove tagged cells, extract images, coalesce streams...);
* :mod:`~jovi.nbconvert.templating` and ``templates/``: the Jinja templates;
* :mod:`~jovi.nbconvert.filters`: what templates apply to text (Markdown to HTML,
  LaTeX and reST, highlighting, ANSI colours...);
* :mod:`~jovi.nbconvert.writers` and :mod:`~jovi.nbconvert.postprocessors`: where
  the output goes (files, standard output) and what follows (``serve``).

Usage::

    from jovi.nbconvert import HTMLExporter
    body, resources = HTMLExporter(theme="dark").from_filename("analysis.ipynb")

Everything is imported on first use: ``import jovi.nbconvert`` loads no template
engine and no Markdown parser.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jovi.utils.lazy import lazy_exports

if TYPE_CHECKING:
    from jovi.nbconvert.exporters import export, exporter_names, get_exporter
    from jovi.nbconvert.exporters.asciidoc import AsciiDocExporter
    from jovi.nbconvert.exporters.base import Exporter
    from jovi.nbconvert.exporters.html import HTMLExporter
    from jovi.nbconvert.exporters.latex import LatexExporter
    from jovi.nbconvert.exporters.markdown import MarkdownExporter
    from jovi.nbconvert.exporters.notebook import NotebookExporter
    from jovi.nbconvert.exporters.pdf import PDFExporter
    from jovi.nbconvert.exporters.rst import RSTExporter
    from jovi.nbconvert.exporters.script import PythonExporter, ScriptExporter
    from jovi.nbconvert.exporters.slides import SlidesExporter
    from jovi.nbconvert.exporters.templated import TemplateExporter
    from jovi.nbconvert.exporters.webpdf import WebPDFExporter
    from jovi.nbconvert.preprocessors.base import Preprocessor
    from jovi.nbconvert.preprocessors.execute import ExecutePreprocessor, execute_notebook
    from jovi.nbconvert.writers import FilesWriter, StdoutWriter

__all__ = [
    "AsciiDocExporter",
    "ExecutePreprocessor",
    "Exporter",
    "FilesWriter",
    "HTMLExporter",
    "LatexExporter",
    "MarkdownExporter",
    "NotebookExporter",
    "PDFExporter",
    "Preprocessor",
    "PythonExporter",
    "RSTExporter",
    "ScriptExporter",
    "SlidesExporter",
    "StdoutWriter",
    "TemplateExporter",
    "WebPDFExporter",
    "execute_notebook",
    "export",
    "exporter_names",
    "get_exporter",
]

_HOMES = {
    "AsciiDocExporter": "jovi.nbconvert.exporters.asciidoc",
    "ExecutePreprocessor": "jovi.nbconvert.preprocessors.execute",
    "Exporter": "jovi.nbconvert.exporters.base",
    "FilesWriter": "jovi.nbconvert.writers",
    "HTMLExporter": "jovi.nbconvert.exporters.html",
    "LatexExporter": "jovi.nbconvert.exporters.latex",
    "MarkdownExporter": "jovi.nbconvert.exporters.markdown",
    "NotebookExporter": "jovi.nbconvert.exporters.notebook",
    "PDFExporter": "jovi.nbconvert.exporters.pdf",
    "Preprocessor": "jovi.nbconvert.preprocessors.base",
    "PythonExporter": "jovi.nbconvert.exporters.script",
    "RSTExporter": "jovi.nbconvert.exporters.rst",
    "ScriptExporter": "jovi.nbconvert.exporters.script",
    "SlidesExporter": "jovi.nbconvert.exporters.slides",
    "StdoutWriter": "jovi.nbconvert.writers",
    "TemplateExporter": "jovi.nbconvert.exporters.templated",
    "WebPDFExporter": "jovi.nbconvert.exporters.webpdf",
    "execute_notebook": "jovi.nbconvert.preprocessors.execute",
    "export": "jovi.nbconvert.exporters",
    "exporter_names": "jovi.nbconvert.exporters",
    "get_exporter": "jovi.nbconvert.exporters",
}

__getattr__, __dir__ = lazy_exports(__name__, _HOMES, globals())
