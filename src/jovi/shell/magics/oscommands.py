"""System commands and the environment: ``%sx`` / ``%system`` / ``%%!``, ``%sc``, ``%env``,
``%set_env``."""

from __future__ import annotations

import os
import re
from typing import Any

from jovi.errors import UsageError
from jovi.shell.magic.core import Magics, cell_magic, line_cell_magic, line_magic, magics_class

__all__ = ["HIDDEN_VALUE", "ShellCommandMagics"]

#: What ``%env`` shows instead of values that look secret (their names say so).
HIDDEN_VALUE = "<hidden>"
_SECRET_NAME = re.compile(r"KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL", re.IGNORECASE)
_SC_FLAGS = re.compile(r"^\s*((?:-[lv]+\s+)*)(.*)$", re.DOTALL)
_NAME = re.compile(r"[A-Za-z_][\w.]*$")


@magics_class
class ShellCommandMagics(Magics):
    """Running system commands and capturing their output; environment variables."""

    @line_cell_magic("sx")
    @line_cell_magic("system")
    @cell_magic("!")
    def sx(self, line: str = "", cell: str | None = None) -> Any:
        """Run a system command and return its output lines: ``%sx ls -l`` (same as ``!!ls -l``).

        The result is an SList: a list of lines with ``.s`` (joined by spaces),
        ``.n`` (by newlines), ``.l``, ``.p`` (paths), ``.grep()``, ``.fields()`` and
        ``.sort()``.  ``x = %sx cmd`` keeps it.  Error output is shown, not captured.

        As a cell magic, ``%%sx`` (also ``%%system`` and ``%%!``) runs the whole body in
        the shell.  ``%%sx --out NAME`` (or ``-o NAME``) stores the lines in NAME
        instead of returning them.
        """
        from jovi.shell.system import getoutput  # noqa: PLC0415 - subprocess only when used

        if cell is None:
            command = line.strip()
            if not command:
                raise UsageError("%sx needs a command: %sx ls -l")
            return getoutput(command)
        opts, rest = self.parse_options(line, "o:", "out=", mode="list")
        if rest:
            raise UsageError(
                f"%%sx takes only --out NAME on its first line, not {' '.join(rest)!r}"
            )
        lines = getoutput(cell)
        name = opts.get("out") or opts.get("o")
        if name:
            if not _NAME.match(name):
                raise UsageError(f"--out needs a variable name, not {name!r}")
            self.shell.user_ns[name] = lines
            return None
        return lines

    @line_magic
    def sc(self, parameter_s: str = "") -> None:
        """Run a command and keep its output in a variable: ``%sc [-l] [-v] VAR=COMMAND``.

        Older than ``VAR = !COMMAND``, which is usually simpler.  VAR receives the
        output as one string with ``.l``, ``.n``, ``.s`` and ``.p`` views (an LSString);
        with ``-l`` as a list of lines (an SList).  ``-v`` also prints it.
        """
        match = _SC_FLAGS.match(parameter_s)
        assert match is not None
        flags, rest = match.group(1).replace("-", "").split(), match.group(2)
        name, equals, command = rest.partition("=")
        name = name.strip()
        if not equals or not name or not command.strip():
            raise UsageError("%sc needs VAR=COMMAND: %sc [-l] [-v] files=ls")
        if not _NAME.match(name) or "." in name:
            raise UsageError(f"%sc: {name!r} is not a variable name")
        as_list = "l" in "".join(flags)
        from jovi.shell.system import getoutput  # noqa: PLC0415 - subprocess only when used

        output = getoutput(command.strip(), split=as_list)
        self.shell.user_ns[name] = output
        if "v" in "".join(flags):
            self.shell.output.write(f"{name} ==\n{output!r}\n")

    @line_magic
    def env(self, parameter_s: str = "") -> Any:
        """Get or set environment variables.

        * ``%env``: every variable, as a dict (values of names that look secret,
          with KEY, TOKEN, SECRET or PASSWORD in them, are shown as ``<hidden>``);
        * ``%env NAME``: the value of NAME;
        * ``%env NAME VALUE`` or ``%env NAME=VALUE``: set NAME (``$name`` and
          ``{expr}`` in VALUE are expanded first).

        Programs started afterwards (``!cmd``, ``%%bash``) see the new value.
        """
        text = parameter_s.strip()
        if not text:
            return {
                name: HIDDEN_VALUE if _SECRET_NAME.search(name) else value
                for name, value in os.environ.items()
            }
        first, _, after = text.partition(" ")
        if first in ("-d", "-p"):
            raise UsageError(
                f"%env {first} is not supported: environment changes last for this session only"
            )
        if "=" in first:
            name, _, value = text.partition("=")
            name, value = name.strip(), value.strip()
        elif after.strip():
            name, value = first, after.strip()
        else:
            if first not in os.environ:
                raise UsageError(f"Environment does not have key: {first}")
            return os.environ[first]
        if name.endswith(("+", "-")):
            raise UsageError(
                f"%env {name}= is not supported; give the whole value: %env {name[:-1]}=VALUE"
            )
        if not name or any(char.isspace() for char in name):
            raise UsageError(f"{name!r} is not an environment variable name")
        self._set(name, value)
        return None

    @line_magic
    def set_env(self, parameter_s: str = "") -> None:
        """Set an environment variable: ``%set_env NAME=VALUE`` or ``%set_env NAME VALUE``.

        ``$name`` and ``{expr}`` in VALUE are expanded first (``%set_env OUT=$folder``);
        an empty VALUE (``%set_env NAME=``) sets the variable to the empty string.
        Programs started afterwards (``!cmd``, ``%%bash``) see the new value.  ``%env``
        also reads variables.
        """
        text = parameter_s.strip()
        first = text.split(None, 1)[0] if text else ""
        # NAME=VALUE when the first word has the "=", else NAME VALUE: so that
        # `%set_env ARGS A=B` sets ARGS to "A=B".
        name, found, value = text.partition("=" if "=" in first else " ")
        name, value = name.strip(), value.strip()
        if not found or not name:
            raise UsageError("%set_env needs a name and a value: %set_env NAME=VALUE")
        self._set(name, value)

    def _set(self, name: str, value: str) -> None:
        os.environ[name] = value
        self.shell.output.write(f"env: {name}={value}\n")
