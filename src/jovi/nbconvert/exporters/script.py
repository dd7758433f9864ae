"""Scripts: ``python`` (IPython syntax turned into Python) and ``script`` (any language)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from jovi.nbconvert.exporters.base import as_notebook
from jovi.nbconvert.exporters.templated import TemplateExporter

if TYPE_CHECKING:
    from jovi.nbconvert.exporters.base import NotebookLike
    from jovi.nbconvert.preprocessors.base import Resources

__all__ = ["PythonExporter", "ScriptExporter"]


class PythonExporter(TemplateExporter):
    """Notebooks as Python scripts (``--to python``).

    ``%magic`` and ``!command`` lines become ``get_ipython()`` calls (jovi's own input
    transformation), so the script is valid Python; it runs under ``jovi script.py``
    (or IPython) when it uses magics, under plain ``python`` when it does not.
    Markdown cells become comments.
    """

    export_name: ClassVar[str] = "python"
    file_extension: ClassVar[str] = ".py"
    output_mimetype: ClassVar[str] = "text/x-python"
    template_family: ClassVar[str] = "python"
    template_entry: ClassVar[str] = "index.py.j2"
    raw_formats: ClassVar[tuple[str, ...]] = ("text/x-python", "python")
    # A raw cell of free text would not be Python: it becomes a comment.
    raw_without_format: ClassVar[bool] = False


class ScriptExporter(TemplateExporter):
    """The code of a notebook as a script in its own language (``--to script``).

    Python notebooks (and any notebook whose ``language_info.nbconvert_exporter``
    names an exporter) are handed to that exporter; others get their code cells
    one after the other, in a file with the language's extension.
    """

    export_name: ClassVar[str] = "script"
    template_family: ClassVar[str] = "script"
    template_entry: ClassVar[str] = "index.txt.j2"

    def from_notebook_node(
        self, nb: NotebookLike, resources: Resources | None = None
    ) -> tuple[str | bytes, Resources]:
        from jovi.nbconvert.exporters import get_exporter  # noqa: PLC0415 - registry imports us

        nb = as_notebook(nb)
        info = nb.language_info
        name = info.nbconvert_exporter if info is not None else None
        if (name is None or name == "script") and info is not None and info.name == "python":
            name = "python"
        if name and name != "script":
            delegate = get_exporter(name)(config=self.config)
            return delegate.from_notebook_node(nb, resources)
        body, resources = super().from_notebook_node(nb, resources)
        extension = (info.file_extension if info is not None else None) or ".txt"
        resources["output_extension"] = extension
        return body, resources
