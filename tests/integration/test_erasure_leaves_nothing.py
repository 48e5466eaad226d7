"""Issue 24's check of erasure: a patient known by a number and a user id books a whole appointment
through the real webhook (signed deliveries, `clinicflow serve` on PostgreSQL and Redis, replies to
a fake Graph API that posts its receipts back), asks by chat for their data to be erased and
confirms; then a `pg_dump` of the whole database and every Redis key and value hold nothing of
theirs (number, user id, name, anything they wrote or were sent, the ids of their messages) except
the past visit the clinic keeps as a clinical record, filed under a keyed hash with no name.

Every message id is shaped as Meta's (``tests.wamids``: base64 with the patient's number inside),
the patient's and the fake Graph API's alike, and none of them is kept even before the erasure:
PostgreSQL holds their keyed hashes once a message is handled or sent.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import subprocess
import time
from datetime import timedelta
from typing import Any

import httpx
import pytest
import redis

from domain.erasure import ERASED_NAME, ERASED_PREFIX
from tests import meta_payloads as meta
from tests.integration.faults.harness import NOW, PHONE_NUMBER_ID, SECRET, Stack, fetch, settled, stack_of
from tests.integration.servers.fake_graph import FakeGraphApi
from tests.integration.servers.postgres import _find_bindir
from tests.integration.servers.redis import RedisServer
from tests.wamids import phone_in, wamid

pytestmark = pytest.mark.integration

PHONE = "56987650123"
BSUID = "CL.98765432109876543210"
NAME = "Rigoberta Quispe"
# What the patient writes: the booking the offline reader follows, then words only they would say.
BOOKING = ["Hola", "Quiero agendar una cita", "mañana", "en la tarde", "a las 15", f"me llamo {NAME}", "sí"]
SECRET_WORDS = "gracias, saludos a la tía Eduviges desde Chiloé"


@pytest.fixture
def stack(database_url: str, redis: RedisServer, graph: FakeGraphApi) -> Any:
    # A whole booking, the notice and its answer within a minute: more than a patient's usual
    # replies a minute, which would hold the last ones back.
    with stack_of(database_url, redis.url(), graph, CLINICFLOW_REPLIES_PER_MINUTE="60") as stack:
        yield stack


class Patient:
    """Rigoberta's phone: each delivery signed, with both her identifiers, as Meta sends them."""

    def __init__(self, stack: Stack, client: httpx.AsyncClient) -> None:
        self.stack = stack
        self.client = client
        self.ids = itertools.count()
        self.wamids: list[str] = []  # what Meta called each message she sent, her number inside

    def next_id(self) -> tuple[int, str]:
        self.wamids.append(wamid(PHONE))
        return next(self.ids), self.wamids[-1]

    async def send(self, payload: meta.JsonObject) -> None:
        body = meta.encode(payload)
        response = await self.client.post(
            f"{self.stack.url}/webhooks/whatsapp",
            content=body,
            headers=meta.signed_headers(SECRET, body),
        )
        assert response.status_code == 200, response.text
        await settled(self.stack.database_url)

    async def says(self, text: str) -> None:
        n, message_id = self.next_id()
        await self.send(
            meta.text_delivery(
                PHONE_NUMBER_ID, PHONE, message_id, text, int(NOW.timestamp()) + n,
                user_id=BSUID, profile_name=NAME,
            )
        )  # fmt: skip

    async def taps(self, button_id: str, title: str) -> None:
        n, message_id = self.next_id()
        await self.send(
            meta.button_delivery(
                PHONE_NUMBER_ID, PHONE, message_id, button_id, title, int(NOW.timestamp()) + n,
                user_id=BSUID, profile_name=NAME,
            )
        )  # fmt: skip


def texts_sent(graph: FakeGraphApi) -> list[str]:
    """Every line of text the fake Graph API took for the patient."""
    lines: list[str] = []
    for body in graph.accepted:
        for part in (body.get("text") or {}, (body.get("interactive") or {}).get("body") or {}):
            lines += [line for line in str(part.get("body", "")).splitlines() if len(line.strip()) >= 12]
        for button in ((body.get("interactive") or {}).get("action") or {}).get("buttons", []):
            lines.append(str(button.get("reply", {}).get("title", "")))
    return [line for line in lines if line]


async def receipts_delivered(graph: FakeGraphApi, seconds: float = 60) -> None:
    """Every reply's receipt reached the webhook (the fake posts one per message it took)."""
    deadline = time.monotonic() + seconds
    while graph.reports_delivered < len(graph.accepted):
        assert time.monotonic() < deadline, (graph.reports_delivered, len(graph.accepted))
        await asyncio.sleep(0.1)


def pg_dump(database_url: str) -> str:
    dumped = subprocess.run(
        [str(_find_bindir() / "pg_dump"), "--data-only", "--no-owner", f"--dbname={database_url}"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert dumped.returncode == 0, dumped.stderr
    return dumped.stdout


def redis_contents(url: str) -> str:
    """Every key and every value, of every type, as one text."""
    client = redis.Redis.from_url(url)
    try:
        found: list[str] = []
        for key in client.scan_iter(count=1000):
            kind = _text(client.type(key))
            found.append(_text(key))
            value: object
            if kind == "string":
                value = client.get(key)
            elif kind == "hash":
                value = client.hgetall(key)
            elif kind == "list":
                value = client.lrange(key, 0, -1)
            elif kind == "set":
                value = client.smembers(key)
            elif kind == "zset":
                value = client.zrange(key, 0, -1, withscores=True)
            elif kind == "stream":
                value = client.xrange(key)
            else:
                value = kind
            found.append(repr(value))
            found.append(str(value).encode().decode("unicode_escape", errors="replace") if value else "")
        return "\n".join(found)
    finally:
        client.close()


def _text(value: bytes | str) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else value


def message_ids(patient: Patient, graph: FakeGraphApi) -> list[str]:
    """Every id of a message from or to the patient, and its base64 payload (the number is in it)."""
    ids = [*patient.wamids, *graph.wamids]
    assert ids
    assert all(phone_in(message_id) == PHONE for message_id in ids)  # as Meta's: her number inside
    payloads = [message_id.removeprefix("wamid.") for message_id in ids]
    in_base64 = {payload[4:20] for payload in payloads}  # after 3 bytes of header: the number, encoded
    assert in_base64 == {base64.b64encode(f"{PHONE}\x15".encode()).decode()}
    return [*ids, *payloads, *in_base64]


def leaks(where: str, text: str, secrets: list[str]) -> list[str]:
    return [f"{where}: {secret!r}" for secret in secrets if secret and secret in text]


async def test_an_erased_patient_leaves_nothing_in_postgresql_or_redis_but_their_kept_visit(
    stack: Stack, graph: FakeGraphApi, redis: RedisServer
) -> None:
    graph.realistic_ids = True
    stack.start()
    baseline = pg_dump(stack.database_url)
    async with httpx.AsyncClient(timeout=10) as client:
        patient = Patient(stack, client)
        await patient.says(BOOKING[0])
        await patient.taps("PRIVACY_CONSENT_YES", "Acepto")  # the notice answered: a consent row
        for text in BOOKING[1:]:
            await patient.says(text)
        await patient.says(SECRET_WORDS)
        [consent] = await fetch(
            stack.database_url, "SELECT given FROM patient_consents WHERE patient = $1", PHONE
        )
        assert consent["given"]
        await receipts_delivered(graph)
        [booked] = await fetch(
            stack.database_url,
            "SELECT clinic_id, doctor_id, patient_name FROM appointments WHERE address = $1",
            PHONE,
        )
        assert booked["patient_name"] == NAME
        # A visit of last month, as staff recorded it: a clinical record the clinic must keep.
        await fetch(
            stack.database_url,
            "INSERT INTO appointments (id, clinic_id, doctor_id, address_kind, address, patient_name,"
            " starts_at, ends_at, source, visit, visit_recorded_at)"
            " VALUES (gen_random_uuid(), $1, $2, 'phone', $3, $4, $5, $6, 'staff', 'attended', $6)",
            booked["clinic_id"], booked["doctor_id"], PHONE, NAME,
            NOW - timedelta(days=30), NOW - timedelta(days=30, minutes=-30),
        )  # fmt: skip

        before = pg_dump(stack.database_url)
        for kept_before in (PHONE, BSUID, NAME, SECRET_WORDS):  # the check below would see them
            assert kept_before in before, kept_before
        # Handled and sent, the messages are kept by their ids' keyed hashes alone (issue 24).
        assert leaks("pg_dump before erasure", before, message_ids(patient, graph)) == []

        await patient.says("quiero que borren mis datoz")
        asked = graph.accepted[-1]
        buttons = [b["reply"]["id"] for b in asked["interactive"]["action"]["buttons"]]
        assert buttons == ["PRIVACY_ERASE_CONFIRM", "PRIVACY_ERASE_KEEP"]
        await patient.taps("PRIVACY_ERASE_CONFIRM", "Sí, borrar mis datos")
        await receipts_delivered(graph)
        await settled(stack.database_url)

    last = graph.accepted[-1]
    assert "borramos tus datos" in last["text"]["body"]
    assert last["to"] in (f"+{PHONE}", PHONE)
    replies = [line for line in texts_sent(graph) if line not in baseline]
    assert replies, "the replies the patient read are checked too"
    secrets = [PHONE, f"+{PHONE}", BSUID, NAME, *NAME.split(), SECRET_WORDS, "Chiloé", "Eduviges", *replies]
    secrets += message_ids(patient, graph)

    dump = pg_dump(stack.database_url)
    assert leaks("pg_dump", dump, secrets) == []
    kept = await fetch(
        stack.database_url, "SELECT address_kind, address, patient_name, visit FROM appointments"
    )
    assert [(r["address_kind"], r["patient_name"], r["visit"]) for r in kept] == [
        ("user_id", ERASED_NAME, "attended")
    ]
    assert kept[0]["address"].startswith(ERASED_PREFIX)
    assert kept[0]["address"] in dump

    assert leaks("redis", redis_contents(redis.url()), secrets) == []
