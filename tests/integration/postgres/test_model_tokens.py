"""Daily model tokens in PostgreSQL: a clinic's, one count for every process kept across restarts;
a patient's, in their session."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest

from adapters.postgres.database import Database, DatabaseOptions
from adapters.postgres.model_tokens import PostgresModelTokens
from adapters.postgres.store import PostgresUnitOfWorkFactory
from domain.clinic import Clinic
from domain.conversation import ChatSession
from domain.ids import PatientAddress
from domain.throttle import DailyTokens

pytestmark = pytest.mark.integration

DAY = date(2026, 11, 30)


async def test_spends_from_two_processes_at_once_all_count_and_outlive_a_restart(
    database_url: str, sonrisa: Clinic
) -> None:
    pools = [Database(DatabaseOptions(url=database_url, max_connections=10)) for _ in range(2)]
    for pool in pools:
        await pool.start()
    try:
        counts = [PostgresModelTokens(pool) for pool in pools]
        totals = await asyncio.gather(*(counts[n % 2].spend(sonrisa.id, DAY, 1_000 + n) for n in range(40)))
        expected = sum(1_000 + n for n in range(40))
        assert max(totals) == expected
        assert len(set(totals)) == 40, "each spend saw its own total"
        assert await counts[1].used(sonrisa.id, DAY) == expected
    finally:
        for pool in pools:
            await pool.stop()
    restarted = Database(DatabaseOptions(url=database_url))
    await restarted.start()
    try:
        count = PostgresModelTokens(restarted)
        assert await count.used(sonrisa.id, DAY) == expected
        assert await count.used(sonrisa.id, date(2026, 12, 1)) == 0, "a new day starts from none"
        assert await count.spend(sonrisa.id, date(2026, 12, 1), 7) == 7
    finally:
        await restarted.stop()


async def test_a_patients_tokens_today_are_kept_in_their_session(
    sonrisa: Clinic, units: PostgresUnitOfWorkFactory
) -> None:
    patient = PatientAddress("56911112222")
    session = ChatSession(sonrisa.id, patient)
    session.spent_model_tokens(DAY, 1_260)
    session.spent_model_tokens(DAY, 2_000)
    async with units() as uow:
        await uow.sessions.save(session)
        await uow.commit()
    async with units() as uow:
        stored = await uow.sessions.get(sonrisa.id, patient)
    assert stored is not None
    assert stored.model_tokens == DailyTokens(DAY, 3_260)
    assert stored.model_tokens.on(date(2026, 12, 1)) == 0
