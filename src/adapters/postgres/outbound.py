"""The outbound message log in PostgreSQL: a sent message, and its furthest delivery state.

A message is kept under its wamid's keyed hash (``Pseudonyms.message_key``), never the wamid: a
wamid is base64 with the recipient's number inside. A receipt names the wamid, which is hashed
here to find the row.
"""

from __future__ import annotations

from adapters.postgres.database import Database
from application.messages import DeliveryReport
from application.pseudonyms import Pseudonyms
from domain.ids import ClinicId, PatientAddress

_RANK = (
    "CASE {} WHEN 'accepted' THEN 0 WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2 WHEN 'read' THEN 3 ELSE 4 END"
)

# By the keyed hash, and by the raw id while a row from before 0025 is not converted yet.
_REPORT = f"""
WITH found AS (SELECT message_id FROM outbound_messages WHERE message_id = ANY($1::text[])),
updated AS (
    UPDATE outbound_messages
       SET status = $2, status_at = $3, error_code = $4, error_title = $5
    WHERE message_id = ANY($1::text[]) AND {_RANK.format("$2::text")} > {_RANK.format("status")}
)
SELECT count(*) FROM found
"""  # noqa: S608 - a constant fragment, no data in it


class PostgresOutboundLog:
    """Implements ``OutboundLog`` over ``outbound_messages``."""

    def __init__(self, database: Database, names: Pseudonyms) -> None:
        self._database = database
        self._names = names

    async def sent(self, clinic_id: ClinicId, to: PatientAddress, message_id: str, kind: str) -> None:
        async with self._database.pool.acquire() as connection:
            await connection.execute(
                "INSERT INTO outbound_messages (message_id, clinic_id, address_kind, address, kind) "
                "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (message_id) DO NOTHING",
                self._names.message_key(message_id),
                clinic_id,
                to.kind.value,
                to.value,
                kind,
            )

    async def report(self, report: DeliveryReport) -> bool:
        keys = [self._names.message_key(report.message_id), report.message_id]
        async with self._database.pool.acquire() as connection:
            exists = await connection.fetchval(
                _REPORT,
                keys,
                report.state.value,
                report.at,
                report.error_code,
                report.error_title or None,
            )
        return bool(exists)
