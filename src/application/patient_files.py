"""What staff open of the files patients sent: a photo, a document, a voice note, fetched from the
channel when asked for, and only by staff of the clinic the patient wrote to."""

from __future__ import annotations

from dataclasses import dataclass

from application.ports import ClinicDirectory, Inbox, MediaFile, MediaFiles
from domain.ids import ClinicId, MessageId


class UnknownFile(LookupError):
    """No file came with that message to this clinic."""


@dataclass(frozen=True)
class PatientFiles:
    inbox: Inbox
    files: MediaFiles
    clinics: ClinicDirectory

    async def open(self, clinic_id: ClinicId, message_id: MessageId) -> MediaFile:
        """The file's bytes. Raises ``UnknownFile``, ``MediaUnavailable`` (try later) or
        ``MediaRefused`` (the channel no longer has it, or it is too large)."""
        media = await self.inbox.media_of(clinic_id, message_id)
        clinic = await self.clinics.get(clinic_id) if media is not None else None
        if media is None or clinic is None:
            raise UnknownFile("no such file for this clinic")
        return await self.files.fetch(clinic, media)
