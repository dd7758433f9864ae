"""Extensions that come with jovi, loaded by short name: ``%load_ext autoreload``.

* ``autoreload``: reload edited modules before each cell (``%autoreload``, ``%aimport``);
* ``storemagic``: ``%store``, keeping variables, aliases and bookmarks across
  sessions (loaded by default);
* ``dreload``: ``dreload(module)``, reloading a module and the modules it imports.
"""

from __future__ import annotations

__all__: list[str] = []
