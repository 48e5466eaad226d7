"""What staff open of the files patients sent: a photo, a document, a voice note, fetched from the
channel when asked for, and only by staff of the clinic the patient wrote to."""

from __future__ import annotations

from dataclasses import dataclass

from application.ports import Inbox, MediaFile, MediaFiles
from domain.clinic import Clinic
from domain.ids import MessageId


class UnknownFile(LookupError):
    """No file came with that message to this clinic."""


@dataclass(frozen=True)
class PatientFiles:
    inbox: Inbox
    files: MediaFiles

    async def open(self, clinic: Clinic, message_id: MessageId) -> MediaFile:
        """The file's bytes. Raises ``UnknownFile``, ``MediaUnavailable`` (try later) or
        ``MediaRefused`` (the channel no longer has it, or it is too large)."""
        media = await self.inbox.media_of(clinic.id, message_id)
        if media is None:
            raise UnknownFile("no such file for this clinic")
        return await self.files.fetch(clinic, media)
