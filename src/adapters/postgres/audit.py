"""The audit log in PostgreSQL (``audit_log``): inserted and read, never changed; the table's
trigger refuses UPDATE, DELETE and TRUNCATE whoever asks."""

from __future__ import annotations

from asyncpg import Record

from adapters.postgres.database import Database
from application.ports import Actor, ActorKind, AuditAction, AuditEntry, AuditRecord
from domain.ids import ClinicId

_COLUMNS = "sequence, clinic_id, at, actor_kind, actor_id, action, channel, client, target, detail"


class PostgresAuditLog:
    """Implements ``AuditLog``."""

    def __init__(self, database: Database) -> None:
        self._database = database

    async def record(self, entry: AuditEntry) -> None:
        async with self._database.pool.acquire() as connection:
            await connection.execute(
                "INSERT INTO audit_log (clinic_id, at, actor_kind, actor_id, action, channel, client,"
                " target, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                entry.clinic_id,
                entry.at,
                entry.actor.kind.value,
                entry.actor.id,
                entry.action.value,
                entry.channel,
                entry.client,
                entry.target,
                entry.detail,
            )

    async def entries(
        self, clinic_id: ClinicId, *, before: int | None = None, limit: int = 100
    ) -> list[AuditRecord]:
        async with self._database.pool.acquire() as connection:
            rows = await connection.fetch(
                f"SELECT {_COLUMNS} FROM audit_log"  # noqa: S608
                " WHERE clinic_id = $1 AND ($2::bigint IS NULL OR sequence < $2)"
                " ORDER BY sequence DESC LIMIT $3",
                clinic_id,
                before,
                limit,
            )
        return [_record(row) for row in rows]


def _record(row: Record) -> AuditRecord:
    entry = AuditEntry(
        clinic_id=ClinicId(row["clinic_id"]) if row["clinic_id"] is not None else None,
        at=row["at"],
        actor=Actor(ActorKind(row["actor_kind"]), row["actor_id"]),
        action=AuditAction(row["action"]),
        channel=row["channel"],
        client=row["client"],
        target=row["target"],
        detail=row["detail"],
    )
    return AuditRecord(row["sequence"], entry)
