"""A document (an appointment's ``.ics``) in the adapters: Meta's message by media id, the caption
within Meta's limit, the outbox's JSON of it, and the terminal chat's rendering."""

from __future__ import annotations

import pytest

from adapters.meta.wire import CAPTION_LIMIT, payloads
from adapters.postgres.outbox import decode, encode
from application.messages import DocumentReply
from domain.ids import AddressKind, PatientAddress
from entrypoints.chat import render

ANA = PatientAddress("56911112222")
ICS = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nSUMMARY:Limpieza dental\\, Sonrisa\r\nEND:VCALENDAR\r\n"
CITA = DocumentReply(
    "cita-2026-12-04.ics", "text/plain", ICS, "Toca el archivo para agregar la cita a tu calendario."
)


def test_a_document_is_one_message_naming_its_uploaded_file() -> None:
    assert payloads(ANA, CITA, media_id="1037543291543636") == [
        {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": "+56911112222",
            "type": "document",
            "document": {
                "id": "1037543291543636",
                "filename": "cita-2026-12-04.ics",
                "caption": "Toca el archivo para agregar la cita a tu calendario.",
            },
        }
    ]


def test_a_document_goes_to_a_user_id_as_the_other_kinds_do() -> None:
    [payload] = payloads(PatientAddress("CL.123", AddressKind.USER_ID), CITA, media_id="77")
    assert payload["recipient"] == "CL.123"
    assert "to" not in payload


def test_a_document_without_a_caption_has_none() -> None:
    [payload] = payloads(ANA, DocumentReply("cita.ics", "text/plain", ICS), media_id="77")
    assert payload["document"] == {"id": "77", "filename": "cita.ics"}


def test_a_long_caption_is_cut_at_a_word_within_metas_limit_and_keeps_its_lines() -> None:
    caption = "Tu cita:\nviernes 4 de diciembre a las 16:00\n\n" + "Recuerda llegar temprano. " * 60
    [payload] = payloads(ANA, DocumentReply("cita.ics", "text/plain", ICS, caption), media_id="77")
    sent = payload["document"]["caption"]
    assert len(sent) <= CAPTION_LIMIT
    assert sent.startswith("Tu cita:\nviernes 4 de diciembre a las 16:00\n\n")
    assert sent.endswith("…")
    kept = sent.removesuffix("…")
    assert caption.startswith(kept)
    assert caption[len(kept)] == " "  # cut between words


def test_a_document_is_never_sent_without_its_upload() -> None:
    with pytest.raises(ValueError, match="media id"):
        payloads(ANA, CITA)


def test_the_outbox_keeps_a_documents_bytes_and_gives_them_back() -> None:
    kind, message = encode(CITA)
    assert kind == "document"
    assert "BEGIN:VCALENDAR" not in message  # bytes travel as base64 in the JSON
    assert decode(kind, message) == CITA
    binary = DocumentReply("x.pdf", "application/pdf", bytes(range(256)))
    assert decode(*encode(binary)) == binary


def test_the_chat_shows_a_document_as_its_caption_and_the_file() -> None:
    assert render(CITA) == [
        "bot> Toca el archivo para agregar la cita a tu calendario.",
        "     📎 cita-2026-12-04.ics (calendario)",
    ]
    assert render(DocumentReply("cita.ics", "text/plain", ICS)) == ["bot> 📎 cita.ics (calendario)"]
    assert render(DocumentReply("informe", "application/pdf", b"%PDF", "Tu informe\nfirmado")) == [
        "bot> Tu informe",
        "     firmado",
        "     📎 informe (application/pdf)",
    ]
