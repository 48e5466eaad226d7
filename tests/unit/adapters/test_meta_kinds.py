"""Every kind in Meta's webhook reference, as delivered (``tests/meta_deliveries``), maps to its kind:
what the bot reads, what staff see, the media to fetch and the message it refers to."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import NamedTuple

import pytest

from adapters.meta.inbound import delivery_reports, inbound_messages
from adapters.meta.payload import decode_delivery
from application.messages import InboundKind, Media
from domain.ids import AddressKind, ClinicId, MessageId, PatientAddress

DELIVERIES = Path(__file__).parents[2] / "meta_deliveries"
CLINICS = {"123456789": ClinicId("sonrisa")}
K = InboundKind


class Expected(NamedTuple):
    kind: InboundKind
    text: str = ""
    media: Media | None = None
    refers_to: str | None = None
    button_id: str | None = None


def _media(media_id: str, mime_type: str, filename: str = "", *, voice: bool = False) -> Media:
    return Media(media_id, mime_type, filename, voice)


EXPECTED = {
    "text": Expected(K.TEXT, "Hola, ¿tienen stock?"),
    "text_bsuid": Expected(K.TEXT, "Hola"),
    "text_forwarded": Expected(K.TEXT, "Mira esto"),
    "text_product_inquiry": Expected(K.TEXT, "¿Sigue disponible?"),
    "text_reply_context": Expected(K.TEXT, "Sí, ese me sirve"),
    "text_username_no_phone": Expected(K.TEXT, "Hola"),
    "referral": Expected(K.TEXT, "Quiero más información"),
    "button": Expected(K.BUTTON, "Dejar de recibir", button_id="STOP_PROMOS"),
    "interactive_button_reply": Expected(K.BUTTON, "Cancelar", button_id="cancel-button"),
    "interactive_list_reply": Expected(K.BUTTON, "Envío express", button_id="priority_express"),
    "audio": Expected(K.AUDIO, media=_media("900000000000003", "audio/ogg; codecs=opus", voice=True)),
    "image": Expected(K.IMAGE, "Foto del producto", _media("900000000000001", "image/jpeg")),
    "video": Expected(K.VIDEO, "Así llegó", _media("900000000000004", "video/mp4")),
    "document": Expected(K.DOCUMENT, "mi boleta", _media("900000000000005", "application/pdf", "boleta.pdf")),
    "sticker": Expected(K.STICKER, media=_media("900000000000002", "image/webp")),
    "location": Expected(
        K.LOCATION, "Tienda Providencia, Av. Providencia 1234, Santiago (-33.426300,-70.620000)"
    ),
    "contacts": Expected(K.CONTACTS, "Pedro Soto · +56 9 4444 5555 · pedro@example.com"),
    "reaction": Expected(K.REACTION, "👍", refers_to="wamid.BIZMSG1"),
    "reaction_removed": Expected(K.REACTION, refers_to="wamid.BIZMSG1"),
    "edit": Expected(K.EDIT, "Foto corregida", refers_to="wamid.IMAGE1"),
    "edit_as_unsupported": Expected(K.EDIT),
    "revoke": Expected(K.DELETED, refers_to="wamid.TEXT1"),
    "request_welcome": Expected(K.WELCOME),
    "system_user_changed_number": Expected(K.SYSTEM, "User Ana changed from 56911112222 to 56933334444"),
    "system_user_changed_user_id": Expected(
        K.SYSTEM, "User Ana changed from CL.13491208655302741918 to CL.98765432109876543210"
    ),
    "system_customer_identity_changed_LEGACY": Expected(
        K.SYSTEM, "LEGACY-PLACEHOLDER: customer identity changed"
    ),
    "interactive_call_permission_reply": Expected(K.CALL),
    "interactive_nfm_reply": Expected(K.FLOW),
    "unsupported": Expected(K.UNSUPPORTED),
    "order": Expected(K.UNSUPPORTED),
}
NO_MESSAGES = (
    "account_update",
    "calls_connect",
    "calls_terminate",
    "message_template_status_update",
    "smb_message_echoes",  # the clinic's own messages from its phone: never a patient's
    "user_id_update",
    "user_preferences",
    "value_errors",
    "status_sent",
    "status_delivered_bsuid",
    "status_failed",
)


def body(name: str) -> bytes:
    return (DELIVERIES / f"{name}.json").read_bytes()


def test_every_delivery_on_file_is_covered() -> None:
    on_file = {path.stem for path in DELIVERIES.glob("*.json")}
    assert on_file == set(EXPECTED) | set(NO_MESSAGES)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_kind_maps_to_what_the_bot_reads_and_staff_see(name: str) -> None:
    [message] = inbound_messages(decode_delivery(body(name)), CLINICS)
    expected = EXPECTED[name]
    refers_to = MessageId(expected.refers_to) if expected.refers_to else None
    got = Expected(message.kind, message.text, message.media, message.refers_to, message.button_id)
    assert got == expected._replace(refers_to=refers_to)
    assert message.clinic_id == "sonrisa"
    raw = json.loads(body(name))["entry"][0]["changes"][0]["value"]["messages"][0]
    assert message.id == raw["id"]


def test_a_number_seen_with_its_user_id_carries_both() -> None:
    [message] = inbound_messages(decode_delivery(body("text_bsuid")), CLINICS)
    assert message.sender == PatientAddress("56911112222")
    assert message.also == PatientAddress("CL.13491208655302741918", AddressKind.USER_ID)


def test_a_changed_number_says_where_the_patient_is_now() -> None:
    [message] = inbound_messages(decode_delivery(body("system_user_changed_number")), CLINICS)
    assert (message.sender, message.new_address) == (
        PatientAddress("56911112222"),
        PatientAddress("56933334444"),
    )
    [identity] = inbound_messages(decode_delivery(body("system_customer_identity_changed_LEGACY")), CLINICS)
    assert identity.new_address is None  # a new security key: the same patient, the same number


def test_a_patient_known_only_by_user_id_is_addressed_by_it() -> None:
    [message] = inbound_messages(decode_delivery(body("text_username_no_phone")), CLINICS)
    assert (message.sender.kind, message.sender.value) == (AddressKind.USER_ID, "CL.13491208655302741918")


@pytest.mark.parametrize("name", NO_MESSAGES)
def test_other_fields_receipts_and_errors_hold_no_patient_message(name: str) -> None:
    assert inbound_messages(decode_delivery(body(name)), CLINICS) == []


def test_receipts_are_read_from_their_deliveries() -> None:
    states = [
        r.state.value
        for name in ("status_sent", "status_failed")
        for r in delivery_reports(decode_delivery(body(name)))
    ]
    assert states == ["sent", "failed"]


def test_errors_on_a_change_are_logged_with_their_codes(caplog: pytest.LogCaptureFixture) -> None:
    raw = json.loads(body("value_errors"))
    codes = [str(e["code"]) for e in raw["entry"][0]["changes"][0]["value"]["errors"]]
    with caplog.at_level(logging.WARNING, logger="adapters.meta.inbound"):
        inbound_messages(decode_delivery(body("value_errors")), CLINICS)
    assert codes
    assert all(code in caplog.text for code in codes)
