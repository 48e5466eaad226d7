"""What no store can hold, through `clinicflow serve` on PostgreSQL and Redis over real HTTP: a NUL,
other control characters or an unpaired surrogate in what Meta delivers is cleaned at the edge, one
message the database refuses never costs the others of its delivery, and none of it is a 503 (Meta
would deliver it again for a week, then drop it, good messages included)."""

from __future__ import annotations

import asyncio
import json
import secrets
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import asyncpg
import httpx
import pytest

from tests import meta_payloads as meta
from tests.integration.servers.redis import RedisServer
from tests.integration.serving import clean_env, clinicflow, demo_server

pytestmark = pytest.mark.integration

SECRET = "unfit-text-secret"
PHONE_NUMBER_ID = "100000000000001"  # the demo clinic's
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=ZoneInfo("America/Santiago"))
T = int(NOW.timestamp())


@dataclass
class Service:
    url: str
    database_url: str

    async def post(self, body: bytes) -> httpx.Response:
        async with httpx.AsyncClient(timeout=30) as client:
            return await client.post(
                f"{self.url}/webhooks/whatsapp", content=body, headers=meta.signed_headers(SECRET, body)
            )

    async def patient_turns(self, patient: str, count: int, seconds: float = 30) -> list[str]:
        """The patient's words in their session's history, once there are ``count`` of them."""
        deadline = time.monotonic() + seconds
        while True:
            connection = await asyncpg.connect(self.database_url)
            try:
                history = await connection.fetchval(
                    "SELECT history::text FROM chat_sessions WHERE address = $1", patient
                )
            finally:
                await connection.close()
            said = [t["text"] for t in json.loads(history or "[]") if t["speaker"] == "patient"]
            if len(said) >= count or time.monotonic() > deadline:
                return said
            await asyncio.sleep(0.05)


@pytest.fixture
def service(database_url: str, redis: RedisServer) -> Iterator[Service]:
    with demo_server(database_url, redis.url(), SECRET, NOW.isoformat()) as url:
        yield Service(url, database_url)


def _patient() -> str:
    return f"569{uuid.uuid4().int % 10**8:08d}"


def _batch(patient: str, *items: tuple[str, str], profile_name: str = "Ana") -> meta.JsonObject:
    """One delivery of text messages (id, text), a second apart, from ``patient``."""
    messages = [meta.text_message(patient, mid, text, T + n) for n, (mid, text) in enumerate(items)]
    contact = meta.contact(patient, profile_name)
    return meta.delivery(meta.entry(meta.messages_value(PHONE_NUMBER_ID, messages, [contact])))


async def test_a_nul_in_a_text_and_the_profile_name_is_removed_and_every_message_of_the_delivery_kept(
    service: Service,
) -> None:
    patient = _patient()
    delivery = _batch(
        patient,
        (f"wamid.{uuid.uuid4().hex}", "Hola\x00, quiero\x1b una cita\x7f"),
        (f"wamid.{uuid.uuid4().hex}", "para mañana\x85 👩🏽‍⚕️"),
        (f"wamid.{uuid.uuid4().hex}", "gracias"),
        profile_name="Ana\x00 López",
    )
    body = meta.encode(delivery)
    for _ in range(2):  # and its redelivery
        response = await service.post(body)
        assert (response.status_code, response.text) == (200, "ok")
    said = await service.patient_turns(patient, 3)
    assert said == ["Hola, quiero una cita", "para mañana 👩🏽‍⚕️", "gracias"]


async def test_an_unpaired_surrogate_escape_is_a_replacement_character_not_a_refusal(
    service: Service,
) -> None:
    patient = _patient()
    body = meta.encode(_batch(patient, (f"wamid.{uuid.uuid4().hex}", "SURROGATE")))
    body = body.replace(b"SURROGATE", b"hola \\ud83d y \\ud83d\\ude00")
    response = await service.post(body)
    assert (response.status_code, response.text) == (200, "ok")
    assert await service.patient_turns(patient, 1) == ["hola \ufffd y 😀"]


async def test_a_message_the_database_cannot_hold_never_costs_the_others_of_its_delivery(
    service: Service,
) -> None:
    patient = _patient()
    too_long = "wamid." + secrets.token_urlsafe(6000)  # past what an index row of PostgreSQL holds
    delivery = _batch(
        patient,
        (f"wamid.{uuid.uuid4().hex}", "Quiero agendar una cita"),
        (too_long, "esto no cabe"),
        (f"wamid.{uuid.uuid4().hex}", "mañana en la tarde"),
    )
    response = await service.post(meta.encode(delivery))
    assert (response.status_code, response.text) == (200, "ok")
    assert await service.patient_turns(patient, 2) == ["Quiero agendar una cita", "mañana en la tarde"]


async def test_a_receipt_with_an_error_code_past_32_bits_is_acknowledged(service: Service) -> None:
    receipt = meta.failed_status(_patient(), "wamid.OUT.1", T, 2**40, "Re-engagement\x00 message")
    delivery = meta.delivery(meta.entry(meta.messages_value(PHONE_NUMBER_ID, statuses=[receipt])))
    response = await service.post(meta.encode(delivery))
    assert (response.status_code, response.text) == (200, "ok")


async def test_a_nul_typed_in_clinicflow_chat_on_postgresql_is_removed_not_a_lost_message(
    database_url: str,
) -> None:
    env = clean_env(DATABASE_URL=database_url)
    assert clinicflow("clinic", "load", "--demo", env=env).returncode == 0
    phone = _patient()
    typed = "Quiero agendar\x00 una cita\x1b\n/salir\n"
    done = clinicflow("chat", "--now", NOW.isoformat(), "--phone", phone, env=env, stdin=typed)
    assert done.returncode == 0, done.stderr
    assert await Service("", database_url).patient_turns(phone, 1) == ["Quiero agendar una cita"]
