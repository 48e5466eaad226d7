"""The waitlist end to end, through `clinicflow serve` on PostgreSQL and Redis with signed webhook
deliveries and the fake Graph API: a patient cancels in the chat, the freed time is offered on
WhatsApp to the two patients waiting for it, both tap "Reservar" at the same moment, and exactly
one of them books it while the other is told, once, that it has gone."""

from __future__ import annotations

import asyncio
import itertools
import uuid
from datetime import time, timedelta
from typing import Any

import httpx
import pytest

from tests import meta_payloads as meta
from tests.integration.faults.harness import (
    NOW,
    PHONE_NUMBER_ID,
    SECRET,
    Stack,
    fetch,
    patient,
    settled,
    stack_of,
)
from tests.integration.servers.fake_graph import FakeGraphApi, text_of
from tests.integration.servers.redis import RedisServer

pytestmark = pytest.mark.integration

CARLA, BETO, DIEGO = patient(0), patient(1), patient(2)
BOOKING = [
    "Hola",
    "Quiero agendar una cita",
    "mañana",
    "en la tarde",
    "a las 15",
    "me llamo Carla Díaz",
    "sí",
]
GONE = "ese horario ya no está disponible"
_ids = itertools.count()


@pytest.fixture
def stack(database_url: str, redis: RedisServer, graph: FakeGraphApi) -> Any:
    with stack_of(database_url, redis.url(), graph, CLINICFLOW_REPLIES_PER_MINUTE="60") as stack:
        yield stack


def delivery(phone: str, *, text: str | None = None, button: tuple[str, str] | None = None) -> bytes:
    n = next(_ids)
    message_id, at = f"wamid.waitlist.{n}", int(NOW.timestamp()) + n
    if button is not None:
        payload = meta.button_delivery(PHONE_NUMBER_ID, phone, message_id, button[0], button[1], at)
    else:
        payload = meta.text_delivery(PHONE_NUMBER_ID, phone, message_id, text or "", at)
    return meta.encode(payload)


async def post(client: httpx.AsyncClient, stack: Stack, body: bytes) -> None:
    response = await client.post(
        f"{stack.url}/webhooks/whatsapp", content=body, headers=meta.signed_headers(SECRET, body)
    )
    assert response.status_code == 200, response.text


def buttons_of(body: dict[str, Any]) -> list[str]:
    action = (body.get("interactive") or {}).get("action") or {}
    return [str(b.get("reply", {}).get("id", "")) for b in action.get("buttons", [])]


async def test_a_cancellation_the_offer_two_patients_racing_one_booking(
    stack: Stack, graph: FakeGraphApi
) -> None:
    stack.start()
    async with httpx.AsyncClient(timeout=30) as client:
        for text in BOOKING:  # Carla books tomorrow at 15:00
            await post(client, stack, delivery(CARLA, text=text))
            await settled(stack.database_url)
        [carlas] = await fetch(
            stack.database_url, "SELECT id, doctor_id, starts_at FROM appointments WHERE status = 'booked'"
        )
        for phone in (BETO, DIEGO):  # two patients with a conversation open
            await post(client, stack, delivery(phone, text="Hola"))
        await settled(stack.database_url)
        # Both wait for that doctor tomorrow at 15:00 (joining in the chat is the unit tests').
        tomorrow = NOW.date() + timedelta(days=1)
        for n, phone in enumerate((BETO, DIEGO)):
            await fetch(
                stack.database_url,
                "INSERT INTO waitlist_entries (id, clinic_id, address_kind, address, person_name, day, at, "
                "doctor_id, created_at) SELECT $1, id, 'phone', $2, $3, $4, $5, $6, $7 FROM clinics",
                uuid.uuid4(), phone, f"Paciente {n}", tomorrow, time(15), carlas["doctor_id"],
                NOW - timedelta(minutes=10 - n),
            )  # fmt: skip

        # Carla cancels in the chat: the time is offered to both, on WhatsApp, with a button.
        await post(client, stack, delivery(CARLA, button=(f"APPT_CANCEL:{carlas['id']}", "Cancelar")))
        await settled(stack.database_url)
        takes = {}
        for phone in (BETO, DIEGO):
            offers = [
                b for b in graph.sent_to(phone) if any(i.startswith("WAITLIST_TAKE:") for i in buttons_of(b))
            ]
            [offer] = offers
            assert "Se liberó un horario" in text_of(offer)
            takes[phone] = next(i for i in buttons_of(offer) if i.startswith("WAITLIST_TAKE:"))

        # Both tap "Reservar" at the same moment.
        await asyncio.gather(
            *(
                post(client, stack, delivery(phone, button=(takes[phone], "Reservar")))
                for phone in (BETO, DIEGO)
            )
        )
        await settled(stack.database_url)

    booked = await fetch(
        stack.database_url,
        "SELECT address FROM appointments WHERE status = 'booked' AND starts_at = $1 AND doctor_id = $2",
        carlas["starts_at"], carlas["doctor_id"],
    )  # fmt: skip
    [winner] = [row["address"] for row in booked]
    assert winner in (BETO, DIEGO)
    [loser] = [phone for phone in (BETO, DIEGO) if phone != winner]
    assert any(text_of(b).startswith("✅") for b in graph.sent_to(winner))
    assert sum(GONE in text_of(b) for b in graph.sent_to(loser)) == 1
    states = await fetch(stack.database_url, "SELECT address, state FROM waitlist_entries ORDER BY address")
    assert {row["address"]: row["state"] for row in states} == {winner: "booked", loser: "waiting"}
