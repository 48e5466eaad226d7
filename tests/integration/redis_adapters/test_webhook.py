"""The production setup end to end: `clinicflow serve` on PostgreSQL and Redis, driven over real HTTP.

Replies go to the in-process recording sender (the Graph API sender is issue 5), so
what the bot did is read from the database: the session's state, version and history.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import asyncpg
import httpx
import pytest
from redis import asyncio as aioredis

from adapters.redis.lock import conversation_keys
from domain.ids import ClinicId, PatientAddress
from tests import meta_payloads as meta
from tests.integration.servers._process import not_here
from tests.integration.servers.redis import RedisServer
from tests.integration.serving import clean_env, clinicflow, running_server

pytestmark = pytest.mark.integration

SECRET = "redis-webhook-secret"
PHONE_NUMBER_ID = "100000000000001"  # the demo clinic's
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=ZoneInfo("America/Santiago"))  # a Monday morning
T = int(NOW.timestamp())


@dataclass
class Service:
    url: str
    database_url: str
    redis: RedisServer

    async def post(self, client: httpx.AsyncClient, payload: meta.JsonObject) -> int:
        body = meta.encode(payload)
        response = await client.post(
            f"{self.url}/webhooks/whatsapp", content=body, headers=meta.signed_headers(SECRET, body)
        )
        return response.status_code

    async def session(self, patient: str) -> asyncpg.Record | None:
        connection = await asyncpg.connect(self.database_url)
        try:
            return await connection.fetchrow(
                "SELECT current_state, version, history::text AS history "
                "FROM chat_sessions WHERE address = $1",
                patient,
            )
        finally:
            await connection.close()

    async def patient_turns(self, patient: str) -> list[str]:
        row = await self.session(patient)
        assert row is not None
        return [turn["text"] for turn in json.loads(row["history"]) if turn["speaker"] == "patient"]


@pytest.fixture
def service(database_url: str, redis: RedisServer) -> Iterator[Service]:
    env = clean_env(
        DATABASE_URL=database_url,
        REDIS_URL=redis.url(),
        META_APP_SECRET=SECRET,
        META_VERIFY_TOKEN="verify",
        CLINICFLOW_LOCK_WAIT_SECONDS="1",
    )
    loaded = clinicflow("clinic", "load", "--demo", env=env)
    assert loaded.returncode == 0, loaded.stderr
    with running_server(env, "--now", NOW.isoformat()) as url:
        yield Service(url, database_url, redis)


def _patient() -> str:
    return f"569{uuid.uuid4().int % 10**8:08d}"


async def test_the_same_delivery_twenty_times_at_once_is_handled_once(service: Service) -> None:
    patient = _patient()
    delivery = meta.text_delivery(PHONE_NUMBER_ID, patient, f"wamid.{uuid.uuid4().hex}", "Quiero agendar", T)
    async with httpx.AsyncClient(timeout=30) as client:
        statuses = await asyncio.gather(*(service.post(client, delivery) for _ in range(20)))
    assert statuses == [200] * 20
    session = await service.session(patient)
    assert session is not None
    assert session["current_state"] == "COLLECTING_DATE"
    assert session["version"] == 1, "one state change"
    speakers = [turn["speaker"] for turn in json.loads(session["history"])]
    assert speakers == ["patient", "bot"], "one reply"


async def test_three_messages_posted_at_once_are_handled_in_the_order_sent(service: Service) -> None:
    patient = _patient()
    said = ["Quiero agendar una cita", "mañana en la tarde", "a las 4:30"]
    deliveries = [
        meta.text_delivery(PHONE_NUMBER_ID, patient, f"wamid.{uuid.uuid4().hex}", text, T + n)
        for n, text in enumerate(said)
    ]
    async with httpx.AsyncClient(timeout=30) as client:
        # Posted newest first, all at once, as concurrent webhook calls can arrive.
        statuses = await asyncio.gather(*(service.post(client, d) for d in reversed(deliveries)))
    assert statuses == [200, 200, 200]
    session = await service.session(patient)
    assert session is not None
    assert await service.patient_turns(patient) == said
    assert session["current_state"] == "COLLECTING_NAME", "as if the patient had waited for each reply"
    assert session["version"] == 3


async def test_a_message_refused_while_its_conversation_is_stuck_is_handled_on_retry(
    service: Service,
) -> None:
    patient = _patient()
    lock_key, _ = conversation_keys(ClinicId("sonrisa"), PatientAddress(patient))
    stuck = aioredis.from_url(service.redis.url())
    try:
        # Another replica holds the conversation (and will for longer than the 1-second wait).
        await stuck.set(lock_key, "another-replica", px=30_000)
        delivery = meta.text_delivery(
            PHONE_NUMBER_ID, patient, f"wamid.{uuid.uuid4().hex}", "Quiero agendar", T
        )
        async with httpx.AsyncClient(timeout=30) as client:
            assert await service.post(client, delivery) == 503
            assert await service.session(patient) is None
            await stuck.delete(lock_key)
            # Meta retries the same delivery: its dedup claim was released, so it is handled.
            assert await service.post(client, delivery) == 200
    finally:
        await stuck.aclose()
    session = await service.session(patient)
    assert session is not None
    assert session["current_state"] == "COLLECTING_DATE"


async def test_redis_down_means_503_and_nothing_is_lost_or_doubled_once_it_is_back(service: Service) -> None:
    if not service.redis.can_restart:
        not_here("this Redis comes from CLINICFLOW_TEST_REDIS_URL and cannot be stopped by the tests")
    patient = _patient()
    first = meta.text_delivery(
        PHONE_NUMBER_ID, patient, f"wamid.{uuid.uuid4().hex}", "Quiero agendar una cita", T
    )
    second = meta.text_delivery(
        PHONE_NUMBER_ID, patient, f"wamid.{uuid.uuid4().hex}", "mañana en la tarde", T + 1
    )
    async with httpx.AsyncClient(timeout=30) as client:
        assert await service.post(client, first) == 200
        service.redis.stop()
        try:
            assert await service.post(client, second) == 503  # Meta will deliver it again
            ready = await client.get(f"{service.url}/ready")
            assert (ready.status_code, ready.text) == (503, "unreachable: redis")
        finally:
            service.redis.start()  # empty: the 24-hour window is gone
        assert await service.post(client, second) == 200
        # A redelivery of the first message is still recognised: the database log has the last word.
        assert await service.post(client, first) == 200
        assert (await client.get(f"{service.url}/ready")).status_code == 200
    assert await service.patient_turns(patient) == ["Quiero agendar una cita", "mañana en la tarde"]
    session = await service.session(patient)
    assert session is not None
    assert session["current_state"] == "COLLECTING_TIME"
