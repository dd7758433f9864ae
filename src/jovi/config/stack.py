"""Layered configuration: which layer's value an object gets, and live changes.

Layers are ordered from lowest to highest precedence; jovi's applications build
``defaults < profile jovi_config.py < jovi_config.json < environment < command line``
and a ``runtime`` layer on top holds live changes (``%config``).  An option's value
for an object of class ``C`` comes from the highest layer that sets it for ``C`` or
any configurable base class of ``C``; within one layer the most derived class wins.
So ``--InteractiveShell.colors=NoColor`` on the command line beats
``c.TerminalInteractiveShell.colors`` in a file, as a user would expect.
"""

from __future__ import annotations

import threading
import weakref
from typing import TYPE_CHECKING, Any, NamedTuple

from jovi.config.values import Config, Origin, Setting
from jovi.utils.log import get_logger

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from jovi.config.configurable import Configurable
    from jovi.errors import OptionValueError

__all__ = ["ConfigStack", "Layer"]

log = get_logger("jovi")

RUNTIME_LAYER = "runtime"


class Layer(NamedTuple):
    """A named configuration layer."""

    name: str
    config: Config


class ConfigStack:
    """An ordered stack of :class:`Config` layers shared by the objects built from it."""

    def __init__(self, *layers: tuple[str, Config]) -> None:
        self._layers = [Layer(name, config) for name, config in layers]
        self._runtime = Layer(RUNTIME_LAYER, Config())
        # Objects configured from this stack, told about live changes.  Weak, so that
        # configuring an object never keeps it alive.
        self._attached: weakref.WeakSet[Configurable] = weakref.WeakSet()
        self._reported: set[tuple[str, str, Origin]] = set()
        # Live changes may come from another thread (a kernel's control channel).
        self._lock = threading.RLock()

    @classmethod
    def of(cls, config: Config | ConfigStack | None) -> ConfigStack:
        """A stack for ``config``: itself if already a stack, else a one-layer stack."""
        if isinstance(config, ConfigStack):
            return config
        return cls(("config", config if config is not None else Config()))

    def push(self, name: str, config: Config) -> None:
        """Add a layer above the existing ones (but below live changes)."""
        with self._lock:
            self._layers.append(Layer(name, config))

    def __contains__(self, section: object) -> bool:
        """Whether ``section`` is configured in a layer, or names (or is an alias of) the
        class of an object configured from this stack: ``"IPKernelApp" in shell.config``
        is how libraries ask whether they run in a kernel."""
        if not isinstance(section, str):
            return False
        with self._lock:
            if any(section in layer.config for layer in self.layers):
                return True
            return any(section in type(obj).section_names() for obj in self._attached)

    @property
    def layers(self) -> list[Layer]:
        """All layers, lowest precedence first, the runtime layer last."""
        return [*self._layers, self._runtime]

    def layer(self, name: str) -> Config | None:
        for layer in self.layers:
            if layer.name == name:
                return layer.config
        return None

    def candidates(self, sections: Sequence[str], option: str) -> Iterator[Setting]:
        """Settings of ``option`` for ``sections`` (most derived first), best first."""
        for layer in reversed(self.layers):
            for section in sections:
                if section in layer.config:
                    setting = layer.config[section].setting(option)
                    if setting is not None:
                        yield setting

    def flattened(self) -> Config:
        """All layers merged into one config (higher layers win), for display."""
        merged = Config()
        for layer in self.layers:
            merged.merge(layer.config)
        return merged

    # ------------------------------------------------------------ read as IPython's config

    # Code written for IPython reads ``get_ipython().config`` as traitlets' Config, a
    # dict of sections (``config["IPKernelApp"]["connection_file"]`` is how some find
    # their kernel's file).  These read the stack so: each section with every layer
    # merged, under any name its classes are configured by.  Copies: settings change
    # through :meth:`set` (``%config``).

    def __getitem__(self, section: str) -> dict[str, Any]:
        """What is configured for ``section``; ``KeyError`` if nothing is."""
        if not isinstance(section, str) or section not in self:
            raise KeyError(section)
        from jovi.config.configurable import classes_named  # noqa: PLC0415 - import cycle

        names: list[str] = []  # most specific first, as an object's options are found
        for cls in classes_named(section):
            names.extend((cls.__name__, *vars(cls).get("config_aliases", ())))
        names.append(section)
        merged: dict[str, Any] = {}
        with self._lock:
            for layer in self.layers:
                for name in reversed(dict.fromkeys(names)):
                    if name in layer.config:
                        merged.update(layer.config[name].to_dict())
        return merged

    def get(self, section: str, default: Any = None) -> Any:
        """``self[section]``, or ``default`` when nothing is configured for it."""
        try:
            return self[section]
        except KeyError:
            return default

    def keys(self) -> list[str]:
        """The sections configured in some layer."""
        with self._lock:
            return list(dict.fromkeys(name for layer in self.layers for name in layer.config))

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys())

    def items(self) -> list[tuple[str, dict[str, Any]]]:
        """Each configured section with its values."""
        return [(section, self[section]) for section in self.keys()]

    # ------------------------------------------------------------ objects and live changes

    def attach(self, obj: Configurable) -> None:
        with self._lock:
            self._attached.add(obj)

    def attached(self) -> list[Configurable]:
        with self._lock:
            return list(self._attached)

    def set(self, section: str, option: str, value: Any, origin: Origin | None = None) -> int:
        """Set ``section.option`` live: store it in the runtime layer and update every
        attached object of that class (or a subclass).  Returns how many were updated.

        Raises:
            UnknownOption: no known class called ``section`` declares ``option``.
            OptionValueError: the value is not allowed (nothing is changed).
        """
        from jovi.config.configurable import option_for  # noqa: PLC0415 - import cycle

        declared = option_for(section, option)
        checked = declared.validate(value)
        setting = Setting(checked, origin or Origin("runtime", "a live change"))
        with self._lock:
            self._runtime.config.section(section).set(option, setting.value, setting.origin)
            targets = [
                obj
                for obj in self._attached
                if section in type(obj).section_names() and option in type(obj).options()
            ]
        for obj in targets:
            obj.reload_option(option)
        return len(targets)

    def report_bad_value(
        self, section: str, option: str, setting: Setting, error: OptionValueError
    ) -> None:
        """Warn once about a configured value an object could not use."""
        key = (section, option, setting.origin)
        with self._lock:
            if key in self._reported:
                return
            self._reported.add(key)
        log.warning(
            "bad value for %s.%s from %s: %s; it was ignored.",
            section,
            option,
            setting.origin.describe(),
            error,
        )

    def __repr__(self) -> str:
        names = ", ".join(layer.name for layer in self.layers)
        return f"<ConfigStack {names}>"
