"""The in-process conversation lock: one message at a time, in the order sent, never forever."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from adapters.memory.lock import InMemoryConversationLock
from application.ports import LockUnavailable
from domain.ids import ClinicId, PatientAddress

CLINIC = ClinicId("sonrisa")
ANA = PatientAddress("56911112222")
BETO = PatientAddress("56933334444")
T0 = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


async def test_messages_delivered_together_go_one_at_a_time_in_the_order_sent() -> None:
    lock = InMemoryConversationLock(settle_seconds=0.02)
    order: list[int] = []
    inside = 0

    async def handle(second: int) -> None:
        nonlocal inside
        async with lock.hold(CLINIC, ANA, T0 + timedelta(seconds=second)):
            inside += 1
            assert inside == 1, "two messages of one conversation at once"
            await asyncio.sleep(0.01)
            order.append(second)
            inside -= 1

    await asyncio.gather(handle(3), handle(1), handle(2))
    assert order == [1, 2, 3]
    assert lock.held == 0


async def test_equal_timestamps_go_in_arrival_order() -> None:
    lock = InMemoryConversationLock(settle_seconds=0.02)
    order: list[str] = []

    async def handle(name: str) -> None:
        async with lock.hold(CLINIC, ANA, T0):
            order.append(name)

    await asyncio.gather(handle("a"), handle("b"), handle("c"))
    assert order == ["a", "b", "c"]


async def test_different_conversations_run_in_parallel() -> None:
    lock = InMemoryConversationLock(settle_seconds=0)
    both_inside = asyncio.Event()
    inside: set[str] = set()

    async def handle(who: PatientAddress) -> None:
        async with lock.hold(CLINIC, who, T0):
            inside.add(who.value)
            if len(inside) == 2:
                both_inside.set()
            async with asyncio.timeout(1):
                await both_inside.wait()

    await asyncio.gather(handle(ANA), handle(BETO))


async def test_a_waiter_gives_up_after_the_wait_with_a_clear_error_and_leaves_no_trace() -> None:
    lock = InMemoryConversationLock(settle_seconds=0, wait_seconds=0.05)
    release = asyncio.Event()
    entered: list[str] = []

    async def slow() -> None:
        async with lock.hold(CLINIC, ANA, T0):
            await release.wait()

    holder = asyncio.create_task(slow())
    await asyncio.sleep(0.01)
    with pytest.raises(LockUnavailable):
        async with lock.hold(CLINIC, ANA, T0 + timedelta(seconds=1)):
            entered.append("too late")
    release.set()
    await holder
    async with lock.hold(CLINIC, ANA, T0 + timedelta(seconds=2)):
        entered.append("next")
    assert entered == ["next"]
    assert lock.held == 0


async def test_a_cancelled_holder_or_waiter_does_not_block_the_conversation() -> None:
    lock = InMemoryConversationLock(settle_seconds=0)
    forever = asyncio.Event()

    async def stuck(second: int) -> None:
        async with lock.hold(CLINIC, ANA, T0 + timedelta(seconds=second)):
            await forever.wait()

    holder = asyncio.create_task(stuck(1))
    await asyncio.sleep(0.01)
    waiter = asyncio.create_task(stuck(2))
    await asyncio.sleep(0.01)
    waiter.cancel()
    holder.cancel()
    await asyncio.gather(holder, waiter, return_exceptions=True)
    async with asyncio.timeout(1), lock.hold(CLINIC, ANA, T0 + timedelta(seconds=3)):
        pass
    assert lock.held == 0
