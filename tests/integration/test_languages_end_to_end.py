"""Patients who write in English and Brazilian Portuguese, end to end (issue 26): `clinicflow serve`
on PostgreSQL and Redis with signed webhook deliveries and the fake Graph API, the demo clinic
(which serves Spanish, English and Portuguese) loaded by `clinicflow clinic load --demo`. Each
patient books in their own words; a `clinicflow worker` started at the reminder's time then sends
it with the approved template of the patient's language, its parameters in that language."""

from __future__ import annotations

import asyncio
import itertools
import subprocess
import sys
import time
from datetime import datetime, timedelta
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
from tests.integration.servers.fake_graph import FakeGraphApi, choices_of, text_of
from tests.integration.servers.redis import RedisServer

pytestmark = pytest.mark.integration

_ids = itertools.count()

# (language, patient, the messages up to the times, the reply with them, the name, the card, the
# template and its code, the reminder's day)
SCRIPTS = {
    "en": (
        patient(3),
        ["Hi there", "I'd like to book a checkup next Monday morning please"],
        "Monday, December 7",
        "it's for me, my name is Emily Clark",
        "Emily Clark",
        ("appointment_reminder", "en_US"),
        "Monday, December 7",
    ),
    "pt": (
        patient(4),
        ["Oi, bom dia", "queria marcar uma consulta pra segunda de manhã"],
        "segunda-feira, 7 de dezembro",
        "me chamo Ana Beatriz Souza",
        "Ana Beatriz Souza",
        ("lembrete_consulta", "pt_BR"),
        "segunda-feira, 7 de dezembro",
    ),
}


@pytest.fixture
def stack(database_url: str, redis: RedisServer, graph: FakeGraphApi) -> Any:
    with stack_of(database_url, redis.url(), graph, CLINICFLOW_REPLIES_PER_MINUTE="60") as stack:
        yield stack


async def post(client: httpx.AsyncClient, stack: Stack, phone: str, **what: Any) -> None:
    n = next(_ids)
    message_id, at = f"wamid.languages.{n}", int(NOW.timestamp()) + n
    if "row" in what:
        payload = meta.list_delivery(PHONE_NUMBER_ID, phone, message_id, what["row"], "10:00", at)
    elif "button" in what:
        payload = meta.button_delivery(PHONE_NUMBER_ID, phone, message_id, what["button"], "ok", at)
    else:
        payload = meta.text_delivery(PHONE_NUMBER_ID, phone, message_id, what["text"], at)
    body = meta.encode(payload)
    response = await client.post(
        f"{stack.url}/webhooks/whatsapp", content=body, headers=meta.signed_headers(SECRET, body)
    )
    assert response.status_code == 200, response.text
    await settled(stack.database_url)


def start_worker_at(stack: Stack, moment: datetime) -> None:
    """A `clinicflow worker` whose clock starts at ``moment``: the reminder is due then."""
    worker = subprocess.Popen(
        [sys.executable, "-m", "entrypoints.cli", "worker", "--now", moment.isoformat()],
        env=stack.env,
        stdout=subprocess.DEVNULL,
        stderr=stack.log.open("a", encoding="utf-8"),
        text=True,
    )
    stack.workers.append(worker)


async def templates_to(graph: FakeGraphApi, phone: str, seconds: float = 60) -> list[dict[str, Any]]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        sent = [body for body in graph.sent_to(phone) if body.get("type") == "template"]
        if sent:
            return sent
        await asyncio.sleep(0.2)
    raise AssertionError(f"no template reached the patient in {seconds} s")


@pytest.mark.parametrize("language", list(SCRIPTS))
async def test_a_patient_books_in_their_language_and_gets_its_reminder_template(
    stack: Stack, graph: FakeGraphApi, language: str
) -> None:
    phone, opening, times_reply, name, card_name, (template, code), day = SCRIPTS[language]
    stack.start()
    async with httpx.AsyncClient(timeout=30) as client:
        for text in opening:
            await post(client, stack, phone, text=text)
        offered = graph.sent_to(phone)[-1]
        assert times_reply in text_of(offered)
        ten = next(i for i, title in choices_of(offered) if title.startswith("10:00"))
        await post(client, stack, phone, row=ten)
        await post(client, stack, phone, text=name)
        card = graph.sent_to(phone)[-1]
        assert card_name in text_of(card)
        confirm = next(i for i, _ in choices_of(card) if i == "CONFIRM_BOOKING")
        await post(client, stack, phone, button=confirm)
    said = " ".join(text_of(body) for body in graph.sent_to(phone))
    assert "¿" not in said
    assert " cita" not in said

    [booked] = await fetch(
        stack.database_url, "SELECT starts_at, patient_name FROM appointments WHERE address = $1", phone
    )
    assert booked["patient_name"] == card_name
    [session] = await fetch(
        stack.database_url, "SELECT language FROM chat_sessions WHERE address = $1", phone
    )
    assert session["language"] == language

    start_worker_at(stack, booked["starts_at"] - timedelta(hours=24) + timedelta(seconds=5))
    [reminder] = await templates_to(graph, phone)
    assert reminder["template"]["name"] == template
    assert reminder["template"]["language"]["code"] == code
    parameters = [
        p["text"] for part in reminder["template"].get("components", []) if part.get("type") == "body"
        for p in part.get("parameters", [])
    ]  # fmt: skip
    assert parameters[0] == card_name.split()[0]
    assert day in parameters[1]
