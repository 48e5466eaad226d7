"""Hand-off alerts in PostgreSQL (``handoff_alerts``): written with the turn that raised them,
claimed by the worker under a lease, kept until the clinic's receiver took them."""

from __future__ import annotations

from datetime import datetime, timedelta

from adapters.postgres.database import Connection, Database
from application.ports import HandoffAlert, QueuedAlert
from domain.handoff import NeedReason
from domain.ids import ClinicId


class PostgresStagedAlerts:
    """Implements ``StagedAlerts`` in the unit of work's transaction."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    async def add(self, alert: HandoffAlert, now: datetime) -> None:
        await self._connection.execute(
            "INSERT INTO handoff_alerts (clinic_id, reason, conversation, raised_at, available_at) "
            "VALUES ($1, $2, $3, $4, $5)",
            alert.clinic_id,
            alert.reason.value,
            alert.conversation,
            alert.at,
            now,
        )


class PostgresAlertQueue:
    """Implements ``AlertQueue``: rows claimed with SKIP LOCKED, so two workers never send one twice
    at once."""

    def __init__(self, database: Database) -> None:
        self._database = database

    async def claim(self, now: datetime, lease: timedelta, limit: int) -> list[QueuedAlert]:
        async with self._database.pool.acquire() as connection:
            rows = await connection.fetch(
                """
                UPDATE handoff_alerts a SET attempts = a.attempts + 1, claimed_until = $2
                WHERE a.id IN (
                    SELECT id FROM handoff_alerts
                    WHERE sent_at IS NULL AND failed_at IS NULL AND available_at <= $1
                      AND (claimed_until IS NULL OR claimed_until <= $1)
                    ORDER BY available_at, id LIMIT $3
                    FOR UPDATE SKIP LOCKED
                )
                RETURNING id, clinic_id, reason, conversation, raised_at, attempts - 1 AS attempts
                """,
                now,
                now + lease,
                limit,
            )
        return [
            QueuedAlert(
                row["id"],
                HandoffAlert(
                    ClinicId(row["clinic_id"]),
                    NeedReason(row["reason"]),
                    row["conversation"],
                    row["raised_at"],
                ),
                row["attempts"],
            )
            for row in sorted(rows, key=lambda r: r["id"])
        ]

    async def sent(self, alert_id: int, at: datetime) -> None:
        await self._database.pool.execute(
            "UPDATE handoff_alerts SET sent_at = $2, claimed_until = NULL WHERE id = $1", alert_id, at
        )

    async def retry(self, alert_id: int, at: datetime, error: str) -> None:
        await self._database.pool.execute(
            "UPDATE handoff_alerts SET available_at = $2, claimed_until = NULL, last_error = $3 "
            "WHERE id = $1",
            alert_id,
            at,
            error[:500],
        )

    async def failed(self, alert_id: int, at: datetime, error: str) -> None:
        await self._database.pool.execute(
            "UPDATE handoff_alerts SET failed_at = $2, claimed_until = NULL, last_error = $3 WHERE id = $1",
            alert_id,
            at,
            error[:500],
        )
