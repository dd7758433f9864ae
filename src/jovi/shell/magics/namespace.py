"""Your variables: ``%who``, ``%whos``, ``%who_ls``, ``%reset``, ``%reset_selective``,
``%xdel``, and the way values are shown: ``%page``, ``%doctest_mode``."""

from __future__ import annotations

import re
import sys
from typing import TYPE_CHECKING, Any

from jovi.errors import UsageError
from jovi.shell.confirm import ask_yes_no
from jovi.shell.magic.core import Magics, line_magic, magics_class

if TYPE_CHECKING:
    from jovi.shell.interactiveshell import InteractiveShell

__all__ = ["NamespaceMagics", "interactive_names"]

_CONFIRM = "Once deleted, variables cannot be recovered. Proceed (y/[n])?"
_SEQUENCES = (dict, list, tuple)
_MAX_DATA = 50
_NAMES_PER_LINE = 9
_RESET_TARGETS = ("in", "out", "dhist", "array")


def interactive_names(shell: InteractiveShell, types: list[str] | None = None) -> list[str]:
    """The user's variables, sorted: no ``_names`` and nothing the shell or start-up defined.

    ``types`` keeps only values whose type has one of those names (``int``, ``function``).
    """
    hidden = shell.user_ns_hidden
    names = []
    for name, value in shell.user_ns.items():
        if name.startswith("_"):
            continue
        if name in hidden and (hidden[name] is None or hidden[name] is value):
            continue
        if types and type(value).__name__ not in types:
            continue
        names.append(name)
    return sorted(names)


def _is_array(value: object) -> bool:
    return type(value).__module__ == "numpy" and type(value).__name__ == "ndarray"


def _data_info(value: object) -> str:
    """The Data/Info column of ``%whos``."""
    if isinstance(value, _SEQUENCES):
        return f"n={len(value)}"
    if _is_array(value):
        array: Any = value
        shape = "x".join(str(n) for n in array.shape)
        return f"{shape}: {array.size} elems, type `{array.dtype}`, {array.nbytes} bytes"
    try:
        text = str(value).replace("\n", "\\n")
    except Exception as error:  # noqa: BLE001 - a broken __str__ must not break %whos
        return f"<str() failed: {type(error).__name__}>"
    if len(text) > _MAX_DATA:
        half = _MAX_DATA // 2
        text = text[:half] + "<...>" + text[-half:]
    return text


@magics_class
class NamespaceMagics(Magics):
    """Listing, deleting and resetting your variables; how values are shown."""

    # ------------------------------------------------------------------ listing

    @line_magic
    def who_ls(self, parameter_s: str = "") -> list[str]:
        """Return the sorted list of your variables: ``%who_ls``, ``%who_ls int str``.

        Type names (``type(x).__name__``: int, str, function, module ...) keep only
        the variables of those types.
        """
        return interactive_names(self.shell, parameter_s.split())

    def _listed(self, parameter_s: str) -> list[str]:
        """The names ``%who``/``%whos`` show; when there are none, say why."""
        types = parameter_s.split()
        names = interactive_names(self.shell, types)
        if not names:
            self.shell.output.write(
                "No variables match your requested type.\n"
                if types
                else "Interactive namespace is empty.\n"
            )
        return names

    @line_magic
    def who(self, parameter_s: str = "") -> None:
        """Print your variables, several to a line: ``%who``, ``%who int function``.

        Names the shell made (In, Out, _i3 ...) and names defined at start-up are
        left out.  Type names (``type(x).__name__``) keep only variables of those types.
        """
        names = self._listed(parameter_s)
        if not names:
            return
        rows = [names[i : i + _NAMES_PER_LINE] for i in range(0, len(names), _NAMES_PER_LINE)]
        self.shell.output.write("\n".join("\t".join(row) + "\t" for row in rows) + "\n")

    @line_magic
    def whos(self, parameter_s: str = "") -> None:
        """Print a table of your variables: name, type and data (``%whos [type ...]``).

        Data is the length of dicts, lists and tuples; shape, size, type and bytes
        of numpy arrays; otherwise the value's text, cut in the middle when long.
        """
        names = self._listed(parameter_s)
        if not names:
            return
        namespace = self.shell.user_ns
        type_names = [type(namespace[name]).__name__ for name in names]
        name_width = max(*map(len, names), len("Variable")) + 3
        type_width = max(*map(len, type_names), len("Type")) + 3
        lines = [
            "Variable".ljust(name_width) + "Type".ljust(type_width) + " Data/Info",
            "-" * (name_width + type_width + len("Data/Info") + 1),
        ]
        for name, type_name in zip(names, type_names, strict=True):
            info = _data_info(namespace[name])
            lines.append(f"{name.ljust(name_width)}{type_name.ljust(type_width)} {info}")
        self.shell.output.write("\n".join(lines) + "\n")

    # ------------------------------------------------------------------ deleting

    def _confirmed(self, force: bool) -> bool:
        if force:
            return True
        answer = ask_yes_no(_CONFIRM, default=False)
        if answer is None:  # nobody can answer: do as asked
            return True
        if not answer:
            self.shell.output.write("Nothing done.\n")
        return answer

    @line_magic
    def reset(self, parameter_s: str = "") -> None:
        """Delete your variables, or parts of the shell's history: ``%reset [-f] [-s] [target ...]``.

        With no target, ask for confirmation (unless -f) and then delete every
        variable, the output cache (Out, _N) and the directory history (_dh is reset
        to the current directory).  The input history and the prompt number are kept.
        When no one can answer the question (no standard input), it proceeds.

        Options:
          -f      Do not ask for confirmation.
          -s      Soft reset: delete only the variables %who lists; the shell's own
                  names and the caches stay.

        Targets (several may be given; nothing is asked):
          in      Flush the input history (In, _i, _iN).
          out     Flush the output cache (Out, _, _N).
          dhist   Flush the directory history (_dh).
          array   Delete numpy arrays only.
        """
        opts, args = self.parse_options(parameter_s, "sf", mode="list")
        targets = [arg.lower() for arg in args]
        unknown = [target for target in targets if target not in _RESET_TARGETS]
        if unknown:
            raise UsageError(
                f"%reset: unknown target {unknown[0]!r}; the targets are {', '.join(_RESET_TARGETS)}"
            )
        if not targets:
            if not self._confirmed("f" in opts):
                return
            if "s" in opts:
                for name in interactive_names(self.shell):
                    del self.shell.user_ns[name]
            else:
                from jovi.shell.reset import reset_namespace  # noqa: PLC0415 - start-up cost

                reset_namespace(self.shell)
            return
        for target in targets:
            getattr(self, f"_reset_{target}")()

    def _reset_in(self) -> None:
        from jovi.shell.reset import flush_input_history  # noqa: PLC0415 - start-up cost

        self.shell.output.write("Flushing input history\n")
        flush_input_history(self.shell)

    def _reset_out(self) -> None:
        count = len(self.shell.history_manager.output_hist)
        self.shell.output.write(f"Flushing output cache ({count} entries)\n")
        self.shell.displayhook.clear()

    def _reset_dhist(self) -> None:
        self.shell.output.write("Flushing directory history\n")
        del self.shell.history_manager.dir_hist[:]

    def _reset_array(self) -> None:
        if sys.modules.get("numpy") is None:
            self.shell.output.write("reset array: numpy is not imported, so there are no arrays.\n")
            return
        namespace = self.shell.user_ns
        for name in [name for name, value in namespace.items() if _is_array(value)]:
            del namespace[name]

    @line_magic
    def reset_selective(self, parameter_s: str = "") -> None:
        """Delete the variables whose names match a regular expression: ``%reset_selective [-f] regex``.

        ``%reset_selective -f b[2-3]m`` deletes b2m and b3m (the match is
        ``re.search``, anywhere in the name).  History is not touched.

        Options:
          -f      Do not ask for confirmation.
        """
        opts, pattern = self.parse_options(parameter_s, "f")
        if not pattern:
            self.shell.output.write("No regex pattern specified. Nothing done.\n")
            return
        try:
            regex = re.compile(pattern)
        except re.error as error:
            raise UsageError(
                f"%reset_selective: {pattern!r} is not a regular expression ({error})"
            ) from None
        if not self._confirmed("f" in opts):
            return
        for name in interactive_names(self.shell):
            if regex.search(name):
                del self.shell.user_ns[name]

    @line_magic
    def xdel(self, parameter_s: str = "") -> None:
        """Delete a variable and every reference the shell holds to its value: ``%xdel [-n] name``.

        Out, _, __, ___ and _N entries holding the same object go too, so its memory
        can be freed.

        Options:
          -n      Delete the name only (do not look for other references).
        """
        opts, name = self.parse_options(parameter_s, "n")
        if not name:
            raise UsageError("%xdel needs the name of a variable, e.g. %xdel big_list")
        shell = self.shell
        value = shell.user_ns.get(name)
        try:
            shell.del_var(name, by_name="n" in opts)
        except (NameError, ValueError) as error:
            shell.output.write(f"{type(error).__name__}: {error}\n", error=True)
            return
        if "n" not in opts:
            cache = shell.displayhook
            cache.last = [None if held is value else held for held in cache.last]
            for under in ("_", "__", "___"):
                shell.user_ns.setdefault(under, None)

    # ------------------------------------------------------------------ display

    @line_magic
    def page(self, parameter_s: str = "") -> None:
        """Show an object through the pager, pretty-printed: ``%page [-r] [object]``.

        With no object, the last result (``_``).

        Options:
          -r      Page ``str(object)`` instead of its pretty-printed form.
        """
        from jovi.shell.introspection import find_object  # noqa: PLC0415 - start-up cost

        opts, name = self.parse_options(parameter_s, "r")
        name = name or "_"
        found = find_object(self.shell, name)
        if not found.found:
            self.shell.output.write(f"Object `{name}` not found\n")
            return
        if "r" in opts:
            text = str(found.obj)
        else:
            text = str(self.shell.display_formatter.plain_text(found.obj))
        self.shell.output.page({"text/plain": text})

    @line_magic
    def doctest_mode(self, parameter_s: str = "") -> None:
        """Toggle a mode that looks like the plain Python prompt, for writing doctests.

        On: ``>>>`` and ``...`` prompts, no Out prompt, no blank lines between
        prompts, plain repr() instead of pretty printing, text output only and plain
        tracebacks.  Off: everything as it was.  Paste doctests in this mode, run
        them, then ``%history -p -o`` writes them back out.
        """
        from jovi.shell.doctest_mode import toggle_doctest_mode  # noqa: PLC0415 - start-up cost

        toggle_doctest_mode(self.shell)
