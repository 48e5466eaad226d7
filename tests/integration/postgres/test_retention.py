"""Retention on a real server: rows older than each period go (or lose their texts), newer ones
stay, in batches, and two workers purging at once do each row once."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from adapters.memory.audit import InMemoryAuditLog
from adapters.memory.clinics import InMemoryClinicDirectory
from adapters.memory.clock import FixedClock
from adapters.postgres.database import Database
from adapters.postgres.retention import postgres_expiring_records
from adapters.postgres.store import PostgresUnitOfWorkFactory
from application.retention import PurgeExpired
from domain.clinic import Clinic
from domain.conversation import ChatSession, Speaker
from domain.ids import PatientAddress

pytestmark = pytest.mark.integration

NOW = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
OLD = NOW - timedelta(days=100)  # past the default 90 days of messages and outbound log
MONTHS = NOW - timedelta(days=45)  # past the 30 days of receipts only
RECENT = NOW - timedelta(days=5)
ANA, BETO = PatientAddress("56911112222"), PatientAddress("56933334444")


def _purge(database: Database, sonrisa: Clinic, audit: InMemoryAuditLog) -> PurgeExpired:
    stores = postgres_expiring_records(database)
    return PurgeExpired(InMemoryClinicDirectory([sonrisa]), stores, audit, FixedClock(NOW), batch=2)


async def _fill(database: Database, units: PostgresUnitOfWorkFactory, sonrisa: Clinic) -> None:
    ana, beto = ChatSession(sonrisa.id, ANA), ChatSession(sonrisa.id, BETO)
    ana.record(Speaker.PATIENT, "una hora para mi hija", OLD)
    ana.record(Speaker.BOT, "¿Para qué día?", OLD)
    ana.record(Speaker.PATIENT, "hola de nuevo", RECENT)
    beto.record(Speaker.PATIENT, "hola", RECENT)
    async with units() as uow:
        await uow.sessions.save(ana)
        await uow.sessions.save(beto)
        await uow.commit()
    async with database.pool.acquire() as connection:
        for n, at in enumerate([OLD] * 5 + [RECENT]):
            await connection.execute(
                "INSERT INTO inbound_messages (message_id, clinic_id, received_at, status, address_kind, "
                "address, sent_at, kind, body, transcript, sender_name) "
                "VALUES ($1, $2, $3, 'handled', 'phone', $4, $3, 'text', 'soy Ana López', 'audio', 'Ana')",
                f"wamid.in{n}",
                sonrisa.id,
                at,
                ANA.value,
            )
        await connection.execute(
            "INSERT INTO inbound_messages (message_id, clinic_id, received_at, status, address_kind, "
            "address, sent_at, kind, body, available_at) "
            "VALUES ('wamid.waiting', $1, $2, 'pending', 'phone', $3, $2, 'text', 'aún sin leer', $2)",
            sonrisa.id,
            OLD,
            ANA.value,
        )
        for status, at in (("sent", OLD), ("failed", OLD), ("sent", RECENT), ("pending", OLD)):
            await connection.execute(
                "INSERT INTO outbox (clinic_id, address_kind, address, kind, message, status, "
                "available_at, created_at, sent_at) "
                "VALUES ($1, 'phone', $2, 'text', $3::jsonb, $4, $5, $5, $6)",
                sonrisa.id,
                ANA.value,
                '{"body": "Tu cita"}',
                status,
                at,
                at if status == "sent" else None,
            )
        for message_id, sent_at in (
            ("wamid.out.old", OLD),
            ("wamid.out.month", MONTHS),
            ("wamid.out.new", RECENT),
        ):
            await connection.execute(
                "INSERT INTO outbound_messages (message_id, clinic_id, address_kind, address, kind, sent_at, "
                "status, status_at, error_code, error_title) "
                "VALUES ($1, $2, 'phone', $3, 'text', $4, 'failed', $4, 131047, 'Re-engagement message')",
                message_id,
                sonrisa.id,
                ANA.value,
                sent_at,
            )


async def test_rows_older_than_each_period_go_and_newer_ones_stay(
    database: Database, units: PostgresUnitOfWorkFactory, sonrisa: Clinic
) -> None:
    await _fill(database, units, sonrisa)
    audit = InMemoryAuditLog()
    counts = await _purge(database, sonrisa, audit)()
    assert counts == {
        sonrisa.id: {
            "inbound_texts": 5,
            "sent_replies": 2,
            "conversation_history": 1,
            "delivery_receipts": 2,
            "outbound_log": 1,
        }
    }
    async with database.pool.acquire() as connection:
        inbound = await connection.fetch(
            "SELECT message_id, body, transcript, sender_name FROM inbound_messages ORDER BY message_id"
        )
        outbox = await connection.fetch("SELECT status, created_at FROM outbox ORDER BY id")
        outbound = await connection.fetch(
            "SELECT message_id, status, status_at, error_code, error_title FROM outbound_messages ORDER BY 1"
        )
    # The rows stay (a redelivery of their ids is still turned away); their texts go.
    assert [tuple(r) for r in inbound] == [
        *[(f"wamid.in{n}", None, None, None) for n in range(5)],
        ("wamid.in5", "soy Ana López", "audio", "Ana"),
        ("wamid.waiting", "aún sin leer", None, None),  # not read yet: a turn still needs it
    ]
    assert [(r["status"], r["created_at"]) for r in outbox] == [("sent", RECENT), ("pending", OLD)]
    assert [tuple(r) for r in outbound] == [
        ("wamid.out.month", "failed", None, None, None),
        ("wamid.out.new", "failed", RECENT, 131047, "Re-engagement message"),
    ]
    async with units() as uow:
        ana = await uow.sessions.get(sonrisa.id, ANA)
        beto = await uow.sessions.get(sonrisa.id, BETO)
    assert ana is not None
    assert beto is not None
    assert [t.text for t in ana.history] == ["hola de nuevo"]
    assert [t.text for t in beto.history] == ["hola"]
    [record] = await audit.entries(sonrisa.id)
    assert "Ana" not in record.entry.detail
    assert ANA.value not in record.entry.detail
    # A run repeated finds nothing.
    assert await _purge(database, sonrisa, audit)() == {}


async def test_two_workers_purging_at_once_do_each_row_once(
    database: Database, units: PostgresUnitOfWorkFactory, sonrisa: Clinic
) -> None:
    await _fill(database, units, sonrisa)
    audit = InMemoryAuditLog()
    first, second = await asyncio.gather(
        _purge(database, sonrisa, audit)(), _purge(database, sonrisa, audit)()
    )
    totals: dict[str, int] = {}
    for run in (first, second):
        for name, count in run.get(sonrisa.id, {}).items():
            totals[name] = totals.get(name, 0) + count
    assert totals == {
        "inbound_texts": 5,
        "sent_replies": 2,
        "conversation_history": 1,
        "delivery_receipts": 2,
        "outbound_log": 1,
    }
