"""A clinic's services in PostgreSQL: written from its file, read back exactly, kept by appointments."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import asyncpg
import pytest

from adapters.postgres.clinics import PostgresClinicDirectory
from adapters.postgres.database import Database
from adapters.postgres.reminder_jobs import PostgresReminderJobs
from adapters.postgres.store import PostgresUnitOfWorkFactory
from domain.appointment import Appointment
from domain.availability import Slot
from domain.clinic import Clinic
from domain.ids import AppointmentId, DoctorId, PatientAddress, ServiceId
from domain.reminder import reminders_for
from domain.services import Price, Service
from tests.factories import clinic, doctor

pytestmark = pytest.mark.integration

SANTIAGO = ZoneInfo("America/Santiago")
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=SANTIAGO)
# Tuesday 1 December 2026, 10:00 in Santiago.
TEN = datetime(2026, 12, 1, 10, 0, tzinfo=SANTIAGO)
ANA = PatientAddress("56911112222")
PEREZ, SOTO, ROJAS = DoctorId("perez"), DoctorId("soto"), DoctorId("rojas")

LIMPIEZA = Service(
    id=ServiceId("limpieza"),
    name="Limpieza dental",
    duration=timedelta(minutes=60),
    synonyms=("limpieza", "profilaxis", "destartraje"),
    price=Price(Decimal("35000"), "CLP", from_price=True),
    doctor_ids=(PEREZ,),
    preparation="Cepíllese antes de venir.",
)
CONTROL = Service(
    id=ServiceId("control"),
    name="Control",
    price=Price(Decimal("49.90"), "MXN"),
)
ORTODONCIA = Service(
    id=ServiceId("ortodoncia"),
    name="Evaluación de ortodoncia",
    duration=timedelta(minutes=45),
    doctor_ids=(SOTO,),
    bookable=False,
)


def _plain() -> Clinic:
    return clinic(doctor("perez"), doctor("soto", specialty="Ortodoncia", slot_minutes=45))


def _with_services(*services: Service, default: ServiceId | None = None) -> Clinic:
    return replace(_plain(), services=services, default_service_id=default)


def _appointment(
    sonrisa: Clinic, starts_at: datetime, doctor_id: DoctorId = PEREZ, service: Service | None = None
) -> Appointment:
    with_doctor = sonrisa.doctor(doctor_id)
    assert with_doctor is not None
    length = sonrisa.visit_length(service, with_doctor)
    return Appointment.book(
        AppointmentId(str(uuid.uuid4())),
        sonrisa,
        Slot(starts_at, starts_at + length, doctor_id),
        patient=ANA,
        patient_name="Ana López",
        now=NOW,
        service=service,
    )


async def _add(units: PostgresUnitOfWorkFactory, *appointments: Appointment) -> None:
    async with units() as uow:
        for appointment in appointments:
            await uow.appointments.add(appointment)
        await uow.commit()


async def _service_id(units: PostgresUnitOfWorkFactory, appointment: Appointment) -> ServiceId | None:
    async with units() as uow:
        stored = await uow.appointments.get(appointment.id)
    assert stored is not None
    return stored.service_id


async def test_a_clinic_with_services_reads_back_exactly(database: Database) -> None:
    directory = PostgresClinicDirectory(database)
    sonrisa = _with_services(LIMPIEZA, CONTROL, ORTODONCIA, default=CONTROL.id)
    result = await directory.put(sonrisa)
    assert (result.services, result.deactivated_services, result.assigned_appointments) == (3, (), 0)

    stored = await directory.get(sonrisa.id)
    assert stored == sonrisa
    assert await directory.by_phone_number_id(sonrisa.phone_number_id) == sonrisa
    assert await directory.all() == [sonrisa]
    # Equal is not enough for money: the amount comes back as the same Decimal, scale and all.
    assert stored is not None
    prices = [s.price for s in stored.services]
    assert [(p.amount.as_tuple(), p.currency) for p in prices if p is not None] == [
        (Decimal("35000").as_tuple(), "CLP"),
        (Decimal("49.90").as_tuple(), "MXN"),
    ]
    assert stored.default_service == CONTROL

    # The file's order is the services' order, and dropping the default falls back to the first.
    reordered = _with_services(ORTODONCIA, LIMPIEZA, CONTROL)
    await directory.put(reordered)
    stored = await directory.get(sonrisa.id)
    assert stored == reordered
    assert stored is not None
    assert stored.default_service == ORTODONCIA


async def test_a_clinic_without_services_reads_back_without_them(database: Database) -> None:
    directory = PostgresClinicDirectory(database)
    await directory.put(_with_services(LIMPIEZA, default=LIMPIEZA.id))
    plain = _plain()
    result = await directory.put(plain)
    assert result.deactivated_services == (LIMPIEZA.id,)
    assert await directory.get(plain.id) == plain


async def test_a_service_left_out_of_the_file_is_deactivated_and_its_appointments_keep_it(
    database: Database, units: PostgresUnitOfWorkFactory
) -> None:
    directory = PostgresClinicDirectory(database)
    sonrisa = _with_services(LIMPIEZA, CONTROL)
    await directory.put(sonrisa)
    booked = _appointment(sonrisa, TEN, service=LIMPIEZA)
    await _add(units, booked)

    without = _with_services(CONTROL)
    result = await directory.put(without)
    assert result.deactivated_services == (LIMPIEZA.id,)
    assert await directory.get(sonrisa.id) == without
    assert await _service_id(units, booked) == LIMPIEZA.id
    async with database.pool.acquire() as connection:
        assert await connection.fetchval("SELECT active FROM services WHERE id = 'limpieza'") is False

    # A service that comes back is active again, as the file now says it.
    back = _with_services(CONTROL, replace(LIMPIEZA, name="Limpieza", price=None))
    result = await directory.put(back)
    assert result.deactivated_services == ()
    assert await directory.get(sonrisa.id) == back


async def test_appointments_booked_before_the_clinic_listed_services_get_one_when_it_does(
    database: Database, units: PostgresUnitOfWorkFactory
) -> None:
    directory = PostgresClinicDirectory(database)
    before = clinic(doctor("perez"), doctor("soto", slot_minutes=45), doctor("rojas"))
    await directory.put(before)
    with_perez = _appointment(before, TEN)
    with_soto = _appointment(before, TEN, SOTO)
    with_rojas = _appointment(before, TEN, ROJAS)
    cancelled = _appointment(before, TEN + timedelta(hours=2))
    cancelled.cancel(NOW)
    await _add(units, with_perez, with_soto, with_rojas, cancelled)
    assert await _service_id(units, with_perez) is None

    # Dr. Rojas leaves; no default named, so the first service is the clinic's default.
    listing = _with_services(LIMPIEZA, ORTODONCIA)
    result = await directory.put(listing)
    assert result.assigned_appointments == 4
    # What a booking naming no service gets now: the default, or the first service the doctor does.
    assert await _service_id(units, with_perez) == LIMPIEZA.id
    assert await _service_id(units, with_soto) == ORTODONCIA.id
    assert await _service_id(units, with_rojas) == LIMPIEZA.id
    assert await _service_id(units, cancelled) == LIMPIEZA.id

    # Only appointments without a service: a later default changes none of them.
    result = await directory.put(replace(listing, default_service_id=ORTODONCIA.id))
    assert result.assigned_appointments == 0
    assert await _service_id(units, with_perez) == LIMPIEZA.id


async def test_a_clinic_without_services_leaves_its_appointments_plain(
    database: Database, units: PostgresUnitOfWorkFactory
) -> None:
    directory = PostgresClinicDirectory(database)
    sonrisa = _plain()
    await directory.put(sonrisa)
    plain = _appointment(sonrisa, TEN)
    await _add(units, plain)
    result = await directory.put(sonrisa)
    assert result.assigned_appointments == 0
    assert await _service_id(units, plain) is None


async def test_an_appointment_keeps_its_service_through_add_get_and_update(
    database: Database, units: PostgresUnitOfWorkFactory
) -> None:
    sonrisa = _with_services(LIMPIEZA, CONTROL, ORTODONCIA)
    await PostgresClinicDirectory(database).put(sonrisa)
    booked = _appointment(sonrisa, TEN, service=LIMPIEZA)
    assert booked.service_id == LIMPIEZA.id
    await _add(units, booked)
    async with units() as uow:
        assert await uow.appointments.get(booked.id) == booked
        assert await uow.appointments.between(sonrisa.id, TEN, TEN + timedelta(days=1)) == [booked]
        assert await uow.appointments.upcoming(sonrisa.id, ANA, NOW) == [booked]

    later = TEN + timedelta(hours=5)
    booked.reschedule(sonrisa, Slot(later, later + timedelta(minutes=60), PEREZ), NOW)
    async with units() as uow:
        await uow.appointments.update(booked)
        await uow.commit()
    async with units() as uow:
        assert await uow.appointments.get(booked.id) == booked

    booked.service_id = CONTROL.id
    async with units() as uow:
        await uow.appointments.update(booked)
        await uow.commit()
    assert await _service_id(units, booked) == CONTROL.id

    # The reminder queue reads the same columns.
    async with units() as uow:
        await uow.reminders.schedule(reminders_for(booked, NOW))
        await uow.commit()
    (claimed, *_) = await PostgresReminderJobs(database).claim_due(later, 10, timedelta(minutes=5))
    assert claimed.appointment == booked


async def test_an_appointment_cannot_name_a_service_the_clinic_never_had(
    database: Database, units: PostgresUnitOfWorkFactory
) -> None:
    sonrisa = _with_services(CONTROL)
    await PostgresClinicDirectory(database).put(sonrisa)
    stray = replace(_appointment(sonrisa, TEN), service_id=ServiceId("blanqueamiento"))
    with pytest.raises(asyncpg.ForeignKeyViolationError):
        await _add(units, stray)


@pytest.mark.parametrize(
    ("amount", "currency"),
    [("35000", None), (None, "CLP"), ("-1", "CLP"), ("NaN", "CLP"), ("Infinity", "CLP"), ("10", "clp")],
)
async def test_the_database_refuses_a_malformed_price(
    database: Database, amount: str | None, currency: str | None
) -> None:
    await PostgresClinicDirectory(database).put(_plain())
    async with database.pool.acquire() as connection:
        with pytest.raises(asyncpg.CheckViolationError):
            await connection.execute(
                "INSERT INTO services (clinic_id, id, name, price_amount, price_currency, position) "
                "VALUES ('sonrisa', 'x', 'X', $1::numeric, $2, 0)",
                amount,
                currency,
            )
