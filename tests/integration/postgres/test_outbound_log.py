"""The outbound message log: a sent message's wamid, and the furthest state its receipts reached."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from adapters.postgres.clinics import PostgresClinicDirectory
from adapters.postgres.database import Database
from adapters.postgres.outbound import PostgresOutboundLog
from application.messages import DeliveryReport, DeliveryState
from domain.ids import PatientAddress
from tests.factories import MESSAGE_KEYS, clinic

pytestmark = pytest.mark.integration

T0 = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
ANA = PatientAddress("56911112222")


async def _row(database: Database, wamid: str) -> tuple[str, int | None, str | None]:
    async with database.pool.acquire() as connection:
        row = await connection.fetchrow(
            "SELECT status, error_code, error_title FROM outbound_messages WHERE message_id = $1",
            MESSAGE_KEYS.message_key(wamid),  # kept by its keyed hash, never the wamid
        )
    assert row is not None
    return row["status"], row["error_code"], row["error_title"]


async def test_receipts_arriving_out_of_order_keep_the_furthest_state(database: Database) -> None:
    await PostgresClinicDirectory(database).put(clinic())
    outbound = PostgresOutboundLog(database, MESSAGE_KEYS)
    await outbound.sent(clinic().id, ANA, "wamid.OUT1", "interactive")
    assert await _row(database, "wamid.OUT1") == ("accepted", None, None)
    assert await outbound.report(DeliveryReport("wamid.OUT1", DeliveryState.READ, T0 + timedelta(seconds=2)))
    assert await outbound.report(
        DeliveryReport("wamid.OUT1", DeliveryState.DELIVERED, T0 + timedelta(seconds=1))
    )
    assert await _row(database, "wamid.OUT1") == ("read", None, None)


async def test_a_failure_is_recorded_with_its_code_and_unknown_ids_are_told_apart(database: Database) -> None:
    await PostgresClinicDirectory(database).put(clinic())
    outbound = PostgresOutboundLog(database, MESSAGE_KEYS)
    await outbound.sent(clinic().id, ANA, "wamid.OUT2", "text")
    await outbound.report(DeliveryReport("wamid.OUT2", DeliveryState.SENT, T0))
    failed = DeliveryReport("wamid.OUT2", DeliveryState.FAILED, T0, 131047, "Re-engagement message")
    assert await outbound.report(failed)
    assert await _row(database, "wamid.OUT2") == ("failed", 131047, "Re-engagement message")
    assert not await outbound.report(DeliveryReport("wamid.NOT.OURS", DeliveryState.READ, T0))
