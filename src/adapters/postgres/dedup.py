"""Message dedup on the inbound message log: a message id is handled once, for good.

Meta redelivers for up to seven days; the log's primary key on the message id is
the durable guard (Redis's 24-hour window, when configured, is only a fast path).
A claim is a lease until ``done``: if the process handling the message dies, the
claim goes stale after ``lease`` and Meta's next retry takes it over.
"""

from __future__ import annotations

from datetime import timedelta

from adapters.postgres.database import Database
from domain.ids import ClinicId, MessageId

DEFAULT_LEASE = timedelta(minutes=5)


class PostgresDeduplicator:
    """Implements ``MessageDeduplicator`` over ``inbound_messages``."""

    def __init__(self, database: Database, lease: timedelta = DEFAULT_LEASE) -> None:
        self._database = database
        self._lease = lease

    async def claim(self, clinic_id: ClinicId, message_id: MessageId) -> bool:
        async with self._database.pool.acquire() as connection:
            claimed = await connection.fetchval(
                """
                INSERT INTO inbound_messages AS m (message_id, clinic_id) VALUES ($1, $2)
                ON CONFLICT (message_id) DO UPDATE SET claimed_at = now()
                    WHERE m.processed_at IS NULL AND m.claimed_at < now() - $3::interval
                RETURNING true
                """,
                message_id,
                clinic_id,
                self._lease,
            )
        return bool(claimed)

    async def done(self, clinic_id: ClinicId, message_id: MessageId) -> None:
        async with self._database.pool.acquire() as connection:
            await connection.execute(
                "UPDATE inbound_messages SET processed_at = now() WHERE message_id = $1 AND clinic_id = $2",
                message_id,
                clinic_id,
            )

    async def release(self, clinic_id: ClinicId, message_id: MessageId) -> None:
        async with self._database.pool.acquire() as connection:
            await connection.execute(
                "DELETE FROM inbound_messages "
                "WHERE message_id = $1 AND clinic_id = $2 AND processed_at IS NULL",
                message_id,
                clinic_id,
            )
