"""A voice note books an appointment end to end (issue 21): real Spanish speech (espeak-ng,
encoded as WhatsApp's Ogg Opus) delivered, signed, to `clinicflow serve` on PostgreSQL and Redis;
the file fetched from a fake Graph API, transcribed by a fake OpenAI-compatible server, read as
if typed, confirmed with a button, and the appointment written."""

from __future__ import annotations

import base64
import hashlib
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from adapters.clinic_config.toml_file import load_demo_clinic
from application.buttons import CONFIRM_BOOKING
from application.pseudonyms import Pseudonyms
from tests import meta_payloads as meta
from tests.consent import answered_at_url_now
from tests.integration.faults.harness import NOW, PHONE_NUMBER_ID, SECRET, Stack, fetch, settled, stack_of
from tests.integration.servers.fake_graph import FakeGraphApi
from tests.integration.servers.fake_transcriber import KEY, FakeTranscriber
from tests.integration.servers.redis import RedisServer
from tests.integration.serving import TEST_HASH_KEY
from tests.integration.speech.spoken import VOICE_NOTE_TYPE, spoken

pytestmark = pytest.mark.integration

ANA = "56911112222"
SAID = "Quiero agendar una cita para mañana a las 10. Me llamo Ana López."


@pytest.fixture
def stack(
    database_url: str, redis: RedisServer, graph: FakeGraphApi, transcriber: FakeTranscriber
) -> Iterator[Stack]:
    with stack_of(
        database_url,
        redis.url(),
        graph,
        CLINICFLOW_SPEECH_URL=transcriber.url,
        CLINICFLOW_SPEECH_API_KEY=KEY,
        CLINICFLOW_SPEECH_MODEL="whisper-large-v3",
    ) as stack:
        answered_at_url_now(database_url, load_demo_clinic(), [ANA], datetime(2026, 11, 1, tzinfo=UTC))
        stack.start()
        yield stack


def post(stack: Stack, payload: meta.JsonObject) -> None:
    body = meta.encode(payload)
    response = httpx.post(
        f"{stack.url}/webhooks/whatsapp", content=body, headers=meta.signed_headers(SECRET, body)
    )
    assert response.status_code == 200


def answers(graph: FakeGraphApi, count: int, seconds: float = 30) -> list[dict[str, Any]]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        sent = [b for b in graph.sent if b.get("to") == f"+{ANA}"]
        if len(sent) >= count:
            return sent
        time.sleep(0.05)
    raise AssertionError(f"expected {count} answers, got {graph.sent}")


async def test_a_voice_note_books_an_appointment(stack: Stack, transcriber: FakeTranscriber) -> None:
    audio = spoken(SAID)
    stack.graph.keep("media-voice-1", audio, VOICE_NOTE_TYPE)
    transcriber.says(audio, SAID)
    sha256 = base64.b64encode(hashlib.sha256(audio).digest()).decode()
    at = int(NOW.timestamp())
    post(stack, meta.voice_note_delivery(PHONE_NUMBER_ID, ANA, "wamid.voice.1", "media-voice-1", sha256, at))

    [card] = answers(stack.graph, 1)
    assert card["type"] == "interactive"
    body = card["interactive"]["body"]["text"]
    assert "Ana López" in body
    assert "10:00" in body
    [upload] = transcriber.uploads
    assert upload.audio == audio
    assert upload.valid_opus is True
    assert upload.fields["model"] == "whisper-large-v3"
    # The demo clinic serves Spanish, English and Portuguese: no language hint, the transcriber hears
    # which one (a clinic of one language sends its own: tests/unit/test_languages_end_to_end.py).
    assert "language" not in upload.fields

    post(
        stack,
        meta.button_delivery(PHONE_NUMBER_ID, ANA, "wamid.voice.2", CONFIRM_BOOKING, "Confirmar", at + 5),
    )
    answers(stack.graph, 2)
    await settled(stack.database_url)
    [appointment] = await fetch(stack.database_url, "SELECT patient_name, starts_at FROM appointments")
    assert appointment["patient_name"] == "Ana López"
    assert stack.graph.downloads == ["media-voice-1"]  # fetched once, transcribed once
    [heard] = await fetch(
        stack.database_url,
        "SELECT kind, media_id, transcript FROM inbound_messages WHERE message_id = $1",
        Pseudonyms(TEST_HASH_KEY.encode()).message_key("wamid.voice.1"),  # kept by its keyed hash
    )
    assert (heard["kind"], heard["media_id"], heard["transcript"]) == ("audio", "media-voice-1", None)
