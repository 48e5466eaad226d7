"""Voice notes: transcribed in the turn, then read exactly as if typed (issue 21).

A transcription that fails for now is tried again with the turn, never lost, and after the
turn's attempts the conversation goes to staff; the transcript is made once and kept.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from application import texts_es as texts
from application.messages import ButtonsReply, InboundKind, InboundMessage, Media, OutboundMessage
from application.ports import (
    MediaFile,
    MediaRefused,
    MediaUnavailable,
    NluUnavailable,
    TranscriptionUnavailable,
)
from domain.conversation import Attachment
from domain.conversation import ConversationState as S
from domain.ids import MessageId
from domain.understanding import Intent, Understanding
from domain.when import ClockTime
from tests.unit.application.conftest import ANA, TOMORROW, FakeApp, ScriptedSpeech

OGG = b"OggS\x00\x02 a voice note"
SAID = "quiero una hora mañana a las 10, soy Ana López"
ALL_AT_ONCE = Understanding(Intent.BOOK, day=TOMORROW, time=ClockTime(10), patient_name="Ana López")


@pytest.fixture
def app(app: FakeApp) -> FakeApp:
    app.speech = ScriptedSpeech()
    app.speech.script[OGG] = SAID
    app.media.files["media-1"] = MediaFile(OGG, "audio/ogg; codecs=opus")
    return app


def voice_note(app: FakeApp, media_id: str = "media-1") -> InboundMessage:
    return InboundMessage(
        MessageId(f"wamid.v{next(app.ids)}"),
        app.clinic.id,
        ANA,
        app.clock.now(),
        InboundKind.AUDIO,
        media=Media(media_id, "audio/ogg; codecs=opus", voice=True),
    )


async def again(app: FakeApp) -> list[OutboundMessage]:
    """The sweep's next turn of Ana's conversation, once its pause is over."""
    app.clock.advance(timedelta(minutes=10))
    before = len(app.sender.sent)
    await app.turn.take_turn(app.clinic.id, ANA)
    return [s.message for s in app.sender.sent[before:]]


async def test_a_voice_note_is_read_as_if_typed_and_books(app: FakeApp) -> None:
    app.means(SAID, ALL_AT_ONCE)
    note = voice_note(app)
    [card] = await app.deliver(note)
    assert isinstance(card, ButtonsReply)
    assert app.session().state is S.CONFIRMING
    assert app.nlu.read == [SAID]
    heard = app.session().history[0]
    assert heard.text == SAID
    assert heard.attachment == Attachment("audio", note.id, "audio/ogg; codecs=opus")


async def test_the_transcriber_is_told_the_language_and_the_clinics_names(app: FakeApp) -> None:
    await app.deliver(voice_note(app))
    assert app.speech is not None
    [hint] = app.speech.hints
    assert hint.language == "es"
    assert app.clinic.name in hint.words
    assert {d.name for d in app.clinic.doctors} <= set(hint.words)


async def test_a_transcript_is_made_once_even_when_the_turn_is_tried_again(app: FakeApp) -> None:
    app.nlu.failure = NluUnavailable("the model is away")
    assert await app.deliver(voice_note(app)) == []
    app.nlu.failure = None
    app.means(SAID, ALL_AT_ONCE)
    [card] = await again(app)
    assert isinstance(card, ButtonsReply)
    assert app.speech is not None
    assert len(app.speech.hints) == 1
    assert app.media.fetched == ["media-1"]


@pytest.mark.parametrize("failure", [MediaUnavailable("Meta's 503"), TranscriptionUnavailable("429")])
async def test_a_failed_transcription_is_tried_again_then_handed_to_staff(
    app: FakeApp, failure: Exception
) -> None:
    app.means(SAID, ALL_AT_ONCE)
    attempts = app.turns.max_attempts
    if isinstance(failure, MediaUnavailable):
        app.media.failures = [failure] * attempts
    else:
        assert app.speech is not None
        app.speech.failures = [failure] * attempts
    note = voice_note(app)
    assert await app.deliver(note) == []
    for _ in range(attempts - 1):
        assert await again(app) == []
    [told] = await again(app)
    assert told == texts.handed_to_staff(app.clinic)
    session = app.session()
    assert not session.bot_enabled
    assert session.history[0].attachment == Attachment("audio", note.id, "audio/ogg; codecs=opus")
    assert app.nlu.calls == 0


async def test_a_transcription_that_recovers_in_time_answers(app: FakeApp) -> None:
    app.means(SAID, ALL_AT_ONCE)
    assert app.speech is not None
    app.speech.failures = [TranscriptionUnavailable("503")]
    assert await app.deliver(voice_note(app)) == []
    [card] = await again(app)
    assert isinstance(card, ButtonsReply)


async def test_a_file_meta_no_longer_has_asks_the_patient_to_write(app: FakeApp) -> None:
    [reply] = await app.deliver(voice_note(app, "media-gone"))
    assert reply == texts.could_not_hear(app.clinic)
    assert app.nlu.calls == 0


async def test_silence_asks_the_patient_to_write(app: FakeApp) -> None:
    app.media.files["media-2"] = MediaFile(b"OggS silence", "audio/ogg")
    [reply] = await app.deliver(voice_note(app, "media-2"))
    assert reply == texts.could_not_hear(app.clinic)


async def test_a_refused_media_is_never_fetched_twice(app: FakeApp) -> None:
    app.media.failures = [MediaRefused("too large")]
    [reply] = await app.deliver(voice_note(app))
    assert reply == texts.could_not_hear(app.clinic)
    assert app.media.fetched == ["media-1"]
