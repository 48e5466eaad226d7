"""Two dedup stores in front of each other: a fast 24-hour window, then the durable message log."""

from __future__ import annotations

import logging
from collections.abc import Awaitable

from application.ports import MessageDeduplicator, ServiceUnavailable
from domain.ids import ClinicId, MessageId

log = logging.getLogger(__name__)


class TieredDeduplicator:
    """Implements ``MessageDeduplicator``: Redis answers most duplicates; PostgreSQL has the last word.

    Meta redelivers for up to seven days, longer than Redis's window, so a message must
    pass both to be handled. A message the durable log has already seen is marked done
    in the fast store, so its next redelivery stops there.
    """

    def __init__(self, fast: MessageDeduplicator, durable: MessageDeduplicator) -> None:
        self._fast = fast
        self._durable = durable

    async def claim(self, clinic_id: ClinicId, message_id: MessageId) -> bool:
        if not await self._fast.claim(clinic_id, message_id):
            return False
        try:
            first = await self._durable.claim(clinic_id, message_id)
        except BaseException:
            await self._quietly(self._fast.release(clinic_id, message_id))
            raise
        if not first:
            await self._quietly(self._fast.done(clinic_id, message_id))
        return first

    async def done(self, clinic_id: ClinicId, message_id: MessageId) -> None:
        await self._durable.done(clinic_id, message_id)
        await self._quietly(self._fast.done(clinic_id, message_id))

    async def release(self, clinic_id: ClinicId, message_id: MessageId) -> None:
        await self._quietly(self._fast.release(clinic_id, message_id))
        await self._durable.release(clinic_id, message_id)

    @staticmethod
    async def _quietly(step: Awaitable[None]) -> None:
        """The fast store is only a cache of the durable one: its failures are logged, not raised."""
        try:
            await step
        except ServiceUnavailable as outage:
            log.warning("dedup cache: %s", outage)
