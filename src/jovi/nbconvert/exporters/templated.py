"""Exporters whose output a Jinja template writes (HTML, Markdown, reST, LaTeX...).

The template sees ``nb`` (the preprocessed notebook) and ``resources``, in which
the exporter puts what templates need:

* ``global_content_filter``: ``include_code``, ``include_markdown``, ``include_raw``,
  ``include_unknown``, ``include_input``, ``include_output``, ``include_input_prompt``,
  ``include_output_prompt`` (from the ``exclude_*`` options; ``--no-input``,
  ``--no-prompt``);
* ``display_priority``: the MIME types outputs are shown in, best first;
* ``raw_mimetypes``: the ``metadata.format`` values of raw cells copied into the output;
* ``language``: the pygments name of the notebook's language;
* ``embed_images``: put local images into the output itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from jovi.config import Bool, List, Str
from jovi.nbconvert.exporters.base import Exporter
from jovi.nbconvert.templating import ResolvedTemplate, resolve_template

if TYPE_CHECKING:
    from jovi.nbconvert.preprocessors.base import Resources
    from jovi.nbformat.notebook import Notebook

__all__ = ["EXTRACT_FILES", "TemplateExporter"]

EXTRACT_FILES: dict[str, dict[str, Any]] = {
    "ExtractOutputPreprocessor": {"enabled": True},
    "ExtractAttachmentsPreprocessor": {"enabled": True},
}
"""The ``default_config`` of formats that reference images as files (Markdown, reST...)."""


class TemplateExporter(Exporter):
    """An exporter that renders a Jinja template (see docs/guide/nbconvert.md)."""

    #: The directory of this format's templates (``html``, ``latex``...).
    template_family: ClassVar[str] = ""
    #: The template used when ``template_name`` is empty.
    default_template: ClassVar[str] = "default"
    #: The entry file of a template directory (``index.html.j2``).
    template_entry: ClassVar[str] = "index.txt.j2"
    #: The MIME types outputs are shown in, best first, unless configured.
    default_display_priority: ClassVar[tuple[str, ...]] = ("text/plain",)
    #: ``metadata.format`` values of raw cells that are copied into the output.
    raw_formats: ClassVar[tuple[str, ...]] = ()
    #: Copy raw cells without a ``metadata.format`` too (as nbconvert does).
    raw_without_format: ClassVar[bool] = True

    default_config: ClassVar[dict[str, dict[str, Any]]] = {
        "TagRemovePreprocessor": {"enabled": True},
        "RegexRemovePreprocessor": {"enabled": True},
        "CoalesceStreamsPreprocessor": {"enabled": True},
        "HighlightMagicsPreprocessor": {"enabled": True},
    }

    template_name = Str(
        "",
        help="The template: a name (a template directory in a template path, e.g. 'basic') "
        "or the path of a template directory or file; empty: the format's default.",
    )
    template_file = Str(
        "", help="A template file to render instead of the template directory's entry file."
    )
    extra_template_paths = List(
        str, (), help="More directories to look for templates in, before the usual ones."
    )
    display_priority = List(
        str,
        (),
        help="The MIME types outputs are shown in, best first; empty: the format's own order.",
    )
    exclude_input = Bool(False, help="Leave out the code of code cells (--no-input).")
    exclude_output = Bool(False, help="Leave out the outputs of code cells.")
    exclude_input_prompt = Bool(False, help="Leave out the 'In [n]:' prompts (--no-prompt).")
    exclude_output_prompt = Bool(False, help="Leave out the 'Out[n]:' prompts (--no-prompt).")
    exclude_code_cell = Bool(False, help="Leave out code cells altogether.")
    exclude_markdown = Bool(False, help="Leave out Markdown cells.")
    exclude_raw = Bool(False, help="Leave out raw cells.")
    exclude_unknown = Bool(False, help="Leave out cells of types jovi does not know.")
    embed_images = Bool(
        False,
        help="Put the images Markdown cells link to into the output itself (as data: URLs) "
        "instead of linking to the files (--embed-images).",
    )
    raw_mimetypes = List(
        str, (), help="More metadata.format values of raw cells to copy into the output."
    )

    def template(self) -> ResolvedTemplate:
        """The template this exporter renders (looked up each time: paths may change)."""
        name = self.template_file or self.template_name or self.default_template
        return resolve_template(
            name,
            family=self.template_family,
            entry=self.template_entry,
            extra_paths=self.extra_template_paths,
        )

    def init_resources(self, resources: Resources | None) -> Resources:
        resources = super().init_resources(resources)
        resources["global_content_filter"] = {
            "include_code": not self.exclude_code_cell,
            "include_markdown": not self.exclude_markdown,
            "include_raw": not self.exclude_raw,
            "include_unknown": not self.exclude_unknown,
            "include_input": not self.exclude_input,
            "include_output": not self.exclude_output,
            "include_input_prompt": not self.exclude_input_prompt,
            "include_output_prompt": not self.exclude_output_prompt,
        }
        resources["display_priority"] = list(self.display_priority or self.default_display_priority)
        resources["raw_mimetypes"] = [
            *self.raw_formats,
            *self.raw_mimetypes,
            *([""] if self.raw_without_format else []),
        ]
        resources["embed_images"] = self.embed_images
        return resources

    def render(self, nb: Notebook, resources: Resources) -> str | bytes:
        template = self.template()
        if "display_priority" in template.config and not self.display_priority:
            resources["display_priority"] = list(template.config["display_priority"])
        extra = template.config.get("resources")
        if isinstance(extra, dict):
            for key, value in extra.items():
                resources.setdefault(key, value)
        resources.setdefault("language", _language(nb))
        return template.load().render(nb=nb, resources=resources)


def _language(nb: Notebook) -> str:
    info = nb.language_info
    if info is not None:
        return info.pygments_lexer or info.name
    spec = nb.kernelspec
    if spec is not None and spec.language:
        return spec.language
    return "ipython3"
