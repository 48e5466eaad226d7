"""What the console shows and where its forms send the receptionist, without a server."""

from __future__ import annotations

import hashlib
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from adapters.clinic_config.toml_file import load_demo_clinic
from domain.conversation import Attachment, ChatSession, ConversationState, Speaker, Turn
from domain.ids import PatientAddress
from domain.language import Language
from entrypoints.console import STATIC, TEMPLATES
from entrypoints.console.signed_in import safe_back
from entrypoints.console.views import NOTES, conversation_row, said

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=ZoneInfo("America/Santiago"))
SONRISA = load_demo_clinic()


@pytest.mark.parametrize(
    ("back", "goes_to"),
    [
        ("/console/agenda?dias=1", "/console/agenda?dias=1"),
        ("/console/c/56911112222", "/console/c/56911112222"),
        ("https://evil.example/console/", "/console/agenda"),
        ("//evil.example/console/", "/console/agenda"),
        ("/console//evil.example", "/console/agenda"),
        ("/console/\\evil.example", "/console/agenda"),
        ("/api/v1/bot/pause", "/console/agenda"),
        ("", "/console/agenda"),
    ],
)
def test_a_form_sends_back_only_to_a_console_page(back: str, goes_to: str) -> None:
    assert safe_back({"back": back}, "/console/agenda") == goes_to


def test_a_row_counts_the_patients_messages_not_yet_opened() -> None:
    session = ChatSession(SONRISA.id, PatientAddress("56911112222"), state=ConversationState.COLLECTING_DATE)
    for minutes, speaker, text in (
        (0, Speaker.PATIENT, "Hola"),
        (1, Speaker.BOT, "¿Qué día?"),
        (2, Speaker.PATIENT, "mañana"),
        (3, Speaker.PATIENT, "en la tarde"),
    ):
        session.record(speaker, text, NOW + timedelta(minutes=minutes))
    never_opened = conversation_row(SONRISA, session, None)
    assert (never_opened.unread, never_opened.state, never_opened.shown) == (
        3,
        "Eligiendo día",
        "+56911112222",
    )
    assert never_opened.last is not None
    assert (never_opened.last.who, never_opened.last.text) == ("Paciente", "en la tarde")
    assert never_opened.when == "30/11 09:03"
    assert conversation_row(SONRISA, session, NOW + timedelta(minutes=2)).unread == 1


def test_the_vendored_htmx_is_the_pinned_release() -> None:
    """htmx.org 2.0.11's dist/htmx.min.js from the npm registry (0BSD; `npm pack htmx.org@2.0.11`)."""
    served = (STATIC / "htmx.min.js").read_bytes()
    assert (
        hashlib.sha256(served).hexdigest()
        == "d6fdc75f204e6bdefa99b69bf1e6d4ac69b8a364f77929f45c13476b4000f717"
    )
    assert (STATIC / "htmx.LICENSE.txt").read_text().startswith("Zero-Clause BSD")


def test_no_template_needs_inline_script_or_style() -> None:
    """The console's CSP allows no inline script, event handler or style."""
    inline = re.compile(
        r"<script(?![^>]*\bsrc=)|\son[a-z]+\s*=|\sstyle\s*=|<style|javascript:", re.IGNORECASE
    )
    templates = list(TEMPLATES.glob("*.html"))
    assert templates
    for template in templates:
        found = inline.search(template.read_text())
        assert found is None, f"{template.name}: {found and found.group(0)}"


@pytest.mark.parametrize(
    ("turn", "note", "text", "media"),
    [
        (Turn(Speaker.PATIENT, "quiero hora", NOW), "", "quiero hora", ""),
        (
            Turn(Speaker.PATIENT, "", NOW, Attachment("image", "wamid.1", "image/jpeg")),
            "📷 Foto",
            "",
            "wamid.1",
        ),
        (
            Turn(
                Speaker.PATIENT,
                "mi orden",
                NOW,
                Attachment("document", "wamid.2", "application/pdf", "orden.pdf"),
            ),
            "📄 Documento: orden.pdf",
            "mi orden",
            "wamid.2",
        ),
        (
            Turn(Speaker.PATIENT, "mañana a las 10", NOW, Attachment("audio", "wamid.3", "audio/ogg")),
            "🎤 Audio (transcripción)",
            "mañana a las 10",
            "wamid.3",
        ),
        (Turn(Speaker.PATIENT, "👍", NOW, Attachment("reaction")), "Reaccionó a un mensaje", "👍", ""),
    ],
)
def test_staff_see_what_came_with_a_message(turn: Turn, note: str, text: str, media: str) -> None:
    shown = said(SONRISA, turn)
    assert (shown.note, shown.text, shown.media) == (note, text, media)


def test_every_kind_of_message_has_a_note_for_staff() -> None:
    from application.messages import InboundKind

    staff_notes = {"template", "resent", "undelivered"}
    assert {kind.value for kind in InboundKind} - {"text", "button"} | staff_notes == set(NOTES)


@pytest.mark.parametrize(
    ("language", "shown"),
    [(None, ""), (Language.SPANISH, ""), (Language.ENGLISH, "inglés"), (Language.PORTUGUESE, "portugués")],
)
def test_staff_see_when_a_patient_writes_in_another_language_than_the_clinics_first(
    language: Language | None, shown: str
) -> None:
    session = ChatSession(SONRISA.id, PatientAddress("14155550123"), language=language)
    assert conversation_row(SONRISA, session, None).language == shown
