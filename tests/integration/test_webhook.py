"""End to end over HTTP: signed Meta deliveries through the Litestar app, offline NLU, in-memory stores."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from dependency_injector import providers
from litestar.testing import AsyncTestClient

from adapters.clinic_config.toml_file import load_demo_clinic
from adapters.memory.clock import FixedClock
from adapters.memory.inbox import InMemoryInbox
from adapters.memory.outbound import InMemoryOutboundLog
from adapters.memory.store import InMemoryUnitOfWorkFactory
from application.messages import ButtonsReply, InboundMessage, choices_of
from application.ports import ServiceUnavailable
from domain.conversation import ConversationState
from domain.ids import ClinicId, PatientAddress
from entrypoints.container import Container, build_container
from entrypoints.settings import Settings
from entrypoints.web import create_app
from tests import meta_payloads as meta
from tests.consent import answered

pytestmark = pytest.mark.integration

SECRET = "test-app-secret"
VERIFY = "test-verify-token"
PHONE_NUMBER_ID = "100000000000001"  # the demo clinic's
PATIENT = "56911112222"
# Monday 30 November 2026, 09:00 in Santiago.
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=ZoneInfo("America/Santiago"))


@pytest.fixture
def container() -> Container:
    container = build_container(Settings(meta_app_secret=SECRET, meta_verify_token=VERIFY))
    container.clock.override(providers.Object(FixedClock(NOW)))
    units = container.unit_of_work()
    assert isinstance(units, InMemoryUnitOfWorkFactory)
    answered(units.store, load_demo_clinic(), PatientAddress(PATIENT), at=NOW)  # the notice is behind her
    return container


@pytest.fixture
async def client(container: Container) -> AsyncIterator[AsyncTestClient]:  # type: ignore[type-arg]
    async with AsyncTestClient(app=create_app(container)) as client:
        yield client


async def settled(container: Container, seconds: float = 10) -> None:
    """Wait until the turns started by the deliveries so far are over (they run after the 200)."""
    deadline = time.monotonic() + seconds
    while container.turns().busy:
        assert time.monotonic() < deadline, "turns still running"
        await asyncio.sleep(0.01)


class Patient:
    """Posts what a patient does as Meta would deliver it: signed JSON; waits for the answer."""

    def __init__(self, client: AsyncTestClient, container: Container) -> None:  # type: ignore[type-arg]
        self.client = client
        self.container = container
        self.count = 0

    async def post(self, payload: meta.JsonObject, *, secret: str = SECRET) -> int:
        body = meta.encode(payload)
        response = await self.client.post(
            "/webhooks/whatsapp", content=body, headers=meta.signed_headers(secret, body)
        )
        await settled(self.container)
        return response.status_code

    def _next(self) -> tuple[str, int]:
        self.count += 1
        return f"wamid.e2e.{self.count}", int(NOW.timestamp()) + self.count

    async def says(self, text: str) -> int:
        message_id, ts = self._next()
        return await self.post(meta.text_delivery(PHONE_NUMBER_ID, PATIENT, message_id, text, ts))

    async def taps(self, button_id: str, title: str = "ok") -> int:
        message_id, ts = self._next()
        return await self.post(
            meta.button_delivery(PHONE_NUMBER_ID, PATIENT, message_id, button_id, title, ts)
        )


def state(container: Container) -> ConversationState | None:
    factory = container.unit_of_work()
    assert isinstance(factory, InMemoryUnitOfWorkFactory)
    session = factory.store.sessions.get((ClinicId("sonrisa"), PatientAddress(PATIENT)))
    return session.state if session else None


async def test_a_scripted_spanish_conversation_books_an_appointment(
    client: AsyncTestClient,  # type: ignore[type-arg]
    container: Container,
) -> None:
    sender = container.sender()
    patient = Patient(client, container)
    assert await patient.says("Hola, buenos días") == 200
    assert await patient.says("Quiero agendar una cita") == 200
    assert state(container) is ConversationState.COLLECTING_DATE
    assert await patient.says("mañana en la tarde") == 200
    assert state(container) is ConversationState.COLLECTING_TIME
    assert await patient.says("a las 4:30") == 200
    assert state(container) is ConversationState.COLLECTING_NAME
    assert await patient.says("me llamo Ana López") == 200
    assert state(container) is ConversationState.CONFIRMING

    card = sender.sent[-1].message
    assert isinstance(card, ButtonsReply)
    assert [b.id for b in card.buttons] == ["CONFIRM_BOOKING", "EDIT_BOOKING", "CANCEL_BOOKING"]
    assert "Ana López" in card.body
    assert "16:30" in card.body
    assert "martes 1 de diciembre" in card.body

    assert await patient.taps("CONFIRM_BOOKING", "Confirmar") == 200
    assert state(container) is ConversationState.CONFIRMED
    factory = container.unit_of_work()
    assert isinstance(factory, InMemoryUnitOfWorkFactory)
    [appointment] = factory.store.appointments.values()
    assert appointment.starts_at.astimezone(NOW.tzinfo).strftime("%Y-%m-%d %H:%M") == "2026-12-01 16:30"
    assert "✅" in sender.sent[-2].message.body  # the card, then its calendar file
    assert all(s.to == PatientAddress(PATIENT) for s in sender.sent)


async def test_one_message_with_everything_goes_straight_to_the_card(
    client: AsyncTestClient,  # type: ignore[type-arg]
    container: Container,
) -> None:
    patient = Patient(client, container)
    assert await patient.says("Mañana a las 4, soy Ana López") == 200
    assert state(container) is ConversationState.CONFIRMING
    assert choices_of(container.sender().sent[-1].message)[0] == ("CONFIRM_BOOKING", "Confirmar")


async def test_unsigned_or_wrongly_signed_deliveries_change_nothing(
    client: AsyncTestClient,  # type: ignore[type-arg]
    container: Container,
) -> None:
    body = meta.encode(meta.text_delivery(PHONE_NUMBER_ID, PATIENT, "wamid.x", "Quiero agendar una cita", 1))
    unsigned = await client.post(
        "/webhooks/whatsapp", content=body, headers={"Content-Type": "application/json"}
    )
    assert unsigned.status_code == 401
    wrong = await client.post(
        "/webhooks/whatsapp", content=body, headers=meta.signed_headers("not-the-secret", body)
    )
    assert wrong.status_code == 403
    tampered = meta.signed_headers(SECRET, body)
    forged = await client.post("/webhooks/whatsapp", content=body.replace(b"cita", b"CITA"), headers=tampered)
    assert forged.status_code == 403
    assert container.sender().sent == []
    assert state(container) is None


async def test_a_malformed_signed_body_is_a_400(client: AsyncTestClient) -> None:  # type: ignore[type-arg]
    for body in (b"{not json", b'{"object": 5}'):
        response = await client.post(
            "/webhooks/whatsapp", content=body, headers=meta.signed_headers(SECRET, body)
        )
        assert response.status_code == 400


async def test_a_redelivered_message_gets_one_reply(
    client: AsyncTestClient,  # type: ignore[type-arg]
    container: Container,
) -> None:
    patient = Patient(client, container)
    payload = meta.text_delivery(PHONE_NUMBER_ID, PATIENT, "wamid.twice", "Quiero agendar una cita", 1)
    assert await patient.post(payload) == 200
    assert await patient.post(payload) == 200
    assert len(container.sender().sent) == 1


async def test_an_unknown_business_number_is_acknowledged_and_ignored(
    client: AsyncTestClient,  # type: ignore[type-arg]
    container: Container,
) -> None:
    patient = Patient(client, container)
    assert await patient.post(meta.text_delivery("999", PATIENT, "wamid.other", "hola", 1)) == 200
    assert container.sender().sent == []


async def test_a_photo_is_acknowledged_for_staff(
    client: AsyncTestClient,  # type: ignore[type-arg]
    container: Container,
) -> None:
    patient = Patient(client, container)
    assert await patient.post(meta.image_delivery(PHONE_NUMBER_ID, PATIENT, "wamid.img", 1)) == 200
    assert container.sender().sent[-1].message.body.startswith("Recibimos tu foto y se lo pasamos al equipo")


async def test_the_verification_handshake(client: AsyncTestClient) -> None:  # type: ignore[type-arg]
    params = {"hub.mode": "subscribe", "hub.verify_token": VERIFY, "hub.challenge": "1158201444"}
    ok = await client.get("/webhooks/whatsapp", params=params)
    assert ok.status_code == 200
    assert ok.text == "1158201444"
    assert ok.headers["content-type"].startswith("text/plain")
    wrong = await client.get("/webhooks/whatsapp", params={**params, "hub.verify_token": "nope"})
    assert wrong.status_code == 403
    missing = await client.get("/webhooks/whatsapp")
    assert missing.status_code == 403


async def test_health(client: AsyncTestClient) -> None:  # type: ignore[type-arg]
    assert (await client.get("/health")).text == "ok"


class InboxOutage(InMemoryInbox):
    """An inbox whose store is down until told otherwise (as PostgreSQL might be)."""

    down = True

    async def accept(self, messages: Sequence[InboundMessage], now: datetime) -> list[InboundMessage]:
        if self.down:
            raise ServiceUnavailable("inbox unreachable")
        return await super().accept(messages, now)


async def test_a_delivery_that_cannot_be_recorded_is_a_503_and_its_retry_is_handled(
    container: Container,
) -> None:
    factory = container.unit_of_work()
    assert isinstance(factory, InMemoryUnitOfWorkFactory)
    outage = InboxOutage(factory.store.inbox)
    container.inbox.override(providers.Object(outage))
    async with AsyncTestClient(app=create_app(container)) as client:
        patient = Patient(client, container)
        delivery = meta.text_delivery(PHONE_NUMBER_ID, PATIENT, "wamid.later", "Quiero agendar", 1)
        body = meta.encode(delivery)
        response = await client.post(
            "/webhooks/whatsapp", content=body, headers=meta.signed_headers(SECRET, body)
        )
        assert response.status_code == 503
        assert response.headers["retry-after"] == "30"
        assert state(container) is None
        assert container.sender().sent == []
        outage.down = False  # Meta retries later, with the same body
        assert (
            await patient.post(
                meta.text_delivery(PHONE_NUMBER_ID, PATIENT, "wamid.later", "Quiero agendar", 1)
            )
            == 200
        )
    assert state(container) is ConversationState.COLLECTING_DATE
    assert len(container.sender().sent) == 1


async def test_three_messages_and_two_receipts_in_one_delivery_are_all_handled_in_one_turn(
    client: AsyncTestClient,  # type: ignore[type-arg]
    container: Container,
    caplog: pytest.LogCaptureFixture,
) -> None:
    outbound = container.outbound_log()
    assert isinstance(outbound, InMemoryOutboundLog)
    patient = PatientAddress(PATIENT)
    await outbound.sent(ClinicId("sonrisa"), patient, "wamid.OUT.READ", "text")
    await outbound.sent(ClinicId("sonrisa"), patient, "wamid.OUT.LATE", "interactive")
    said = ["Quiero agendar una cita", "mañana en la tarde", "a las 4:30"]
    delivery = meta.batch_delivery(PHONE_NUMBER_ID, PATIENT, said, int(NOW.timestamp()))
    assert await Patient(client, container).post(delivery) == 200

    # Read together, as one turn: one answer, not three.
    assert state(container) is ConversationState.COLLECTING_NAME
    assert len(container.sender().sent) == 1
    [read] = outbound.messages["wamid.OUT.READ"].reports
    [late] = outbound.messages["wamid.OUT.LATE"].reports
    assert (read.state.value, late.state.value, late.error_code) == ("read", "failed", 131047)
    assert "outside the 24-hour window" in caplog.text


async def test_a_garbled_signature_is_refused_before_the_body_is_read(
    client: AsyncTestClient,  # type: ignore[type-arg]
) -> None:
    # Over the size limit: reading it would be a 413. Refused on its header alone, it is a 403.
    huge = b"x" * (4 * 1024 * 1024)
    response = await client.post(
        "/webhooks/whatsapp", content=huge, headers={"X-Hub-Signature-256": "sha256=not-hex"}
    )
    assert response.status_code == 403
