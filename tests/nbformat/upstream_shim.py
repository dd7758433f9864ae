"""``import nbformat`` is ``jovi.nbformat``: the conftest under which nbformat's own tests run.

``test_upstream.py`` copies this file as the ``conftest.py`` beside nbformat's test
suite (``upstream/tests``, unchanged), in a process of its own.  Before the tests are
imported it puts modules named as nbformat's into ``sys.modules``; each holds jovi's
public functions under the names nbformat's tests import:

| nbformat's module | is, from jovi.nbformat |
|---|---|
| ``nbformat`` | the package's public names (``read``, ``reads``, ``write``, ``writes``, ``validate``, ``NO_CONVERT``, ``from_dict``, ``NotebookNode``, ``ValidationError``, ``convert``, ``current_nbformat``...) and jovi's ``__version__`` |
| ``nbformat.reader`` | ``get_version``; ``read``/``reads`` = reading with ``as_version=NO_CONVERT`` |
| ``nbformat.validator`` | ``ValidationError``, ``validate``, ``isvalid``, ``iter_validate``, ``normalize``; ``_validate(nb, repair_duplicate_cell_ids=False)`` = checking without mending ids (the first problem of ``iter_validate``); ``get_validator`` raises (jovi has no jsonschema validator objects: the tests that use it are not run) |
| ``nbformat.converter`` | ``convert`` |
| ``nbformat.warnings`` | ``MissingIDFieldWarning``, ``DuplicateCellId`` |
| ``nbformat.json_compat`` | ``VALIDATORS`` = ``["jovi"]`` (jovi has one validator) |
| ``nbformat.v4``, ``.nbbase``, ``.nbjson``, ``.convert`` | ``jovi.nbformat.v4`` (``nbjson.read``/``write`` take files) |
| ``jsonschema`` | ``ValidationError`` = jovi's (nbformat raises jsonschema's own class) |

Nothing here implements notebook behaviour: every call lands in ``jovi.nbformat``.
"""

from __future__ import annotations

import sys
import types
from typing import Any

import jovi
import jovi.nbformat as jnb
from jovi.nbformat import v4 as jovi_v4


def _module(name: str, **names: Any) -> types.ModuleType:
    module = types.ModuleType(name)
    module.__dict__.update(names)
    sys.modules[name] = module
    return module


def _read_no_convert(source: Any, **_options: Any) -> Any:
    return jnb.read(source, as_version=jnb.NO_CONVERT)


def _reads_no_convert(text: str | bytes, **_options: Any) -> Any:
    return jnb.reads(text, as_version=jnb.NO_CONVERT)


def _validate_without_mending(
    nb: Any, *args: Any, repair_duplicate_cell_ids: bool = True, **kwargs: Any
) -> None:
    if repair_duplicate_cell_ids:
        jnb.validate(nb, *args, **kwargs)
        return
    for problem in jnb.iter_validate(nb, *args, **kwargs):
        raise problem


def _no_validator_objects(*_args: Any, **_kwargs: Any) -> None:
    raise NotImplementedError("jovi has no jsonschema validator objects")


def _write_to_file(nb: Any, stream: Any, **options: Any) -> None:
    stream.write(jovi_v4.writes(nb, **options))


def install() -> None:
    """Put the nbformat-named modules into ``sys.modules``."""
    public = {name: getattr(jnb, name) for name in jnb.__all__ if name != "v4"}
    nbformat = _module(
        "nbformat", **public, __version__=jovi.__version__, __path__=list(jnb.__path__)
    )
    nbformat.reader = _module(
        "nbformat.reader",
        get_version=jnb.get_version,
        read=_read_no_convert,
        reads=_reads_no_convert,
    )
    nbformat.validator = _module(
        "nbformat.validator",
        ValidationError=jnb.ValidationError,
        validate=jnb.validate,
        isvalid=jnb.isvalid,
        iter_validate=jnb.iter_validate,
        normalize=jnb.normalize,
        validators={},
        get_validator=_no_validator_objects,
        _validate=_validate_without_mending,
    )
    nbformat.converter = _module("nbformat.converter", convert=jnb.convert)
    nbformat.warnings = _module(
        "nbformat.warnings",
        MissingIDFieldWarning=jnb.MissingIDFieldWarning,
        DuplicateCellId=jnb.DuplicateCellId,
    )
    nbformat.json_compat = _module(
        "nbformat.json_compat", VALIDATORS=["jovi"], ValidationError=jnb.ValidationError
    )
    v4_names = {name: getattr(jovi_v4, name) for name in jovi_v4.__all__}
    v4 = _module("nbformat.v4", **v4_names)
    v4.nbbase = _module(
        "nbformat.v4.nbbase",
        **v4_names,
        NotebookNode=jnb.NotebookNode,
        random_cell_id=jnb.new_cell_id,
        validate=lambda node, ref=None: jnb.validate(node, ref, version=4),
    )
    v4.nbjson = _module(
        "nbformat.v4.nbjson",
        reads=jovi_v4.reads,
        writes=jovi_v4.writes,
        to_notebook=jovi_v4.to_notebook,
        read=lambda stream, **options: jovi_v4.reads(stream.read(), **options),
        write=_write_to_file,
    )
    v4.convert = _module(
        "nbformat.v4.convert", upgrade=jovi_v4.upgrade, downgrade=jovi_v4.downgrade
    )
    nbformat.v4 = v4
    _module("jsonschema", ValidationError=jnb.ValidationError)


if __name__ == "conftest":  # copied beside nbformat's tests; importing it elsewhere does nothing
    install()
