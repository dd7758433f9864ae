"""``%config``: see and change options while the shell runs."""

from __future__ import annotations

from typing import Any

from jovi.config import Origin, known_classes
from jovi.errors import JoviError, UsageError
from jovi.shell.magic.core import Magics, line_magic, magics_class
from jovi.utils.text import did_you_mean

__all__ = ["ConfigMagics"]


@magics_class
class ConfigMagics(Magics):
    """Live configuration."""

    def _configurables(self) -> list[str]:
        names = {type(obj).__name__ for obj in self.shell.config.attached()}
        names |= {type(obj).__name__ for obj in self._ipython_objects()}
        return sorted(names)

    def _ipython_objects(self, name: str | None = None) -> list[Any]:
        """Configurables of IPython extensions (traitlets objects), by class name."""
        from jovi.shell.ipython_shell import ipython_configurables  # noqa: PLC0415 - start-up cost

        found = ipython_configurables(self.shell)
        return [obj for obj in found if name is None or type(obj).__name__ == name]

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
        foreign = self._ipython_objects(section.strip())
        if foreign:
            self._set_ipython_option(foreign, option.strip(), value)
            return

        try:
            self.shell.config.set(section, option, value, Origin("runtime", f"%config {text}"))
        except JoviError as error:
            raise UsageError(str(error)) from None

    @staticmethod
    def _set_ipython_option(objects: list[Any], option: str, value: object) -> None:
        for obj in objects:
            if not obj.has_trait(option):
                raise UsageError(f"{type(obj).__name__} has no option {option}")
            try:
                setattr(obj, option, value)
            except Exception as error:  # noqa: BLE001 - traitlets refuses the value
                raise UsageError(f"{type(obj).__name__}.{option}: {error}") from None

    def _show_class(self, name: str) -> None:
        foreign = self._ipython_objects(name)
        if foreign:
            # traitlets' own help of the class, with the object's current values.
            text = type(foreign[0]).class_get_help(foreign[0])
            self.shell.output.write(text.rstrip() + "\n")
            return
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
