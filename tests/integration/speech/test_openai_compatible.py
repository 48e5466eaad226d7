"""The OpenAI-compatible transcription adapter over real HTTP, against a fake server that checks
the form as OpenAI's API reads it and that the audio is real Ogg Opus."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from adapters.http_client import HttpClient
from adapters.speech.openai_compatible import OpenAiCompatibleSpeech, SpeechConfig
from application.ports import MediaFile, SpeechHint, TranscriptionRefused, TranscriptionUnavailable
from tests.integration.servers.fake_transcriber import KEY, FakeTranscriber
from tests.integration.speech.spoken import VOICE_NOTE_TYPE, spoken

pytestmark = pytest.mark.integration

SAID = "Quiero agendar una cita para mañana a las 10"
HINT = SpeechHint("es", ("Clínica Dental Sonrisa", "Dra. Camila Pérez"))


@pytest.fixture
async def http() -> AsyncIterator[HttpClient]:
    async with httpx.AsyncClient() as client:
        yield HttpClient(client)


def speech(http: HttpClient, transcriber: FakeTranscriber, key: str = KEY) -> OpenAiCompatibleSpeech:
    config = SpeechConfig(base_url=transcriber.url, model="whisper-1", api_key=key, timeout_seconds=10)
    return OpenAiCompatibleSpeech(http, config)


async def test_a_voice_note_goes_as_openai_reads_it_and_its_text_comes_back(
    http: HttpClient, transcriber: FakeTranscriber
) -> None:
    audio = spoken(SAID)
    transcriber.says(audio, SAID)
    assert await speech(http, transcriber).transcribe(MediaFile(audio, VOICE_NOTE_TYPE), HINT) == SAID
    [upload] = transcriber.uploads
    assert upload.fields == {
        "model": "whisper-1",
        "response_format": "json",
        "language": "es",
        "prompt": "Clínica Dental Sonrisa, Dra. Camila Pérez",
    }
    assert (upload.filename, upload.content_type, upload.audio) == ("voice.ogg", "audio/ogg", audio)
    assert upload.valid_opus is True
    assert upload.authorization == f"Bearer {KEY}"


async def test_a_self_hosted_server_without_a_key_gets_no_authorization_header(
    http: HttpClient, transcriber: FakeTranscriber
) -> None:
    with pytest.raises(TranscriptionUnavailable):  # this fake wants a key: 401, try later
        await speech(http, transcriber, key="").transcribe(MediaFile(spoken(SAID), VOICE_NOTE_TYPE), HINT)
    assert transcriber.uploads[0].authorization == ""


@pytest.mark.parametrize("status", [429, 500, 503])
async def test_a_busy_or_failing_server_is_tried_again_later(
    http: HttpClient, transcriber: FakeTranscriber, status: int
) -> None:
    transcriber.fail(status)
    with pytest.raises(TranscriptionUnavailable):
        await speech(http, transcriber).transcribe(MediaFile(spoken(SAID), VOICE_NOTE_TYPE), HINT)


async def test_audio_the_server_cannot_read_is_refused_for_good(
    http: HttpClient, transcriber: FakeTranscriber
) -> None:
    with pytest.raises(TranscriptionRefused):
        await speech(http, transcriber).transcribe(MediaFile(b"OggS not opus at all", VOICE_NOTE_TYPE), HINT)
    assert transcriber.uploads[0].valid_opus is False


async def test_an_unreachable_server_is_tried_again_later(http: HttpClient) -> None:
    config = SpeechConfig(base_url="http://127.0.0.1:9/v1", timeout_seconds=2)
    with pytest.raises(TranscriptionUnavailable):
        await OpenAiCompatibleSpeech(http, config).transcribe(MediaFile(b"x", VOICE_NOTE_TYPE), HINT)
