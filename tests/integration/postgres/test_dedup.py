"""The inbound message log as the durable dedup guard: once handled, a message id is never handled again."""

from __future__ import annotations

import pytest

from adapters.postgres.clinics import PostgresClinicDirectory
from adapters.postgres.database import Database
from adapters.postgres.dedup import PostgresDeduplicator
from domain.ids import MessageId
from tests.factories import clinic

pytestmark = pytest.mark.integration

WAMID = MessageId("wamid.HBgLNTY5MTExMTIyMjIVAgARGBI")


@pytest.fixture
async def dedup(database: Database) -> PostgresDeduplicator:
    await PostgresClinicDirectory(database).put(clinic())
    return PostgresDeduplicator(database)


async def _age_claim(database: Database, minutes: int) -> None:
    async with database.pool.acquire() as connection:
        await connection.execute(
            "UPDATE inbound_messages SET claimed_at = now() - make_interval(mins => $1)", minutes
        )


async def test_first_sight_wins_and_a_handled_message_stays_handled(
    dedup: PostgresDeduplicator, database: Database
) -> None:
    sonrisa = clinic().id
    assert await dedup.claim(sonrisa, WAMID)
    assert not await dedup.claim(sonrisa, WAMID)
    await dedup.done(sonrisa, WAMID)
    await _age_claim(database, 60 * 24 * 8)  # Meta's retries stop after 7 days; the record does not
    assert not await dedup.claim(sonrisa, WAMID)
    await dedup.release(sonrisa, WAMID)  # a late release cannot undo a handled message
    assert not await dedup.claim(sonrisa, WAMID)


async def test_a_released_claim_lets_the_retry_through(dedup: PostgresDeduplicator) -> None:
    sonrisa = clinic().id
    assert await dedup.claim(sonrisa, WAMID)
    await dedup.release(sonrisa, WAMID)
    assert await dedup.claim(sonrisa, WAMID)


async def test_a_claim_left_by_a_dead_process_lapses_after_the_lease(
    dedup: PostgresDeduplicator, database: Database
) -> None:
    sonrisa = clinic().id
    assert await dedup.claim(sonrisa, WAMID)
    await _age_claim(database, 1)
    assert not await dedup.claim(sonrisa, WAMID), "a fresh claim is respected"
    await _age_claim(database, 6)
    assert await dedup.claim(sonrisa, WAMID), "a stale claim is taken over"
    assert not await dedup.claim(sonrisa, WAMID)
