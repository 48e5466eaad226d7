"""Decoding Meta's webhook deliveries and mapping them to the application's inbound messages."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

import pytest

from adapters.meta.inbound import delivery_reports, inbound_messages, phone_number_ids
from adapters.meta.payload import MalformedDelivery, WebhookDelivery, decode_delivery
from application.messages import DeliveryReport, DeliveryState, InboundKind, InboundMessage
from domain.ids import AddressKind, ClinicId, MessageId, PatientAddress
from tests.meta_payloads import (
    JsonObject,
    batch_delivery,
    button_delivery,
    contact,
    delivery,
    encode,
    entry,
    failed_status,
    image_delivery,
    list_delivery,
    message,
    messages_value,
    single_message_delivery,
    status_delivery,
    template_button_delivery,
    text_delivery,
    text_message,
)

PHONE_NUMBER_ID = "106540352242922"
OTHER_PHONE_NUMBER_ID = "106540352242923"
UNKNOWN_PHONE_NUMBER_ID = "999999999999999"
CLINIC = ClinicId("clinica-sol")
OTHER_CLINIC = ClinicId("clinica-luna")
CLINICS = {PHONE_NUMBER_ID: CLINIC, OTHER_PHONE_NUMBER_ID: OTHER_CLINIC}
SENDER = "34600111222"
USER_ID = "ES.13491208655302741918"
T0 = 1749416383
T0_UTC = datetime(2025, 6, 8, 20, 59, 43, tzinfo=UTC)


def decode(payload: JsonObject) -> WebhookDelivery:
    return decode_delivery(encode(payload))


def only_message(payload: JsonObject) -> InboundMessage:
    [result] = inbound_messages(decode(payload), CLINICS)
    return result


# --- kinds ----------------------------------------------------------------------------------------


def test_a_text_message_maps_to_text_with_sender_time_and_profile_name() -> None:
    result = only_message(text_delivery(PHONE_NUMBER_ID, SENDER, "wamid.T1", "Quiero una cita", T0))

    assert result == InboundMessage(
        id=MessageId("wamid.T1"),
        clinic_id=CLINIC,
        sender=PatientAddress(SENDER, AddressKind.PHONE),
        sent_at=T0_UTC,
        kind=InboundKind.TEXT,
        text="Quiero una cita",
        button_id=None,
        sender_name="Lucía Fernández",
    )
    assert result.sent_at.utcoffset() is not None


def test_a_reply_button_maps_to_button_with_its_id_and_title() -> None:
    result = only_message(button_delivery(PHONE_NUMBER_ID, SENDER, "wamid.B1", "slot:42", "Martes 10:00", T0))

    assert (result.kind, result.button_id, result.text) == (InboundKind.BUTTON, "slot:42", "Martes 10:00")
    assert result.sender == PatientAddress(SENDER, AddressKind.PHONE)


def test_a_list_row_maps_to_button_with_its_id_and_title() -> None:
    payload = list_delivery(
        PHONE_NUMBER_ID, SENDER, "wamid.L1", "doctor:ana", "Dra. Ana Ruiz", T0, description="Pediatría"
    )

    result = only_message(payload)

    assert (result.kind, result.button_id, result.text) == (InboundKind.BUTTON, "doctor:ana", "Dra. Ana Ruiz")


def test_a_list_row_without_description_still_maps() -> None:
    result = only_message(
        list_delivery(PHONE_NUMBER_ID, SENDER, "wamid.L2", "doctor:ana", "Dra. Ana Ruiz", T0)
    )

    assert (result.kind, result.button_id) == (InboundKind.BUTTON, "doctor:ana")


def test_a_template_quick_reply_maps_to_button_with_its_payload_and_text() -> None:
    payload = template_button_delivery(PHONE_NUMBER_ID, SENDER, "wamid.Q1", "confirm:appt-7", "Confirmar", T0)

    result = only_message(payload)

    assert (result.kind, result.button_id, result.text) == (InboundKind.BUTTON, "confirm:appt-7", "Confirmar")


@pytest.mark.parametrize(
    ("type_", "content"),
    [
        ("unsupported", {"errors": [{"code": 131051, "title": "Message type unknown"}]}),
        ("foo", {"foo": {"anything": [1, 2, 3]}}),
        ("interactive", {"interactive": {"type": "something_new"}}),
        ("interactive", {"interactive": {"type": "button_reply"}}),
        ("text", {}),
        ("button", {}),
        ("image", {}),
        ("audio", {"audio": {"mime_type": "audio/ogg"}}),  # no media id: nothing to fetch
        ("reaction", {}),
    ],
    ids=[
        "unsupported",
        "unknown-type",
        "unknown-interactive",
        "button_reply-without-object",
        "text-without-object",
        "button-without-object",
        "image-without-object",
        "audio-without-id",
        "reaction-without-object",
    ],
)
def test_an_unknown_kind_or_one_missing_its_content_is_unsupported(
    type_: str, content: dict[str, Any]
) -> None:
    item = message(SENDER, "wamid.U1", T0, type_, **content)

    result = only_message(single_message_delivery(PHONE_NUMBER_ID, item))

    assert (result.kind, result.text, result.button_id, result.media) == (
        InboundKind.UNSUPPORTED,
        "",
        None,
        None,
    )


def test_an_unsupported_message_is_logged_with_its_error_code_and_never_its_content(
    caplog: pytest.LogCaptureFixture,
) -> None:
    item = message(SENDER, "wamid.U2", T0, "unsupported", errors=[{"code": 131051, "title": "hola Ana"}])
    with caplog.at_level(logging.INFO, logger="adapters.meta.inbound"):
        only_message(single_message_delivery(PHONE_NUMBER_ID, item))
    assert "131051" in caplog.text
    assert "hola Ana" not in caplog.text
    assert SENDER not in caplog.text


# --- batches --------------------------------------------------------------------------------------


def test_every_message_of_every_entry_comes_out_oldest_first() -> None:
    first_entry = entry(
        messages_value(
            PHONE_NUMBER_ID,
            [
                text_message(SENDER, "wamid.A2", "dos", T0 + 2),
                text_message(SENDER, "wamid.A4", "cuatro", T0 + 4),
            ],
            [contact(SENDER)],
        )
    )
    second_entry = entry(
        messages_value(
            OTHER_PHONE_NUMBER_ID,
            [
                text_message("34600333444", "wamid.B1", "uno", T0 + 1),
                text_message("34600333444", "wamid.B3", "tres", T0 + 3),
            ],
            [contact("34600333444", "Pedro")],
        ),
        waba_id="102290129340399",
    )

    result = inbound_messages(decode(delivery(first_entry, second_entry)), CLINICS)

    assert [(m.id, m.clinic_id, m.text) for m in result] == [
        ("wamid.B1", OTHER_CLINIC, "uno"),
        ("wamid.A2", CLINIC, "dos"),
        ("wamid.B3", OTHER_CLINIC, "tres"),
        ("wamid.A4", CLINIC, "cuatro"),
    ]
    assert [m.sender_name for m in result] == ["Pedro", "Lucía Fernández", "Pedro", "Lucía Fernández"]


def test_every_change_of_an_entry_is_read() -> None:
    payload = delivery(
        entry(
            messages_value(PHONE_NUMBER_ID, [text_message(SENDER, "wamid.C1", "a", T0)]),
            messages_value(OTHER_PHONE_NUMBER_ID, [text_message(SENDER, "wamid.C2", "b", T0 + 1)]),
        )
    )

    result = inbound_messages(decode(payload), CLINICS)

    assert [(m.id, m.clinic_id) for m in result] == [("wamid.C1", CLINIC), ("wamid.C2", OTHER_CLINIC)]


def test_messages_with_the_same_timestamp_keep_delivery_order() -> None:
    items = [text_message(SENDER, f"wamid.S{i}", str(i), T0 if i != 0 else T0 + 5) for i in range(5)]

    result = inbound_messages(decode(delivery(entry(messages_value(PHONE_NUMBER_ID, items)))), CLINICS)

    assert [m.id for m in result] == ["wamid.S1", "wamid.S2", "wamid.S3", "wamid.S4", "wamid.S0"]


def test_a_statuses_only_delivery_has_no_messages_and_no_error() -> None:
    decoded = decode(status_delivery(PHONE_NUMBER_ID, SENDER, "wamid.OUT1", "delivered", T0))

    assert inbound_messages(decoded, CLINICS) == []
    assert phone_number_ids(decoded) == set()
    assert decoded.entry[0].changes[0].value.statuses[0].status == "delivered"


def test_a_failed_status_with_errors_decodes() -> None:
    payload = status_delivery(PHONE_NUMBER_ID, SENDER, "wamid.OUT2", "failed", T0)
    payload["entry"][0]["changes"][0]["value"]["statuses"][0]["errors"] = [
        {
            "code": 131047,
            "title": "Re-engagement message",
            "message": "Re-engagement message",
            "error_data": {"details": "Message failed to send because more than 24 hours have passed"},
            "href": "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/",
        }
    ]

    [error] = decode(payload).entry[0].changes[0].value.statuses[0].errors

    assert (error.code, error.title) == (131047, "Re-engagement message")


def test_changes_of_other_fields_are_ignored() -> None:
    payload = delivery(entry(messages_value(PHONE_NUMBER_ID, [text_message(SENDER, "wamid.F1", "hola", T0)])))
    payload["entry"][0]["changes"].insert(
        0,
        {
            "field": "message_template_status_update",
            "value": {
                "event": "APPROVED",
                "message_template_id": 594425479261596,
                "message_template_name": "recordatorio_cita",
                "message_template_language": "es",
                "reason": "NONE",
            },
        },
    )

    decoded = decode(payload)

    assert [m.id for m in inbound_messages(decoded, CLINICS)] == ["wamid.F1"]
    assert phone_number_ids(decoded) == {PHONE_NUMBER_ID}


# --- clinics --------------------------------------------------------------------------------------


def test_phone_number_ids_lists_every_number_that_received_messages() -> None:
    payload = delivery(
        entry(messages_value(PHONE_NUMBER_ID, [text_message(SENDER, "wamid.P1", "a", T0)])),
        entry(messages_value(UNKNOWN_PHONE_NUMBER_ID, [text_message(SENDER, "wamid.P2", "b", T0)])),
        entry(messages_value(OTHER_PHONE_NUMBER_ID, statuses=[])),
    )

    assert phone_number_ids(decode(payload)) == {PHONE_NUMBER_ID, UNKNOWN_PHONE_NUMBER_ID}


def test_messages_to_an_unknown_phone_number_id_are_skipped_with_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    payload = delivery(
        entry(
            messages_value(UNKNOWN_PHONE_NUMBER_ID, [text_message(SENDER, "wamid.X1", "secreto médico", T0)])
        ),
        entry(messages_value(PHONE_NUMBER_ID, [text_message(SENDER, "wamid.K1", "hola", T0)])),
    )

    with caplog.at_level(logging.WARNING, logger="adapters.meta.inbound"):
        result = inbound_messages(decode(payload), CLINICS)

    assert [m.id for m in result] == ["wamid.K1"]
    [record] = caplog.records
    assert record.name == "adapters.meta.inbound"
    assert record.levelno == logging.WARNING
    assert UNKNOWN_PHONE_NUMBER_ID in record.getMessage()
    assert SENDER not in caplog.text
    assert "secreto" not in caplog.text


# --- senders --------------------------------------------------------------------------------------


def test_a_user_with_a_hidden_phone_number_is_addressed_by_user_id() -> None:
    payload = text_delivery(
        PHONE_NUMBER_ID, None, "wamid.H1", "hola", T0, user_id=USER_ID, profile_name="Marta"
    )

    result = only_message(payload)

    assert result.sender == PatientAddress(USER_ID, AddressKind.USER_ID)
    assert result.sender_name == "Marta"


def test_the_phone_number_wins_when_both_ids_are_present() -> None:
    result = only_message(text_delivery(PHONE_NUMBER_ID, SENDER, "wamid.H2", "hola", T0, user_id=USER_ID))

    assert result.sender == PatientAddress(SENDER, AddressKind.PHONE)


def test_a_message_without_any_sender_id_is_skipped_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    payload = delivery(
        entry(
            messages_value(
                PHONE_NUMBER_ID,
                [
                    text_message(None, "wamid.N1", "secreto médico", T0),
                    text_message(SENDER, "wamid.N2", "hola", T0),
                ],
                [contact(SENDER)],
            )
        )
    )

    with caplog.at_level(logging.WARNING, logger="adapters.meta.inbound"):
        result = inbound_messages(decode(payload), CLINICS)

    assert [m.id for m in result] == ["wamid.N2"]
    [record] = caplog.records
    assert "without a sender id" in record.getMessage()
    assert "N1" not in caplog.text  # a wamid holds the sender's number: never logged (issue 19)
    assert "secreto" not in caplog.text


def test_a_blank_sender_counts_as_missing() -> None:
    item = text_message("  ", "wamid.N3", "hola", T0, user_id=USER_ID)

    result = only_message(delivery(entry(messages_value(PHONE_NUMBER_ID, [item]))))

    assert result.sender == PatientAddress(USER_ID, AddressKind.USER_ID)


def test_the_sender_name_comes_only_from_the_matching_contact() -> None:
    item = text_message(SENDER, "wamid.M1", "hola", T0)
    contacts = [contact("34600999888", "Otra Persona"), contact(SENDER, "Lucía")]

    result = only_message(delivery(entry(messages_value(PHONE_NUMBER_ID, [item], contacts))))

    assert result.sender_name == "Lucía"


def test_the_sender_name_is_none_without_a_matching_contact() -> None:
    item = text_message(SENDER, "wamid.M2", "hola", T0)
    unrelated = messages_value(PHONE_NUMBER_ID, [item], [contact("34600999888", "Otra Persona")])

    assert only_message(delivery(entry(unrelated))).sender_name is None
    assert only_message(delivery(entry(messages_value(PHONE_NUMBER_ID, [item])))).sender_name is None


# --- decoding -------------------------------------------------------------------------------------


def test_unknown_fields_at_every_level_are_tolerated() -> None:
    payload = button_delivery(PHONE_NUMBER_ID, SENDER, "wamid.E1", "slot:1", "Lunes", T0)
    payload["new_top_level"] = {"x": 1}
    payload["entry"][0]["time"] = T0
    payload["entry"][0]["changes"][0]["new_change_field"] = True
    value = payload["entry"][0]["changes"][0]["value"]
    value["new_value_field"] = [1, 2]
    value["metadata"]["new_metadata_field"] = "x"
    value["contacts"][0]["profile"]["username"] = "@lucia"
    value["contacts"][0]["new_contact_field"] = None
    value["messages"][0]["new_message_field"] = {"nested": "y"}
    value["messages"][0]["context"]["forwarded"] = True
    value["messages"][0]["interactive"]["button_reply"]["new_reply_field"] = 3

    result = only_message(payload)

    assert (result.kind, result.button_id, result.sender_name) == (
        InboundKind.BUTTON,
        "slot:1",
        "Lucía Fernández",
    )


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"{not json", id="not-json"),
        pytest.param(b'{"object": "whatsapp_business_account", "entry": [', id="truncated"),
        pytest.param(b"\xff\xfe", id="not-utf8"),
    ],
)
def test_invalid_json_is_malformed(body: bytes) -> None:
    with pytest.raises(MalformedDelivery, match="not valid JSON"):
        decode_delivery(body)


def _with_first_message(**changes: Any) -> JsonObject:
    payload = text_delivery(PHONE_NUMBER_ID, SENDER, "wamid.W1", "hola", T0)
    payload["entry"][0]["changes"][0]["value"]["messages"][0] |= changes
    return payload


@pytest.mark.parametrize(
    "payload",
    [
        pytest.param([], id="array-at-top"),
        pytest.param({}, id="empty-object"),
        pytest.param({"object": "whatsapp_business_account"}, id="no-entry"),
        pytest.param({"object": "whatsapp_business_account", "entry": {}}, id="entry-not-a-list"),
        pytest.param(
            {"object": "whatsapp_business_account", "entry": [{"changes": []}]}, id="entry-without-id"
        ),
        pytest.param(
            {
                "object": "whatsapp_business_account",
                "entry": [{"id": "1", "changes": [{"field": "messages"}]}],
            },
            id="change-without-value",
        ),
        pytest.param(_with_first_message(id=12345), id="message-id-not-a-string"),
        pytest.param(_with_first_message(timestamp="yesterday"), id="timestamp-not-digits"),
        pytest.param(_with_first_message(timestamp=T0), id="timestamp-as-number"),
        pytest.param(_with_first_message(type=None), id="type-null"),
        pytest.param(_with_first_message(text="hola"), id="text-not-an-object"),
        pytest.param(_with_first_message(text={"body": None}), id="text-body-null"),
    ],
)
def test_a_wrong_shape_is_malformed(payload: Any) -> None:
    with pytest.raises(MalformedDelivery, match="not a webhook delivery"):
        decode_delivery(encode(payload))


def test_the_reason_never_quotes_the_body() -> None:
    payload = _with_first_message(timestamp="CONFIDENCIAL-34600111222")

    with pytest.raises(MalformedDelivery) as excinfo:
        decode_delivery(encode(payload))

    assert "CONFIDENCIAL" not in str(excinfo.value)
    assert SENDER not in str(excinfo.value)
    assert excinfo.value.__cause__ is None


def test_a_delivery_with_three_messages_and_two_receipts_yields_all_five() -> None:
    decoded = decode(batch_delivery(PHONE_NUMBER_ID, SENDER, ["uno", "dos", "tres"], T0))

    assert [m.text for m in inbound_messages(decoded, CLINICS)] == ["uno", "dos", "tres"]
    read, failed = delivery_reports(decoded)
    assert read == DeliveryReport("wamid.OUT.READ", DeliveryState.READ, datetime.fromtimestamp(T0, tz=UTC))
    assert (failed.message_id, failed.state, failed.error_code) == (
        "wamid.OUT.LATE",
        DeliveryState.FAILED,
        131047,
    )
    assert failed.error_title == "Re-engagement message"
    assert failed.needs_template
    assert not read.needs_template


def test_receipts_with_an_unknown_status_are_skipped() -> None:
    decoded = decode(status_delivery(PHONE_NUMBER_ID, SENDER, "wamid.OUT3", "deleted", T0))
    assert delivery_reports(decoded) == []


# --- text no store can hold: control characters and unpaired surrogates ------------------------------

DIRTY = "a\x00b\x1bc\x7fd\x85e\x0bf\x0cg"  # NUL, ESC, DEL, a C1 control, VT, FF: all removed
UNFIT = {chr(c) for c in (*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0), *range(0xD800, 0xE000))}


def unfit_in(text: str | None) -> set[str]:
    return set(text or "") & UNFIT


def test_a_text_and_a_profile_name_with_control_characters_are_cleaned() -> None:
    result = only_message(
        single_message_delivery(
            PHONE_NUMBER_ID, text_message(SENDER, "wamid.C1", DIRTY, T0), profile_name="Ana\x00 López\x07"
        )
    )
    assert (result.text, result.sender_name) == ("abcdefg", "Ana López")


def test_tabs_line_breaks_and_emoji_sequences_are_kept_and_carriage_returns_become_line_breaks() -> None:
    text = "línea 1\r\nlínea 2\rlínea 3\n\tfin 👩🏽‍⚕️ ❤️ 🇨🇱 😀"
    result = only_message(text_delivery(PHONE_NUMBER_ID, SENDER, "wamid.C2", text, T0))
    assert result.text == "línea 1\nlínea 2\nlínea 3\n\tfin 👩🏽‍⚕️ ❤️ 🇨🇱 😀"


def test_an_unpaired_surrogate_escape_becomes_a_replacement_character_and_a_pair_stays_one_emoji() -> None:
    body = encode(text_delivery(PHONE_NUMBER_ID, SENDER, "wamid.C3", "TEXT", T0))
    escaped = b"hola \\ud83d y \\ude00 y \\ud83d\\ude00 fin\\ud83d"
    result = only_message_of(body.replace(b"TEXT", escaped))
    assert result.text == "hola \ufffd y \ufffd y 😀 fin\ufffd"


def only_message_of(body: bytes) -> InboundMessage:
    [result] = inbound_messages(decode_delivery(body), CLINICS)
    return result


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b'{"object": "x", "entry": [], "y": "\\ud800", "z": NaN}', id="nan-beside-a-surrogate"),
        pytest.param(b'{"object": "\\ud800", "entry": []} trailing', id="trailing-garbage"),
        pytest.param(b'{"object": "\\ud800", "entry": [], "x": "\x01"}', id="raw-control-character"),
        pytest.param(b'{"object": "\\ud800", "entry": [], "x": "\xed\xa0\x80"}', id="utf8-encoded-surrogate"),
    ],
)
def test_json_that_is_really_malformed_stays_malformed_beside_a_surrogate(body: bytes) -> None:
    with pytest.raises(MalformedDelivery, match="not valid JSON"):
        decode_delivery(body)


def test_a_wrong_shape_beside_a_surrogate_is_still_a_wrong_shape() -> None:
    with pytest.raises(MalformedDelivery, match="not a webhook delivery"):
        decode_delivery(b'{"object": "\\ud800", "entry": 1}')


KEPT = {"timestamp", "field", "type", "status"}


def dirty_everywhere(payload: JsonObject, dirt: str) -> JsonObject:
    """``payload`` with ``dirt`` added to every string but timestamps (only digits) and the kinds
    compared with a constant and never handed on (``field``, ``type``, ``status``)."""
    if isinstance(payload, dict):
        return {k: v if k in KEPT else dirty_everywhere(v, dirt) for k, v in payload.items()}
    if isinstance(payload, list):
        return [dirty_everywhere(v, dirt) for v in payload]
    return payload + dirt if isinstance(payload, str) else payload


KINDS_OF_DELIVERY = {
    "text": text_delivery(PHONE_NUMBER_ID, SENDER, "wamid.K1", "hola", T0),
    "user_id": single_message_delivery(
        PHONE_NUMBER_ID, text_message(None, "wamid.K2", "hola", T0, user_id=USER_ID)
    ),
    "button": button_delivery(PHONE_NUMBER_ID, SENDER, "wamid.K3", "CONFIRM_BOOKING", "Confirmar", T0),
    "list": list_delivery(
        PHONE_NUMBER_ID, SENDER, "wamid.K4", "SLOT_1", "10:00", T0, description="Dra. Soto"
    ),
    "template_button": template_button_delivery(
        PHONE_NUMBER_ID, SENDER, "wamid.K5", "RECALL_REPLY_BOOK", "Sí", T0
    ),
    "image": image_delivery(PHONE_NUMBER_ID, SENDER, "wamid.K6", T0, caption="mi radiografía"),
    "batch": batch_delivery(PHONE_NUMBER_ID, SENDER, ["hola", "mañana"], T0),
    "receipt": status_delivery(PHONE_NUMBER_ID, SENDER, "wamid.OUT", "read", T0, callback_data="outbox:1"),
    "failed_receipt": delivery(
        entry(
            messages_value(
                PHONE_NUMBER_ID, statuses=[failed_status(SENDER, "wamid.OUT", T0, 131047, "Re-engage")]
            )
        )
    ),
}


DIRT = {
    "nul": "\x00",
    "esc": "\x1b",
    "del": "\x7f",
    "c1": "\x9b",
    "high": "\ud83d",
    "low": "\udfff",
    "mix": "\x00\ud83d\r\x1f",
}


@pytest.mark.parametrize("dirt", DIRT.values(), ids=DIRT.keys())
@pytest.mark.parametrize("payload", KINDS_OF_DELIVERY.values(), ids=KINDS_OF_DELIVERY.keys())
def test_no_string_handed_on_holds_a_control_character_or_a_lone_surrogate(
    payload: JsonObject, dirt: str
) -> None:
    body = json.dumps(dirty_everywhere(payload, dirt)).encode()  # escaped as Meta escapes them
    handed_on = everything_handed_on_of(body)
    assert handed_on, "nothing handed on"
    assert [text for text in handed_on if unfit_in(text)] == []


def everything_handed_on_of(body: bytes) -> list[str | None]:
    delivered = decode_delivery(body)
    clinics = {number: CLINIC for number in phone_number_ids(delivered)}
    texts: list[str | None] = [*sorted(clinics)]
    for m in inbound_messages(delivered, clinics):
        texts += [m.id, m.sender.value, m.text, m.button_id, m.sender_name]
    for r in delivery_reports(delivered):
        texts += [r.message_id, r.error_title, r.reference]
    return texts


def test_a_sender_id_of_only_control_characters_counts_as_missing() -> None:
    payload = text_delivery(PHONE_NUMBER_ID, "\x00\x01", "wamid.C4", "hola", T0)
    assert inbound_messages(decode(payload), CLINICS) == []


def test_an_error_code_past_32_bits_is_no_code() -> None:
    receipt = failed_status(SENDER, "wamid.OUT", T0, 2**40, "Re-engage")
    [report] = delivery_reports(decode(delivery(entry(messages_value(PHONE_NUMBER_ID, statuses=[receipt])))))
    assert (report.error_code, report.error_title) == (None, "Re-engage")
