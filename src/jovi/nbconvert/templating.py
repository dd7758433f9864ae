"""Finding templates and building the Jinja environments that render them.

A *template* is a directory holding an entry file (``index.html.j2`` for HTML,
``index.tex.j2`` for LaTeX...) and optionally ``conf.json``::

    {"base_template": "html/full"}

Names are looked up in the *template roots*, in order: the exporter's
``extra_template_paths``, the user's ``$JOVI_DIR/nbconvert/templates``, the current
directory, and jovi's own templates.  In each root, ``<format>/<name>`` is tried
first (``html/basic``), then ``<name>`` (a user's ``mytheme``).  A name that is a
path (it contains a slash or names an existing directory or file) is used as it is:
a directory is a template, a file is the entry file itself.

The Jinja search path is the template's directory, then its base templates'
directories (``base_template``, followed to the end), then the roots — so a
template extends another by its path from a root (``{% extends
"html/full/index.html.j2" %}``) and includes helpers of its bases by their bare
names.

Environments are built once per search path and kept for the life of the process,
and each keeps its compiled templates: converting many notebooks compiles each
template once.
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jovi.errors import ConversionError, TemplateNotFound

if TYPE_CHECKING:
    from collections.abc import Sequence

    from jinja2 import Environment, Template

__all__ = [
    "BUILTIN_TEMPLATES",
    "ResolvedTemplate",
    "environment",
    "resolve_template",
    "template_roots",
    "user_template_dir",
]

BUILTIN_TEMPLATES = Path(__file__).parent / "templates"
"""jovi's own templates."""

_lock = threading.Lock()
_environments: dict[tuple[str, ...], Environment] = {}


@dataclass(frozen=True, slots=True)
class ResolvedTemplate:
    """A template found on disk.

    Attributes:
        search_path: The Jinja search path (the template, its bases, the roots).
        entry: The name of the entry file, relative to the search path.
        config: The merged ``conf.json`` of the template and its bases (the
            template's own entries win).
    """

    search_path: tuple[str, ...]
    entry: str
    config: dict[str, Any]

    def load(self) -> Template:
        """The compiled entry template (compiled once per process)."""
        env = environment(self.search_path)
        try:
            return env.get_template(self.entry)
        except Exception as error:  # noqa: BLE001 - jinja's errors become one message
            raise _template_error(error, self.entry) from None


def user_template_dir() -> Path:
    """``$JOVI_DIR/nbconvert/templates`` (``~/.jovi/nbconvert/templates``)."""
    from jovi.utils.paths import jovi_dir  # noqa: PLC0415 - only when templates are searched

    return jovi_dir() / "nbconvert" / "templates"


def template_roots(extra: Sequence[str] = ()) -> list[Path]:
    """The directories templates are looked up in, in order."""
    roots = [Path(path).expanduser() for path in extra]
    roots += [user_template_dir(), Path.cwd(), BUILTIN_TEMPLATES]
    unique: list[Path] = []
    for root in roots:
        if root not in unique:
            unique.append(root)
    return unique


def _read_conf(directory: Path) -> dict[str, Any]:
    conf = directory / "conf.json"
    if not conf.is_file():
        return {}
    try:
        value = json.loads(conf.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise TemplateNotFound(f"the template settings {conf} cannot be read: {error}") from None
    if not isinstance(value, dict):
        raise TemplateNotFound(f"the template settings {conf} are not a JSON object")
    return value


def _looks_like_path(name: str) -> bool:
    return "/" in name or os.sep in name or name.startswith(".") or Path(name).suffix == ".j2"


def _find_directory(name: str, family: str, roots: Sequence[Path]) -> Path | None:
    for root in roots:
        for candidate in (root / family / name, root / name):
            if _is_template_dir(candidate):
                return candidate
    return None


def _is_template_dir(directory: Path) -> bool:
    # A directory that holds templates (not any directory that happens to share the name).
    return directory.is_dir() and (
        (directory / "conf.json").is_file() or any(directory.glob("*.j2"))
    )


def resolve_template(
    name: str, *, family: str, entry: str, extra_paths: Sequence[str] = ()
) -> ResolvedTemplate:
    """Find the template ``name`` of an exporter whose templates are under ``family``.

    Args:
        name: A template name (``basic``) or a path to a template directory or file.
        family: The exporter's directory of templates (``html``, ``latex``...).
        entry: The entry file of a template directory (``index.html.j2``).
        extra_paths: More roots, searched first.

    Raises:
        TemplateNotFound: nothing of that name; the message lists what exists.
    """
    roots = template_roots(extra_paths)
    entry_file = entry
    path = Path(name).expanduser()
    if _looks_like_path(name) or (path.exists() and not _find_directory(name, family, roots)):
        if path.is_file():
            directory, entry_file = path.parent.absolute(), path.name
        elif path.is_dir():
            directory = path.absolute()
        else:
            raise TemplateNotFound(f"there is no template directory or file {name}")
    else:
        found = _find_directory(name, family, roots)
        if found is None:
            known = ", ".join(available_templates(family, extra_paths)) or "none"
            raise TemplateNotFound(
                f"there is no {family} template named {name!r} (the {family} templates are: {known})"
            )
        directory = found
    chain = [directory]
    config: dict[str, Any] = {}
    conf = _read_conf(directory)
    seen = {directory.resolve()}
    while True:
        config = {**conf, **config}
        base = conf.get("base_template")
        if not isinstance(base, str) or not base:
            break
        base_dir = _find_directory(base, family, roots)
        if base_dir is None:
            raise TemplateNotFound(f"the base template {base!r} of {directory} was not found")
        if base_dir.resolve() in seen:
            raise TemplateNotFound(
                f"the templates {directory} and {base_dir} are each other's base"
            )
        seen.add(base_dir.resolve())
        chain.append(base_dir)
        conf = _read_conf(base_dir)
    if not (directory / entry_file).is_file():
        raise TemplateNotFound(f"the template {directory} has no {entry_file}")
    search = [str(directory) for directory in chain] + [
        str(root) for root in roots if root.is_dir()
    ]
    return ResolvedTemplate(tuple(dict.fromkeys(search)), entry_file, config)


def available_templates(family: str, extra_paths: Sequence[str] = ()) -> list[str]:
    """The names of the templates of a family, in every root."""
    names: set[str] = set()
    for root in template_roots(extra_paths):
        folder = root / family
        if folder.is_dir():
            names.update(child.name for child in folder.iterdir() if _is_template_dir(child))
    return sorted(names)


def environment(search_path: tuple[str, ...]) -> Environment:
    """The Jinja environment for a search path: built on first use, then kept."""
    env = _environments.get(search_path)
    if env is not None:
        return env
    with _lock:
        env = _environments.get(search_path)
        if env is None:
            env = _build_environment(search_path)
            _environments[search_path] = env
    return env


def _context_class() -> type:
    from jinja2.runtime import Context, new_context  # noqa: PLC0415 - start-up cost

    class BlockSharingContext(Context):
        """Jinja's context, with a cheaper ``derived`` (called for every scoped block:
        ten times per cell). Jinja copies each block's list of overrides there, which
        costs more than the rest of the block; the lists are complete before any block
        renders and only read afterwards, so the copy shares them."""

        def derived(self, locals: dict[str, Any] | None = None) -> Context:  # noqa: A002
            context = new_context(
                self.environment, self.name, {}, self.get_all(), True, None, locals
            )
            context.eval_ctx = self.eval_ctx
            context.blocks.update(self.blocks)
            return context

    return BlockSharingContext


def _build_environment(search_path: tuple[str, ...]) -> Environment:
    from jinja2 import Environment, FileSystemLoader  # noqa: PLC0415 - Jinja loads on first use

    from jovi.nbconvert.filters import jinja_filters  # noqa: PLC0415 - start-up cost

    env = Environment(
        loader=FileSystemLoader(list(search_path)),
        # Most formats are not HTML; HTML templates escape text with `| e` themselves.
        autoescape=False,  # noqa: S701
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        cache_size=-1,
    )
    env.filters.update(jinja_filters())
    # `tojson` (HTML-safe JSON) sees the notebook's frozen JSON, not only dicts and lists.
    env.policies["json.dumps_function"] = _thawed_dumps
    env.context_class = _context_class()
    return env


def _thawed_dumps(value: object, **options: Any) -> str:
    from jovi.nbformat.frozen import thaw  # noqa: PLC0415 - start-up cost

    return json.dumps(thaw(value), **options)


def _template_error(error: Exception, entry: str) -> ConversionError:
    from jinja2 import TemplateNotFound as JinjaNotFound  # noqa: PLC0415 - start-up cost
    from jinja2 import TemplateSyntaxError  # noqa: PLC0415 - start-up cost

    if isinstance(error, JinjaNotFound):
        return TemplateNotFound(f"the template {entry} needs {error.name}, which was not found")
    if isinstance(error, TemplateSyntaxError):
        where = f"{error.filename or error.name}, line {error.lineno}"
        return ConversionError(f"the template {where} is not valid Jinja: {error.message}")
    return ConversionError(f"the template {entry} could not be loaded: {error}")
