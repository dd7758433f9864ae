"""PDF through LaTeX: the LaTeX export compiled by xelatex (run twice, for references).

The ``.tex`` file and the extracted images are written to a temporary directory,
which is removed afterwards; images the notebook's Markdown links to are found
relative to the notebook's directory (``TEXINPUTS``).  When xelatex is missing the
error says how to install it; when LaTeX fails it quotes LaTeX's first error.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from jovi.config import Float, Int, List
from jovi.errors import ToolFailed
from jovi.nbconvert.exporters.latex import LatexExporter
from jovi.nbconvert.tools import find_program, run_program
from jovi.nbconvert.writers import write_supporting_files

if TYPE_CHECKING:
    from jovi.nbconvert.exporters.base import NotebookLike
    from jovi.nbconvert.preprocessors.base import Resources

__all__ = ["PDFExporter", "first_latex_error"]


def first_latex_error(log: str) -> str:
    """LaTeX's first error in a log: the ``!`` line and the source line it names."""
    lines = log.splitlines()
    for index, line in enumerate(lines):
        if line.startswith("! "):
            message = line[2:].strip()
            for follow in lines[index + 1 : index + 12]:
                match = re.match(r"l\.(\d+) ?(.*)", follow)
                if match:
                    return f"{message} (line {match.group(1)} of the .tex file: {match.group(2).strip()})"
            return message
    return "see the LaTeX log"


class PDFExporter(LatexExporter):
    """Notebooks as PDF through LaTeX (``--to pdf``; needs xelatex)."""

    export_name: ClassVar[str] = "pdf"
    file_extension: ClassVar[str] = ".pdf"
    output_mimetype: ClassVar[str] = "application/pdf"
    binary_output: ClassVar[bool] = True

    latex_command = List(
        str,
        ("xelatex", "-interaction=nonstopmode", "-halt-on-error", "{filename}"),
        help="The LaTeX command; {filename} is replaced by the .tex file's name.",
    )
    latex_count = Int(2, min=1, help="How many times LaTeX runs (twice resolves references).")
    timeout = Float(300.0, min=1.0, help="Seconds one LaTeX run may take.")

    def from_notebook_node(
        self, nb: NotebookLike, resources: Resources | None = None
    ) -> tuple[str | bytes, Resources]:
        latex, resources = super().from_notebook_node(nb, resources)
        assert isinstance(latex, str)
        program = find_program(self.latex_command[0], purpose="--to pdf")
        notebook_dir = str(resources["metadata"].get("path") or ".")
        with tempfile.TemporaryDirectory(prefix="jovi-pdf-") as work:
            tex = Path(work) / "notebook.tex"
            tex.write_text(latex, encoding="utf-8")
            write_supporting_files(Path(work), resources)
            argv = [
                program,
                *(arg.replace("{filename}", tex.name) for arg in self.latex_command[1:]),
            ]
            env = dict(os.environ)
            search = os.pathsep.join([str(Path(notebook_dir).absolute()), str(Path.cwd()), ""])
            env["TEXINPUTS"] = search + env.get("TEXINPUTS", "")
            for _ in range(self.latex_count):
                try:
                    run_program(argv, cwd=work, timeout=self.timeout, env=env)
                except ToolFailed as error:
                    log = Path(work) / "notebook.log"
                    text = log.read_text("utf-8", "replace") if log.is_file() else error.log
                    raise ToolFailed(
                        f"{error.tool} could not make the PDF: {first_latex_error(text)}; "
                        "`jovi nbconvert --to latex` writes the .tex file to look into",
                        tool=error.tool,
                        log=text,
                    ) from None
            pdf = (Path(work) / "notebook.pdf").read_bytes()
        resources["outputs"] = {}
        resources["output_extension"] = self.file_extension
        return pdf, resources
