"""The Redis conversation lock across processes: owner-only release, expiry, renewal, order, bounded wait."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from adapters.redis.connection import RedisConnection
from adapters.redis.lock import LockTiming, RedisConversationLock, conversation_keys
from application.ports import LockUnavailable
from application.pseudonyms import Pseudonyms
from domain.ids import ClinicId, PatientAddress
from tests.wamids import plain_digest

pytestmark = pytest.mark.integration

SONRISA = ClinicId("sonrisa")
NAMES = Pseudonyms(b"lock-tests-key-" + b"0" * 32)
T0 = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
FAST = LockTiming(
    expiry=timedelta(seconds=1),
    wait=timedelta(seconds=5),
    settle=timedelta(milliseconds=50),
    heartbeat=timedelta(milliseconds=500),
)


def _patient() -> PatientAddress:
    return PatientAddress(f"569{uuid.uuid4().int % 10**8:08d}")


async def test_messages_delivered_together_are_handled_one_at_a_time_in_the_order_sent(
    connection: RedisConnection,
) -> None:
    patient, order, inside = _patient(), [], 0
    # Two "processes": separate lock objects sharing only the Redis server.
    locks = [RedisConversationLock(connection, NAMES, FAST), RedisConversationLock(connection, NAMES, FAST)]

    async def handle(second: int) -> None:
        nonlocal inside
        async with locks[second % 2].hold(SONRISA, patient, T0 + timedelta(seconds=second)):
            inside += 1
            assert inside == 1, "two messages of one conversation at once"
            await asyncio.sleep(0.02)
            order.append(second)
            inside -= 1

    await asyncio.gather(handle(3), handle(1), handle(2), handle(5), handle(4))
    assert order == [1, 2, 3, 4, 5]


async def test_different_conversations_run_in_parallel(connection: RedisConnection) -> None:
    lock = RedisConversationLock(connection, NAMES, FAST)
    both_inside = asyncio.Event()
    inside: set[str] = set()

    async def handle(patient: PatientAddress) -> None:
        async with lock.hold(SONRISA, patient, T0):
            inside.add(patient.value)
            if len(inside) == 2:
                both_inside.set()
            async with asyncio.timeout(2):
                await both_inside.wait()

    await asyncio.gather(handle(_patient()), handle(_patient()))


async def test_a_lock_whose_holder_died_is_taken_over_after_its_expiry(connection: RedisConnection) -> None:
    patient = _patient()
    lock_key, _ = conversation_keys(NAMES, SONRISA, patient)
    # A holder that crashed: its token is in Redis, nobody will release or renew it.
    await connection.client.set(lock_key, "dead-holder-token", px=800)
    started = asyncio.get_running_loop().time()
    async with RedisConversationLock(connection, NAMES, FAST).hold(SONRISA, patient, T0):
        waited = asyncio.get_running_loop().time() - started
    assert 0.6 < waited < 3


async def test_only_the_owner_can_release_a_lock(connection: RedisConnection) -> None:
    patient = _patient()
    lock_key, _ = conversation_keys(NAMES, SONRISA, patient)
    lock = RedisConversationLock(connection, NAMES, FAST)
    async with lock.hold(SONRISA, patient, T0):
        owner = await connection.client.get(lock_key)
        # Someone else's release (a stale holder, another process) must not free it.
        await lock._release(lock_key, "not-the-owner")
        assert await connection.client.get(lock_key) == owner
    assert await connection.client.get(lock_key) is None


async def test_work_longer_than_the_expiry_keeps_its_lock(connection: RedisConnection) -> None:
    patient = _patient()
    lock = RedisConversationLock(connection, NAMES, FAST)
    overlapped = False

    async def long_handler() -> None:
        async with lock.hold(SONRISA, patient, T0):
            await asyncio.sleep(2.5)  # 2.5 x the expiry: only renewal keeps others out

    async def next_message() -> None:
        nonlocal overlapped
        await asyncio.sleep(0.3)
        async with lock.hold(SONRISA, patient, T0 + timedelta(seconds=1)):
            overlapped = not holder.done()

    holder = asyncio.create_task(long_handler())
    await asyncio.gather(holder, next_message())
    assert not overlapped


async def test_a_bounded_wait_ends_in_lock_unavailable_and_leaves_the_queue_clean(
    connection: RedisConnection,
) -> None:
    patient = _patient()
    _, queue_key = conversation_keys(NAMES, SONRISA, patient)
    impatient = RedisConversationLock(
        connection, NAMES, LockTiming(wait=timedelta(milliseconds=200), settle=timedelta(0))
    )
    release = asyncio.Event()

    async def busy() -> None:
        async with RedisConversationLock(connection, NAMES, FAST).hold(SONRISA, patient, T0):
            await release.wait()

    holder = asyncio.create_task(busy())
    await asyncio.sleep(0.2)
    with pytest.raises(LockUnavailable):
        async with impatient.hold(SONRISA, patient, T0 + timedelta(seconds=1)):
            pass
    assert await connection.client.zcard(queue_key) == 0
    release.set()
    await holder


async def test_a_waiter_that_died_does_not_block_those_behind_it(connection: RedisConnection) -> None:
    patient = _patient()
    _, queue_key = conversation_keys(NAMES, SONRISA, patient)
    # A waiter that queued (earliest timestamp) and then crashed: no heartbeat key.
    await connection.client.zadd(
        queue_key, {f"{0:016d}:crashed-waiter": (T0 - timedelta(minutes=1)).timestamp()}
    )
    async with asyncio.timeout(2), RedisConversationLock(connection, NAMES, FAST).hold(SONRISA, patient, T0):
        pass


async def test_phone_numbers_do_not_appear_in_redis_keys(connection: RedisConnection) -> None:
    patient = _patient()
    async with RedisConversationLock(connection, NAMES, FAST).hold(SONRISA, patient, T0):
        keys = [key.decode() async for key in connection.client.scan_iter("clinicflow:*")]
    assert keys
    assert not [key for key in keys if patient.value in key]
    # Nor their plain SHA-256, which hashing every number of a country reverses.
    assert not [key for key in keys if plain_digest(patient.value) in key]


async def test_a_conversations_keys_are_named_by_a_hash_under_the_configured_key(
    connection: RedisConnection,
) -> None:
    patient = _patient()
    other = Pseudonyms(b"another-deployment-" + b"1" * 32)
    mine, theirs = conversation_keys(NAMES, SONRISA, patient), conversation_keys(other, SONRISA, patient)
    assert mine[0] == f"clinicflow:lock:sonrisa:{NAMES.patient(patient)}"
    assert not set(mine) & set(theirs)
    async with RedisConversationLock(connection, NAMES, FAST).hold(SONRISA, patient, T0):
        assert await connection.client.exists(mine[0]) == 1
        assert await connection.client.exists(theirs[0]) == 0
