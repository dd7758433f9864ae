"""IPython's machinery, given jovi's shell: extensions written for IPython run under jovi.

jovi never imports IPython.  When user code or an extension does, three things make
IPython's own code work with jovi's shell (each installed by an import hook, doing
nothing until the module concerned is imported):

* ``IPython.get_ipython()`` (``IPython.core.getipython``) returns jovi's current
  shell, unless a real IPython shell runs in the process (then that one);
* jovi's shell classes are registered with ``InteractiveShellABC``, the type IPython's
  traits ask for when they hold a shell;
* IPython's ``Magics`` need a shell that is a traitlets ``Configurable`` with a
  traitlets ``config`` (``Magics.__init__`` makes the shell its parent, jupysql reads
  ``shell.config``).  jovi's shell is neither, so :func:`ipython_facing` gives, per
  shell, an :class:`IPythonFacingShell`: a traitlets ``Configurable`` whose config holds
  jovi's settings and which reads and writes every other attribute on jovi's shell
  (``user_ns``, ``events``, ``run_cell``, ``magics_manager``, ``register_magics``,
  ``display_formatter``, ``hooks``, ``kernel`` ...).  It is what IPython's ``Magics``
  are made with and what ``load_ipython_extension`` receives once IPython is imported.

The kernel's ``get_ipython()`` facade (:mod:`jovi.kernel.ipython_compat`) uses the same
:func:`bridge_get_ipython`.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from jovi.shell.current import current_shell
from jovi.utils.postimport import cancel_when_imported, when_imported

if TYPE_CHECKING:
    import types
    import weakref
    from collections.abc import Callable

    from jovi.shell.interactiveshell import InteractiveShell

__all__ = [
    "GETIPYTHON_MODULE",
    "INTERACTIVESHELL_MODULE",
    "bridge_get_ipython",
    "bridge_ipython_shell",
    "cancel_ipython_shell_bridge",
    "ipython_class_setting",
    "ipython_configurables",
    "ipython_facing",
    "running_ipython_shell",
]

GETIPYTHON_MODULE = "IPython.core.getipython"
INTERACTIVESHELL_MODULE = "IPython.core.interactiveshell"
_MARK = "_jovi_bridged"


def running_ipython_shell() -> Any:
    """The real IPython shell running in this process, if any (``None`` otherwise)."""
    module = sys.modules.get(INTERACTIVESHELL_MODULE)
    shell_type = getattr(module, "InteractiveShell", None)
    # The singleton itself, not instance(): that answers with jovi's shell (see
    # _answer_for_jovis_shell).
    instance = getattr(shell_type, "_instance", None)
    if shell_type is not None and instance is not None and isinstance(instance, shell_type):
        return instance
    return None


def ipython_class_setting(name: str) -> str | None:
    """The value user code gave ``name`` on IPython's own ``InteractiveShell`` class, if any.

    A notebook habit: ``InteractiveShell.ast_node_interactivity = "all"`` replaces the
    trait on IPython's class by a plain value, which every IPython shell (ipykernel's
    too) then reads.  Until user code does so, the class holds the trait itself, and
    this is ``None``.
    """
    module = sys.modules.get(INTERACTIVESHELL_MODULE)
    shell_type = getattr(module, "InteractiveShell", None)
    if shell_type is None:
        return None
    value = vars(shell_type).get(name)
    return value if isinstance(value, str) else None


def bridge_get_ipython(module: types.ModuleType, shell: Callable[[], Any]) -> None:
    """Make ``module.get_ipython()`` (and ``IPython.get_ipython``) return ``shell()``,
    unless a real IPython shell runs."""
    original = getattr(module, "get_ipython", None)
    if original is None or getattr(original, _MARK, False):
        return

    def get_ipython() -> Any:
        """The running shell: jovi's (or a real IPython shell, if one runs)."""
        return running_ipython_shell() or shell()

    setattr(get_ipython, _MARK, True)
    get_ipython.__wrapped__ = original  # type: ignore[attr-defined]
    module.get_ipython = get_ipython  # type: ignore[attr-defined]
    # IPython's modules imported before now hold the original by name (``from
    # IPython.core.getipython import get_ipython``): they get the bridged one too.
    for name, loaded in list(sys.modules.items()):
        if (name == "IPython" or name.startswith("IPython.")) and getattr(
            loaded, "get_ipython", None
        ) is original:
            loaded.get_ipython = get_ipython  # type: ignore[attr-defined]


def _current_shell() -> InteractiveShell | None:
    return current_shell()


def _bridge_current_shell(module: types.ModuleType) -> None:
    bridge_get_ipython(module, _current_shell)


def _register_shell_types(module: types.ModuleType) -> None:
    _answer_for_jovis_shell(module)
    abc = getattr(module, "InteractiveShellABC", None)
    register = getattr(abc, "register", None)
    if register is None:
        return
    from jovi.shell.interactiveshell import InteractiveShell  # noqa: PLC0415 - start-up cost

    register(InteractiveShell)
    if _facing_type is not None:
        register(_facing_type)


def _answer_for_jovis_shell(module: types.ModuleType) -> None:
    """Make IPython's ``InteractiveShell.instance()`` and ``initialized()`` answer for
    jovi's current shell, while no real IPython shell runs.

    Libraries ask IPython's class for "the" shell (ipywidgets' ``Output.append_display_data``,
    matplotlib_inline's ``set_matplotlib_formats``), as ipykernel's shell answers it.
    Left alone, ``instance()`` made a second, real IPython shell, and from then on
    ``IPython.get_ipython()`` and IPython's display functions went to that one.
    Subclasses (``IPython.embed()``'s shell, a terminal IPython started from here)
    still make real shells.
    """
    import inspect  # noqa: PLC0415 - only once IPython is imported

    base = getattr(module, "InteractiveShell", None)
    if base is None or getattr(getattr(vars(base).get("instance"), "__func__", None), _MARK, False):
        return
    make_instance = inspect.getattr_static(base, "instance").__func__
    is_initialized = inspect.getattr_static(base, "initialized").__func__

    def jovis_shell(cls: type) -> Any:
        if cls is base and getattr(cls, "_instance", None) is None:
            return current_shell()
        return None

    def instance(cls: type, *args: Any, **kwargs: Any) -> Any:
        shell = jovis_shell(cls)
        return shell if shell is not None else make_instance(cls, *args, **kwargs)

    def initialized(cls: type) -> bool:
        return jovis_shell(cls) is not None or bool(is_initialized(cls))

    for function in (instance, initialized):
        function.__doc__ = "IPython's, answering for jovi's shell while no IPython shell runs."
        setattr(function, _MARK, True)
    base.instance = classmethod(instance)
    base.initialized = classmethod(initialized)


def bridge_ipython_shell() -> bool:
    """Install the hooks (or act now, for modules already imported).

    Returns:
        Whether a hook still waits for IPython's import
        (:func:`cancel_ipython_shell_bridge` removes them).
    """
    when_imported(GETIPYTHON_MODULE, _bridge_current_shell)
    when_imported(INTERACTIVESHELL_MODULE, _register_shell_types)
    return GETIPYTHON_MODULE not in sys.modules or INTERACTIVESHELL_MODULE not in sys.modules


def cancel_ipython_shell_bridge() -> None:
    """Forget the hooks still waiting for IPython's import."""
    cancel_when_imported(GETIPYTHON_MODULE, _bridge_current_shell)
    cancel_when_imported(INTERACTIVESHELL_MODULE, _register_shell_types)


# ---------------------------------------------------------------- the shell IPython sees

_facing_type: type | None = None
# Each shell's facing shell, kept as long as the shell lives (made on first use: weakref
# is not imported at start-up).
_facing: weakref.WeakKeyDictionary[InteractiveShell, Any] | None = None
# Names the facing shell keeps itself; every other public name is jovi's shell's.
_OWN = frozenset({"configurables"})


def _loaded(name: str) -> Any:
    """A module IPython's import has loaded (jovi imports neither IPython nor traitlets)."""
    module = sys.modules.get(name)
    if module is None:
        raise RuntimeError(f"{name} is not imported: IPython's machinery is not in use")
    return module


def _make_facing_type() -> type:
    """The class of :func:`ipython_facing` objects (made once IPython, so traitlets, is imported:
    its base is the ``Configurable`` IPython's import loaded)."""
    import weakref  # noqa: PLC0415 - only once an IPython extension runs

    configurable: type = _loaded("traitlets.config.configurable").Configurable

    class IPythonFacingShell(configurable):  # type: ignore[misc]
        """jovi's shell as IPython's machinery expects a shell to be (see the module)."""

        def __init__(self, shell: InteractiveShell, config: Any) -> None:
            # Weakly: the shell keeps this object (in ``_facing``), not the reverse.
            self.__dict__["_jovi_shell_ref"] = weakref.ref(shell)
            self.__dict__["configurables"] = []
            super().__init__(config=config)

        @property
        def _jovi_shell(self) -> InteractiveShell:
            shell = self.__dict__["_jovi_shell_ref"]()
            if shell is None:
                raise ReferenceError("the jovi shell of this IPython extension was closed")
            return shell  # type: ignore[no-any-return]

        def _is_own(self, name: str) -> bool:
            # Private names, traits and traitlets' own methods (``notify_change`` is
            # shadowed on the instance while notifications are held) stay here.
            return name.startswith("_") or name in _OWN or hasattr(type(self), name)

        def __getattr__(self, name: str) -> Any:
            if name.startswith("_"):
                raise AttributeError(name)
            return getattr(self._jovi_shell, name)

        def __setattr__(self, name: str, value: Any) -> None:
            if self._is_own(name):
                super().__setattr__(name, value)
            else:
                setattr(self._jovi_shell, name, value)

        def __delattr__(self, name: str) -> None:
            if self._is_own(name):
                super().__delattr__(name)
            else:
                delattr(self._jovi_shell, name)

        def __repr__(self) -> str:
            return f"<jovi shell {self.__dict__['_jovi_shell_ref']()!r}, as IPython sees it>"

    return IPythonFacingShell


def _traitlets_config(shell: InteractiveShell) -> Any:
    """jovi's settings of ``shell`` as a traitlets ``Config`` (what a ``Magics`` made with
    the facing shell as its parent reads its options from)."""
    return _loaded("traitlets.config.loader").Config(shell.config.flattened().to_dict())


def ipython_facing(shell: InteractiveShell) -> Any:
    """The object IPython's ``Magics`` and ``load_ipython_extension`` get for ``shell``
    (one per shell; only once IPython, and with it traitlets, is imported)."""
    global _facing_type, _facing  # noqa: PLW0603 - made once, on first use
    if _facing is None:
        import weakref  # noqa: PLC0415 - only once an IPython extension runs

        _facing = weakref.WeakKeyDictionary()
    facing = _facing.get(shell)
    if facing is not None:
        return facing
    if _facing_type is None:
        _facing_type = _make_facing_type()
        module = sys.modules.get(INTERACTIVESHELL_MODULE)
        if module is not None:
            _register_shell_types(module)
    facing = _facing_type(shell, _traitlets_config(shell))
    _facing[shell] = facing
    return facing


def ipython_configurables(shell: InteractiveShell) -> list[Any]:
    """The traitlets objects IPython extensions added to ``shell``'s ``configurables``
    (jupysql's ``SqlMagic``...), for ``%config``; none while no extension needed them."""
    facing = _facing.get(shell) if _facing is not None else None
    return list(facing.configurables) if facing is not None else []
