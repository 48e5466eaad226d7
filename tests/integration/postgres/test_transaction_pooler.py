"""Behind a transaction pooler (PgBouncer in transaction mode, as Supabase's port 6543) ClinicFlow works.

Every test here talks to its database through a real PgBouncer with ``pool_mode = transaction`` and
fewer server connections than the app has client connections, so consecutive transactions of one app
connection really run on different server connections. The app is configured as a deployment behind
such a pooler would be: ``DatabaseOptions(transaction_pooler=True)``.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

import asyncpg
import pytest

from adapters.postgres.clinics import PostgresClinicDirectory
from adapters.postgres.database import Database, DatabaseOptions
from adapters.postgres.migrate import bundled_migrations, migrate, schema_version
from adapters.postgres.store import PostgresUnitOfWorkFactory
from domain.appointment import Appointment
from domain.availability import Slot
from domain.conversation import ChatSession, CollectedFields, ConversationState
from domain.ids import AppointmentId, DoctorId, PatientAddress
from tests.factories import clinic, doctor
from tests.integration.postgres.migrating import assert_racing_migrations_apply_each_once
from tests.integration.postgres.test_concurrent_booking import confirm_one_slot_fifty_times_at_once
from tests.integration.servers.pgbouncer import pgbouncer
from tests.integration.servers.postgres import PostgresServer

pytestmark = pytest.mark.integration

SERVER_CONNECTIONS = 5  # PgBouncer's pool: server connections to the database, at most
APP_CONNECTIONS = 20  # the app's asyncpg pool: client connections to PgBouncer, at most

SANTIAGO = ZoneInfo("America/Santiago")
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=SANTIAGO)
TEN = datetime(2026, 12, 1, 10, 0, tzinfo=SANTIAGO)
ANA = PatientAddress("56911112222")


def _database_name(url: str) -> str:
    return unquote(urlsplit(url).path.lstrip("/"))


@pytest.fixture
def pooled_url(postgres: PostgresServer, database_url: str) -> Iterator[str]:
    """This test's migrated database, through its own PgBouncer in transaction mode."""
    with pgbouncer(postgres, _database_name(database_url), pool_size=SERVER_CONNECTIONS) as url:
        yield url


@pytest.fixture
def empty_pooled_url(postgres: PostgresServer, empty_database_url: str) -> Iterator[str]:
    """This test's database without a schema, through its own PgBouncer in transaction mode."""
    with pgbouncer(postgres, _database_name(empty_database_url), pool_size=SERVER_CONNECTIONS) as url:
        yield url


@pytest.fixture
async def pooled_database(pooled_url: str) -> AsyncIterator[Database]:
    """The app's pool as configured behind a transaction pooler."""
    database = Database(
        DatabaseOptions(url=pooled_url, transaction_pooler=True, max_connections=APP_CONNECTIONS)
    )
    await database.start()
    try:
        yield database
    finally:
        await database.stop()


async def _server_backends(direct_url: str) -> int:
    """How many server connections (other than this one) the database has: PgBouncer's, here."""
    connection = await asyncpg.connect(direct_url)
    try:
        count: int = await connection.fetchval(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() "
            "AND backend_type = 'client backend'"
        )
    finally:
        await connection.close()
    return count


# --- migrations --------------------------------------------------------------------------------


async def test_migrating_through_the_pooler_applies_the_schema(
    empty_pooled_url: str, empty_database_url: str
) -> None:
    database = Database(DatabaseOptions(url=empty_pooled_url, transaction_pooler=True))
    connection = await database.connect()  # as `clinicflow migrate` does
    try:
        applied = await migrate(connection)
        assert [m.version for m in applied] == [m.version for m in bundled_migrations()]
        assert await migrate(connection) == []
    finally:
        await connection.close()
    direct = await asyncpg.connect(empty_database_url)
    try:
        assert await schema_version(direct) == len(bundled_migrations())
        assert await direct.fetchval("SELECT to_regclass('appointments') IS NOT NULL")
    finally:
        await direct.close()


async def test_two_concurrent_migrations_through_the_pooler_both_succeed_and_apply_once(
    empty_pooled_url: str,
) -> None:
    database = Database(DatabaseOptions(url=empty_pooled_url, transaction_pooler=True))
    first, second = await database.connect(), await database.connect()
    await assert_racing_migrations_apply_each_once(first, second)


# --- the app's adapters ------------------------------------------------------------------------


async def test_fifty_concurrent_confirmations_through_the_pooler_book_the_slot_once(
    pooled_database: Database, database_url: str
) -> None:
    await confirm_one_slot_fifty_times_at_once(pooled_database)
    # The pooler was really shared: the app's twenty connections ran on at most five of the server's.
    assert pooled_database.pool.get_size() == APP_CONNECTIONS
    assert 1 <= await _server_backends(database_url) <= SERVER_CONNECTIONS


async def test_sessions_and_appointments_round_trip_through_the_pooler(pooled_database: Database) -> None:
    sonrisa = clinic(doctor("perez"))
    directory = PostgresClinicDirectory(pooled_database)
    await directory.put(sonrisa)
    assert await directory.get(sonrisa.id) == sonrisa

    slot = Slot(TEN, TEN + timedelta(minutes=30), DoctorId("perez"))
    session = ChatSession(
        sonrisa.id,
        ANA,
        state=ConversationState.CONFIRMING,
        collected=CollectedFields(day=TEN.date(), patient_name="Ana López", slot=slot),
        last_activity=NOW,
    )
    appointment = Appointment.book(
        AppointmentId(str(uuid.uuid4())), sonrisa, slot, patient=ANA, patient_name="Ana López", now=NOW
    )
    units = PostgresUnitOfWorkFactory(pooled_database)
    async with units() as uow:
        await uow.sessions.save(session)
        await uow.appointments.add(appointment)
        await uow.commit()

    async with units() as uow:
        stored = await uow.sessions.get(sonrisa.id, ANA)
        assert await uow.appointments.get(appointment.id) == appointment
    assert stored is not None
    assert stored.state is ConversationState.CONFIRMING
    assert stored.collected == session.collected
    assert stored.version == 1


# --- why the setting matters -------------------------------------------------------------------


@pytest.fixture
def two_server_connections_url(postgres: PostgresServer, database_url: str) -> Iterator[str]:
    with pgbouncer(postgres, _database_name(database_url), pool_size=2) as url:
        yield url


QUERY = "SELECT pg_backend_pid()"


async def _same_query_on_two_server_connections(url: str, *, transaction_pooler: bool) -> tuple[int, int]:
    """The app's connection runs QUERY twice, forced onto a different server connection the second time.

    PgBouncer has two server connections, A and B. `holder` keeps A in an open transaction, so the
    app's first QUERY runs on B; then `other` takes B in a transaction and `holder` lets A go, so the
    app's second QUERY can only run on A. Returns the two backend pids the app saw.
    """
    holder = await asyncpg.connect(url, statement_cache_size=0)
    other = await asyncpg.connect(url, statement_cache_size=0)
    app = await Database(DatabaseOptions(url=url, transaction_pooler=transaction_pooler)).connect()
    try:
        async with holder.transaction():
            a: int = await holder.fetchval(QUERY)
            first: int = await app.fetchval(QUERY)
            other_transaction = other.transaction()
            await other_transaction.start()
            b: int = await other.fetchval(QUERY)
        assert a != b, "PgBouncer lent two server connections"
        assert first == b, "the app's first query ran on B, the one free then"
        try:
            second: int = await app.fetchval(QUERY)
        finally:
            await other_transaction.rollback()
        return first, second
    finally:
        for connection in (app, other, holder):
            await connection.close()


async def test_with_the_statement_cache_on_the_next_transaction_misses_its_prepared_statement(
    two_server_connections_url: str,
) -> None:
    with pytest.raises(asyncpg.InvalidSQLStatementNameError, match=r"prepared statement .* does not exist"):
        await _same_query_on_two_server_connections(two_server_connections_url, transaction_pooler=False)


async def test_with_transaction_pooler_set_the_same_switch_of_server_connection_is_harmless(
    two_server_connections_url: str,
) -> None:
    first, second = await _same_query_on_two_server_connections(
        two_server_connections_url, transaction_pooler=True
    )
    assert first != second  # one app connection, two server connections, no error
