"""Preprocessors: steps that change a notebook before it is exported.

Every exporter runs :data:`DEFAULT_PREPROCESSORS` in this order (each does nothing
unless enabled: the exporter enables the ones its format needs, options and flags
the others), then the classes named in its ``preprocessors`` option.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jovi.utils.lazy import lazy_exports

if TYPE_CHECKING:
    from jovi.nbconvert.preprocessors.base import Preprocessor, Resources
    from jovi.nbconvert.preprocessors.clearing import (
        ClearMetadataPreprocessor,
        ClearOutputPreprocessor,
    )
    from jovi.nbconvert.preprocessors.execute import ExecutePreprocessor, execute_notebook
    from jovi.nbconvert.preprocessors.extract import (
        ExtractAttachmentsPreprocessor,
        ExtractOutputPreprocessor,
    )
    from jovi.nbconvert.preprocessors.magics import HighlightMagicsPreprocessor
    from jovi.nbconvert.preprocessors.removal import RegexRemovePreprocessor, TagRemovePreprocessor
    from jovi.nbconvert.preprocessors.sanitize import SanitizeHTML
    from jovi.nbconvert.preprocessors.streams import CoalesceStreamsPreprocessor

__all__ = [
    "DEFAULT_PREPROCESSORS",
    "ClearMetadataPreprocessor",
    "ClearOutputPreprocessor",
    "CoalesceStreamsPreprocessor",
    "ExecutePreprocessor",
    "ExtractAttachmentsPreprocessor",
    "ExtractOutputPreprocessor",
    "HighlightMagicsPreprocessor",
    "Preprocessor",
    "RegexRemovePreprocessor",
    "Resources",
    "SanitizeHTML",
    "TagRemovePreprocessor",
    "execute_notebook",
]

DEFAULT_PREPROCESSORS = (
    "jovi.nbconvert.preprocessors.clearing:ClearOutputPreprocessor",
    "jovi.nbconvert.preprocessors.execute:ExecutePreprocessor",
    "jovi.nbconvert.preprocessors.clearing:ClearMetadataPreprocessor",
    "jovi.nbconvert.preprocessors.removal:TagRemovePreprocessor",
    "jovi.nbconvert.preprocessors.removal:RegexRemovePreprocessor",
    "jovi.nbconvert.preprocessors.streams:CoalesceStreamsPreprocessor",
    "jovi.nbconvert.preprocessors.magics:HighlightMagicsPreprocessor",
    "jovi.nbconvert.preprocessors.sanitize:SanitizeHTML",
    "jovi.nbconvert.preprocessors.extract:ExtractAttachmentsPreprocessor",
    "jovi.nbconvert.preprocessors.extract:ExtractOutputPreprocessor",
)
"""The built-in preprocessors (``module:Class``), in the order they run."""

_HOMES = {
    "ClearMetadataPreprocessor": "jovi.nbconvert.preprocessors.clearing",
    "ClearOutputPreprocessor": "jovi.nbconvert.preprocessors.clearing",
    "CoalesceStreamsPreprocessor": "jovi.nbconvert.preprocessors.streams",
    "ExecutePreprocessor": "jovi.nbconvert.preprocessors.execute",
    "ExtractAttachmentsPreprocessor": "jovi.nbconvert.preprocessors.extract",
    "ExtractOutputPreprocessor": "jovi.nbconvert.preprocessors.extract",
    "HighlightMagicsPreprocessor": "jovi.nbconvert.preprocessors.magics",
    "Preprocessor": "jovi.nbconvert.preprocessors.base",
    "RegexRemovePreprocessor": "jovi.nbconvert.preprocessors.removal",
    "Resources": "jovi.nbconvert.preprocessors.base",
    "SanitizeHTML": "jovi.nbconvert.preprocessors.sanitize",
    "TagRemovePreprocessor": "jovi.nbconvert.preprocessors.removal",
    "execute_notebook": "jovi.nbconvert.preprocessors.execute",
}

__getattr__, __dir__ = lazy_exports(__name__, _HOMES, globals())
