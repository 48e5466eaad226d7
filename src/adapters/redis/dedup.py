"""Message dedup in Redis: the first claim of a message id wins atomically, for 24 hours.

A claim is first a short lease (``SET NX EX lease``); ``done`` turns it into the full
24-hour mark. A handler that dies mid-way leaves only the lease, which lapses, so
Meta's retry of that delivery is handled.
"""

from __future__ import annotations

from datetime import timedelta

from adapters.redis.connection import RedisConnection, reached
from domain.ids import ClinicId, MessageId

WINDOW = timedelta(hours=24)
LEASE = timedelta(minutes=5)
_CLAIMED, _DONE = b"claimed", b"done"
# Delete the key only while it is still a claim: a late release never forgets a handled message.
_RELEASE_CLAIM = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


def dedup_key(clinic_id: ClinicId, message_id: MessageId) -> str:
    return f"clinicflow:dedup:{clinic_id}:{message_id}"


class RedisDeduplicator:
    """Implements ``MessageDeduplicator`` with ``SET key NX EX``, keys namespaced per clinic."""

    def __init__(
        self, connection: RedisConnection, *, window: timedelta = WINDOW, lease: timedelta = LEASE
    ) -> None:
        self._connection = connection
        self._window = int(window.total_seconds())
        self._lease = int(lease.total_seconds())

    async def claim(self, clinic_id: ClinicId, message_id: MessageId) -> bool:
        async with reached("claiming a message"):
            first = await self._connection.client.set(
                dedup_key(clinic_id, message_id), _CLAIMED, nx=True, ex=self._lease
            )
        return bool(first)

    async def done(self, clinic_id: ClinicId, message_id: MessageId) -> None:
        async with reached("marking a message done"):
            await self._connection.client.set(dedup_key(clinic_id, message_id), _DONE, ex=self._window)

    async def release(self, clinic_id: ClinicId, message_id: MessageId) -> None:
        async with reached("releasing a message claim"):
            await self._connection.client.eval(_RELEASE_CLAIM, 1, dedup_key(clinic_id, message_id), _CLAIMED)
