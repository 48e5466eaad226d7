"""The outbound message log in PostgreSQL: a sent message's wamid, and its furthest delivery state."""

from __future__ import annotations

from adapters.postgres.database import Database
from application.messages import DeliveryReport
from domain.ids import ClinicId, PatientAddress

_RANK = (
    "CASE {} WHEN 'accepted' THEN 0 WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2 WHEN 'read' THEN 3 ELSE 4 END"
)


class PostgresOutboundLog:
    """Implements ``OutboundLog`` over ``outbound_messages``."""

    def __init__(self, database: Database) -> None:
        self._database = database

    async def sent(self, clinic_id: ClinicId, to: PatientAddress, message_id: str, kind: str) -> None:
        async with self._database.pool.acquire() as connection:
            await connection.execute(
                "INSERT INTO outbound_messages (message_id, clinic_id, address_kind, address, kind) "
                "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (message_id) DO NOTHING",
                message_id,
                clinic_id,
                to.kind.value,
                to.value,
                kind,
            )

    async def report(self, report: DeliveryReport) -> bool:
        async with self._database.pool.acquire() as connection:
            exists = await connection.fetchval(
                f"""
                WITH found AS (SELECT message_id FROM outbound_messages WHERE message_id = $1),
                updated AS (
                    UPDATE outbound_messages
                       SET status = $2, status_at = $3, error_code = $4, error_title = $5
                    WHERE message_id = $1 AND {_RANK.format("$2::text")} > {_RANK.format("status")}
                )
                SELECT count(*) FROM found
                """,  # noqa: S608 - a constant fragment, no data in it
                report.message_id,
                report.state.value,
                report.at,
                report.error_code,
                report.error_title or None,
            )
        return bool(exists)
