"""``DirectView``: requests to chosen engines, the same on each.

``rc[:]``, ``rc[0]``, ``rc[::2]`` make views.  A view's methods return an
:class:`~jovi.parallel.asyncresult.AsyncResult`, or its value when the view (or the
call) blocks.  Data moves with ``apply``: ``push``, ``pull``, ``scatter`` and
``gather`` call the functions of :mod:`jovi.parallel.ops` on the engines.
"""

from __future__ import annotations

import builtins
import contextlib
import functools
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jovi.parallel import ops
from jovi.parallel.asyncresult import AsyncMapResult, AsyncResult, finished

if TYPE_CHECKING:
    from jovi.parallel.client import Client, Targets
    from jovi.parallel.executor import ViewExecutor

__all__ = ["BroadcastView", "DirectView", "ParallelFunction", "RemoteFunction", "partition"]


def partition(seq: Sequence[Any], parts: int, index: int) -> Any:
    """The ``index``-th of ``parts`` contiguous blocks of ``seq``; the first blocks
    get one more element when the length does not divide evenly."""
    size, extra = divmod(len(seq), parts)
    low = index * size + min(index, extra)
    high = low + size + (1 if index < extra else 0)
    block = seq[low:high]
    return list(block) if isinstance(block, range | tuple) else block


class DirectView:
    """Requests to a fixed set of engines.

    Attributes:
        client: The client.
        block: Whether methods wait and return values (else AsyncResults).
    """

    def __init__(self, client: Client, targets: Targets = "all") -> None:
        self.client = client
        self._targets = targets
        self.block = False

    @property
    def targets(self) -> Targets:
        """The engines: an id, a list of ids, or ``"all"``."""
        return self._targets

    @targets.setter
    def targets(self, value: Targets) -> None:
        self._targets = value

    def _ids(self, targets: Targets = None) -> list[int]:
        return self.client.resolve_targets(self._targets if targets is None else targets)

    def _single(self, targets: Targets = None) -> bool:
        return isinstance(self._targets if targets is None else targets, int)

    def _finish(self, result: AsyncResult, block: bool | None) -> Any:
        return finished(result, self.block if block is None else block)

    # ------------------------------------------------------------------ apply

    def _apply(
        self,
        function: Callable[..., Any],
        args: Sequence[Any],
        kwargs: dict[str, Any],
        *,
        targets: Targets = None,
        block: bool | None = None,
        name: str | None = None,
    ) -> Any:
        ids = self._ids(targets)
        msg_ids = self._send_calls(ids, function, args, kwargs)
        fname = name or str(getattr(function, "__name__", "apply"))
        result = AsyncResult(
            self.client, msg_ids, fname=fname, targets=ids, single=self._single(targets)
        )
        return self._finish(result, block)

    def _send_calls(
        self,
        ids: list[int],
        function: Callable[..., Any],
        args: Sequence[Any],
        kwargs: dict[str, Any],
    ) -> list[str]:
        """Send the call to each engine of ``ids``; their msg_ids."""
        return [self.client.send_apply(i, function, args, kwargs) for i in ids]

    def apply(self, f: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Call ``f(*args, **kwargs)`` on each engine (waiting if the view blocks)."""
        return self._apply(f, args, kwargs)

    def apply_async(self, f: Callable[..., Any], *args: Any, **kwargs: Any) -> AsyncResult:
        """Call ``f(*args, **kwargs)`` on each engine; returns at once."""
        result: AsyncResult = self._apply(f, args, kwargs, block=False)
        return result

    def apply_sync(self, f: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Call ``f(*args, **kwargs)`` on each engine and wait for the value(s)."""
        return self._apply(f, args, kwargs, block=True)

    # ------------------------------------------------------------------ code

    def execute(
        self, code: str, silent: bool = True, targets: Targets = None, block: bool | None = None
    ) -> Any:
        """Run ``code`` on each engine, in its shell (magics and all)."""
        ids = self._ids(targets)
        msg_ids = [self.client.send_execute(i, code, silent=silent) for i in ids]
        result = AsyncResult(
            self.client, msg_ids, fname="execute", targets=ids, single=self._single(targets)
        )
        return self._finish(result, block)

    def run(self, filename: str | Path, targets: Targets = None, block: bool | None = None) -> Any:
        """Run the file ``filename`` (read here) on each engine."""
        code = Path(filename).read_text(encoding="utf-8")
        return self.execute(code, targets=targets, block=block)

    # ------------------------------------------------------------------ data

    def push(
        self, ns: Mapping[str, Any], targets: Targets = None, block: bool | None = None
    ) -> Any:
        """Set the variables of ``ns`` on each engine."""
        if not isinstance(ns, Mapping):
            raise TypeError(f"push takes a dict, not {type(ns).__name__}")
        return self._apply(ops.push, (dict(ns),), {}, targets=targets, block=block, name="push")

    def pull(
        self, names: str | Sequence[str], targets: Targets = None, block: bool | None = None
    ) -> Any:
        """The value of ``names`` (a name or a list of names) on each engine."""
        if not isinstance(names, str):
            names = list(names)
        return self._apply(ops.pull, (names,), {}, targets=targets, block=block, name="pull")

    def update(self, ns: Mapping[str, Any]) -> Any:
        """``push(ns)``."""
        return self.push(ns)

    def get(self, key_s: str | Sequence[str]) -> Any:
        """``pull(key_s, block=True)``."""
        return self.pull(key_s, block=True)

    def __getitem__(self, key: str) -> Any:
        return self.get(key)

    def __setitem__(self, key: str, value: Any) -> None:
        self.push({key: value}, block=True)

    def scatter(  # noqa: PLR0917 - ipyparallel's signature
        self,
        key: str,
        seq: Sequence[Any],
        dist: str = "b",
        flatten: bool = False,
        targets: Targets = None,
        block: bool | None = None,
    ) -> Any:
        """Split ``seq`` into contiguous blocks, one per engine, each pushed as ``key``
        (``flatten``: a block of one element is pushed as the element)."""
        if dist != "b":
            raise ValueError(f"only the block distribution 'b' is supported, not {dist!r}")
        ids = self._ids(targets)
        msg_ids = []
        for index, engine in enumerate(ids):
            part = partition(seq, len(ids), index)
            if flatten and len(part) == 1:
                part = part[0]
            msg_ids.append(self.client.send_apply(engine, ops.push, ({key: part},), {}))
        result = AsyncResult(self.client, msg_ids, fname="scatter", targets=ids)
        return self._finish(result, block)

    def gather(
        self, key: str, dist: str = "b", targets: Targets = None, block: bool | None = None
    ) -> Any:
        """The ``key`` of each engine, joined into one sequence (the reverse of scatter)."""
        if dist != "b":
            raise ValueError(f"only the block distribution 'b' is supported, not {dist!r}")
        ids = self._ids(targets)
        msg_ids = [self.client.send_apply(i, ops.pull, (key,), {}) for i in ids]
        result = AsyncResult(self.client, msg_ids, fname="gather", targets=ids, transform=_concat)
        return self._finish(result, block)

    # ------------------------------------------------------------------ map

    def map(
        self, f: Callable[..., Any], *sequences: Sequence[Any], block: bool | None = None
    ) -> Any:
        """``list(map(f, *sequences))``, the sequences split in blocks among the engines."""
        if not sequences:
            raise ValueError("map needs at least one sequence")
        ids = self._ids()
        length = min(len(s) for s in sequences)
        ids = ids[: max(1, min(len(ids), length))]
        msg_ids = []
        for index, engine in enumerate(ids):
            chunks = tuple(partition(s[:length], len(ids), index) for s in sequences)
            msg_ids.append(self.client.send_apply(engine, ops.map_chunk, (f, *chunks), {}))
        name = getattr(f, "__name__", "map")
        result = AsyncMapResult(self.client, msg_ids, fname=name, targets=ids)
        return self._finish(result, block)

    def map_async(self, f: Callable[..., Any], *sequences: Sequence[Any]) -> AsyncResult:
        """``map`` without waiting."""
        result: AsyncResult = self.map(f, *sequences, block=False)
        return result

    def map_sync(self, f: Callable[..., Any], *sequences: Sequence[Any]) -> Any:
        """``map``, waiting for the list."""
        return self.map(f, *sequences, block=True)

    # ------------------------------------------------------------------ decorators

    def remote(self, block: bool | None = None) -> Callable[[Callable[..., Any]], RemoteFunction]:
        """Decorator: calling the function calls it on the view's engines."""
        return lambda f: RemoteFunction(self, f, block)

    def parallel(
        self, dist: str = "b", block: bool | None = None
    ) -> Callable[[Callable[..., Any]], ParallelFunction]:
        """Decorator: calling the function with sequences calls it on each engine with
        its block of them; ``.map`` maps it over their elements."""
        if dist != "b":
            raise ValueError(f"only the block distribution 'b' is supported, not {dist!r}")
        return lambda f: ParallelFunction(self, f, block)

    @contextlib.contextmanager
    def sync_imports(self, local: bool = True, quiet: bool = False) -> Iterator[None]:
        """Imports in the block happen here (``local``) and on every engine."""
        original = builtins.__import__
        imported: list[str] = []

        def hooked(
            name: str, globals_: Any = None, locals_: Any = None, fromlist: Any = (), level: int = 0
        ) -> Any:
            if level == 0 and name not in imported:
                imported.append(name)
            return original(name, globals_, locals_, fromlist, level) if local else None

        builtins.__import__ = hooked  # type: ignore[assignment]  # its parameters have other names
        try:
            yield
        finally:
            builtins.__import__ = original
        code = "\n".join(f"import {name}" for name in imported)
        if code:
            if not quiet:
                for _name in imported:
                    pass
            self.execute(code, block=True)

    def activate(self, suffix: str = "") -> None:
        """Make this view the one of the parallel magics ``%px<suffix>``,
        ``%%px<suffix>``, ``%autopx<suffix>``, ``%pxresult<suffix>`` and
        ``%pxconfig<suffix>`` in the jovi shell or kernel running here.

        Raises:
            RuntimeError: no jovi shell runs in this process.
        """
        from jovi.parallel.magics import activate  # noqa: PLC0415 - only in a shell

        if not activate(self, suffix):
            raise RuntimeError("the parallel magics need a jovi shell or kernel")

    def clear(self, targets: Targets = None, block: bool | None = None) -> Any:
        """Empty the engines' namespaces."""
        return self.client.clear(
            self._ids(targets), block=bool(self.block if block is None else block)
        )

    @property
    def executor(self) -> ViewExecutor:
        """A ``concurrent.futures.Executor`` whose calls run through this view."""
        from jovi.parallel.executor import ViewExecutor  # noqa: PLC0415 - only when used

        return ViewExecutor(self)

    def register_joblib_backend(self, name: str = "jovi", make_default: bool = False) -> None:
        """Register this view as joblib's parallel backend ``name`` (and the default
        one with ``make_default``; see :func:`jovi.parallel.bridges.register_joblib_backend`)."""
        from jovi.parallel.bridges import register_joblib_backend  # noqa: PLC0415 - cycle

        register_joblib_backend(name, make_default, view=self)

    def wait(self, jobs: Sequence[AsyncResult] | None = None, timeout: float = -1) -> bool:
        """Wait for ``jobs`` (AsyncResults; every outstanding request by default)."""
        msg_ids = None if jobs is None else [m for job in jobs for m in job.msg_ids]
        return self.client.wait(msg_ids, timeout)

    def __len__(self) -> int:
        return len(self._ids())

    def __repr__(self) -> str:
        return f"<DirectView {self._targets!r}>"


class RemoteFunction:
    """A function that runs on a view's engines when called."""

    def __init__(self, view: DirectView, function: Callable[..., Any], block: bool | None) -> None:
        self.view = view
        self.function = function
        self.block = block
        functools.update_wrapper(self, function)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.view._apply(self.function, args, kwargs, block=self.block)


class ParallelFunction(RemoteFunction):
    """A function called on each engine with its block of the sequences given."""

    def __call__(self, *sequences: Any, **kwargs: Any) -> Any:
        view = self.view
        ids = view._ids()
        length = min(len(s) for s in sequences)
        ids = ids[: max(1, min(len(ids), length))]
        msg_ids = []
        for index, engine in enumerate(ids):
            chunks = tuple(partition(s[:length], len(ids), index) for s in sequences)
            msg_ids.append(view.client.send_apply(engine, self.function, chunks, kwargs))
        result = AsyncResult(
            view.client, msg_ids, fname=self.function.__name__, targets=ids, transform=_concat
        )
        return view._finish(result, self.block)

    def map(self, *sequences: Any) -> Any:
        """``map(function, *sequences)`` on the engines."""
        result = view_map(self.view, self.function, sequences)
        return self.view._finish(result, self.block)


def view_map(
    view: DirectView, function: Callable[..., Any], sequences: Sequence[Sequence[Any]]
) -> AsyncResult:
    """``view.map`` without waiting."""
    result: AsyncResult = view.map(function, *sequences, block=False)
    return result


def _concat(parts: list[Any]) -> Any:
    """The parts joined: lists and arrays concatenated, other values listed."""
    if parts and all(isinstance(p, list) for p in parts):
        joined: list[Any] = []
        for part in parts:
            joined.extend(part)
        return joined
    if parts and all(type(p).__name__ == "ndarray" for p in parts):
        import numpy  # noqa: PLC0415 - only when the parts are numpy arrays

        return numpy.concatenate(parts)
    return list(parts)


class BroadcastView(DirectView):
    """ipyparallel's broadcast view: a :class:`DirectView` whose calls go to all its
    engines as one message.

    ``apply`` and ``push`` (a call, the same for every engine) are sent once to the
    controller, which copies the message to each engine
    (:meth:`Client.send_broadcast`); on one machine their data goes through shared
    memory, written once.  The replies come back one per engine, so results are a
    :class:`DirectView`'s; ``is_coalescing`` (ipyparallel merges the replies into
    one message) is kept for code that sets it and changes nothing.  ``pull``,
    ``scatter`` and ``execute`` are a :class:`DirectView`'s.
    """

    def __init__(
        self, client: Client, targets: Targets = "all", *, is_coalescing: bool = False
    ) -> None:
        super().__init__(client, targets)
        self.is_coalescing = is_coalescing

    def _send_calls(
        self,
        ids: list[int],
        function: Callable[..., Any],
        args: Sequence[Any],
        kwargs: dict[str, Any],
    ) -> list[str]:
        if function is ops.pull:  # the data comes back: one hop straight from each engine
            return super()._send_calls(ids, function, args, kwargs)
        return self.client.send_broadcast(ids, function, args, kwargs)

    def __repr__(self) -> str:
        return f"<BroadcastView {self._targets!r}>"
