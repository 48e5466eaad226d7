"""The production setup end to end: `clinicflow serve` on PostgreSQL and Redis, driven over real HTTP.

Replies go to the in-process recording sender, so what the bot did is read from the
database: the session's state, version and history. Turns run after the webhook's 200,
so the tests wait for what they expect to show up there.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import asyncpg
import httpx
import pytest
from redis import asyncio as aioredis

from adapters.clinic_config.toml_file import load_demo_clinic
from adapters.redis.lock import conversation_keys
from application.pseudonyms import Pseudonyms
from domain.ids import ClinicId, PatientAddress
from tests import meta_payloads as meta
from tests.consent import answered_at_url_now
from tests.integration.servers._process import not_here
from tests.integration.servers.redis import RedisServer
from tests.integration.serving import TEST_HASH_KEY, demo_server

pytestmark = pytest.mark.integration

SECRET = "redis-webhook-secret"
PHONE_NUMBER_ID = "100000000000001"  # the demo clinic's
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=ZoneInfo("America/Santiago"))  # a Monday morning
T = int(NOW.timestamp())
NAMES = Pseudonyms(TEST_HASH_KEY.encode())  # the key serve is given, so the same names


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

    async def settled(self, patient: str, state: str, seconds: float = 30) -> asyncpg.Record:
        """The patient's session once it reached ``state``, then a moment more for any extra turn."""
        deadline = time.monotonic() + seconds
        while True:
            row = await self.session(patient)
            if row is not None and row["current_state"] == state:
                await asyncio.sleep(0.5)
                settled = await self.session(patient)
                assert settled is not None
                return settled
            assert time.monotonic() < deadline, f"session is {row and row['current_state']}, not {state}"
            await asyncio.sleep(0.05)


@pytest.fixture
def service(database_url: str, redis: RedisServer) -> Iterator[Service]:
    with demo_server(
        database_url, redis.url(), SECRET, NOW.isoformat(), CLINICFLOW_LOCK_WAIT_SECONDS="1"
    ) as url:
        yield Service(url, database_url, redis)


def _patient(service: Service) -> str:
    """A new patient, who accepted the privacy notice before (these tests count replies)."""
    number = f"569{uuid.uuid4().int % 10**8:08d}"
    answered_at_url_now(service.database_url, load_demo_clinic(), [number], NOW)
    return number


async def test_the_same_delivery_twenty_times_at_once_is_handled_once(service: Service) -> None:
    patient = _patient(service)
    delivery = meta.text_delivery(PHONE_NUMBER_ID, patient, f"wamid.{uuid.uuid4().hex}", "Quiero agendar", T)
    async with httpx.AsyncClient(timeout=30) as client:
        statuses = await asyncio.gather(*(service.post(client, delivery) for _ in range(20)))
    assert statuses == [200] * 20
    session = await service.settled(patient, "COLLECTING_DATE")
    assert session["version"] == 1, "one state change"
    speakers = [turn["speaker"] for turn in json.loads(session["history"])]
    assert speakers == ["patient", "bot"], "one reply"


async def test_three_messages_posted_at_once_are_read_in_the_order_sent_and_answered_together(
    service: Service,
) -> None:
    patient = _patient(service)
    said = ["Quiero agendar una cita", "mañana en la tarde", "a las 4:30"]
    deliveries = [
        meta.text_delivery(PHONE_NUMBER_ID, patient, f"wamid.{uuid.uuid4().hex}", text, T + n)
        for n, text in enumerate(said)
    ]
    async with httpx.AsyncClient(timeout=30) as client:
        # Posted newest first, all at once, as concurrent webhook calls can arrive.
        statuses = await asyncio.gather(*(service.post(client, d) for d in reversed(deliveries)))
    assert statuses == [200, 200, 200]
    session = await service.settled(patient, "COLLECTING_NAME")  # as if read one by one
    assert await service.patient_turns(patient) == said
    replies = [turn for turn in json.loads(session["history"]) if turn["speaker"] == "bot"]
    assert len(replies) < len(said), "what queued up is answered together, not one reply each"


async def test_a_message_for_a_stuck_conversation_is_accepted_and_answered_once_it_frees_up(
    service: Service,
) -> None:
    patient = _patient(service)
    lock_key, _ = conversation_keys(NAMES, ClinicId("sonrisa"), PatientAddress(patient))
    stuck = aioredis.from_url(service.redis.url())
    try:
        # Another replica holds the conversation (and will for longer than the 1-second wait).
        await stuck.set(lock_key, "another-replica", px=30_000)
        delivery = meta.text_delivery(
            PHONE_NUMBER_ID, patient, f"wamid.{uuid.uuid4().hex}", "Quiero agendar", T
        )
        async with httpx.AsyncClient(timeout=30) as client:
            assert await service.post(client, delivery) == 200  # recorded: Meta need not retry
            await asyncio.sleep(2)
            assert await service.session(patient) is None
            await stuck.delete(lock_key)
            # Nobody delivers it again: the sweep takes it up.
            await service.settled(patient, "COLLECTING_DATE")
            assert await service.post(client, delivery) == 200  # a late redelivery changes nothing
    finally:
        await stuck.aclose()
    assert await service.patient_turns(patient) == ["Quiero agendar"]


async def test_with_redis_down_deliveries_are_still_accepted_and_answered_once_it_is_back(
    service: Service,
) -> None:
    if not service.redis.can_restart:
        not_here("this Redis comes from CLINICFLOW_TEST_REDIS_URL and cannot be stopped by the tests")
    patient = _patient(service)
    first = meta.text_delivery(
        PHONE_NUMBER_ID, patient, f"wamid.{uuid.uuid4().hex}", "Quiero agendar una cita", T
    )
    second = meta.text_delivery(
        PHONE_NUMBER_ID, patient, f"wamid.{uuid.uuid4().hex}", "mañana en la tarde", T + 1
    )
    async with httpx.AsyncClient(timeout=30) as client:
        assert await service.post(client, first) == 200
        await service.settled(patient, "COLLECTING_DATE")
        service.redis.stop()
        try:
            # The inbox needs only PostgreSQL: the message is recorded and Meta is told so.
            assert await service.post(client, second) == 200
            ready = await client.get(f"{service.url}/ready")
            assert (ready.status_code, ready.text) == (503, "unreachable: redis")
            await asyncio.sleep(1)
            assert await service.patient_turns(patient) == ["Quiero agendar una cita"]  # no lock, no turn
        finally:
            service.redis.start()  # empty: the 24-hour window is gone
        await service.settled(patient, "COLLECTING_TIME")
        # A redelivery of the first message is still recognised: the inbox has the last word.
        assert await service.post(client, first) == 200
        assert (await client.get(f"{service.url}/ready")).status_code == 200
    await asyncio.sleep(0.5)
    assert await service.patient_turns(patient) == ["Quiero agendar una cita", "mañana en la tarde"]
