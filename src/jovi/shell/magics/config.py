"""``%config``: see and change options while the shell runs."""

from __future__ import annotations

from jovi.config import known_classes
from jovi.errors import JoviError, UsageError
from jovi.shell.magic.core import Magics, line_magic, magics_class
from jovi.utils.text import did_you_mean

__all__ = ["ConfigMagics"]


@magics_class
class ConfigMagics(Magics):
    """Live configuration."""

    def _configurables(self) -> list[str]:
        names = {type(obj).__name__ for obj in self.shell.config.attached()}
        return sorted(names)

    @line_magic
    def config(self, parameter_s: str = "") -> None:
        """Show or change configuration while jovi runs.

        ``%config`` lists the configurable objects of this session;
        ``%config Class`` shows the options of a class with their current values;
        ``%config Class.option = value`` sets an option: the value is a Python
        expression evaluated in your namespace, and every object of that class (and
        its subclasses) takes it at once, as do the objects created later.
        """
        text = parameter_s.strip()
        out = self.shell.output
        self.shell.make_deferred_parts()
        if not text:
            lines = [
                "Available objects for config:",
                *(f"    {name}" for name in self._configurables()),
            ]
            out.write("\n".join(lines) + "\n")
            return
        if "=" not in text:
            self._show_class(text)
            return
        target, _, expression = text.partition("=")
        section, _, option = target.strip().rpartition(".")
        if not section or not option:
            raise UsageError("write %config Class.option = value")
        try:
            value = self.shell.ev(expression.strip())
        except Exception as error:  # noqa: BLE001 - the user's expression
            raise UsageError(
                f"could not evaluate {expression.strip()!r}: {type(error).__name__}: {error}"
            ) from None
        from jovi.config import Origin  # noqa: PLC0415

        try:
            self.shell.config.set(section, option, value, Origin("runtime", f"%config {text}"))
        except JoviError as error:
            raise UsageError(str(error)) from None

    def _show_class(self, name: str) -> None:
        classes = known_classes().get(name)
        if not classes:
            hint = did_you_mean(name, self._configurables())
            raise UsageError(f"unknown configurable class {name}{hint}")
        live = {type(obj): obj for obj in self.shell.config.attached()}
        from jovi.config.help import options_help  # noqa: PLC0415 - only for this listing

        out = [options_help(classes).rstrip()]
        for cls in classes:
            obj = next((o for k, o in live.items() if issubclass(k, cls)), None)
            if obj is None:
                continue
            out.append("")
            out.append("Current values:")
            out += [
                f"    {name}.{option} = {value!r}"
                for option, value in sorted(obj.option_values().items())
            ]
        self.shell.output.write("\n".join(out) + "\n")
