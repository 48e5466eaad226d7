"""Whom a phone booked for, in PostgreSQL: a session's people and who a booking is for round-trip,
old rows read as none, and migration 0018 makes a phone's existing patients its people."""

from __future__ import annotations

import itertools
import json
import uuid
from datetime import UTC, datetime, timedelta

import asyncpg
import pytest

from adapters.postgres.codec import StoredDataError, decode_people
from adapters.postgres.database import Database
from adapters.postgres.migrate import Migration, bundled_migrations, migrate
from adapters.postgres.store import PostgresUnitOfWorkFactory
from domain.clinic import Clinic
from domain.conversation import ChatSession, CollectedFields, ConversationState, Speaker
from domain.ids import PatientAddress
from domain.people import SELF, Person, PersonId

pytestmark = pytest.mark.integration

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
ANA = PatientAddress("56911112222")
BETO = PatientAddress("56933334444")
CARLA = PatientAddress("56955556666")

OWNER = Person(PersonId(str(uuid.uuid4())), "Ana López", SELF)
DAUGHTER = Person(PersonId(str(uuid.uuid4())), "Sofía Muñoz López", "hija")
UNSAID = Person(PersonId(str(uuid.uuid4())), "José Ñúñez")  # no relation ever said


async def _stored(units: PostgresUnitOfWorkFactory, clinic: Clinic, who: PatientAddress) -> ChatSession:
    async with units() as uow:
        session = await uow.sessions.get(clinic.id, who)
    assert session is not None
    return session


async def test_a_sessions_people_and_whom_its_booking_is_for_round_trip(
    sonrisa: Clinic, units: PostgresUnitOfWorkFactory, database: Database
) -> None:
    session = ChatSession(sonrisa.id, ANA)
    session.people = (DAUGHTER, OWNER, UNSAID)
    session.record(Speaker.PATIENT, "Quiero una hora para mi hija", NOW)
    session.collected = CollectedFields(patient_name=DAUGHTER.name, person_id=DAUGHTER.id, relation="hija")
    session.state = ConversationState.COLLECTING_DATE
    async with units() as uow:
        await uow.sessions.save(session)
        await uow.commit()

    stored = await _stored(units, sonrisa, ANA)
    assert stored.people == (DAUGHTER, OWNER, UNSAID)
    assert stored.collected == session.collected
    assert stored.collected.person_id == DAUGHTER.id
    assert stored.collected.relation == "hija"

    # An update writes them too: someone new booked, offered first; a relation said, no person yet.
    newcomer = Person(PersonId(str(uuid.uuid4())), "Mateo Rojas", "sobrino")
    stored.remember(newcomer)
    stored.collected = CollectedFields(relation="mamá")
    async with units() as uow:
        await uow.sessions.save(stored)
        await uow.commit()

    again = await _stored(units, sonrisa, ANA)
    assert again.people == (newcomer, DAUGHTER, OWNER, UNSAID)
    assert again.collected == CollectedFields(relation="mamá")
    assert again.version == 2
    async with units() as uow:
        assert [s.people for s in await uow.sessions.recent(sonrisa.id, 5)] == [again.people]

    # Stored as the codec says: relation left out when never said, accents kept as written.
    async with database.pool.acquire() as connection:
        people = json.loads(
            await connection.fetchval(
                "SELECT people::text FROM chat_sessions WHERE clinic_id = $1 AND address = $2",
                sonrisa.id,
                ANA.value,
            )
        )
    assert people[0] == {"id": newcomer.id, "name": "Mateo Rojas", "relation": "sobrino"}
    assert people[3] == {"id": UNSAID.id, "name": "José Ñúñez"}


async def test_a_session_that_never_booked_for_anyone_has_no_people(
    sonrisa: Clinic, units: PostgresUnitOfWorkFactory
) -> None:
    async with units() as uow:
        await uow.sessions.save(ChatSession(sonrisa.id, ANA))
        await uow.commit()
    stored = await _stored(units, sonrisa, ANA)
    assert stored.people == ()
    assert stored.collected == CollectedFields()


async def test_an_old_row_reads_as_no_people_and_nobody_chosen(
    sonrisa: Clinic, units: PostgresUnitOfWorkFactory, database: Database
) -> None:
    async with database.pool.acquire() as connection:
        await connection.execute(
            "INSERT INTO patients (clinic_id, address_kind, address) VALUES ($1, 'phone', $2)",
            sonrisa.id,
            ANA.value,
        )
        # As written before 0018: no people column given, collected fields without the new keys.
        await connection.execute(
            "INSERT INTO chat_sessions (clinic_id, address_kind, address, current_state, "
            "collected_fields, version) VALUES ($1, 'phone', $2, 'COLLECTING_DATE', $3::jsonb, 4)",
            sonrisa.id,
            ANA.value,
            json.dumps({"patient_name": "Ana López", "service_id": "limpieza"}),
        )

    stored = await _stored(units, sonrisa, ANA)
    assert stored.people == ()
    assert stored.collected.patient_name == "Ana López"
    assert stored.collected.person_id is None
    assert stored.collected.relation is None
    assert stored.version == 4


@pytest.mark.parametrize(
    "people",
    [
        '[{"id": "p1"}]',  # a person without a name
        '[{"id": "p1", "name": "   "}]',  # a blank name: no person
        '{"id": "p1", "name": "Ana"}',  # not a list
    ],
)
async def test_unreadable_people_are_refused_not_guessed(
    people: str, sonrisa: Clinic, units: PostgresUnitOfWorkFactory, database: Database
) -> None:
    async with units() as uow:
        await uow.sessions.save(ChatSession(sonrisa.id, ANA))
        await uow.commit()
    async with database.pool.acquire() as connection:
        await connection.execute("UPDATE chat_sessions SET people = $1::jsonb", people)
    with pytest.raises(StoredDataError, match="unreadable people"):
        await _stored(units, sonrisa, ANA)


# Migration 0018 on a database that has data: built at 0017, filled, then migrated.


def _up_to(version: int) -> list[Migration]:
    return [m for m in bundled_migrations() if m.version <= version]


async def _clinic_at_0017(connection: asyncpg.Connection) -> None:
    await migrate(connection, _up_to(17))
    await connection.execute(
        "INSERT INTO clinics (id, name, address, timezone, phone_number_id, minimum_notice, horizon_days) "
        "VALUES ('sonrisa', 'Sonrisa', 'Av. Providencia 1234', 'America/Santiago', '1001', "
        "interval '2 hours', 60), "
        "('norte', 'Norte', 'Av. Norte 1', 'America/Santiago', '1002', interval '2 hours', 60)"
    )
    await connection.execute(
        "INSERT INTO doctors (clinic_id, id, name, specialty, slot_length, position) "
        "VALUES ('sonrisa', 'perez', 'Dra. Pérez', 'General', interval '30 minutes', 0), "
        "('norte', 'soto', 'Dr. Soto', 'General', interval '30 minutes', 0)"
    )


async def _patient(
    connection: asyncpg.Connection, who: PatientAddress, *, clinic_id: str = "sonrisa", session: bool = True
) -> None:
    await connection.execute(
        "INSERT INTO patients (clinic_id, address_kind, address) VALUES ($1, $2, $3)",
        clinic_id,
        who.kind.value,
        who.value,
    )
    if session:
        await connection.execute(
            "INSERT INTO chat_sessions (clinic_id, address_kind, address, current_state, version) "
            "VALUES ($1, $2, $3, 'IDLE', 1)",
            clinic_id,
            who.kind.value,
            who.value,
        )


_hours = itertools.count()  # each appointment at its own time: no two overlap


async def _booked(
    connection: asyncpg.Connection,
    who: PatientAddress,
    name: str,
    *,
    days_ago: int,
    clinic_id: str = "sonrisa",
    cancelled: bool = False,
) -> None:
    """An appointment ``who`` booked for ``name`` ``days_ago`` days before NOW."""
    starts_at = NOW + timedelta(hours=next(_hours))
    await connection.execute(
        "INSERT INTO appointments (id, clinic_id, doctor_id, address_kind, address, patient_name, "
        "starts_at, ends_at, status, source, created_at, cancelled_at) "
        "VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, $8, 'whatsapp', $9, $10)",
        clinic_id,
        "perez" if clinic_id == "sonrisa" else "soto",
        who.kind.value,
        who.value,
        name,
        starts_at,
        starts_at + timedelta(minutes=30),
        "cancelled" if cancelled else "booked",
        NOW - timedelta(days=days_ago),
        NOW if cancelled else None,
    )


async def _people(
    connection: asyncpg.Connection, who: PatientAddress, clinic_id: str = "sonrisa"
) -> list[dict[str, str]]:
    text = await connection.fetchval(
        "SELECT people::text FROM chat_sessions WHERE clinic_id = $1 AND address_kind = $2 AND address = $3",
        clinic_id,
        who.kind.value,
        who.value,
    )
    decode_people(text)  # the code can read it
    people: list[dict[str, str]] = json.loads(text)
    return people


async def test_the_migration_makes_a_phones_patients_its_people_the_latest_first(
    empty_database_url: str,
) -> None:
    connection = await asyncpg.connect(empty_database_url)
    try:
        await _clinic_at_0017(connection)
        await _patient(connection, ANA)
        await _booked(connection, ANA, "Ana López", days_ago=30)
        await _booked(connection, ANA, "Mateo Rojas", days_ago=20)
        await _booked(connection, ANA, "Ana López", days_ago=10)  # Ana again, most recently
        await _patient(connection, BETO)  # wrote, never booked

        await migrate(connection, _up_to(18))

        people = await _people(connection, ANA)
        assert [p["name"] for p in people] == ["Ana López", "Mateo Rojas"]
        assert all(set(p) == {"id", "name"} for p in people)  # no relation: never said
        assert len({uuid.UUID(p["id"]) for p in people}) == 2
        assert await _people(connection, BETO) == []
    finally:
        await connection.close()


async def test_the_migration_counts_spellings_once_keeps_ten_and_stays_in_its_clinic(
    empty_database_url: str,
) -> None:
    many = PatientAddress("56977778888")
    connection = await asyncpg.connect(empty_database_url)
    try:
        await _clinic_at_0017(connection)
        await _patient(connection, ANA)
        await _booked(connection, ANA, "Sofía Pérez", days_ago=40)
        await _booked(connection, ANA, "Mateo Rojas", days_ago=30, cancelled=True)  # still booked for him
        await _booked(connection, ANA, "  sofia   PEREZ ", days_ago=20)  # Sofía again, spelled loosely
        await _booked(connection, ANA, "   ", days_ago=5)  # no name: no person
        # Elsewhere: another clinic's bookings from this phone are not this clinic's people.
        await _patient(connection, ANA, clinic_id="norte")
        await _booked(connection, ANA, "Pedro Soto", days_ago=1, clinic_id="norte")
        # A phone that booked under twelve names keeps the ten latest.
        await _patient(connection, many)
        for n in range(12):
            await _booked(connection, many, f"Persona {n}", days_ago=100 - n)
        # A patient who booked but never wrote has no session to fill (and gets none).
        await _patient(connection, CARLA, session=False)
        await _booked(connection, CARLA, "Carla Díaz", days_ago=3)

        await migrate(connection, _up_to(18))

        assert [p["name"] for p in await _people(connection, ANA)] == ["sofia PEREZ", "Mateo Rojas"]
        assert [p["name"] for p in await _people(connection, ANA, "norte")] == ["Pedro Soto"]
        assert [p["name"] for p in await _people(connection, many)] == [
            f"Persona {n}" for n in range(11, 1, -1)
        ]
        assert (
            await connection.fetchval("SELECT count(*) FROM chat_sessions WHERE address = $1", CARLA.value)
            == 0
        )
    finally:
        await connection.close()
