"""Completion and history for the console, both from the kernel.

:class:`KernelCompleter` asks the kernel (``complete_request``) and shows its
matches, with the type and signature when the kernel sends them (ipykernel's and
jovi's ``_jupyter_types_experimental`` metadata).  A kernel that does not answer
within ``timeout`` seconds gives no completions rather than a frozen prompt.
:class:`KernelHistory` starts with the kernel's recent history (``history_request``,
``tail``) and keeps what is typed in this console.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from prompt_toolkit.completion import Completer, Completion
from prompt_toolkit.history import History

from jovi.utils.log import get_logger

if TYPE_CHECKING:
    from collections.abc import AsyncGenerator, Iterable, Iterator

    from prompt_toolkit.completion import CompleteEvent
    from prompt_toolkit.document import Document

    from jovi.client import AsyncKernelClient

__all__ = ["KernelCompleter", "KernelHistory", "load_kernel_history"]

log = get_logger("jovi.console")

_TYPES_KEY = "_jupyter_types_experimental"


class KernelCompleter(Completer):
    """Completions from the kernel.

    Args:
        client: The console's client.
        timeout: Seconds to wait for the kernel's answer.
    """

    def __init__(self, client: AsyncKernelClient, timeout: float = 2.0) -> None:
        self.client = client
        self.timeout = timeout

    def get_completions(
        self, document: Document, complete_event: CompleteEvent
    ) -> Iterator[Completion]:
        return iter(())  # only asynchronous: the kernel is asked without blocking

    async def get_completions_async(
        self, document: Document, complete_event: CompleteEvent
    ) -> AsyncGenerator[Completion, None]:
        text, cursor = document.text, document.cursor_position
        try:
            reply = await self.client.complete(text, cursor, reply=True, timeout=self.timeout)
        except Exception as error:  # noqa: BLE001 - no completions rather than a crash
            log.debug("completion failed: %s", error)
            return
        content: Any = reply.content
        if content.status != "ok":
            return
        start = cursor if content.cursor_start is None else content.cursor_start
        end = cursor if content.cursor_end is None else content.cursor_end
        details = {
            (item.get("start"), item.get("end"), item.get("text")): item
            for item in content.metadata.get(_TYPES_KEY, ())
            if isinstance(item, dict)
        }
        seen = set()
        for match in content.matches:
            if match in seen:
                continue
            seen.add(match)
            item = details.get((start, end, match), {})
            meta = " ".join(
                part for part in (item.get("type", ""), item.get("signature", "")) if part
            )
            yield Completion(match, start_position=start - cursor, display_meta=meta or None)


class KernelHistory(History):
    """The kernel's recent inputs, then this console's, for Up/Down and Ctrl-R."""

    def __init__(self, entries: Iterable[str] = ()) -> None:
        super().__init__()
        self._initial = list(entries)

    def load_history_strings(self) -> Iterable[str]:
        return reversed(self._initial)  # newest first

    def store_string(self, string: str) -> None:
        """Kept in memory only: the kernel stores what it runs."""


async def load_kernel_history(client: AsyncKernelClient, length: int = 1000) -> list[str]:
    """The kernel's last ``length`` inputs, oldest first (none if it does not answer)."""
    if length <= 0:
        return []
    try:
        reply = await client.history(
            hist_access_type="tail", n=length, raw=True, reply=True, timeout=5
        )
    except Exception as error:  # noqa: BLE001 - a console without history still works
        log.debug("the kernel's history could not be read: %s", error)
        return []
    entries: list[str] = []
    for entry in getattr(reply.content, "history", ()):
        source = entry.source if isinstance(entry.source, str) else str(entry.source)
        if source.strip() and (not entries or entries[-1] != source):
            entries.append(source)
    return entries
