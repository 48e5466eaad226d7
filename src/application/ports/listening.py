"""Ports for what a patient sends besides text: the files they send (kept at Meta) and the
speech in their voice notes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from application.messages import Media
from application.ports.failures import ServiceUnavailable
from domain.clinic import Clinic


@dataclass(frozen=True, slots=True)
class MediaFile:
    """A file's bytes, as the patient sent them, and what kind of file it is."""

    content: bytes
    mime_type: str
    filename: str = ""


class MediaUnavailable(ServiceUnavailable):
    """The file could not be fetched now (the network, Meta's 5xx, a rate limit): try later."""


class MediaRefused(Exception):
    """The file will never be fetched: too large, gone, or not what it claimed to be."""


class MediaFiles(Protocol):
    """The files patients send, kept by their channel (Meta keeps them for a few days)."""

    async def fetch(self, clinic: Clinic, media: Media) -> MediaFile:
        """The file's bytes. Raises ``MediaUnavailable`` (try later) or ``MediaRefused`` (never)."""
        ...


@dataclass(frozen=True, slots=True)
class SpeechHint:
    """What helps a transcriber: the language spoken, and words it may not know (the clinic's
    name, its doctors and services)."""

    language: str
    words: tuple[str, ...] = ()


class TranscriptionUnavailable(ServiceUnavailable):
    """The transcriber did not answer now (the network, its 5xx, a rate limit): try later."""


class TranscriptionRefused(Exception):
    """The transcriber will never transcribe this audio (a format it refuses, too long)."""


class SpeechToText(Protocol):
    """Speech in an audio file to text (an OpenAI-compatible ``/v1/audio/transcriptions`` server)."""

    async def transcribe(self, audio: MediaFile, hint: SpeechHint) -> str:
        """What is said, as text ('' when nothing is). Raises ``TranscriptionUnavailable`` or
        ``TranscriptionRefused``."""
        ...
