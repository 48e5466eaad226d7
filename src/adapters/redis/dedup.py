"""Recently recorded message ids in Redis, for 24 hours: Meta's redeliveries answered without the database.

A key is written only after the inbox recorded the message, so Redis never turns away a
message the inbox does not have; it may forget one (expiry, a restart), and then the
inbox, which remembers every id for good, turns the redelivery away itself.

A key names the message by its keyed hash, never by its id: a wamid is base64 holding the
patient's number.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from adapters.redis.connection import RedisConnection, reached
from application.pseudonyms import Pseudonyms
from domain.ids import ClinicId, MessageId

WINDOW = timedelta(hours=24)


def dedup_key(names: Pseudonyms, clinic_id: ClinicId, message_id: MessageId) -> str:
    """The message's key: its full 128-bit keyed hash, since two ids sharing a key would lose one."""
    return f"clinicflow:dedup:{clinic_id}:{names.of('message', message_id)}"


class RedisRecentMessages:
    """Implements ``RecentMessages`` with one key per message id, namespaced per clinic."""

    def __init__(self, connection: RedisConnection, names: Pseudonyms, *, window: timedelta = WINDOW) -> None:
        self._connection = connection
        self._names = names
        self._window = int(window.total_seconds())

    async def seen(self, clinic_id: ClinicId, message_ids: Sequence[MessageId]) -> set[MessageId]:
        if not message_ids:
            return set()
        async with reached("looking up message ids"):
            found = await self._connection.client.mget(
                [dedup_key(self._names, clinic_id, m) for m in message_ids]
            )
        return {m for m, value in zip(message_ids, found, strict=True) if value is not None}

    async def remember(self, clinic_id: ClinicId, message_ids: Sequence[MessageId]) -> None:
        if not message_ids:
            return
        async with (
            reached("remembering message ids"),
            self._connection.client.pipeline(transaction=False) as pipe,
        ):
            for message_id in message_ids:
                pipe.set(dedup_key(self._names, clinic_id, message_id), b"1", ex=self._window)
            await pipe.execute()
