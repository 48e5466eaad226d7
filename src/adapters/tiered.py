"""The inbox behind a fast memory of recent message ids (Redis), which it keeps up to date."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from adapters.inbox_decorator import InboxDecorator
from application.messages import InboundMessage
from application.ports import (
    Inbox,
    RecentMessages,
    ServiceUnavailable,
)
from domain.ids import ClinicId, MessageId

log = logging.getLogger(__name__)


class CachedInbox(InboxDecorator):
    """Implements ``Inbox``: Redis turns away most redeliveries; the inbox has the last word.

    Redis is only a cache here: when it does not answer, every message goes to the inbox,
    which tells a redelivery from a new message on its own, so intake goes on.
    """

    def __init__(self, fast: RecentMessages, inbox: Inbox) -> None:
        super().__init__(inbox)
        self._fast = fast

    async def accept(self, messages: Sequence[InboundMessage], now: datetime) -> list[InboundMessage]:
        by_clinic: dict[ClinicId, list[MessageId]] = {}
        for message in messages:
            by_clinic.setdefault(message.clinic_id, []).append(message.id)
        seen: set[MessageId] = set()
        try:
            for clinic_id, ids in by_clinic.items():
                seen |= await self._fast.seen(clinic_id, ids)
        except ServiceUnavailable as outage:
            log.warning("dedup cache: %s", outage)
        fresh = [m for m in messages if m.id not in seen]
        accepted = await self._inbox.accept(fresh, now)
        try:
            for clinic_id in by_clinic:
                await self._fast.remember(clinic_id, [m.id for m in fresh if m.clinic_id == clinic_id])
        except ServiceUnavailable as outage:
            log.warning("dedup cache: %s", outage)
        return accepted
