"""Configurable classes: objects whose options come from layered configuration.

Usage::

    class Pager(Configurable):
        command = Str("less -R", help="The program that shows long text.")
        wrap = Bool(True, help="Wrap long lines.")

        @on_change("command")
        def _command_changed(self, change: Change) -> None:
            ...

    pager = Pager(config=stack)          # values from the stack's layers, else defaults
    pager = Pager(wrap=False)            # explicit values win over configuration
    pager.observe(callback, "wrap")      # be told when an option changes
    stack.set("Pager", "wrap", False)    # live change: every attached Pager updates

A subclass receives the options configured for its bases (``c.Pager.wrap`` also
configures ``class ColourPager(Pager)``); its own section overrides them.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple, Self, TypeVar

from jovi.config.options import Option
from jovi.config.stack import ConfigStack
from jovi.errors import OptionValueError, UnknownOption
from jovi.utils.log import get_logger
from jovi.utils.text import did_you_mean

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from jovi.config.values import Config

__all__ = [
    "Change",
    "Configurable",
    "SingletonConfigurable",
    "classes_named",
    "known_classes",
    "on_change",
    "option_for",
]

log = get_logger("jovi")

F = TypeVar("F", bound="Callable[..., Any]")
S = TypeVar("S", bound="SingletonConfigurable")

_OBSERVES_ATTRIBUTE = "_jovi_observes"
_MISSING: Any = object()

# Every configurable class by section name (a class's name and its aliases).
_registry: dict[str, list[type[Configurable]]] = {}
_registry_lock = threading.Lock()


class Change(NamedTuple):
    """What an observer is told: ``owner.name`` went from ``old`` to ``new``."""

    owner: Configurable
    name: str
    old: Any
    new: Any


def on_change(*names: str) -> Callable[[F], F]:
    """Mark a method to be called with a :class:`Change` when one of ``names`` changes."""

    def mark(method: F) -> F:
        setattr(method, _OBSERVES_ATTRIBUTE, names)
        return method

    return mark


def known_classes() -> dict[str, list[type[Configurable]]]:
    """Every configurable class defined so far, by section name."""
    with _registry_lock:
        return {name: list(classes) for name, classes in _registry.items()}


def classes_named(section: str) -> list[type[Configurable]]:
    with _registry_lock:
        return list(_registry.get(section, ()))


def option_for(section: str, option: str) -> Option[Any]:
    """The option ``section.option`` declares; :class:`UnknownOption` if none does."""
    classes = classes_named(section)
    if not classes:
        raise UnknownOption(
            f"unknown configurable class {section}{did_you_mean(section, known_classes())}"
        )
    for cls in classes:
        declared = cls.options().get(option)
        if declared is not None:
            return declared
    names = {name for cls in classes for name in cls.options()}
    hint = did_you_mean(option, names, template=f"{section}.{{}}")
    raise UnknownOption(f"unknown option {section}.{option}{hint}")


class Configurable:
    """Base class of objects with typed, layered configuration options."""

    #: Extra section names that also configure this class (old or alternative names).
    config_aliases: ClassVar[tuple[str, ...]] = ()
    #: Set to False on a base class whose options should be documented with subclasses only.
    config_documented: ClassVar[bool] = True

    _options: ClassVar[dict[str, Option[Any]]] = {}
    _own_options: ClassVar[dict[str, Option[Any]]] = {}
    _observer_methods: ClassVar[dict[str, tuple[str, ...]]] = {}
    _section_names: ClassVar[tuple[str, ...]] = ()

    config: ConfigStack
    parent: Configurable | None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        options: dict[str, Option[Any]] = {}
        observers: dict[str, list[str]] = {}
        for klass in reversed(cls.__mro__):
            for name, attribute in vars(klass).items():
                if isinstance(attribute, Option):
                    options[name] = attribute
                elif name in options:
                    del options[name]  # a subclass replaced the option by a plain attribute
                for observed in getattr(attribute, _OBSERVES_ATTRIBUTE, ()):
                    observers.setdefault(observed, []).append(name)
        cls._options = options
        cls._own_options = {n: o for n, o in vars(cls).items() if isinstance(o, Option)}
        cls._observer_methods = {name: tuple(dict.fromkeys(m)) for name, m in observers.items()}
        sections: list[str] = []
        for klass in cls.__mro__:
            if (
                isinstance(klass, type)
                and issubclass(klass, Configurable)
                and klass is not Configurable
            ):
                sections.extend((klass.__name__, *vars(klass).get("config_aliases", ())))
        cls._section_names = tuple(dict.fromkeys(sections))
        with _registry_lock:
            for section in (cls.__name__, *vars(cls).get("config_aliases", ())):
                _registry.setdefault(section, []).append(cls)

    # ------------------------------------------------------------ class-level introspection

    @classmethod
    def options(cls) -> Mapping[str, Option[Any]]:
        """Every option of this class, including inherited ones, by name."""
        return cls._options

    @classmethod
    def own_options(cls) -> Mapping[str, Option[Any]]:
        """The options declared in this class's own body."""
        return cls._own_options

    @classmethod
    def section_names(cls) -> tuple[str, ...]:
        """The config sections that apply to this class, most specific first."""
        return cls._section_names

    # ------------------------------------------------------------ construction

    def __init__(
        self,
        *,
        config: Config | ConfigStack | None = None,
        parent: Configurable | None = None,
        **options: Any,
    ) -> None:
        self.__dict__["_option_values"] = {}
        self.__dict__["_instance_observers"] = {}
        if config is None and parent is not None:
            config = parent.config
        self.config = ConfigStack.of(config)
        self.parent = parent
        declared = type(self).options()
        unknown = [name for name in options if name not in declared]
        if unknown:
            hint = did_you_mean(unknown[0], declared)
            raise TypeError(f"{type(self).__name__} has no option {unknown[0]!r}{hint}")
        values: dict[str, Any] = self.__dict__["_option_values"]
        for name, option in declared.items():
            values[name] = (
                option.validate(options[name]) if name in options else self._configured(name)
            )
        self.config.attach(self)

    def _configured(self, name: str) -> Any:
        option = type(self).options()[name]
        for setting in self.config.candidates(type(self).section_names(), name):
            try:
                return (
                    option.parse(setting.value)
                    if setting.from_text
                    else option.validate(setting.value)
                )
            except OptionValueError as error:
                self.config.report_bad_value(type(self).__name__, name, setting, error)
        return option.default()

    # ------------------------------------------------------------ changes

    def reload_option(self, name: str) -> None:
        """Take ``name``'s value from the configuration again (after a live change)."""
        self._set_option_value(name, self._configured(name))

    def _set_option_value(self, name: str, value: Any) -> None:
        values: dict[str, Any] = self.__dict__["_option_values"]
        old = values.get(name, _MISSING)
        values[name] = value
        if old is not _MISSING and old != value:
            self._notify(Change(self, name, old, value))

    def observe(self, handler: Callable[[Change], object], *names: str) -> None:
        """Call ``handler(change)`` when one of ``names`` (default: any option) changes."""
        observers: dict[str, list[Callable[[Change], object]]] = self.__dict__[
            "_instance_observers"
        ]
        for name in names or ("*",):
            if name != "*" and name not in type(self).options():
                raise AttributeError(f"{type(self).__name__} has no option {name!r}")
            observers.setdefault(name, []).append(handler)

    def unobserve(self, handler: Callable[[Change], object], *names: str) -> None:
        observers: dict[str, list[Callable[[Change], object]]] = self.__dict__[
            "_instance_observers"
        ]
        for name in names or tuple(observers):
            if handler in observers.get(name, ()):
                observers[name].remove(handler)

    def _notify(self, change: Change) -> None:
        handlers: list[Callable[[Change], object]] = [
            getattr(self, method) for method in type(self)._observer_methods.get(change.name, ())
        ]
        observers: dict[str, list[Callable[[Change], object]]] = self.__dict__[
            "_instance_observers"
        ]
        handlers += observers.get(change.name, []) + observers.get("*", [])
        for handler in handlers:
            try:
                handler(change)
            except Exception as error:  # noqa: BLE001 - one bad observer must not stop the others
                log.warning(
                    "%s.%s changed, but the observer %r failed: %s: %s",
                    type(self).__name__,
                    change.name,
                    handler,
                    type(error).__name__,
                    error,
                )

    def option_values(self) -> dict[str, Any]:
        """The current value of every option, by name."""
        return dict(self.__dict__["_option_values"])


class SingletonConfigurable(Configurable):
    """A configurable class with one shared instance (``Cls.instance()``).

    Direct construction is still allowed; :meth:`instance` returns the instance it
    made (or one registered with it), so a process has one shell, one application.
    """

    _instances: ClassVar[dict[type, SingletonConfigurable]] = {}

    @classmethod
    def instance(cls, **kwargs: Any) -> Self:
        """The shared instance, created with ``kwargs`` on first use."""
        existing = SingletonConfigurable._instances.get(cls)
        if existing is None:
            existing = cls(**kwargs)
            for klass in cls.__mro__:
                if isinstance(klass, type) and issubclass(klass, SingletonConfigurable):
                    SingletonConfigurable._instances.setdefault(klass, existing)
        if not isinstance(existing, cls):
            raise TypeError(f"the shared {cls.__name__} is a {type(existing).__name__}")
        return existing

    @classmethod
    def register_instance(cls, obj: SingletonConfigurable) -> None:
        """Make ``obj`` the shared instance of its class and of its singleton bases
        (those that have none yet)."""
        for klass in type(obj).__mro__:
            if isinstance(klass, type) and issubclass(klass, SingletonConfigurable):
                SingletonConfigurable._instances.setdefault(klass, obj)

    @classmethod
    def initialized(cls) -> bool:
        """Whether :meth:`instance` has created the shared instance."""
        return cls in SingletonConfigurable._instances

    @classmethod
    def clear_instance(cls) -> None:
        """Forget the shared instance (of this class and the classes it was shared as)."""
        existing = SingletonConfigurable._instances.get(cls)
        if existing is None:
            return
        for klass, instance in list(SingletonConfigurable._instances.items()):
            if instance is existing:
                del SingletonConfigurable._instances[klass]
