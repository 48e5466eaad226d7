"""Holds in PostgreSQL (issue 22): a time offered to a patient is theirs for a few minutes, expires on
its own, and of twenty patients holding one time at once exactly one gets it."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from adapters.postgres.clinics import PostgresClinicDirectory
from adapters.postgres.database import Database, DatabaseOptions
from adapters.postgres.store import PostgresUnitOfWorkFactory
from domain.appointment import Appointment
from domain.availability import Interval, Slot
from domain.clinic import Clinic
from domain.conversation import ChatSession
from domain.errors import SlotTaken
from domain.holds import HOLD_FOR, Hold
from domain.ids import AppointmentId, DoctorId, PatientAddress
from tests.factories import clinic, doctor

pytestmark = pytest.mark.integration

SANTIAGO = ZoneInfo("America/Santiago")
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=SANTIAGO)
# Tuesday 1 December 2026, 10:00 in Santiago.
TEN = datetime(2026, 12, 1, 10, 0, tzinfo=SANTIAGO)
HALF_PAST = TEN + timedelta(minutes=30)
ANA = PatientAddress("56911112222")
BETO = PatientAddress("56933334444")
CARLA = PatientAddress("56955556666")
PEREZ = DoctorId("perez")
SOTO = DoctorId("soto")
DAY = (TEN - timedelta(hours=1), TEN + timedelta(hours=8))
PATIENTS = [PatientAddress(f"569{n:08d}") for n in range(20)]


@pytest.fixture
async def sonrisa(database: Database) -> Clinic:
    demo = clinic(doctor("perez"), doctor("soto"))
    await PostgresClinicDirectory(database).put(demo)
    return demo


@pytest.fixture
async def roomy(database_url: str) -> AsyncIterator[Database]:
    """A pool with room for twenty open units of work at once and a connection to look with."""
    database = Database(DatabaseOptions(url=database_url, max_connections=25))
    await database.start()
    try:
        yield database
    finally:
        await database.stop()


def _hold(
    sonrisa: Clinic, who: PatientAddress, start: datetime = TEN, *, doctor_id: DoctorId = PEREZ
) -> Hold:
    return Hold.of(sonrisa.id, Slot(start, start + timedelta(minutes=30), doctor_id), who, NOW)


async def _held(
    units: PostgresUnitOfWorkFactory,
    sonrisa: Clinic,
    *,
    now: datetime = NOW,
    excluding: PatientAddress | None = None,
) -> dict[DoctorId, list[Interval]]:
    """What another unit of work reads as held, of both doctors, that day."""
    async with units() as uow:
        return await uow.holds.held(sonrisa.id, [PEREZ, SOTO], *DAY, now, excluding=excluding)


async def _rows(database: Database) -> list[tuple[str, str, datetime]]:
    async with database.pool.acquire() as connection:
        rows = await connection.fetch("SELECT address, doctor_id, starts_at FROM slot_holds ORDER BY address")
    return [(r["address"], r["doctor_id"], r["starts_at"]) for r in rows]


async def test_a_hold_keeps_the_time_from_others_but_not_from_its_holder(
    sonrisa: Clinic, units: PostgresUnitOfWorkFactory
) -> None:
    async with units() as uow:
        assert await uow.holds.hold(_hold(sonrisa, ANA), NOW)
        await uow.commit()

    ten = Interval(TEN, HALF_PAST)
    assert await _held(units, sonrisa) == {PEREZ: [ten], SOTO: []}
    assert await _held(units, sonrisa, excluding=BETO) == {PEREZ: [ten], SOTO: []}
    assert await _held(units, sonrisa, excluding=ANA) == {PEREZ: [], SOTO: []}
    assert await _held(units, sonrisa, now=NOW + HOLD_FOR - timedelta(seconds=1)) == {PEREZ: [ten], SOTO: []}
    async with units() as uow:  # outside the window asked about
        assert await uow.holds.held(sonrisa.id, [PEREZ], HALF_PAST, HALF_PAST + timedelta(hours=1), NOW) == {
            PEREZ: []
        }


async def test_a_hold_not_committed_is_seen_only_by_its_own_unit_of_work(
    sonrisa: Clinic, units: PostgresUnitOfWorkFactory, database: Database
) -> None:
    async with units() as uow:
        assert await uow.holds.hold(_hold(sonrisa, ANA), NOW)
        assert (await uow.holds.held(sonrisa.id, [PEREZ], *DAY, NOW))[PEREZ] == [Interval(TEN, HALF_PAST)]
        assert await _held(units, sonrisa) == {PEREZ: [], SOTO: []}
    assert await _rows(database) == []  # rolled back with its unit of work


async def test_another_patients_live_hold_refuses_the_time_and_the_unit_of_work_stays_usable(
    sonrisa: Clinic, units: PostgresUnitOfWorkFactory, database: Database
) -> None:
    async with units() as uow:
        assert await uow.holds.hold(_hold(sonrisa, ANA), NOW)
        await uow.commit()

    later = NOW + timedelta(minutes=5)
    async with units() as uow:
        assert not await uow.holds.hold(_hold(sonrisa, BETO, TEN + timedelta(minutes=15)), later)
        await uow.sessions.save(ChatSession(sonrisa.id, BETO, last_activity=later))
        assert await uow.holds.hold(_hold(sonrisa, BETO, HALF_PAST), later)
        await uow.commit()
    assert await _rows(database) == [(ANA.value, PEREZ, TEN), (BETO.value, PEREZ, HALF_PAST)]
    async with units() as uow:
        assert await uow.sessions.get(sonrisa.id, BETO) is not None


async def test_a_second_hold_by_the_same_patient_replaces_the_first(
    sonrisa: Clinic, units: PostgresUnitOfWorkFactory, database: Database
) -> None:
    async with units() as uow:
        assert await uow.holds.hold(_hold(sonrisa, ANA), NOW)
        await uow.commit()
    async with units() as uow:
        assert await uow.holds.hold(_hold(sonrisa, ANA, HALF_PAST), NOW)
        await uow.commit()

    assert await _rows(database) == [(ANA.value, PEREZ, HALF_PAST)]
    assert await _held(units, sonrisa) == {
        PEREZ: [Interval(HALF_PAST, HALF_PAST + timedelta(minutes=30))],
        SOTO: [],
    }
    async with units() as uow:  # the time she let go is free for someone else
        assert await uow.holds.hold(_hold(sonrisa, BETO), NOW)
        # Holding the very time again (a fresher expiry) replaces her hold with itself.
        assert await uow.holds.hold(_hold(sonrisa, ANA, HALF_PAST), NOW + timedelta(minutes=1))
        await uow.commit()
    assert await _rows(database) == [(ANA.value, PEREZ, HALF_PAST), (BETO.value, PEREZ, TEN)]


async def test_release_drops_the_hold_and_is_a_no_op_without_one(
    sonrisa: Clinic, units: PostgresUnitOfWorkFactory, database: Database
) -> None:
    async with units() as uow:
        assert await uow.holds.hold(_hold(sonrisa, ANA), NOW)
        await uow.commit()
    async with units() as uow:
        await uow.holds.release(sonrisa.id, ANA)
        await uow.holds.release(sonrisa.id, BETO)
        await uow.commit()

    assert await _rows(database) == []
    assert await _held(units, sonrisa) == {PEREZ: [], SOTO: []}
    async with units() as uow:
        assert await uow.holds.hold(_hold(sonrisa, BETO), NOW)


async def test_an_expired_hold_blocks_nobody(
    sonrisa: Clinic, units: PostgresUnitOfWorkFactory, database: Database
) -> None:
    async with units() as uow:
        assert await uow.holds.hold(_hold(sonrisa, ANA), NOW)
        await uow.commit()

    expired = NOW + HOLD_FOR
    assert await _held(units, sonrisa, now=expired) == {PEREZ: [], SOTO: []}
    async with units() as uow:
        later = Hold.of(sonrisa.id, Slot(TEN + timedelta(minutes=15), HALF_PAST, PEREZ), BETO, expired)
        assert await uow.holds.hold(later, expired)
        await uow.commit()
    assert await _rows(database) == [(BETO.value, PEREZ, TEN + timedelta(minutes=15))]


async def test_holds_of_other_doctors_or_adjacent_times_do_not_clash(
    sonrisa: Clinic, units: PostgresUnitOfWorkFactory, database: Database
) -> None:
    async with units() as uow:
        assert await uow.holds.hold(_hold(sonrisa, ANA), NOW)
        assert await uow.holds.hold(_hold(sonrisa, BETO, doctor_id=SOTO), NOW)
        assert await uow.holds.hold(_hold(sonrisa, CARLA, HALF_PAST), NOW)
        await uow.commit()

    assert await _held(units, sonrisa, excluding=CARLA) == {
        PEREZ: [Interval(TEN, HALF_PAST)],
        SOTO: [Interval(TEN, HALF_PAST)],
    }
    assert len(await _rows(database)) == 3


async def test_a_hold_waiting_on_one_rolled_back_gets_the_time(
    sonrisa: Clinic, units: PostgresUnitOfWorkFactory, database: Database
) -> None:
    async with units() as first:
        assert await first.holds.hold(_hold(sonrisa, ANA), NOW)

        async def second() -> bool:
            async with units() as uow:
                got = await uow.holds.hold(_hold(sonrisa, BETO), NOW)
                await uow.commit()
            return got

        waiting = asyncio.create_task(second())
        await asyncio.sleep(0.3)
        assert not waiting.done(), "the second hold waits for the first transaction to end"
    # The first unit of work ends without committing: the time was never held.
    async with asyncio.timeout(10):
        assert await waiting
    assert await _rows(database) == [(BETO.value, PEREZ, TEN)]


async def test_twenty_patients_holding_one_time_at_once_leave_one_holder_and_no_double_booking(
    sonrisa: Clinic, roomy: Database
) -> None:
    """The done-when of issue 22: twenty units of work, each on its own connection and all inside
    their transactions before any of them holds, hold the same time and commit: one gets it. Then
    all twenty confirm it at once: the exclusion constraint books it once."""
    units = PostgresUnitOfWorkFactory(roomy)
    slot = Slot(TEN, HALF_PAST, PEREZ)
    all_in = asyncio.Barrier(len(PATIENTS))

    async def hold(who: PatientAddress) -> bool:
        async with units() as uow:
            await all_in.wait()
            got = await uow.holds.hold(Hold.of(sonrisa.id, slot, who, NOW), NOW)
            await uow.commit()
        return got

    async with asyncio.timeout(30):
        held = await asyncio.gather(*(hold(who) for who in PATIENTS))
    assert sorted(held) == [False] * 19 + [True]
    holder = PATIENTS[held.index(True)]
    assert await _rows(roomy) == [(holder.value, PEREZ, TEN)]
    async with units() as uow:
        assert (await uow.holds.held(sonrisa.id, [PEREZ], *DAY, NOW, excluding=holder))[PEREZ] == []
        for who in PATIENTS:
            if who != holder:
                found = await uow.holds.held(sonrisa.id, [PEREZ], *DAY, NOW, excluding=who)
                assert found[PEREZ] == [slot.interval]

    all_in = asyncio.Barrier(len(PATIENTS))

    async def book(who: PatientAddress) -> str:
        appointment = Appointment.book(
            AppointmentId(str(uuid.uuid4())), sonrisa, slot, patient=who, patient_name="P", now=NOW
        )
        async with units() as uow:
            await all_in.wait()
            try:
                await uow.appointments.add(appointment)
                outcome = "booked"
            except SlotTaken:
                outcome = "taken"
            await uow.commit()
        return outcome

    async with asyncio.timeout(30):
        outcomes = await asyncio.gather(*(book(who) for who in PATIENTS))
    assert sorted(outcomes) == ["booked"] + ["taken"] * 19
    async with roomy.pool.acquire() as connection:
        booked = await connection.fetch("SELECT address, starts_at FROM appointments WHERE status = 'booked'")
    assert [(r["address"], r["starts_at"]) for r in booked] == [
        (PATIENTS[outcomes.index("booked")].value, TEN)
    ]
