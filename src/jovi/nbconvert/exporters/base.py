"""The base of exporters: read a notebook, run the preprocessors, produce the output.

Every exporter has the same three entry points, which return ``(output, resources)``
— the output as text (or bytes for PDF) and the resources, a dict that carries the
notebook's name, the files to write next to the output and what the preprocessors
found (see docs/guide/nbconvert.md)::

    exporter = HTMLExporter()
    body, resources = exporter.from_filename("analysis.ipynb")
    body, resources = exporter.from_notebook_node(nb)
    with open("analysis.ipynb") as f:
        body, resources = exporter.from_file(f)

Options come from the configuration like every jovi class
(``c.HTMLExporter.theme = "dark"``).  Each exporter also has *defaults for others*
(:attr:`Exporter.default_config`): the Markdown exporter turns on output extraction,
for instance.  They sit below every configuration layer, so the user's
``c.ExtractOutputPreprocessor.enabled = False`` still wins.
"""

from __future__ import annotations

import datetime as dt
import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TextIO, TypeAlias

import jovi.nbformat as nbf
from jovi.config import Bool, Config, ConfigStack, Configurable, List
from jovi.errors import ConversionError, NotebookError, NotebookReadError
from jovi.nbconvert.preprocessors import DEFAULT_PREPROCESSORS
from jovi.nbconvert.preprocessors.base import Preprocessor
from jovi.nbformat.files import read_notebook_bytes
from jovi.nbformat.ipynb import LONE_SURROGATE, from_json
from jovi.nbformat.notebook import Notebook
from jovi.utils.log import get_logger

if TYPE_CHECKING:
    import os
    from collections.abc import Mapping

    from jovi.nbconvert.preprocessors.base import Resources

__all__ = ["Exporter", "NotebookLike", "as_notebook", "import_item"]

NotebookLike: TypeAlias = "Notebook | Mapping[str, Any]"
"""What exporters convert: jovi's notebook, or a notebook node or dict (nbformat's)."""


def as_notebook(nb: NotebookLike) -> Notebook:
    """jovi's :class:`~jovi.nbformat.Notebook` for ``nb`` (nodes and dicts are read as
    :func:`jovi.nbformat.from_json` reads them)."""
    return nb if isinstance(nb, Notebook) else from_json(nb)


log = get_logger("jovi.nbconvert")


def import_item(name: str) -> Any:
    """The object named ``module:attribute`` or ``module.attribute``.

    Raises:
        ConversionError: it cannot be imported.
    """
    module_name, colon, attribute = name.partition(":")
    if not colon:
        module_name, _, attribute = name.rpartition(".")
    if not module_name or not attribute:
        raise ConversionError(f"{name!r} is not of the form 'module:Name' or 'module.Name'")
    try:
        return getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError) as error:
        raise ConversionError(f"{name} cannot be imported: {error}") from None


class Exporter(Configurable):
    """Turns notebooks into another format; subclasses say which."""

    #: The name ``--to`` knows the exporter by.
    export_name: ClassVar[str] = ""
    #: The extension of the files it writes (with the dot).
    file_extension: ClassVar[str] = ".txt"
    #: The MIME type of its output.
    output_mimetype: ClassVar[str] = "text/plain"
    #: Whether the output is bytes (PDF) rather than text.
    binary_output: ClassVar[bool] = False
    #: Settings of other classes this exporter needs, below all configuration.
    default_config: ClassVar[dict[str, dict[str, Any]]] = {}

    preprocessors = List(
        str,
        (),
        help="More preprocessors, run after the built-in ones: 'module:Class' names of "
        "jovi.nbconvert.preprocessors.Preprocessor subclasses.",
    )
    allow_invalid = Bool(
        False,
        help="Also convert notebooks whose JSON is broken (a truncated file): the cells "
        "before the break are converted, with a warning. Notebooks that are JSON but "
        "break the format are always repaired and converted, one warning per repair.",
    )

    def __init__(self, *, config: Config | ConfigStack | None = None, **options: Any) -> None:
        super().__init__(config=self._with_defaults(config), **options)

    @classmethod
    def merged_defaults(cls) -> dict[str, dict[str, Any]]:
        """:attr:`default_config` of this class and its bases (the class's own win)."""
        merged: dict[str, dict[str, Any]] = {}
        for klass in reversed(cls.__mro__):
            for section, options in vars(klass).get("default_config", {}).items():
                merged.setdefault(section, {}).update(options)
        return merged

    @classmethod
    def _with_defaults(cls, config: Config | ConfigStack | None) -> ConfigStack:
        stack = ConfigStack.of(config)
        defaults = cls.merged_defaults()
        if not defaults:
            return stack
        layers = [(layer.name, layer.config) for layer in stack.layers]
        return ConfigStack((f"{cls.__name__} defaults", Config(defaults)), *layers)

    # ------------------------------------------------------------ entry points
    def from_notebook_node(
        self, nb: NotebookLike, resources: Resources | None = None
    ) -> tuple[str | bytes, Resources]:
        """Convert a notebook: jovi's :class:`~jovi.nbformat.Notebook`, or a notebook
        node or dict as nbformat gives (read as :func:`jovi.nbformat.from_json` reads)."""
        nb = as_notebook(nb)
        resources = self.init_resources(resources)
        try:
            nb, resources = self.preprocess(nb, resources)
            output = self.render(nb, resources)
        except RecursionError:
            raise ConversionError(
                f"{resources['metadata']['name']}: the notebook holds JSON nested too deeply "
                "to convert (hundreds of levels)"
            ) from None
        if isinstance(output, str) and LONE_SURROGATE.search(output):
            log.warning(
                "%s: the notebook holds lone surrogate characters (not Unicode text); "
                "they are written as U+FFFD",
                resources["metadata"]["name"],
            )
            output = LONE_SURROGATE.sub("\ufffd", output)
        return output, resources

    def from_filename(
        self, filename: str | os.PathLike[str], resources: Resources | None = None
    ) -> tuple[str | bytes, Resources]:
        """Convert the notebook file ``filename``."""
        path = Path(filename)
        resources = dict(resources or {})
        metadata = dict(resources.get("metadata") or {})
        metadata.setdefault("name", path.stem)
        metadata.setdefault("path", str(path.parent))
        try:
            data = read_notebook_bytes(path)
            modified = dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC)
        except OSError as error:
            raise NotebookReadError(
                f"cannot be read: {error.strerror or error}", filename=str(filename)
            ) from None
        metadata.setdefault("modified_date", modified.strftime("%B %d, %Y"))
        resources["metadata"] = metadata
        return self.from_notebook_node(
            self.read(data, filename=str(filename), resources=resources), resources
        )

    def from_file(
        self, stream: TextIO, resources: Resources | None = None
    ) -> tuple[str | bytes, Resources]:
        """Convert a notebook read from an open file (or ``sys.stdin``)."""
        resources = dict(resources or {})
        name = getattr(stream, "name", None)
        filename = name if isinstance(name, str) and not name.startswith("<") else None
        nb = self.read(stream.read(), filename=filename, resources=resources)
        return self.from_notebook_node(nb, resources)

    # ------------------------------------------------------------ steps
    def read(self, data: str | bytes, *, filename: str | None, resources: Resources) -> Notebook:
        """The notebook in ``data``, its problems repaired (one warning each, also in
        ``resources["read_changes"]``); broken JSON only with ``allow_invalid``.

        Raises:
            NotebookReadError: not a notebook; or broken JSON without
                ``allow_invalid`` (the message says what ``--allow-invalid`` would keep).
        """
        import jovi.nbformat as nbf  # noqa: PLC0415 - with the first notebook

        try:
            report = nbf.reads_lenient(data, filename=filename, salvage=self.allow_invalid)
        except NotebookReadError as error:
            if self.allow_invalid:
                raise
            message = str(error).removeprefix(f"{error.filename}: " if error.filename else "")
            raise NotebookReadError(message + _salvage_hint(data), filename=filename) from None
        for change in report.changes:
            log.warning("%s: %s", filename or "the notebook", change)
        resources["read_changes"] = list(report.changes)
        return report.notebook

    def init_resources(self, resources: Resources | None) -> Resources:
        """The resources for one conversion, with every key the exporter uses."""
        resources = dict(resources or {})
        metadata = dict(resources.get("metadata") or {})
        metadata.setdefault("name", "notebook")
        metadata.setdefault("path", "")
        resources["metadata"] = metadata
        resources.setdefault("outputs", {})
        resources.setdefault("unique_key", "output")
        resources.setdefault("output_files_dir", f"{metadata['name']}_files")
        resources["output_extension"] = self.file_extension
        return resources

    def preprocessor_instances(self) -> list[Preprocessor]:
        """The preprocessors, built-in ones first, each configured from this exporter's
        configuration."""
        instances: list[Preprocessor] = []
        for name in (*DEFAULT_PREPROCESSORS, *self.preprocessors):
            item = import_item(name)
            if isinstance(item, type) and issubclass(item, Preprocessor):
                if item.__module__.startswith("jovi."):
                    instances.append(item(config=self.config))
                else:
                    # A user's preprocessor runs unless its configuration says otherwise.
                    instance = item(config=self.config)
                    if not any(self.config.candidates(item.section_names(), "enabled")):
                        instance.enabled = True
                    instances.append(instance)
            else:
                raise ConversionError(f"{name} is not a preprocessor (a Preprocessor subclass)")
        return instances

    def preprocess(self, nb: Notebook, resources: Resources) -> tuple[Notebook, Resources]:
        """Run every preprocessor in order."""
        for preprocessor in self.preprocessor_instances():
            nb, resources = preprocessor(nb, resources)
        return nb, resources

    def render(self, nb: Notebook, resources: Resources) -> str | bytes:
        """The output for the preprocessed notebook; subclasses implement it."""
        raise NotImplementedError


def _salvage_hint(data: str | bytes) -> str:
    """What ``--allow-invalid`` would convert of broken JSON, if anything."""

    try:
        kept = nbf.reads_lenient(data).notebook
    except (NotebookError, ValueError):
        return ""
    count = len(kept.cells)
    return (
        f"; --allow-invalid converts the {count} cell{'s' if count != 1 else ''} before the break"
    )
