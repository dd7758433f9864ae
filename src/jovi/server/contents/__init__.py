"""Files, directories and notebooks under the server's root (``/api/contents``).

* :mod:`~jovi.server.contents.root`: API paths to files, nothing outside the root;
* :mod:`~jovi.server.contents.manager`: the models, reading and saving;
* :mod:`~jovi.server.contents.checkpoints`: one copy per file to go back to;
* :mod:`~jovi.server.contents.names`: ``Untitled1.ipynb``, ``a-Copy1.ipynb``;
* :mod:`~jovi.server.contents.times`: ISO 8601 times as Jupyter Server writes them.
"""

from __future__ import annotations

from jovi.server.contents.manager import ContentsManager, Model

__all__ = ["ContentsManager", "Model"]
