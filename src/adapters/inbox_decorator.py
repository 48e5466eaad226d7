"""The base of inboxes that change how messages are accepted and pass everything else through."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from application.messages import Media
from application.ports import Conversation, Inbox, PendingMessage
from domain.ids import ClinicId, MessageId, PatientAddress


class InboxDecorator:
    """Forwards everything but ``accept`` to the inbox behind; subclasses define ``accept``."""

    def __init__(self, inbox: Inbox) -> None:
        self._inbox = inbox

    async def claim(
        self, clinic_id: ClinicId, patient: PatientAddress, now: datetime, lease: timedelta
    ) -> list[PendingMessage]:
        return await self._inbox.claim(clinic_id, patient, now, lease)

    async def retry(self, message_ids: Sequence[MessageId], at: datetime, error: str) -> None:
        await self._inbox.retry(message_ids, at, error)

    async def waiting(self, now: datetime, limit: int) -> list[Conversation]:
        return await self._inbox.waiting(now, limit)

    async def transcribed(self, message_id: MessageId, transcript: str) -> None:
        await self._inbox.transcribed(message_id, transcript)

    async def media_of(self, clinic_id: ClinicId, message_id: MessageId) -> Media | None:
        return await self._inbox.media_of(clinic_id, message_id)
