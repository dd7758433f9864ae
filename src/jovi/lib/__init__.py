"""Libraries for interactive work, usable with or without a running shell.

* :mod:`jovi.lib.backgroundjobs`: run functions and expressions in threads, and
  follow them (``jobs = BackgroundJobManager()``);
* :mod:`jovi.lib.demo`: step through a script block by block, for teaching;
* :mod:`jovi.lib.deepreload`: reload a module and the modules it imports;
* :mod:`jovi.lib.notary`: trusted notebooks (the secret and the signature store that
  Jupyter uses too);
* :mod:`jovi.lib.reloading`: reload a module updating its old objects in place.
"""

from __future__ import annotations

__all__: list[str] = []
