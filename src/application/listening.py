"""Voice notes heard: in the turn, before the conversation reads them, each waiting voice note's
audio is fetched from the channel and transcribed, and the transcript kept with the message.

From then on a voice note is read exactly as if the patient had typed its transcript. A fetch or
a transcription that fails for now fails the turn: its messages are tried again after a pause,
and after the turn's attempts a person takes the conversation over (``application.turn_processor``).
A file or audio refused for good gets an empty transcript: the patient is asked to write.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace

from application.messages import InboundKind, InboundMessage, Media
from application.plain_text import clean
from application.ports import Inbox, MediaFiles, MediaRefused, SpeechHint, SpeechToText, TranscriptionRefused
from domain.clinic import Clinic

log = logging.getLogger(__name__)

# A transcript is kept whole up to this (about 20 minutes of speech); the conversation reads less.
MAX_TRANSCRIPT = 20_000


@dataclass(frozen=True)
class Listening:
    media: MediaFiles
    speech: SpeechToText
    inbox: Inbox
    language: str = "es"  # the language hint, an ISO-639-1 code

    async def transcribed(self, clinic: Clinic, messages: Sequence[InboundMessage]) -> list[InboundMessage]:
        """The messages, each voice note with its transcript (kept in the inbox as soon as made)."""
        heard: list[InboundMessage] = []
        for message in messages:
            if message.kind is InboundKind.AUDIO and message.media is not None and message.transcript is None:
                transcript = await self._transcript(clinic, message.media)
                await self.inbox.transcribed(message.id, transcript)
                message = replace(message, transcript=transcript)
            heard.append(message)
        return heard

    async def _transcript(self, clinic: Clinic, media: Media) -> str:
        try:
            audio = await self.media.fetch(clinic, media)
            said = await self.speech.transcribe(audio, self.hint(clinic))
        except (MediaRefused, TranscriptionRefused) as refused:  # never its content: it may quote the patient
            log.warning("a voice note could not be transcribed: %s", type(refused).__name__)
            return ""
        return clean(said).strip()[:MAX_TRANSCRIPT]

    def hint(self, clinic: Clinic) -> SpeechHint:
        """The language, and the names a transcriber would otherwise misspell. A clinic that serves
        several languages gives none: the transcriber hears which one the patient speaks."""
        language = self.language if len(clinic.languages) == 1 else ""
        return SpeechHint(language, (clinic.name, *(doctor.name for doctor in clinic.doctors)))
