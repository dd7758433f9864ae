"""Jupyter's settings that jovi knows and does not use, and why.

Configurations and command lines written for Jupyter Server and nbconvert (docker
images, hubs, Makefiles) name settings that jovi has no use for.  An unknown setting
stops a jovi command, to catch typos; one of these is a warning saying why it does
not apply, and the command goes on (:func:`jovi.config.check_layer`'s ``not_used``).
Settings that would restrict something (which kernels may run, say) are never here:
ignoring them would allow what the configuration meant to forbid.
"""

from __future__ import annotations

from typing import Final

__all__ = ["UNUSED_JUPYTER_SETTINGS"]

_NO_TERMINALS = "jovi's server has no terminals"
_NO_BODY_LIMIT = "jovi's server reads request bodies of any size"
_NO_EXTENSIONS = "jovi's server loads no Jupyter Server extensions"

UNUSED_JUPYTER_SETTINGS: Final[dict[str, str]] = {
    "ServerApp.terminals_enabled": _NO_TERMINALS,
    "NotebookApp.terminals_enabled": _NO_TERMINALS,
    "ServerApp.max_body_size": _NO_BODY_LIMIT,
    "ServerApp.max_buffer_size": _NO_BODY_LIMIT,
    "NotebookApp.max_body_size": _NO_BODY_LIMIT,
    "NotebookApp.max_buffer_size": _NO_BODY_LIMIT,
    "ServerApp.jpserver_extensions": _NO_EXTENSIONS,
    "NotebookApp.nbserver_extensions": _NO_EXTENSIONS,
    "ServerApp.use_redirect_file": "jovi opens the browser on the server's URL itself",
    "NotebookApp.use_redirect_file": "jovi opens the browser on the server's URL itself",
    "KernelSpecManager.ensure_native_kernel": "jovi always lists its own kernel",
    "HTMLExporter.mathjax_url": "jovi's pages typeset math with KaTeX "
    "(see HTMLExporter.katex and HTMLExporter.katex_prefix)",
    "HTMLExporter.require_js_url": "jovi's pages do not load RequireJS",
    "HTMLExporter.anchor_link_text": "jovi's pages put no anchor links on headings",
    "CSSHTMLHeaderPreprocessor.style": "jovi's pages colour code with their own theme "
    "(see HTMLExporter.theme)",
}
