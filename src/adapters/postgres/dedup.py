"""Message dedup on the inbound message log: a message id is claimed once, for good.

Meta redelivers for up to seven days; the log's primary key on the message id is
the durable guard (Redis's 24-hour window, when configured, is only a fast path).
"""

from __future__ import annotations

from adapters.postgres.database import Database
from domain.ids import ClinicId, MessageId


class PostgresDeduplicator:
    """Implements ``MessageDeduplicator`` over ``inbound_messages``."""

    def __init__(self, database: Database) -> None:
        self._database = database

    async def claim(self, clinic_id: ClinicId, message_id: MessageId) -> bool:
        async with self._database.pool.acquire() as connection:
            claimed = await connection.fetchval(
                "INSERT INTO inbound_messages (message_id, clinic_id) VALUES ($1, $2) "
                "ON CONFLICT (message_id) DO NOTHING RETURNING true",
                message_id,
                clinic_id,
            )
        return bool(claimed)

    async def release(self, clinic_id: ClinicId, message_id: MessageId) -> None:
        async with self._database.pool.acquire() as connection:
            await connection.execute(
                "DELETE FROM inbound_messages WHERE message_id = $1 AND clinic_id = $2", message_id, clinic_id
            )
