"""Which deaths of the kernel a wait must be told of: the client's side of generations.

A client of a manager (:class:`~jovi.client.owner.KernelOwner`) tells a wait that
the kernel died by comparing generations, never by asking "is it alive?" alone: a
restarter may notice the death and start another process between two looks, and the
wait would then go on waiting for an answer the dead process took with it.

:class:`DeathWatch` keeps, without I/O, the generation each wait is about:

* a wait for the reply to a request: the generation the request went to;
* any other wait (the next IOPub message, an input request): the generation of the
  client's last request, or of the kernel it last found ready;
* ``wait_for_ready``: the kernel of now (waiting for readiness is how a client
  takes up with a new kernel).

Each death is told once to the client, at the first wait that looks after it (every
wait under way at that moment is told too): afterwards the client's waits are about
the kernel that runs next.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from jovi.errors import KernelDied

if TYPE_CHECKING:
    from jovi.client.owner import KernelOwner

__all__ = ["SENT_KEPT", "DeathWatch"]

SENT_KEPT: Final = 1000
"""How many requests' generations are kept (the oldest are forgotten first)."""


class DeathWatch:
    """The generations a client's waits are about, and the check that tells deaths.

    Args:
        owner: The manager of the kernel, or None (nothing to watch: a client of a
            kernel it did not start learns of deaths from the heartbeat only).
    """

    def __init__(self, owner: KernelOwner | None) -> None:
        self.owner = owner
        self.generation = owner.generation if owner is not None else 0
        """The generation this client's waits are about, unless told otherwise."""
        self._sent: dict[str, int] = {}

    def sent(self, msg_id: str) -> int:
        """Note that the request ``msg_id`` went out now; the generation it went to."""
        if self.owner is not None:
            self.generation = max(self.generation, self.owner.generation)
        self._sent[msg_id] = self.generation
        if len(self._sent) > SENT_KEPT:
            del self._sent[next(iter(self._sent))]
        return self.generation

    def answered(self, msg_id: str) -> None:
        """The reply to ``msg_id`` came: forget its generation."""
        self._sent.pop(msg_id, None)

    def about(self, msg_id: str | None = None) -> int:
        """The generation a wait (for the reply to ``msg_id``) is about."""
        if msg_id is None:
            return self.generation
        return self._sent.get(msg_id, self.generation)

    def now(self) -> int:
        """The generation of the kernel that runs now (what ``wait_for_ready`` is about)."""
        return self.owner.generation if self.owner is not None else self.generation

    def ready(self, generation: int) -> None:
        """The kernel of ``generation`` answered: later waits are about it."""
        self.generation = max(self.generation, generation)

    def check(self, generation: int) -> None:
        """Tell a wait about ``generation`` that its kernel died.

        Raises:
            KernelDied: the process of ``generation`` ended (with the owner's sentence
                saying how); the client's next waits are about the processes after it.
        """
        owner = self.owner
        if owner is None:
            return
        notice = owner.death_of(generation)
        if notice is None:
            return
        self.generation = max(self.generation, owner.generation, generation + 1)
        raise KernelDied(notice)
