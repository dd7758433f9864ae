"""``jovi console``: a terminal console for any Jupyter kernel.

* :mod:`~jovi.terminal.console.frontend`: :class:`ConsoleFrontend`, the loop;
* :mod:`~jovi.terminal.console.render`: IOPub messages as terminal text;
* :mod:`~jovi.terminal.console.images`: images drawn by kitty, iTerm2 or sixel
  terminals, described elsewhere; :mod:`~jovi.terminal.console.sixel`: PNG to sixel;
* :mod:`~jovi.terminal.console.completion`: completion and history from the kernel.

The prompt, keys and colours are the terminal shell's (:mod:`jovi.terminal.session`).
"""

from __future__ import annotations

__all__: list[str] = []
