"""A debug session: ``debug_request`` answered with debugpy, for JupyterLab and VS Code.

Frontends speak the Debug Adapter Protocol (DAP) inside ``debug_request`` and
``debug_reply`` messages on the control channel, and receive DAP events as
``debug_event`` on IOPub.  The session relays most requests to debugpy and answers
the Jupyter extensions of DAP itself:

* ``initialize`` starts debugpy once per process (``debugpy.listen`` on a free
  loopback port; debugpy runs its adapter in a helper process) and connects a
  :class:`~jovi.kernel.dap.DapConnection` to it;
* ``attach`` is relayed, and the session completes debugpy's start-up sequence itself
  (``initialized`` event, ``configurationDone``), so that the frontend's own
  ``configurationDone`` is answered here;
* ``dumpCell`` writes a cell to the file the shell compiles it as, ``debugInfo``
  tells how cells are named (:mod:`~jovi.kernel.debugcells`), which breakpoints are
  set and which threads are stopped;
* ``inspectVariables`` and, while no thread is stopped, ``variables`` describe the
  user's namespace (:mod:`~jovi.kernel.debugvars`); ``richInspectVariables`` gives a
  variable's MIME bundle; ``copyToGlobals`` copies a frame's variable into the
  notebook's globals; ``modules`` and ``source`` are answered from this process;
* anything else (``setBreakpoints``, ``stackTrace``, ``scopes``, ``evaluate``,
  ``continue``, ``next`` ...) goes to debugpy as it is.

Requests are served on the control thread, never the main thread, so the session
answers while the main thread is stopped at a breakpoint.  What touches debugpy's
Python API (starting it, the threads and code it must leave alone) is in
:mod:`~jovi.kernel.debuggee`.  The kernel holds a :class:`~jovi.kernel.debugger.Debugger`,
which makes the session on the first debug request.
"""

from __future__ import annotations

import sys
import threading
from typing import TYPE_CHECKING, Any, Final

from jovi.kernel import debuggee
from jovi.kernel.debugcells import HASH_METHOD, HASH_SEED, SUFFIX
from jovi.utils.log import get_logger
from jovi.utils.threads import is_internal

if TYPE_CHECKING:
    from collections.abc import Callable

    from jovi.kernel.dap import DapConnection
    from jovi.kernel.debugcells import CellFiles
    from jovi.kernel.debugvars import VariableExplorer
    from jovi.shell.interactiveshell import InteractiveShell

__all__ = ["ATTACH_TIMEOUT_S", "DebugSession", "response"]

log = get_logger("jovi.kernel")

ATTACH_TIMEOUT_S: Final = 30.0
"""How long the kernel waits for debugpy while it starts and attaches."""

_REQUEST_TIMEOUT_S: Final = 60.0

_RESUMING: Final = frozenset(
    {"continue", "next", "stepIn", "stepOut", "stepBack", "reverseContinue", "goto"}
)
"""Requests that let a stopped thread run (it may stop again: a new ``stopped`` event)."""

_RICH_FORMAT: Final = "__import__('jovi.display.host', fromlist=['_']).current_host().format({})"
"""Evaluated in a stopped frame: a variable's MIME bundle and metadata, as the shell makes it."""


def response(
    request: dict[str, Any],
    *,
    success: bool = True,
    body: dict[str, Any] | None = None,
    message: str | None = None,
) -> dict[str, Any]:
    """A DAP response to ``request`` made by the kernel."""
    reply: dict[str, Any] = {
        "type": "response",
        "seq": 0,
        "request_seq": request.get("seq", 0),
        "success": success,
        "command": request.get("command", ""),
    }
    if body is not None:
        reply["body"] = body
    if message is not None:
        reply["message"] = message
    return reply


class DebugSession:
    """Answers the DAP requests of ``debug_request`` messages (see the module's docstring).

    Args:
        publish: Publishes a DAP event as a ``debug_event`` (called on the thread that
            reads from debugpy).
        cells: Where cells are written as files.
        shell: The shell whose cells are debugged (None until the kernel has one).
    """

    def __init__(
        self,
        publish: Callable[[dict[str, Any]], None],
        cells: CellFiles,
        shell: InteractiveShell | None = None,
    ) -> None:
        self._publish = publish
        self.cells = cells
        self.shell = shell
        self._lock = threading.Lock()  # one request at a time (control and shell may both send)
        self._state_lock = threading.Lock()  # the stopped threads (changed by the reader)
        self._endpoint: tuple[str, int] | None = None  # debugpy's, once it listens
        self._connection: DapConnection | None = None
        self._capabilities: dict[str, Any] = {}
        self._attached = False
        self._initialized = threading.Event()
        self._breakpoints: dict[str, list[dict[str, Any]]] = {}
        self._stopped: dict[int, None] = {}  # thread ids, the first stopped first
        self._all_stopped = False
        self._explorer: VariableExplorer | None = None
        self._removed_cleanup: list[tuple[int, Callable[..., Any]]] = []

    @property
    def started(self) -> bool:
        """Whether a frontend has initialized the debugger (until it disconnects)."""
        return self._connection is not None

    @property
    def stopped_threads(self) -> list[int]:
        """The ids of the threads stopped at a breakpoint or a step, the first first."""
        with self._state_lock:
            return list(self._stopped)

    def before_cell(self) -> None:
        """Before a cell: the thread running it is traced again if an interrupt at a
        breakpoint turned its tracing off (:func:`~jovi.kernel.debuggee.trace_again`)."""
        thread = threading.current_thread()
        if self.started and sys.gettrace() is None and not is_internal(thread):
            debuggee.trace_again(thread)

    # ------------------------------------------------------------ requests

    def handle(self, request: dict[str, Any]) -> dict[str, Any]:
        """The DAP response to ``request``."""
        command = request.get("command")
        if not isinstance(command, str):
            return response(request, success=False, message="a debug request needs a command")
        with self._lock:
            handler = _HANDLERS.get(command)
            if handler is None and not self.started:
                return response(
                    request, success=False, message="the debugger is not started (initialize it)"
                )
            try:
                return self._relay(request) if handler is None else handler(self, request)
            except (AttributeError, KeyError, TypeError, ValueError) as error:
                # A request whose arguments are not what DAP says.
                return response(request, success=False, message=f"a bad {command}: {error!r}")

    def _relay(
        self,
        request: dict[str, Any],
        command: str | None = None,
        arguments: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Send ``request`` (or ``command`` with ``arguments`` for it) to debugpy; its
        response, addressed to ``request``."""
        if self._connection is None:
            return response(request, success=False, message="the debugger is not started")
        reply = self._connection.request(
            command or request["command"],
            request.get("arguments", {}) if arguments is None else arguments,
            _REQUEST_TIMEOUT_S,
        )
        return {**reply, "request_seq": request.get("seq", 0), "command": request["command"]}

    def initialize(self, request: dict[str, Any]) -> dict[str, Any]:
        """Start debugpy (once per process), connect to it, relay ``initialize``."""
        if self.started:
            return response(request, body=self._capabilities)
        try:
            host, port = self._listen()
            connection = self._connect(host, port)
        except Exception as error:  # noqa: BLE001 - reported to the frontend
            log.warning("the debugger could not start: %s", error)
            return response(
                request, success=False, message=f"the debugger could not start: {error}"
            )
        reply = connection.request("initialize", request.get("arguments", {}), ATTACH_TIMEOUT_S)
        if not reply.get("success"):
            connection.close()
            return {**reply, "request_seq": request.get("seq", 0)}
        self._connection = connection
        self._capabilities = reply.get("body", {})
        self._keep_leading_blank_lines()
        return {**reply, "request_seq": request.get("seq", 0)}

    def _listen(self) -> tuple[str, int]:
        """debugpy's endpoint for clients; it starts listening on the first call."""
        if self._endpoint is None:
            self._endpoint = debuggee.listen()
        return self._endpoint

    def _connect(self, host: str, port: int) -> DapConnection:
        from jovi.kernel.dap import DapConnection  # noqa: PLC0415 - used once started

        self._initialized.clear()
        self._attached = False
        connection = DapConnection(
            self._on_event, name="jovi-debugger-dap", on_response=self._on_response
        )
        connection.connect(host, port, ATTACH_TIMEOUT_S)
        return connection

    def attach(self, request: dict[str, Any]) -> dict[str, Any]:
        """Relay ``attach``, then complete debugpy's start-up (``configurationDone``)."""
        connection = self._connection
        if connection is None:
            return response(request, success=False, message="the debugger is not started")
        if self._attached:
            return response(request)
        assert self._endpoint is not None
        host, port = self._endpoint
        arguments = dict(request.get("arguments", {}))
        arguments["connect"] = {"host": host, "port": port}
        arguments.setdefault("justMyCode", False)
        arguments["rules"] = debuggee.kernel_code_rules() + list(arguments.get("rules", []))
        pending = connection.send("attach", arguments)
        if not self._initialized.wait(ATTACH_TIMEOUT_S):
            return response(request, success=False, message="debugpy did not get ready")
        done = connection.request("configurationDone", {}, ATTACH_TIMEOUT_S)
        if not done.get("success"):
            return {**done, "request_seq": request.get("seq", 0), "command": "attach"}
        reply = pending.wait(ATTACH_TIMEOUT_S)
        self._attached = bool(reply.get("success"))
        return {**reply, "request_seq": request.get("seq", 0)}

    def configuration_done(self, request: dict[str, Any]) -> dict[str, Any]:
        """``configurationDone``: already sent to debugpy while attaching."""
        if not self.started:
            return response(request, success=False, message="the debugger is not started")
        return response(request)

    def disconnect(self, request: dict[str, Any]) -> dict[str, Any]:
        """Relay ``disconnect`` (the kernel never ends with it), then forget the session."""
        if self._connection is None:
            return response(request)
        arguments = dict(request.get("arguments", {}))
        arguments["terminateDebuggee"] = False  # the kernel's life is its manager's
        reply = self._relay(request, arguments=arguments)
        self._end_session()
        return reply

    def _end_session(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            connection.close()
        self._attached = False
        self._breakpoints.clear()
        with self._state_lock:
            self._stopped.clear()
            self._all_stopped = False
        self._restore_leading_blank_lines()

    def set_breakpoints(self, request: dict[str, Any]) -> dict[str, Any]:
        """Relay ``setBreakpoints``; remember where they are (for ``debugInfo``)."""
        reply = self._relay(request) if self.started else self._not_started(request)
        arguments = request.get("arguments", {})
        source = arguments.get("source", {}).get("path")
        if reply.get("success") and source:
            lines = [{"line": found["line"]} for found in reply["body"]["breakpoints"]]
            if lines:
                self._breakpoints[source] = lines
            else:
                self._breakpoints.pop(source, None)
        return reply

    def _not_started(self, request: dict[str, Any]) -> dict[str, Any]:
        return response(request, success=False, message="the debugger is not started")

    def dump_cell(self, request: dict[str, Any]) -> dict[str, Any]:
        """``dumpCell``: write the cell's code to its file; its path."""
        code = request.get("arguments", {}).get("code")
        if not isinstance(code, str):
            return response(request, success=False, message="dumpCell needs the cell's code")
        try:
            path = self.cells.dump(code)
        except OSError as error:
            return response(request, success=False, message=f"the cell was not written: {error}")
        return response(request, body={"sourcePath": path})

    def debug_info(self, request: dict[str, Any]) -> dict[str, Any]:
        """``debugInfo``: how cells are named, the breakpoints, the stopped threads."""
        return response(
            request,
            body={
                "isStarted": self.started,
                "hashMethod": HASH_METHOD,
                "hashSeed": HASH_SEED,
                "tmpFilePrefix": self.cells.prefix,
                "tmpFileSuffix": SUFFIX,
                "breakpoints": [
                    {"source": source, "breakpoints": lines}
                    for source, lines in self._breakpoints.items()
                ],
                "stoppedThreads": self._all_stopped_threads(),
                "richRendering": True,
                "exceptionPaths": ["Python Exceptions"],
                "copyToGlobals": True,
            },
        )

    def _all_stopped_threads(self) -> list[int]:
        stopped = self.stopped_threads
        with self._state_lock:
            everything = self._all_stopped
        if everything and self._connection is not None:
            reply = self._connection.request("threads", {}, _REQUEST_TIMEOUT_S)
            for thread in reply.get("body", {}).get("threads", []):
                if thread.get("id") not in stopped:
                    stopped.append(thread["id"])
        return stopped

    def inspect_variables(self, request: dict[str, Any]) -> dict[str, Any]:
        """``inspectVariables``: the user's global variables."""
        shell = self.shell
        if shell is None:
            return response(request, body={"variables": []})
        variables = self._variable_explorer().top(shell.user_ns, shell.user_ns_hidden)
        return response(request, body={"variables": variables})

    def _variable_explorer(self) -> VariableExplorer:
        if self._explorer is None:
            from jovi.kernel.debugvars import VariableExplorer  # noqa: PLC0415 - start-up cost

            self._explorer = VariableExplorer()
        return self._explorer

    def variables(self, request: dict[str, Any]) -> dict[str, Any]:
        """``variables``: from debugpy at a breakpoint, from the namespace otherwise."""
        if self.stopped_threads:
            reply = self._relay(request)
            if reply.get("success"):
                from jovi.kernel.debugvars import is_shown  # noqa: PLC0415 - start-up cost

                hidden = {} if self.shell is None else self.shell.user_ns_hidden
                body = reply.get("body", {})
                body["variables"] = [
                    variable
                    for variable in body.get("variables", [])
                    if is_shown(variable.get("name", ""), hidden)
                ]
            return reply
        reference = request.get("arguments", {}).get("variablesReference", 0)
        children = self._variable_explorer().children(int(reference))
        return response(request, body={"variables": children})

    def rich_inspect_variables(self, request: dict[str, Any]) -> dict[str, Any]:
        """``richInspectVariables``: a variable's MIME bundle, as the notebook would show it."""
        arguments = request.get("arguments", {})
        name = arguments.get("variableName", "")
        if not isinstance(name, str) or not name.isidentifier():
            # pydevd's groups ("special variables") have nothing to show.
            return response(request, body={"data": {}, "metadata": {}})
        frame = arguments.get("frameId")
        if self.stopped_threads and frame is not None:
            data, metadata = self._format_in_frame(request, name, frame)
        else:
            data, metadata = self._format_global(name)
        metadata = {key: value for key, value in metadata.items() if key in data}
        return response(request, body={"data": data, "metadata": metadata})

    def _format_global(self, name: str) -> tuple[dict[str, Any], dict[str, Any]]:
        shell = self.shell
        if shell is None or name not in shell.user_ns:
            return {}, {}
        try:
            data, metadata = shell.format(shell.user_ns[name])
        except Exception:  # noqa: BLE001 - a variable that cannot be shown shows nothing
            return {}, {}
        return dict(data), dict(metadata)

    def _format_in_frame(
        self, request: dict[str, Any], name: str, frame: Any
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """Format ``name`` in the stopped frame (on the stopped thread, by debugpy)."""
        import ast  # noqa: PLC0415 - only at a breakpoint

        reply = self._relay(
            request,
            "evaluate",
            {"expression": _RICH_FORMAT.format(name), "frameId": frame, "context": "clipboard"},
        )
        if not reply.get("success"):
            return {}, {}
        try:
            data, metadata = ast.literal_eval(reply["body"]["result"])
        except (KeyError, ValueError, SyntaxError, TypeError):
            return {}, {}
        return data, metadata

    def copy_to_globals(self, request: dict[str, Any]) -> dict[str, Any]:
        """``copyToGlobals``: a stopped frame's variable becomes a global of the notebook."""
        arguments = request.get("arguments", {})
        source, target = arguments.get("srcVariableName"), arguments.get("dstVariableName")
        if not (
            isinstance(source, str)
            and isinstance(target, str)
            and source.isidentifier()
            and target.isidentifier()
        ):
            return response(
                request,
                success=False,
                message="srcVariableName and dstVariableName must be Python identifiers",
            )
        if not self.started:
            return self._not_started(request)
        return self._relay(
            request,
            "setExpression",
            {
                "expression": f"globals()[{target!r}]",
                "value": source,
                "frameId": arguments.get("srcFrameId"),
            },
        )

    def modules(self, request: dict[str, Any]) -> dict[str, Any]:
        """``modules``: the Python modules loaded from source files."""
        arguments = request.get("arguments", {})
        loaded = list(sys.modules.items())
        first = int(arguments.get("startModule", 0))
        count = int(arguments.get("moduleCount", 0)) or len(loaded)
        found = []
        for index, (name, module) in enumerate(loaded[first : first + count], first):
            path = getattr(getattr(module, "__spec__", None), "origin", None)
            if isinstance(path, str) and path.endswith(".py"):
                found.append({"id": index, "name": name, "path": path})
        return response(request, body={"modules": found, "totalModules": len(loaded)})

    def source(self, request: dict[str, Any]) -> dict[str, Any]:
        """``source``: the text of a file or of a cell run in this kernel."""
        import linecache  # noqa: PLC0415 - loaded by then; kept out of start-up

        path = request.get("arguments", {}).get("source", {}).get("path", "")
        lines = linecache.getlines(path) if isinstance(path, str) and path else []
        if not lines:
            return response(request, success=False, message="source unavailable", body={})
        return response(request, body={"content": "".join(lines)})

    # ------------------------------------------------------------ events (reader thread)

    def _on_event(self, event: dict[str, Any]) -> None:
        name = event.get("event")
        body = event.get("body") or {}
        if name == "initialized":
            self._initialized.set()
        elif name == "stopped":
            with self._state_lock:
                self._stopped.setdefault(body.get("threadId", 0))
                self._all_stopped = self._all_stopped or bool(body.get("allThreadsStopped"))
        elif name == "continued":
            self._continued(body.get("threadId", 0), every=bool(body.get("allThreadsContinued")))
        self._publish(event)

    def _on_response(self, request: dict[str, Any], reply: dict[str, Any]) -> None:
        """A thread runs again as soon as the request resuming it succeeds (debugpy's
        ``continued`` event may come later, or not at all)."""
        command = request.get("command")
        if reply.get("success") and command in _RESUMING:
            body = reply.get("body") or {}
            self._continued(
                (request.get("arguments") or {}).get("threadId", 0),
                every=bool(body.get("allThreadsContinued", command == "continue")),
            )

    def _continued(self, thread: int, *, every: bool) -> None:
        with self._state_lock:
            if every:
                self._stopped.clear()
                self._all_stopped = False
            else:
                self._stopped.pop(thread, None)

    # ------------------------------------------------------------ the shell while debugging

    def _keep_leading_blank_lines(self) -> None:
        """Leading blank lines of a cell stay while debugging: the lines of the code run
        are then those of the cell in the frontend, where breakpoints are set."""
        from jovi.shell.input.cleanup import leading_empty_lines  # noqa: PLC0415 - start-up cost

        if self.shell is None:
            return
        transforms = self.shell.input_transformer_manager.cleanup_transforms
        while leading_empty_lines in transforms:
            index = transforms.index(leading_empty_lines)
            self._removed_cleanup.append((index, transforms.pop(index)))

    def _restore_leading_blank_lines(self) -> None:
        if self.shell is None:
            return
        transforms = self.shell.input_transformer_manager.cleanup_transforms
        while self._removed_cleanup:
            index, transform = self._removed_cleanup.pop()
            transforms.insert(index, transform)

    # ------------------------------------------------------------ end

    def close(self) -> None:
        """End the session with debugpy (its reader thread is joined)."""
        with self._lock:
            self._end_session()


_HANDLERS: Final[dict[str, Callable[[DebugSession, dict[str, Any]], dict[str, Any]]]] = {
    "initialize": DebugSession.initialize,
    "attach": DebugSession.attach,
    "configurationDone": DebugSession.configuration_done,
    "disconnect": DebugSession.disconnect,
    "setBreakpoints": DebugSession.set_breakpoints,
    "dumpCell": DebugSession.dump_cell,
    "debugInfo": DebugSession.debug_info,
    "inspectVariables": DebugSession.inspect_variables,
    "variables": DebugSession.variables,
    "richInspectVariables": DebugSession.rich_inspect_variables,
    "copyToGlobals": DebugSession.copy_to_globals,
    "modules": DebugSession.modules,
    "source": DebugSession.source,
}
"""The requests the kernel answers itself (others go to debugpy once started)."""
