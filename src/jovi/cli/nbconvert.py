"""``jovi nbconvert``: convert notebooks to HTML, Markdown, reST, Python, LaTeX, PDF...

Notebooks come from the command line (file names, globs, ``.ipynb`` optional), from
``c.NbConvertApp.notebooks`` in a configuration file, or from standard input
(``--stdin``).  Each is converted on its own: a broken notebook gets one line naming
the file, the cell and the problem, and the others are still converted.  The exit
status is 1 when any notebook failed, 2 for a command line that cannot work.
"""

from __future__ import annotations

import glob
import sys
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from jovi.cli.app import EXIT_FAILURE, EXIT_OK, JoviApp, UsageError
from jovi.config import Alias, Bool, Flag, List, Str
from jovi.errors import ExecutionError, JoviError, UnknownFormat
from jovi.utils.log import get_logger

if TYPE_CHECKING:
    from jovi.nbconvert.exporters.base import Exporter
    from jovi.nbconvert.postprocessors import PostProcessor
    from jovi.nbconvert.preprocessors.base import Resources
    from jovi.nbconvert.writers import Writer

__all__ = ["NbConvertApp", "expand_notebooks"]

log = get_logger("jovi.nbconvert")


def _matches(pattern: str) -> list[str]:
    if glob.has_magic(pattern):
        # Shell-style patterns, relative or absolute, as the user typed them.
        found = sorted(glob.glob(pattern))  # noqa: PTH207
        if not found and not pattern.endswith(".ipynb"):
            found = sorted(glob.glob(pattern + ".ipynb"))  # noqa: PTH207
        return found
    if Path(pattern).is_file():
        return [pattern]
    if Path(pattern + ".ipynb").is_file():
        return [pattern + ".ipynb"]
    if Path(pattern).exists():
        return [pattern]  # a directory, a FIFO...: reading it says what it is
    return []


def expand_notebooks(patterns: list[str]) -> tuple[list[Path], list[str]]:
    """The notebook files named by ``patterns`` (globs, ``.ipynb`` optional), each once,
    and the patterns that named nothing."""
    found: list[Path] = []
    missing: list[str] = []
    for pattern in patterns:
        matches = _matches(pattern)
        if not matches:
            missing.append(pattern)
        for match in matches:
            path = Path(match)
            if path not in found:
                found.append(path)
    return found, missing


class NbConvertApp(JoviApp):
    """``jovi nbconvert``: notebooks to other formats."""

    command: ClassVar[str] = "jovi nbconvert"
    summary: ClassVar[str] = (
        "convert notebooks to HTML, Markdown, reST, Python, LaTeX, PDF or slides."
    )
    usage: ClassVar[tuple[str, ...]] = (
        "[--to FORMAT] [options] NOTEBOOK...",
        "--to notebook --inplace --clear-output NOTEBOOK...",
    )
    description: ClassVar[str] = (
        "Formats: html (default), markdown, rst, python, script, notebook, latex, pdf (needs "
        "xelatex), webpdf (needs Chromium), slides, asciidoc. Output goes next to each "
        "notebook, named after it (analysis.ipynb -> analysis.html), with images in "
        "analysis_files/."
    )
    config_name: ClassVar[str | None] = "nbconvert"
    max_positionals: ClassVar[int | None] = None

    aliases: ClassVar[tuple[Alias, ...]] = (
        *JoviApp.aliases,
        Alias(
            "to",
            "NbConvertApp.export_format",
            "The format to convert to (default: html).",
            "FORMAT",
        ),
        Alias(
            "template",
            "TemplateExporter.template_name",
            "The template: a name (full, basic, article, report, book...) or a path.",
            "NAME",
        ),
        Alias(
            "template-file", "TemplateExporter.template_file", "A template file to render.", "FILE"
        ),
        Alias("theme", "HTMLExporter.theme", "HTML colours: light, dark or auto.", "THEME"),
        Alias(
            "output", "NbConvertApp.output_base", "The output's name (one notebook only).", "NAME"
        ),
        Alias(
            "output-dir", "FilesWriter.build_directory", "Write the output files into DIR.", "DIR"
        ),
        Alias(
            "writer",
            "NbConvertApp.writer_class",
            "Where the output goes: files or stdout.",
            "WRITER",
        ),
        Alias("post", "NbConvertApp.postprocessor_class", "Then do this with it: serve.", "POST"),
        Alias(
            "reveal-prefix",
            "SlidesExporter.reveal_prefix",
            "Where slides load reveal.js from (a URL or a relative path).",
            "URL",
        ),
        Alias(
            "nbformat",
            "NotebookExporter.nbformat_version",
            "The notebook version written: 4 or 3.",
            "N",
        ),
        Alias(
            "kernel",
            "ExecutePreprocessor.kernel_name",
            "The kernel --execute runs the notebook with.",
            "NAME",
        ),
    )
    flags: ClassVar[tuple[Flag, ...]] = (
        *JoviApp.flags,
        Flag(
            "execute",
            {"ExecutePreprocessor": {"enabled": True}},
            "Run the notebook before converting it.",
        ),
        Flag(
            "allow-errors",
            {"ExecutePreprocessor": {"allow_errors": True}},
            "With --execute: go on after a cell raises.",
        ),
        Flag(
            "stdin",
            {"NbConvertApp": {"from_stdin": True}},
            "Read the notebook from standard input.",
        ),
        Flag(
            "stdout",
            {"NbConvertApp": {"writer_class": "stdout"}},
            "Print the output instead of writing a file.",
        ),
        Flag(
            "inplace",
            {"NbConvertApp": {"inplace": True, "export_format": "notebook"}},
            "Overwrite the notebook itself (implies --to notebook).",
        ),
        Flag(
            "clear-output",
            {
                "NbConvertApp": {"inplace": True, "export_format": "notebook"},
                "ClearOutputPreprocessor": {"enabled": True},
            },
            "Remove every output; alone, rewrites the notebooks in place.",
        ),
        Flag(
            "coalesce-streams",
            {"CoalesceStreamsPreprocessor": {"enabled": True}},
            "Merge consecutive stream outputs (on by default except --to notebook).",
        ),
        Flag(
            "no-prompt",
            {"TemplateExporter": {"exclude_input_prompt": True, "exclude_output_prompt": True}},
            "Leave out the In [n]: and Out[n]: prompts.",
        ),
        Flag(
            "no-input",
            {"TemplateExporter": {"exclude_input": True, "exclude_input_prompt": True}},
            "Leave out the code, keep the outputs.",
        ),
        Flag(
            "embed-images",
            {"TemplateExporter": {"embed_images": True}},
            "Put the images Markdown cells link to into the output.",
        ),
        Flag(
            "sanitize-html",
            {"SanitizeHTML": {"enabled": True}},
            "Remove scripts and event handlers from HTML.",
        ),
        Flag(
            "allow-invalid",
            {"Exporter": {"allow_invalid": True}},
            "Also convert notebooks whose JSON is broken (truncated): the cells before the "
            "break, with a warning.",
        ),
    )

    notebooks = List(
        str, (), help="The notebooks to convert when none is named on the command line."
    )
    export_format = Str(
        "html", help="The format to convert to (--to): see `jovi nbconvert --help`."
    )
    output_base = Str(
        "", help="The output's name without extension (--output); only with one notebook."
    )
    writer_class = Str("files", help="Where the output goes: 'files' or 'stdout' (--writer).")
    postprocessor_class = Str(
        "", help="What to do with the written output: '' or 'serve' (--post)."
    )
    output_files_dir = Str(
        "{notebook_name}_files",
        help="Where the files a conversion extracts (figures, attachments) go, next to "
        "the output; '{notebook_name}' is the output's name without extension.",
    )
    from_stdin = Bool(False, help="Read one notebook from standard input (--stdin).")
    inplace = Bool(
        False,
        help="Write a notebook output over the notebook itself (--inplace); other formats "
        "go next to it as usual.",
    )

    # ------------------------------------------------------------ parts
    def make_exporter(self) -> Exporter:
        from jovi.nbconvert.exporters import get_exporter

        return get_exporter(self.export_format)(config=self.config)

    def make_writer(self) -> Writer:
        from jovi.nbconvert.writers import FilesWriter, StdoutWriter

        kind = self.writer_class.strip().lower()
        if kind in ("files", "fileswriter"):
            return FilesWriter(config=self.config)
        if kind in ("stdout", "stdoutwriter"):
            return StdoutWriter(config=self.config)
        raise UnknownFormat(
            f"there is no writer {self.writer_class!r}; the writers are: files, stdout"
        )

    def make_postprocessor(self) -> PostProcessor | None:
        kind = self.postprocessor_class.strip().lower()
        if not kind:
            return None
        if kind in ("serve", "servepostprocessor"):
            from jovi.nbconvert.postprocessors import ServePostProcessor

            return ServePostProcessor(config=self.config)
        raise UnknownFormat(
            f"there is no post-processor {self.postprocessor_class!r}; the only one is: serve"
        )

    # ------------------------------------------------------------ running
    def start(self) -> int:
        names = self.positionals or list(self.notebooks)
        if self.from_stdin and names:
            raise UsageError(
                "--stdin reads one notebook from standard input; name no files with it"
            )
        if not self.from_stdin and not names:
            raise UsageError("no notebook given: jovi nbconvert --to FORMAT NOTEBOOK...")
        try:
            exporter = self.make_exporter()
            writer = self.make_writer()
            postprocessor = self.make_postprocessor()
        except UnknownFormat as error:
            raise UsageError(str(error)) from None
        if self.from_stdin:
            return self._convert_stdin(exporter, writer, postprocessor)
        paths, missing = expand_notebooks(names)
        failures = 0
        for pattern in missing:
            print(f"jovi nbconvert: {pattern}: no such notebook", file=sys.stderr)
            failures += 1
        if self.output_base and len(paths) > 1:
            raise UsageError("--output names one output; with several notebooks leave it out")
        for path in paths:
            try:
                self.convert(path, exporter, writer, postprocessor)
            except ExecutionError as error:
                # Which notebook failed to run matters when several are converted.
                print(f"jovi nbconvert: {path}: {error}", file=sys.stderr)
                failures += 1
            except JoviError as error:
                print(f"jovi nbconvert: {error}", file=sys.stderr)
                failures += 1
        return EXIT_FAILURE if failures else EXIT_OK

    def _output_name(self, stem: str, exporter: Exporter) -> str:
        if self.output_base:
            name = Path(self.output_base).name
            return name.removesuffix(exporter.file_extension) or stem
        if exporter.export_name == "notebook" and not self.inplace:
            return f"{stem}.nbconvert"
        return stem

    def _resources(self, name: str, directory: str) -> Resources:
        return {
            "metadata": {"name": name, "path": directory},
            "output_files_dir": self.output_files_dir.replace("{notebook_name}", name),
            "unique_key": "output",
        }

    def _writer_for(self, writer: Writer) -> Writer:
        # --output with a directory part writes there (unless --output-dir says otherwise).
        from jovi.nbconvert.writers import FilesWriter

        parent = Path(self.output_base).parent if self.output_base else Path()
        if (
            isinstance(writer, FilesWriter)
            and str(parent) not in ("", ".")
            and not writer.build_directory
        ):
            return FilesWriter(config=self.config, build_directory=str(parent))
        return writer

    def convert(
        self,
        path: Path,
        exporter: Exporter,
        writer: Writer,
        postprocessor: PostProcessor | None,
    ) -> None:
        """Convert one notebook file and write (and post-process) the result."""
        name = self._output_name(path.stem, exporter)
        resources = self._resources(name, str(path.parent))
        output, resources = exporter.from_filename(path, resources)
        self._finish(
            output=output,
            resources=resources,
            name=name,
            source=str(path),
            writer=writer,
            postprocessor=postprocessor,
        )

    def _convert_stdin(
        self, exporter: Exporter, writer: Writer, postprocessor: PostProcessor | None
    ) -> int:
        name = self._output_name("notebook", exporter)
        resources = self._resources(name, "")
        try:
            output, resources = exporter.from_file(sys.stdin, resources)
            self._finish(
                output=output,
                resources=resources,
                name=name,
                source="standard input",
                writer=writer,
                postprocessor=postprocessor,
            )
        except JoviError as error:
            print(f"jovi nbconvert: standard input: {error}", file=sys.stderr)
            return EXIT_FAILURE
        return EXIT_OK

    def _finish(
        self,
        *,
        output: str | bytes,
        resources: Resources,
        name: str,
        source: str,
        writer: Writer,
        postprocessor: PostProcessor | None,
    ) -> None:
        written = self._writer_for(writer).write(output, resources, name)
        if written is None:
            return
        extra = len(resources.get("outputs") or {})
        files = (
            f" and {extra} file{'s' if extra != 1 else ''} in {resources['output_files_dir']}/"
            if extra
            else ""
        )
        print(f"Converted {source} to {written} ({len(output):,} bytes){files}", file=sys.stderr)
        if postprocessor is not None:
            postprocessor.postprocess(written)
