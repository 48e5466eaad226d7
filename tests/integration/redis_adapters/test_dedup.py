"""Redis as the memory of recent message ids: a day per id, per clinic, many ids in one round trip."""

from __future__ import annotations

import pytest

from adapters.redis.connection import RedisConnection
from adapters.redis.dedup import RedisRecentMessages, dedup_key
from application.pseudonyms import Pseudonyms
from domain.ids import ClinicId, MessageId
from tests.integration.serving import clean_env, clinicflow, free_port
from tests.wamids import wamid as meta_wamid

pytestmark = pytest.mark.integration

SONRISA, NORTE = ClinicId("sonrisa"), ClinicId("norte")
NAMES = Pseudonyms(b"dedup-tests-key-" + b"0" * 32)
PATIENT = "56911112222"


def _wamid() -> MessageId:
    return MessageId(meta_wamid(PATIENT))  # base64 with the patient's number inside, as Meta's


async def test_a_remembered_id_is_seen_for_a_day(connection: RedisConnection) -> None:
    recent, wamid = RedisRecentMessages(connection, NAMES), _wamid()
    assert await recent.seen(SONRISA, [wamid]) == set()
    await recent.remember(SONRISA, [wamid])
    assert await recent.seen(SONRISA, [wamid]) == {wamid}
    assert 23 * 3600 < await connection.client.ttl(dedup_key(NAMES, SONRISA, wamid)) <= 24 * 3600


async def test_many_ids_are_looked_up_at_once(connection: RedisConnection) -> None:
    recent = RedisRecentMessages(connection, NAMES)
    old = [_wamid() for _ in range(20)]
    new = [_wamid() for _ in range(5)]
    await recent.remember(SONRISA, old)
    assert await recent.seen(SONRISA, [*new, *old]) == set(old)
    assert await recent.seen(SONRISA, []) == set()


async def test_ids_are_namespaced_per_clinic(connection: RedisConnection) -> None:
    recent, wamid = RedisRecentMessages(connection, NAMES), _wamid()
    await recent.remember(SONRISA, [wamid])
    assert await recent.seen(NORTE, [wamid]) == set()
    await recent.remember(NORTE, [wamid])
    assert (
        await connection.client.exists(dedup_key(NAMES, SONRISA, wamid), dedup_key(NAMES, NORTE, wamid)) == 2
    )


async def test_keys_name_a_message_by_its_keyed_hash_never_by_its_id(connection: RedisConnection) -> None:
    recent, wamid = RedisRecentMessages(connection, NAMES), _wamid()
    await recent.remember(SONRISA, [wamid])
    keys = [key.decode() async for key in connection.client.scan_iter("clinicflow:dedup:*")]
    assert f"clinicflow:dedup:sonrisa:{NAMES.of('message', wamid)}" in keys
    assert not [key for key in keys if wamid.removeprefix("wamid.") in key or PATIENT in key]
    # Another key (another deployment sharing nothing) names the same message otherwise.
    elsewhere = RedisRecentMessages(connection, Pseudonyms(b"another-deployment-" + b"1" * 32))
    assert await elsewhere.seen(SONRISA, [wamid]) == set()


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
