"""Which deaths a client's waits are told of, without sockets or processes: a wait
for a reply is about the kernel its request went to; each death is told once."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from jovi.client.deaths import SENT_KEPT, DeathWatch
from jovi.errors import KernelDied


@dataclass
class Owner:
    """A kernel manager as a client sees it, its processes moved by the test."""

    generation: int = 0
    alive: bool = True
    endings: dict[int, str] = field(default_factory=dict)

    def death_of(self, generation: int) -> str | None:
        if generation < self.generation:
            return self.endings[generation]
        return None if self.alive else f"process {self.generation} is dead"

    def die(self) -> None:
        self.alive = False

    def restart(self) -> None:
        self.endings[self.generation] = f"process {self.generation} was killed"
        self.generation += 1
        self.alive = True


def told(watch: DeathWatch, generation: int) -> str | None:
    try:
        watch.check(generation)
    except KernelDied as error:
        return str(error)
    return None


def test_a_wait_is_told_of_a_death_repaired_before_it_looked():
    owner = Owner()
    watch = DeathWatch(owner)
    about = watch.sent("execute-1")
    owner.die()
    owner.restart()  # the new process runs before the wait looks
    assert told(watch, about) == "process 0 was killed"


def test_a_death_not_yet_repaired_is_told_once_when_repaired():
    owner = Owner()
    watch = DeathWatch(owner)
    about = watch.sent("execute-1")
    owner.die()
    assert [told(watch, about), told(watch, watch.about())] == ["process 0 is dead"] * 2
    owner.restart()  # the end the first wait was told of, now recorded
    assert told(watch, watch.about()) is None


def test_every_wait_under_way_is_told_and_later_ones_are_about_the_new_kernel():
    owner = Owner()
    watch = DeathWatch(owner)
    first, second = watch.sent("execute-1"), watch.about()
    owner.restart()
    assert [told(watch, first), told(watch, second)] == ["process 0 was killed"] * 2
    assert told(watch, watch.about()) is None
    assert told(watch, watch.about("execute-1")) == "process 0 was killed"  # never answered


def test_a_request_sent_after_the_restart_is_about_the_new_kernel():
    owner = Owner()
    watch = DeathWatch(owner)
    watch.sent("execute-1")
    owner.restart()
    assert watch.sent("execute-2") == 1
    assert [told(watch, watch.about("execute-1")), told(watch, watch.about("execute-2"))] == [
        "process 0 was killed",
        None,
    ]


def test_readiness_is_about_the_kernel_of_now():
    owner = Owner()
    watch = DeathWatch(owner)
    owner.restart()
    owner.restart()
    watch.ready(watch.now())
    assert (watch.now(), told(watch, watch.about())) == (2, None)


def test_an_answered_request_and_the_oldest_of_too_many_are_forgotten():
    owner = Owner()
    watch = DeathWatch(owner)
    watch.sent("answered")
    watch.answered("answered")
    for number in range(SENT_KEPT + 1):
        watch.sent(f"execute-{number}")
    owner.restart()
    watch.sent("after")  # one more: the two oldest are gone
    assert [watch.about(msg_id) for msg_id in ("answered", "execute-1", "execute-2")] == [1, 1, 0]


def test_without_an_owner_nothing_is_told():
    watch = DeathWatch(None)
    assert (watch.sent("execute-1"), watch.now(), told(watch, 0)) == (0, 0, None)


@pytest.mark.parametrize("generation", [0, 5])
def test_the_first_generation_is_the_owners(generation):
    assert DeathWatch(Owner(generation=generation)).about() == generation
