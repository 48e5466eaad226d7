"""A dependency check gives up on a ping that hangs, and never outlives a cancellation.

The worker cancels its check loop at shutdown and waits for it. On Python 3.11, ``asyncio.wait_for``
returned the ping's answer when the cancellation landed just as the ping answered, and the loop ran
on: ``clinicflow worker --once`` then never exited.
"""

from __future__ import annotations

import asyncio

import pytest

from entrypoints.container import answered_in_time


async def test_a_ping_that_answers_in_time_counts_as_up() -> None:
    async def ping() -> bool:
        return True

    assert await answered_in_time(ping(), 1.0)


async def test_a_ping_that_hangs_counts_as_down() -> None:
    async def ping() -> bool:
        await asyncio.Event().wait()
        return True

    assert not await answered_in_time(ping(), 0.01)


async def test_a_check_cancelled_as_its_ping_answers_is_cancelled() -> None:
    answer: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
    check = asyncio.create_task(answered_in_time(answer, 10.0))
    await asyncio.sleep(0)  # the check now waits for the ping
    answer.set_result(True)  # the ping answers, and in the same instant the check is cancelled
    check.cancel()
    with pytest.raises(asyncio.CancelledError):
        await check
    assert check.cancelled()
