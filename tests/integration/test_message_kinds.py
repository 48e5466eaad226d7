"""Every kind in Meta's webhook reference, posted signed to the real app as Meta delivers it
(``tests/meta_deliveries``): what the patient gets, or that they get nothing (issue 21)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from dependency_injector import providers
from litestar import Litestar
from litestar.testing import AsyncTestClient

from adapters.clinic_config.toml_file import load_demo_clinic
from adapters.memory.clock import FixedClock
from adapters.memory.store import InMemoryUnitOfWorkFactory
from application import texts_es as texts
from application.messages import InboundKind, OutboundMessage
from domain.clinic import Clinic
from domain.ids import PatientAddress
from entrypoints.container import Container, build_container
from entrypoints.settings import Settings
from entrypoints.web import create_app
from tests import meta_payloads as meta
from tests.consent import answered
from tests.counting_metrics import CountingMetrics
from tests.integration.test_webhook import settled

pytestmark = pytest.mark.integration

SECRET = "test-app-secret"
DEMO_NUMBER = "100000000000001"
Client = AsyncTestClient[Litestar]
DELIVERIES = Path(__file__).parents[1] / "meta_deliveries"
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=ZoneInfo("America/Santiago"))


@pytest.fixture
def container() -> Container:
    container = build_container(Settings(meta_app_secret=SECRET, meta_verify_token="v"))
    container.clock.override(providers.Object(FixedClock(NOW)))
    container.metrics.override(providers.Object(CountingMetrics()))
    units = container.unit_of_work()
    assert isinstance(units, InMemoryUnitOfWorkFactory)
    # The senders of the deliveries on file answered the privacy notice before.
    senders = (PatientAddress("56911112222"), PatientAddress("56922223333"))
    answered(units.store, load_demo_clinic(), *senders, at=NOW)
    return container


@pytest.fixture
async def client(container: Container) -> AsyncIterator[Client]:
    async with AsyncTestClient(app=create_app(container)) as client:
        yield client


@pytest.fixture
async def clinic(container: Container) -> Clinic:
    found = await container.clinics().by_phone_number_id(DEMO_NUMBER)
    assert isinstance(found, Clinic)
    return found


async def post(client: Client, container: Container, name: str) -> list[OutboundMessage]:
    """The delivery on file, to the demo clinic, sent now and signed; what the patient got."""
    text = (DELIVERIES / f"{name}.json").read_text().replace('"123456789"', f'"{DEMO_NUMBER}"')
    body = text.replace('"1764590400"', f'"{int(NOW.timestamp())}"').encode()
    before = len(container.sender().sent)
    response = await client.post(
        "/webhooks/whatsapp", content=body, headers=meta.signed_headers(SECRET, body)
    )
    assert response.status_code == 200, response.text
    await settled(container)
    return [s.message for s in container.sender().sent[before:]]


SILENT = (
    "reaction",
    "reaction_removed",
    "edit",
    "edit_as_unsupported",
    "revoke",
    "system_user_changed_number",
    "system_user_changed_user_id",
    "system_customer_identity_changed_LEGACY",
    "interactive_call_permission_reply",
    "interactive_nfm_reply",
    "unsupported",
    "order",
    # not a patient's message at all: the clinic's own, call events, template and account news
    "smb_message_echoes",
    "calls_connect",
    "calls_terminate",
    "message_template_status_update",
    "account_update",
    "user_preferences",
    "user_id_update",
    "value_errors",
    "status_sent",
    "status_delivered_bsuid",
    "status_failed",
)


@pytest.mark.parametrize("name", SILENT)
async def test_what_no_receptionist_would_answer_gets_no_answer(
    client: Client,
    container: Container,
    name: str,
) -> None:
    assert await post(client, container, name) == []


@pytest.mark.parametrize(
    ("name", "kind"),
    [("image", InboundKind.IMAGE), ("video", InboundKind.VIDEO), ("document", InboundKind.DOCUMENT)],
)
async def test_a_photo_video_or_document_is_acknowledged_and_its_caption_read(
    client: Client,
    container: Container,
    clinic: Clinic,
    name: str,
    kind: InboundKind,
) -> None:
    received, *answer = await post(client, container, name)
    assert received == texts.received_for_staff(clinic, kind)
    assert answer, "the caption is read and answered"


async def test_a_contact_card_is_acknowledged(
    client: Client,
    container: Container,
    clinic: Clinic,
) -> None:
    assert await post(client, container, "contacts") == [
        texts.received_for_staff(clinic, InboundKind.CONTACTS)
    ]


async def test_a_location_gets_the_clinics_address_and_a_maps_link(
    client: Client,
    container: Container,
    clinic: Clinic,
) -> None:
    assert await post(client, container, "location") == [texts.where_we_are(clinic)]


async def test_a_sticker_alone_gets_nothing(client: Client, container: Container) -> None:
    assert await post(client, container, "sticker") == []


async def test_opening_the_chat_gets_the_welcome_with_the_booking_button(
    client: Client,
    container: Container,
    clinic: Clinic,
) -> None:
    assert await post(client, container, "request_welcome") == [texts.welcome(clinic)]


async def test_a_voice_note_without_a_transcriber_asks_the_patient_to_write(
    client: Client,
    container: Container,
    clinic: Clinic,
) -> None:
    assert await post(client, container, "audio") == [texts.cannot_listen_yet(clinic)]


@pytest.mark.parametrize(
    "name",
    [
        "text",
        "text_bsuid",
        "text_forwarded",
        "text_product_inquiry",
        "text_reply_context",
        "text_username_no_phone",
        "referral",
        "button",
        "interactive_button_reply",
        "interactive_list_reply",
    ],
)
async def test_texts_and_buttons_are_answered(client: Client, container: Container, name: str) -> None:
    assert await post(client, container, name)


async def test_messages_are_counted_by_kind(client: Client, container: Container) -> None:
    for name in ("text", "image", "audio", "reaction", "sticker"):
        await post(client, container, name)
    metrics = container.metrics()
    assert isinstance(metrics, CountingMetrics)
    counted = {
        kind: metrics.counted["message_kind", kind]
        for kind in ("text", "image", "audio", "reaction", "sticker")
    }
    assert counted == {"text": 1, "image": 1, "audio": 1, "reaction": 1, "sticker": 1}


def test_every_delivery_on_file_is_posted_here() -> None:
    posted = set(SILENT) | {
        "image",
        "video",
        "document",
        "contacts",
        "location",
        "sticker",
        "request_welcome",
        "audio",
    }
    posted |= {"text", "text_bsuid", "text_forwarded", "text_product_inquiry", "text_reply_context"}
    posted |= {
        "text_username_no_phone",
        "referral",
        "button",
        "interactive_button_reply",
        "interactive_list_reply",
    }
    assert posted == {path.stem for path in DELIVERIES.glob("*.json")}
    assert json.loads((DELIVERIES / "graph" / "media_get_response.json").read_text())["id"]


async def test_a_changed_number_takes_the_appointment_along(client: Client, container: Container) -> None:
    ana = "56911112222"  # the sample's sender; the notice says she is now 56933334444
    at = int(NOW.timestamp())
    said = "Quiero agendar una cita para mañana a las 10. Me llamo Ana López."
    for payload in (
        meta.text_delivery(DEMO_NUMBER, ana, "wamid.book", said, at),
        meta.button_delivery(DEMO_NUMBER, ana, "wamid.confirm", "CONFIRM_BOOKING", "Confirmar", at + 5),
    ):
        body = meta.encode(payload)
        await client.post("/webhooks/whatsapp", content=body, headers=meta.signed_headers(SECRET, body))
        await settled(container)
    store = container.unit_of_work().store
    [appointment] = store.appointments.values()
    assert appointment.patient.value == ana

    assert await post(client, container, "system_user_changed_number") == []
    assert appointment.patient.value == "56933334444"
    assert {key[1].value for key in store.sessions} == {"56933334444"}
