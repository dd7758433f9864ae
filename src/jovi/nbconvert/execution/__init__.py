"""Running notebooks: the machinery behind ``--execute`` and ``execute_notebook``.

* :mod:`~jovi.nbconvert.execution.outputs`: outputs recorded from IOPub messages, as
  a notebook frontend records them (no I/O);
* :mod:`~jovi.nbconvert.execution.kernel`: the run's kernel, started and stopped;
* :mod:`~jovi.nbconvert.execution.runner`: running cells one by one, with time limits.

The options and the entry points are in
:mod:`jovi.nbconvert.preprocessors.execute`.
"""

from __future__ import annotations

__all__: list[str] = []
