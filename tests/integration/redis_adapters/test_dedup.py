"""Redis dedup: first sight wins atomically, per clinic, a day once handled; a failed claim frees up."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from adapters.redis.connection import RedisConnection
from adapters.redis.dedup import RedisDeduplicator, dedup_key
from domain.ids import ClinicId, MessageId
from tests.integration.serving import clean_env, clinicflow, free_port

pytestmark = pytest.mark.integration

SONRISA, NORTE = ClinicId("sonrisa"), ClinicId("norte")


def _wamid() -> MessageId:
    return MessageId(f"wamid.{uuid.uuid4().hex}")


async def test_of_twenty_simultaneous_claims_exactly_one_wins(connection: RedisConnection) -> None:
    dedup, wamid = RedisDeduplicator(connection), _wamid()
    wins = await asyncio.gather(*(dedup.claim(SONRISA, wamid) for _ in range(20)))
    assert wins.count(True) == 1


async def test_a_claim_is_a_short_lease_and_done_keeps_it_a_day(connection: RedisConnection) -> None:
    dedup, wamid = RedisDeduplicator(connection), _wamid()
    key = dedup_key(SONRISA, wamid)
    assert await dedup.claim(SONRISA, wamid)
    assert 0 < await connection.client.ttl(key) <= 5 * 60
    await dedup.done(SONRISA, wamid)
    assert 23 * 3600 < await connection.client.ttl(key) <= 24 * 3600
    await dedup.release(SONRISA, wamid)  # too late: a handled message stays handled
    assert not await dedup.claim(SONRISA, wamid)


async def test_a_released_claim_lets_the_retry_through(connection: RedisConnection) -> None:
    dedup, wamid = RedisDeduplicator(connection), _wamid()
    assert await dedup.claim(SONRISA, wamid)
    await dedup.release(SONRISA, wamid)
    assert await dedup.claim(SONRISA, wamid)


async def test_keys_are_namespaced_per_clinic(connection: RedisConnection) -> None:
    dedup, wamid = RedisDeduplicator(connection), _wamid()
    assert await dedup.claim(SONRISA, wamid)
    assert await dedup.claim(NORTE, wamid)
    assert await connection.client.exists(dedup_key(SONRISA, wamid), dedup_key(NORTE, wamid)) == 2


def test_serve_refuses_to_start_without_its_redis_and_hides_the_password() -> None:
    port = free_port()
    env = clean_env(
        REDIS_URL=f"redis://:s3cr3t-pw@127.0.0.1:{port}/0", META_APP_SECRET="s", META_VERIFY_TOKEN="v"
    )
    done = clinicflow("serve", "--port", str(free_port()), env=env)
    assert done.returncode == 2
    assert done.stderr.startswith(f"clinicflow: cannot connect to Redis at 127.0.0.1:{port}/0")
    assert "s3cr3t-pw" not in done.stderr
    assert "Traceback" not in done.stderr
