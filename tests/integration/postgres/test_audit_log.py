"""The audit log on a real PostgreSQL: entries kept as written, read newest first a page at a time,
and never changed or removed, whoever asks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import asyncpg
import pytest

from adapters.postgres.audit import PostgresAuditLog
from adapters.postgres.database import Database
from application.ports import Actor, ActorKind, AuditAction, AuditEntry
from domain.ids import ClinicId

pytestmark = pytest.mark.integration

AT = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
SONRISA, OTRA = ClinicId("sonrisa"), ClinicId("otra")


def entry(n: int, clinic_id: ClinicId = SONRISA) -> AuditEntry:
    return AuditEntry(
        clinic_id=clinic_id,
        at=AT + timedelta(minutes=n),
        actor=Actor(ActorKind.ACCOUNT, f"account-{n}"),
        action=AuditAction.REPLY_SENT,
        channel="console",
        client="203.0.113.7",
        target=f"patient-hash-{n}",
        detail=f"note {n}",
    )


async def test_entries_are_read_back_as_written_newest_first_and_by_page(database: Database) -> None:
    log = PostgresAuditLog(database)
    for n in range(5):
        await log.record(entry(n))
    await log.record(entry(9, OTRA))
    await log.record(
        AuditEntry(None, AT, Actor(ActorKind.ANONYMOUS, ""), AuditAction.SIGN_IN_FAILED, "console")
    )

    first = await log.entries(SONRISA, limit=2)
    assert [r.entry for r in first] == [entry(4), entry(3)]
    assert first[0].sequence > first[1].sequence
    second = await log.entries(SONRISA, before=first[-1].sequence, limit=2)
    assert [r.entry for r in second] == [entry(2), entry(1)]
    last = await log.entries(SONRISA, before=second[-1].sequence, limit=2)
    assert [r.entry for r in last] == [entry(0)]
    assert [r.entry for r in await log.entries(OTRA)] == [entry(9, OTRA)]


@pytest.mark.parametrize(
    "change",
    [
        "UPDATE audit_log SET detail = 'rewritten'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
    ],
)
async def test_no_entry_can_be_changed_or_removed(database: Database, change: str) -> None:
    log = PostgresAuditLog(database)
    await log.record(entry(1))
    async with database.pool.acquire() as connection:
        with pytest.raises(asyncpg.InsufficientPrivilegeError, match="append-only"):
            await connection.execute(change)
    assert [r.entry for r in await log.entries(SONRISA)] == [entry(1)]
