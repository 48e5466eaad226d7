"""No phone number leaves a running `clinicflow serve` (PostgreSQL, Redis, a fake Graph API) in
its logs or in Redis, not even inside a message id: a wamid is base64 holding the patient's
number, and a plain SHA-256 of a number is reversed by hashing every number of a country. Logs
and keys carry keyed hashes (HMAC under CLINICFLOW_HASH_KEY) instead."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from redis import asyncio as aioredis

from application.pseudonyms import Pseudonyms
from tests import meta_payloads as meta
from tests.integration.faults.harness import NOW, PHONE_NUMBER_ID, SECRET, Stack, settled, stack_of
from tests.integration.servers.fake_graph import FakeGraphApi, meta_error
from tests.integration.servers.redis import RedisServer
from tests.integration.serving import TEST_HASH_KEY
from tests.wamids import plain_digest, wamid

pytestmark = pytest.mark.integration

PATIENT = "56987654321"
T = int(NOW.timestamp())
NAMES = Pseudonyms(TEST_HASH_KEY.encode())


@pytest.fixture
def stack(database_url: str, redis: RedisServer, graph: FakeGraphApi) -> Iterator[Stack]:
    # The Redis dedup cache on, so that message ids meet Redis too.
    with stack_of(database_url, redis.url(), graph, CLINICFLOW_DEDUP_CACHE="redis") as stack:
        stack.start()
        yield stack


@contextlib.asynccontextmanager
async def every_redis_command(redis: RedisServer) -> AsyncIterator[list[str]]:
    """Every command the server runs inside the block, its arguments joined (keys, values, scripts)."""
    client = aioredis.from_url(redis.url())
    seen: list[str] = []

    async def watch() -> None:
        async with client.monitor() as monitor:
            started.set()
            async for command in monitor.listen():
                seen.append(str(command["command"]))

    started = asyncio.Event()
    watching = asyncio.create_task(watch())
    async with asyncio.timeout(10):
        await started.wait()
    try:
        yield seen
    finally:
        await asyncio.sleep(0.5)  # the last commands reach the monitor
        watching.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await watching
        await client.aclose()


async def post(client: httpx.AsyncClient, stack: Stack, payload: meta.JsonObject) -> None:
    body = meta.encode(payload)
    response = await client.post(
        f"{stack.url}/webhooks/whatsapp", content=body, headers=meta.signed_headers(SECRET, body)
    )
    assert response.status_code == 200, response.text


def leaks(text: str, *secrets: str) -> list[str]:
    return [secret for secret in secrets if secret in text]


async def test_no_message_id_or_phone_number_reaches_serves_logs_or_redis(
    stack: Stack, redis: RedisServer
) -> None:
    said, said_again = wamid(PATIENT), wamid(PATIENT)  # the patient's messages
    ours = wamid(PATIENT)  # a reply of ours Meta could not deliver
    anonymous = wamid(PATIENT)  # a message without a sender id: skipped
    # Meta's answer to the read receipt names the message, as its errors may.
    stack.graph.answer(meta_error(100, f"Invalid parameter: message {said} cannot be marked read"))
    async with every_redis_command(redis) as commands, httpx.AsyncClient(timeout=30) as client:
        first = meta.text_delivery(PHONE_NUMBER_ID, PATIENT, said, "Quiero agendar una cita", T)
        await post(client, stack, first)
        await post(client, stack, first)  # Meta delivers it again: the dedup cache answers
        await settled(stack.database_url)
        await post(client, stack, meta.text_delivery(PHONE_NUMBER_ID, PATIENT, said_again, "mañana", T + 5))
        await post(client, stack, meta.text_delivery(PHONE_NUMBER_ID, None, anonymous, "hola", T + 6))
        failed = meta.failed_status(PATIENT, ours, T + 7, 131047, "Re-engagement message")
        await post(
            client, stack, meta.delivery(meta.entry(meta.messages_value(PHONE_NUMBER_ID, statuses=[failed])))
        )
        await settled(stack.database_url)
        keys = [key.decode() async for key in aioredis.from_url(redis.url()).scan_iter(count=1000)]
    stack.stop()
    logged = stack.logged()

    assert len(stack.graph.accepted) >= 2  # both turns answered
    assert any("clinicflow:lock:" in command for command in commands)  # the turns took their locks
    ids = [said, said_again, ours, anonymous]
    secrets = [PATIENT, plain_digest(PATIENT), *ids, *(i.removeprefix("wamid.") for i in ids)]
    found = {
        "log": leaks(logged, *secrets),
        "redis commands": leaks("\n".join(commands), *secrets),
        "redis keys": leaks("\n".join(keys), *secrets),
    }
    assert found == {"log": [], "redis commands": [], "redis keys": []}
    # What stands for them instead: the same keyed names in every process that shares the key.
    assert any(NAMES.of("message", said) in key for key in keys)  # the dedup cache, for a day
    assert NAMES.message(ours) in logged  # the failed reply, traceable in the log
    assert NAMES.message(said) in logged  # the refused read receipt's error, rewritten
