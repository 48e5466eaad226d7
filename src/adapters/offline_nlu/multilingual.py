"""The offline reader of every language the bot speaks: each message goes to its language's reader.

The conversation's language is the clinic's as it speaks to this patient (``Clinic.speaking``),
chosen from what the patient writes before the message is read (``ConversationService``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from application.ports import NluContext, NluUnavailable
from domain.language import Language
from domain.understanding import Understanding


class LanguageReader(Protocol):
    """One language's offline reader (``OfflineSpanishNlu`` and its English and Portuguese peers)."""

    async def understand(self, text: str, context: NluContext) -> Understanding: ...

    def unread(self, text: str, context: NluContext, reading: Understanding) -> list[str]: ...


class OfflineNlu:
    """Implements ``NluEngine`` and ``CoveringReader``: the reader of the conversation's language."""

    def __init__(self, readers: Mapping[Language, LanguageReader]) -> None:
        self._readers = dict(readers)
        self.calls = 0  # messages read so far, in every language

    def _reader(self, context: NluContext) -> LanguageReader:
        reader = self._readers.get(context.clinic.language)
        if reader is None:
            raise NluUnavailable(f"no offline reader for {context.clinic.language.value!r}")
        return reader

    async def understand(self, text: str, context: NluContext) -> Understanding:
        self.calls += 1
        return await self._reader(context).understand(text, context)

    def unread(self, text: str, context: NluContext, reading: Understanding) -> list[str]:
        """The words the language's reader has no use for; all of them when it has no reader."""
        reader = self._readers.get(context.clinic.language)
        return reader.unread(text, context, reading) if reader is not None else text.split()
