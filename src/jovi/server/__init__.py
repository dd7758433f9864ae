"""Layer 6: the notebook server (``jovi notebook``), Jupyter Server's REST and WebSocket API.

* :mod:`~jovi.server.contents`: files, directories and notebooks under the root.
"""

from __future__ import annotations

__all__: list[str] = []
