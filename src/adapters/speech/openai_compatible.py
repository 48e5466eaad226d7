"""Voice notes to text through an OpenAI-compatible ``POST {base}/audio/transcriptions``.

The same request serves OpenAI's hosted models (``https://api.openai.com/v1``, ``whisper-1`` or
``gpt-4o-mini-transcribe``), other hosted ones that copy its API, and self-hosted Whisper servers
(faster-whisper-server, speaches, whisper.cpp's server...): base URL, model, language and key are
settings. The file goes as multipart form data with the language hint and, as ``prompt``, the
names a transcriber would otherwise misspell. The key travels only in the Authorization header.

A failure says whether trying later may help (the network, 408, 429, 5xx, a key refused: the
turn is tried again) or never will (a file the server refuses: the patient is asked to write).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import httpx
import msgspec

from adapters.http_client import HttpClient
from application.ports import MediaFile, SpeechHint, TranscriptionRefused, TranscriptionUnavailable

# The file name's extension is how these servers tell the format (OpenAI refuses names it cannot read).
_EXTENSIONS = {
    "audio/ogg": "ogg",
    "audio/opus": "ogg",
    "audio/mpeg": "mp3",
    "audio/mp3": "mp3",
    "audio/mp4": "m4a",
    "audio/m4a": "m4a",
    "audio/x-m4a": "m4a",
    "audio/aac": "aac",
    "audio/amr": "amr",
    "audio/wav": "wav",
    "audio/x-wav": "wav",
    "audio/webm": "webm",
    "audio/flac": "flac",
}
_TRY_LATER = frozenset({401, 403, 408, 409, 425, 429})
MAX_PROMPT = 800  # characters: a prompt guides, it is not a transcript


@dataclass(frozen=True)
class SpeechConfig:
    base_url: str  # up to and including /v1: "https://api.openai.com/v1"
    model: str = "whisper-1"
    api_key: str = field(default="", repr=False)
    timeout_seconds: float = 30.0


class _Transcript(msgspec.Struct, frozen=True):
    text: str


@dataclass(frozen=True)
class OpenAiCompatibleSpeech:
    """Implements ``SpeechToText`` over an OpenAI-compatible transcription endpoint."""

    http: HttpClient
    config: SpeechConfig

    async def transcribe(self, audio: MediaFile, hint: SpeechHint) -> str:
        form = {"model": self.config.model, "response_format": "json"}
        if hint.language:
            form["language"] = hint.language
        if hint.words:
            form["prompt"] = ", ".join(hint.words)[:MAX_PROMPT]
        headers = {"Authorization": f"Bearer {self.config.api_key}"} if self.config.api_key else {}
        mime_type = audio.mime_type.split(";")[0].strip().lower()
        name = f"voice.{_EXTENSIONS.get(mime_type, 'ogg')}"
        try:
            response = await self.http.client.post(
                f"{self.config.base_url.rstrip('/')}/audio/transcriptions",
                data=form,
                files={"file": (name, audio.content, mime_type or "application/octet-stream")},
                headers=headers,
                timeout=self.config.timeout_seconds,
            )
        except httpx.TransportError as failure:
            raise TranscriptionUnavailable(
                f"the transcriber is unreachable: {type(failure).__name__}"
            ) from None
        if response.status_code >= 500 or response.status_code in _TRY_LATER:
            raise TranscriptionUnavailable(f"the transcriber answered {response.status_code}")
        if not response.is_success:
            raise TranscriptionRefused(f"the transcriber refused the audio ({response.status_code})")
        try:
            return msgspec.json.decode(response.content, type=_Transcript).text
        except (msgspec.DecodeError, msgspec.ValidationError):
            raise TranscriptionUnavailable("the transcriber's answer has no text") from None
