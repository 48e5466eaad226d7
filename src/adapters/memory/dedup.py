"""Message deduplication in process memory, with the same 24-hour window as the Redis one."""

from __future__ import annotations

import time
from collections.abc import Callable

from domain.ids import ClinicId, MessageId

DEDUP_WINDOW_SECONDS = 24 * 60 * 60


class InMemoryDeduplicator:
    """Implements ``MessageDeduplicator`` for one process."""

    def __init__(
        self, window_seconds: float = DEDUP_WINDOW_SECONDS, monotonic: Callable[[], float] = time.monotonic
    ) -> None:
        self._window = window_seconds
        self._monotonic = monotonic
        self._seen: dict[tuple[ClinicId, MessageId], float] = {}

    async def claim(self, clinic_id: ClinicId, message_id: MessageId) -> bool:
        now = self._monotonic()
        self._forget_expired(now)
        key = (clinic_id, message_id)
        if key in self._seen:
            return False
        self._seen[key] = now + self._window
        return True

    async def done(self, clinic_id: ClinicId, message_id: MessageId) -> None:
        """Nothing to do: a claim here lasts the whole window (a crash forgets everything anyway)."""

    async def release(self, clinic_id: ClinicId, message_id: MessageId) -> None:
        self._seen.pop((clinic_id, message_id), None)

    def _forget_expired(self, now: float) -> None:
        # Insertion order is expiry order (constant window), so expired keys are at the front.
        for key, expires in list(self._seen.items()):
            if expires > now:
                break
            del self._seen[key]
