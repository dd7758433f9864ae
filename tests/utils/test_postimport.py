"""The post-import hook: callbacks after a watched module executes, and nothing else
changed for the module's own code (warnings it gives point where they would without
the hook)."""

from __future__ import annotations

import sys
import warnings

import pytest

from jovi.utils import postimport


@pytest.fixture
def modules_dir(tmp_path, monkeypatch):
    """A directory on ``sys.path`` for the test's own modules, and no pending callback
    of other tests."""
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(postimport, "_callbacks", {})
    monkeypatch.setattr(
        sys,
        "meta_path",
        [f for f in sys.meta_path if not isinstance(f, postimport._PostImportFinder)],
    )
    yield tmp_path
    for name in ("jovi_test_warns_on_import", "jovi_test_imports_the_warner"):
        sys.modules.pop(name, None)


def test_the_callback_gets_the_module_once_it_has_executed(modules_dir):
    (modules_dir / "jovi_test_warns_on_import.py").write_text("VALUE = 42\n")
    seen = []
    postimport.when_imported("jovi_test_warns_on_import", lambda m: seen.append(m.VALUE))
    import jovi_test_warns_on_import  # noqa: F401

    assert seen == [42]


def test_a_warning_given_at_import_names_the_importer_as_without_the_hook(modules_dir):
    # tqdm.autonotebook (watched in a kernel) warns so: the warning named
    # jovi/utils/postimport.py as where it came from, and filters by module missed it.
    (modules_dir / "jovi_test_warns_on_import.py").write_text(
        "import warnings\nwarnings.warn('no widgets', UserWarning, stacklevel=2)\n"
    )
    importer = modules_dir / "jovi_test_imports_the_warner.py"
    importer.write_text("import jovi_test_warns_on_import\n")
    postimport.when_imported("jovi_test_warns_on_import", lambda module: None)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        import jovi_test_imports_the_warner  # noqa: F401
    assert [w.filename for w in caught] == [str(importer)]
