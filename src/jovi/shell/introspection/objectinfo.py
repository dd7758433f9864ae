"""What ``obj?`` knows about an object, gathered without side effects.

:func:`find_object` resolves a name as typed (``os.path.join``, ``%cd``, ``x.prop``)
and :func:`object_info` collects a structured record: type, string form, length,
file, signature, docstrings, source.  Properties are never run: ``x.prop?``
describes the property itself.  Every step that may call user code (``str``,
``len``, ``inspect``) is guarded, so a hostile object yields fewer fields, never an
error.  The record is rendered as text for terminals and as a MIME bundle for the
kernel's ``inspect_reply`` (:mod:`~jovi.shell.introspection.render`).
"""

from __future__ import annotations

import builtins
import functools
import inspect
import types
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

from jovi.shell.cells import cell_label, cell_number

if TYPE_CHECKING:
    from jovi.shell.interactiveshell import InteractiveShell

__all__ = ["FoundObject", "ObjectInfo", "find_object", "object_info", "signature_text"]

_MAX_STRING_FORM = 200
_UNSET: Any = object()


@dataclass(slots=True)
class FoundObject:
    """A name resolved in the shell: the object, where it was found, what kind it is."""

    name: str
    found: bool
    obj: Any = None
    namespace: str | None = None
    ismagic: bool = False
    isalias: bool = False
    parent: Any = None


@dataclass(slots=True)
class ObjectInfo:
    """Every field ``?`` can show; ``None`` where it does not apply or is unknown."""

    name: str
    found: bool = True
    ismagic: bool = False
    isalias: bool = False
    namespace: str | None = None
    type_name: str | None = None
    string_form: str | None = None
    base_class: str | None = None
    length: str | None = None
    file: str | None = None
    definition: str | None = None
    argspec: dict[str, Any] | None = None
    docstring: str | None = None
    init_definition: str | None = None
    init_docstring: str | None = None
    class_docstring: str | None = None
    call_def: str | None = None
    call_docstring: str | None = None
    source: str | None = None
    subclasses: str | None = None
    is_callable: bool = False
    is_class: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            item.name: getattr(self, item.name) for item in fields(self) if item.name != "extra"
        }


def _attribute(obj: Any, name: str) -> Any:
    """``getattr`` that returns a property (or other data descriptor) instead of running it."""
    try:
        static = inspect.getattr_static(obj, name)
    except AttributeError:
        static = _UNSET
    if isinstance(static, property) or (
        static is not _UNSET
        and hasattr(type(static), "__get__")
        and hasattr(type(static), "__set__")
        and not isinstance(static, types.MemberDescriptorType | types.GetSetDescriptorType)
    ):
        return static
    return getattr(obj, name)


def find_object(shell: InteractiveShell, oname: str) -> FoundObject:
    """Resolve ``oname`` as the user typed it, in the shell's namespaces and magics."""
    text = oname.strip()
    if text.startswith("%"):
        kind = "cell" if text.startswith("%%") else "line"
        name = text.lstrip("%")
        magic = shell.magics_manager.find(kind, name) or shell.magics_manager.find(
            "cell" if kind == "line" else "line", name
        )
        if magic is not None:
            return FoundObject(text, True, magic, "jovi internal", ismagic=True)
        return FoundObject(text, False)
    parts = text.split(".")
    if not all(part.isidentifier() for part in parts):
        return FoundObject(text, False)
    spaces = (
        ("Interactive", shell.user_ns),
        ("Interactive (global)", shell.user_global_ns),
        ("Python builtin", builtins.__dict__),
    )
    for label, namespace in spaces:
        if parts[0] not in namespace:
            continue
        obj, parent = namespace[parts[0]], None
        try:
            for part in parts[1:]:
                parent, obj = obj, _attribute(obj, part)
        except Exception:  # noqa: BLE001 - a failing attribute means "not found here"
            break
        return FoundObject(text, True, obj, label, parent=parent)
    if len(parts) == 1:
        magic = shell.magics_manager.find("line", text) or shell.magics_manager.find("cell", text)
        if magic is not None:
            return FoundObject(text, True, magic, "jovi internal", ismagic=True)
        aliases = getattr(shell, "alias_manager", None)
        if aliases is not None and aliases.is_alias(text):
            return FoundObject(text, True, aliases.get(text), "Alias", isalias=True)
    return FoundObject(text, False)


def _guard(function: Any, *args: Any) -> Any:
    try:
        return function(*args)
    except Exception:  # noqa: BLE001 - introspecting hostile objects must not fail
        return None


def signature_text(obj: Any, name: str | None = None) -> str | None:
    """``name(params)`` of a callable, or ``None`` when Python cannot tell."""
    try:
        signature = inspect.signature(obj)
    except (TypeError, ValueError, RecursionError):
        return None
    except Exception:  # noqa: BLE001 - signature() of odd objects may raise anything
        return None
    label = name if name is not None else getattr(obj, "__name__", "<callable>")
    return f"{label}{signature}"


def _doc(obj: Any) -> str | None:
    getdoc = _guard(lambda: inspect.getattr_static(obj, "getdoc", None))
    if callable(getdoc) and not inspect.isclass(obj) and not inspect.ismodule(obj):
        text = _guard(obj.getdoc)
        if isinstance(text, str) and text.strip():
            return inspect.cleandoc(text)
    text = _guard(inspect.getdoc, obj)
    return text if isinstance(text, str) and text.strip() else None


def _file(obj: Any) -> str | None:
    target = obj
    if isinstance(obj, property) and obj.fget is not None:
        target = obj.fget
    # A decorated function is found where it was written (as inspect.getsource does).
    target = _guard(inspect.unwrap, target) or target
    path = _guard(inspect.getsourcefile, target) or _guard(inspect.getfile, target)
    if not isinstance(path, str):
        return None
    if cell_number(path) is not None:
        return cell_label(path)
    return path


def _source(obj: Any) -> str | None:
    target = obj.fget if isinstance(obj, property) and obj.fget is not None else obj
    text = _guard(inspect.getsource, target)
    return text if isinstance(text, str) else None


def _string_form(obj: Any, level: int) -> str | None:
    text = _guard(str, obj)
    if not isinstance(text, str):
        return None
    limit = {0: _MAX_STRING_FORM, 1: _MAX_STRING_FORM * 5}.get(level)
    if limit is not None and len(text) > limit:
        half = limit // 2
        text = f"{text[:half]} <...> {text[-half:]}"
    return text


def _length(obj: Any) -> str | None:
    if inspect.isclass(obj) or not hasattr(type(obj), "__len__"):
        return None
    length = _guard(len, obj)
    return str(length) if isinstance(length, int) else None


def _is_routine(obj: Any) -> bool:
    return bool(
        inspect.isroutine(obj) or isinstance(obj, types.MethodWrapperType | functools.partial)
    )


def object_info(
    found: FoundObject, detail_level: int = 0, string_level: int = 0, *, evaluate: bool = True
) -> ObjectInfo:
    """The record of ``found`` for ``?`` (detail 0) or ``??`` (detail 1: source).

    With ``evaluate=False`` the object's ``str()`` and ``len()`` are left out: they
    run the object's own code (the kernel inspects while user code runs).
    """
    info = ObjectInfo(found.name, found.found, found.ismagic, found.isalias, found.namespace)
    if not found.found:
        return info
    obj = found.obj
    cls = type(obj)
    info.type_name = "Magic function" if found.ismagic else getattr(cls, "__name__", str(cls))
    info.base_class = str(cls)
    info.is_class = inspect.isclass(obj)
    info.is_callable = callable(obj)
    info.docstring = _doc(obj)
    info.file = _file(obj)
    if detail_level:
        info.source = _source(obj)
    short_name = found.name.rsplit(".", 1)[-1].lstrip("%")
    if found.ismagic:
        info.definition = f"%{short_name}" if not found.name.startswith("%%") else found.name
        return info
    if info.is_class:
        init = _guard(lambda: obj.__init__)
        info.init_definition = signature_text(obj, short_name)
        init_doc = _doc(init) if init is not None and init is not object.__init__ else None
        if init_doc and init_doc != info.docstring and init_doc != _doc(object.__init__):
            info.init_docstring = init_doc
        subclasses = _guard(lambda: type.__subclasses__(obj))
        if subclasses:
            info.subclasses = ", ".join(sub.__name__ for sub in subclasses[:10]) + (
                ", ..." if len(subclasses) > 10 else ""
            )
        return info
    if _is_routine(obj) or isinstance(obj, property):
        if not isinstance(obj, property):
            info.definition = signature_text(obj, short_name)
        return info
    if not inspect.ismodule(obj):
        if evaluate:
            info.string_form = _string_form(obj, string_level)
            info.length = _length(obj)
        class_doc = _doc(cls)
        if class_doc and class_doc != info.docstring:
            info.class_docstring = class_doc
        if info.docstring == class_doc:
            info.docstring = class_doc
        call = _guard(lambda: inspect.getattr_static(obj, "__call__", None))
        if callable(obj) and call is not None:
            info.call_def = signature_text(obj, short_name)
            call_doc = _doc(_guard(lambda: type(obj).__call__))
            if call_doc and call_doc != info.docstring:
                info.call_docstring = call_doc
    return info
