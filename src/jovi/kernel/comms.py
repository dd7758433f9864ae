"""Comms: two-way channels between code in the kernel and code in the frontend (widgets).

:class:`CommManager` keeps the open comms and the targets that accept comms opened
by a frontend; :class:`Comm` is one channel.  Their methods have the names and
arguments of the ``comm`` package's ``BaseComm`` and ``CommManager``, which ipywidgets
and other libraries use: when that package is installed, :func:`register_with_comm_package`
makes ``comm.create_comm()`` and ``comm.get_comm_manager()`` return jovi's objects.

Handlers and callbacks receive messages as dicts in the shape Jupyter libraries
expect (``header``, ``parent_header``, ``metadata``, ``content``, ``buffers``,
``msg_id``, ``msg_type``), buffers as memoryviews.
"""

from __future__ import annotations

import importlib
import uuid
from typing import TYPE_CHECKING, Any

from jovi.protocol.comm import CommClose, CommMsg, CommOpen
from jovi.utils.log import get_logger

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from jovi.protocol.message import Content, Message

__all__ = ["Comm", "CommManager", "message_dict", "register_with_comm_package"]

log = get_logger("jovi.kernel.comms")

MessageDict = dict[str, Any]


def message_dict(message: Message[Content]) -> MessageDict:
    """``message`` in the dict shape Jupyter libraries take (jupyter_client's)."""
    header = message.header.to_json()
    return {
        "header": header,
        "parent_header": {} if message.parent_header is None else message.parent_header.to_json(),
        "metadata": dict(message.metadata),
        "content": message.content.to_json(),
        "buffers": [memoryview(buffer) for buffer in message.buffers],
        "msg_id": message.msg_id,
        "msg_type": message.msg_type,
    }


class CommManager:
    """The comms of a kernel and the targets frontends may open comms to.

    Args:
        publish: Publishes a comm message on IOPub: ``publish(content, metadata,
            buffers)`` (the kernel adds the parent header of the current request).
        events: Called with ``"pre_execute"`` and ``"post_execute"`` around comm
            callbacks, so that hooks such as inline figures run for them too.
    """

    def __init__(
        self,
        publish: Callable[[Content, dict[str, Any] | None, Sequence[bytes]], None],
        events: Callable[[str], None] | None = None,
    ) -> None:
        self.publish = publish
        self._events = events
        self.comms: dict[str, Comm] = {}
        self.targets: dict[str, Callable[[Comm, MessageDict], Any]] = {}
        self.kernel = self  # libraries test ``comm.kernel is not None``

    # ------------------------------------------------------------ targets and comms

    def register_target(
        self, target_name: str, f: Callable[[Comm, MessageDict], Any] | str
    ) -> None:
        """Accept comms opened by a frontend to ``target_name``: ``f(comm, open_message)``.

        ``f`` may be the dotted name of a callable, imported now.
        """
        handler: Any = f
        if isinstance(f, str):
            module_name, _, attribute = f.rpartition(".")
            module = importlib.import_module(module_name or attribute)
            handler = getattr(module, attribute) if module_name else module
        self.targets[target_name] = handler

    def unregister_target(
        self, target_name: str, f: Callable[[Comm, MessageDict], Any] | None = None
    ) -> Callable[[Comm, MessageDict], Any] | None:
        """Stop accepting comms to ``target_name``; return its handler."""
        del f
        return self.targets.pop(target_name, None)

    def register_comm(self, comm: Comm) -> str:
        """Keep ``comm`` so that messages for it reach it; return its id."""
        self.comms[comm.comm_id] = comm
        return comm.comm_id

    def unregister_comm(self, comm: Comm) -> None:
        """Forget ``comm``."""
        self.comms.pop(comm.comm_id, None)

    def get_comm(self, comm_id: str) -> Comm | None:
        """The open comm ``comm_id``, or None."""
        return self.comms.get(comm_id)

    def create_comm(self, *args: Any, **kwargs: Any) -> Comm:
        """A new comm of this manager (``comm.create_comm``)."""
        return Comm(*args, manager=self, **kwargs)

    def info(self, target_name: str | None = None) -> dict[str, str]:
        """``{comm_id: target_name}`` of the open comms (of one target, if given)."""
        comms = dict(self.comms)  # a copy: another thread may open or close comms
        return {
            comm_id: comm.target_name
            for comm_id, comm in comms.items()
            if target_name is None or comm.target_name == target_name
        }

    # ------------------------------------------------------------ messages from frontends

    def comm_open(self, stream: object, ident: object, msg: MessageDict) -> None:
        """A frontend opened a comm: give it to its target, or close it at once."""
        del stream, ident
        content = msg["content"]
        comm_id, target_name = content["comm_id"], content["target_name"]
        target = self.targets.get(target_name)
        comm = Comm(comm_id=comm_id, primary=False, target_name=target_name, manager=self)
        self.register_comm(comm)
        if target is None:
            log.warning(
                "a frontend opened a comm to the unknown target %r; it was closed", target_name
            )
        else:
            try:
                self._around_callback(lambda: target(comm, msg))
            except Exception:
                log.exception(
                    "the handler of comm target %r failed; the comm was closed", target_name
                )
            else:
                return
        comm.close()

    def comm_msg(self, stream: object, ident: object, msg: MessageDict) -> None:
        """A message from a frontend on an open comm."""
        del stream, ident
        comm_id = msg["content"]["comm_id"]
        comm = self.get_comm(comm_id)
        if comm is None:
            log.warning("a message for the unknown comm %s was ignored", comm_id)
            return
        try:
            self._around_callback(lambda: comm.handle_msg(msg))
        except Exception:
            log.exception("the message handler of comm %s failed", comm_id)

    def comm_close(self, stream: object, ident: object, msg: MessageDict) -> None:
        """A frontend closed a comm."""
        del stream, ident
        comm_id = msg["content"]["comm_id"]
        comm = self.comms.pop(comm_id, None)
        if comm is None:
            log.warning("a close of the unknown comm %s was ignored", comm_id)
            return
        comm._closed = True
        try:
            self._around_callback(lambda: comm.handle_close(msg))
        except Exception:
            log.exception("the close handler of comm %s failed", comm_id)

    def _around_callback(self, call: Callable[[], Any]) -> None:
        if self._events is not None:
            self._events("pre_execute")
        try:
            call()
        finally:
            if self._events is not None:
                self._events("post_execute")


class Comm:
    """One comm (the ``comm`` package's ``BaseComm`` interface).

    Args:
        target_name: The frontend handler it opens to.
        data: The data of the ``comm_open`` message.
        metadata: Its metadata.
        buffers: Its raw buffers.
        comm_id: The id (a new UUID by default).
        primary: Whether this side opens it (``False``: the frontend did).
        target_module: The module defining the target, for frontends that load it.
        manager: The manager it belongs to (the kernel's, when created through the
            ``comm`` package).
    """

    def __init__(  # noqa: PLR0917 - the comm package's BaseComm takes these by position
        self,
        target_name: str = "comm",
        data: dict[str, Any] | None = None,
        metadata: dict[str, Any] | None = None,
        buffers: Sequence[bytes] | None = None,
        comm_id: str | None = None,
        primary: bool = True,
        target_module: str | None = None,
        *,
        manager: CommManager | None = None,
        **kwargs: Any,
    ) -> None:
        del kwargs  # the ``comm`` package passes options of other kernels (``topic``)
        if manager is None:
            raise RuntimeError("a comm needs the kernel's comm manager: use comm.create_comm()")
        self.manager = manager
        self.kernel = manager.kernel
        self.comm_id = comm_id or uuid.uuid4().hex
        self.primary = primary
        self.target_name = target_name
        self.target_module = target_module
        self._msg_callback: Callable[[MessageDict], Any] | None = None
        self._close_callback: Callable[[MessageDict], Any] | None = None
        self._closed = True
        if primary:
            self.open(data, metadata, buffers)
        else:
            self._closed = False

    @property
    def closed(self) -> bool:
        """Whether the comm is closed."""
        return self._closed

    def open(
        self,
        data: dict[str, Any] | None = None,
        metadata: dict[str, Any] | None = None,
        buffers: Sequence[bytes] | None = None,
    ) -> None:
        """Open the frontend's side (``comm_open``)."""
        self.manager.register_comm(self)
        try:
            self.manager.publish(
                CommOpen(
                    comm_id=self.comm_id,
                    target_name=self.target_name,
                    data=data or {},
                    target_module=self.target_module,
                ),
                metadata,
                buffers or (),
            )
        except Exception:
            self.manager.unregister_comm(self)
            raise
        self._closed = False

    def send(
        self,
        data: dict[str, Any] | None = None,
        metadata: dict[str, Any] | None = None,
        buffers: Sequence[bytes] | None = None,
    ) -> None:
        """Send ``data`` to the frontend's side (``comm_msg``)."""
        self.manager.publish(
            CommMsg(comm_id=self.comm_id, data=data or {}), metadata, buffers or ()
        )

    def close(
        self,
        data: dict[str, Any] | None = None,
        metadata: dict[str, Any] | None = None,
        buffers: Sequence[bytes] | None = None,
        deleting: bool = False,
    ) -> None:
        """Close the comm on both sides (``comm_close``); a second call does nothing."""
        if self._closed:
            return
        self._closed = True
        self.manager.publish(
            CommClose(comm_id=self.comm_id, data=data or {}), metadata, buffers or ()
        )
        if not deleting:
            self.manager.unregister_comm(self)

    def on_msg(self, callback: Callable[[MessageDict], Any] | None) -> None:
        """Call ``callback(message)`` for each message from the frontend (None: stop)."""
        self._msg_callback = callback

    def on_close(self, callback: Callable[[MessageDict], Any] | None) -> None:
        """Call ``callback(message)`` when the frontend closes the comm (None: stop)."""
        self._close_callback = callback

    def handle_msg(self, msg: MessageDict) -> None:
        """A message from the frontend arrived."""
        if self._msg_callback is not None:
            self._msg_callback(msg)

    def handle_close(self, msg: MessageDict) -> None:
        """The frontend closed the comm."""
        if self._close_callback is not None:
            self._close_callback(msg)

    def __repr__(self) -> str:
        state = "closed" if self._closed else "open"
        return f"<Comm {self.comm_id} to {self.target_name!r} {state}>"


def register_with_comm_package(manager: CommManager) -> bool:
    """Make the ``comm`` package (used by ipywidgets) create jovi's comms; False if absent."""
    try:
        comm_package = importlib.import_module("comm")
    except ImportError:
        return False
    setattr(comm_package, "create_comm", manager.create_comm)  # noqa: B010 - replaced on purpose
    setattr(comm_package, "get_comm_manager", lambda: manager)  # noqa: B010
    return True
