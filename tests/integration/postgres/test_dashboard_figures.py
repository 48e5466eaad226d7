"""The dashboard's figures from PostgreSQL: bookings by who made them, no-shows, reminder answers,
conversations and hand-offs (migration 0026's trigger) and model calls, each on the clinic's day."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from adapters.postgres.database import Database
from adapters.postgres.figures import PostgresDashboardFigures
from adapters.postgres.model_tokens import PostgresModelTokens
from adapters.postgres.store import PostgresUnitOfWorkFactory
from application.ports.figures import Figure
from domain.appointment import Appointment, BookingSource, VisitOutcome
from domain.clinic import Clinic
from domain.conversation import ChatSession, Speaker
from domain.figures import Counts
from domain.ids import AppointmentId, ClinicId, DoctorId, PatientAddress

pytestmark = pytest.mark.integration

SANTIAGO = ZoneInfo("America/Santiago")  # UTC-3 in December
ANA, BETO, CARLA = PatientAddress("56911112222"), PatientAddress("56933334444"), PatientAddress("56955556666")


def local(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=SANTIAGO)


async def book(
    units: PostgresUnitOfWorkFactory,
    database: Database,
    clinic: Clinic,
    made: datetime,
    starts: datetime,
    source: BookingSource = BookingSource.WHATSAPP,
) -> Appointment:
    appointment = Appointment(
        AppointmentId(str(uuid.uuid4())),
        clinic.id,
        DoctorId("perez"),
        ANA,
        "Ana López",
        starts,
        starts + timedelta(minutes=30),
        source=source,
    )
    async with units() as uow:
        await uow.appointments.add(appointment)
        await uow.commit()
    async with database.pool.acquire() as connection:  # made then, not now
        await connection.execute(
            "UPDATE appointments SET created_at = $2 WHERE id = $1", appointment.id, made
        )
    return appointment


async def update(units: PostgresUnitOfWorkFactory, appointment: Appointment) -> None:
    async with units() as uow:
        await uow.appointments.update(appointment)
        await uow.commit()


async def test_each_figure_is_counted_on_the_clinics_own_day(
    sonrisa: Clinic, units: PostgresUnitOfWorkFactory, database: Database
) -> None:
    # Bookings by the day they were made: 23:30 in Santiago on the 1st is the 2nd in UTC.
    first = await book(units, database, sonrisa, local(1, 10), local(3, 9))
    await book(units, database, sonrisa, local(1, 23, 30), local(4, 9), BookingSource.STAFF)
    cancelled = await book(units, database, sonrisa, local(2, 11), local(4, 10))
    cancelled.cancel(local(2, 12))
    await update(units, cancelled)
    await book(units, database, sonrisa, local(1, 9) - timedelta(days=20), local(2, 15), BookingSource.STAFF)
    # A no-show on the day it was due; a reminder answered on the day the patient answered.
    missed = await book(units, database, sonrisa, local(1, 12), local(2, 16))
    missed.record_visit(VisitOutcome.NO_SHOW, local(2, 17))
    await update(units, missed)
    first.confirm_attendance(local(2, 21, 30))  # 00:30 UTC on the 3rd
    await update(units, first)
    # Conversations: a patient counts once a day she writes, however many messages.
    async with units() as uow:
        ana = ChatSession(sonrisa.id, ANA)
        ana.record(Speaker.PATIENT, "hola", local(1, 8))
        await uow.sessions.save(ana)
        beto = ChatSession(sonrisa.id, BETO)
        beto.record(Speaker.PATIENT, "hola", local(1, 22, 30))
        await uow.sessions.save(beto)
        await uow.commit()
    async with units() as uow:
        ana = await uow.sessions.get(sonrisa.id, ANA) or ChatSession(sonrisa.id, ANA)
        ana.record(Speaker.PATIENT, "quiero hora", local(1, 9))
        await uow.sessions.save(ana)
        await uow.commit()
    async with units() as uow:
        ana = await uow.sessions.get(sonrisa.id, ANA) or ChatSession(sonrisa.id, ANA)
        ana.record(Speaker.PATIENT, "gracias", local(2, 9))
        ana.hand_to_staff()  # staff take her over
        await uow.sessions.save(ana)
        carla = ChatSession(sonrisa.id, CARLA)  # paused ahead of her first message: a hand-off too
        carla.hand_to_staff()
        await uow.sessions.save(carla)
        await uow.commit()
    async with units() as uow:
        ana = await uow.sessions.get(sonrisa.id, ANA) or ChatSession(sonrisa.id, ANA)
        ana.hand_to_staff()  # already with staff: not handed again
        ana.record(Speaker.STAFF, "con gusto", local(2, 10))
        await uow.sessions.save(ana)
        await uow.commit()
    # Model calls: each spend is one call.
    tokens = PostgresModelTokens(database)
    await tokens.spend(sonrisa.id, date(2026, 12, 2), 1_500)
    await tokens.spend(sonrisa.id, date(2026, 12, 2), 500)
    async with database.pool.acquire() as connection:
        today = await connection.fetchval("SELECT (now() AT TIME ZONE 'America/Santiago')::date")

    found = await PostgresDashboardFigures(database).days(
        sonrisa.id, date(2026, 11, 28), max(today, date(2026, 12, 4)), SANTIAGO
    )

    by_day = {d.day: d.counts for d in found.days}
    # A hand-off is counted on the day it happens (now, for the database): Ana's and Carla's.
    assert by_day[today].handoffs == 2
    assert sum(c.handoffs for c in by_day.values()) == 2
    assert replace(by_day[date(2026, 12, 1)], handoffs=0) == Counts(
        conversations=2, booked_by_bot=2, booked_by_staff=1
    )
    assert replace(by_day[date(2026, 12, 2)], handoffs=0) == Counts(
        conversations=1, booked_by_bot=1, no_shows=1, reminder_answers=1, model_calls=2, model_tokens=2_000
    )
    assert replace(by_day.get(date(2026, 12, 3), Counts()), handoffs=0) == Counts()
    assert set(found.since) == set(Figure)


async def test_another_clinics_figures_and_days_outside_the_range_are_left_out(
    sonrisa: Clinic, units: PostgresUnitOfWorkFactory, database: Database
) -> None:
    await book(units, database, sonrisa, local(1, 10), local(3, 9))
    await book(units, database, sonrisa, local(5, 10), local(6, 9))
    figures = PostgresDashboardFigures(database)
    found = await figures.days(sonrisa.id, date(2026, 12, 1), date(2026, 12, 4), SANTIAGO)
    assert [(d.day, d.counts.booked_by_bot) for d in found.days] == [(date(2026, 12, 1), 1)]
    other = await figures.days(ClinicId("otra"), date(2026, 12, 1), date(2026, 12, 4), SANTIAGO)
    assert list(other.days) == []
