"""Redis as the memory of recent message ids: a day per id, per clinic, many ids in one round trip."""

from __future__ import annotations

import uuid

import pytest

from adapters.redis.connection import RedisConnection
from adapters.redis.dedup import RedisRecentMessages, dedup_key
from domain.ids import ClinicId, MessageId
from tests.integration.serving import clean_env, clinicflow, free_port

pytestmark = pytest.mark.integration

SONRISA, NORTE = ClinicId("sonrisa"), ClinicId("norte")


def _wamid() -> MessageId:
    return MessageId(f"wamid.{uuid.uuid4().hex}")


async def test_a_remembered_id_is_seen_for_a_day(connection: RedisConnection) -> None:
    recent, wamid = RedisRecentMessages(connection), _wamid()
    assert await recent.seen(SONRISA, [wamid]) == set()
    await recent.remember(SONRISA, [wamid])
    assert await recent.seen(SONRISA, [wamid]) == {wamid}
    assert 23 * 3600 < await connection.client.ttl(dedup_key(SONRISA, wamid)) <= 24 * 3600


async def test_many_ids_are_looked_up_at_once(connection: RedisConnection) -> None:
    recent = RedisRecentMessages(connection)
    old = [_wamid() for _ in range(20)]
    new = [_wamid() for _ in range(5)]
    await recent.remember(SONRISA, old)
    assert await recent.seen(SONRISA, [*new, *old]) == set(old)
    assert await recent.seen(SONRISA, []) == set()


async def test_ids_are_namespaced_per_clinic(connection: RedisConnection) -> None:
    recent, wamid = RedisRecentMessages(connection), _wamid()
    await recent.remember(SONRISA, [wamid])
    assert await recent.seen(NORTE, [wamid]) == set()
    await recent.remember(NORTE, [wamid])
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
