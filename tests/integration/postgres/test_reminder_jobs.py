"""The reminder job queue on a real server: leases, retries, and racing workers that never double-send."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

import asyncpg
import pytest

from adapters.postgres.clinics import PostgresClinicDirectory
from adapters.postgres.database import Database
from adapters.postgres.migrate import bundled_migrations, migrate
from adapters.postgres.reminder_jobs import PostgresReminderJobs, ReminderFailure
from adapters.postgres.store import PostgresUnitOfWorkFactory
from application.ports import ClaimedReminder, ReminderJobs
from domain.appointment import Appointment
from domain.availability import Slot
from domain.clinic import Clinic
from domain.ids import AppointmentId, DoctorId, PatientAddress
from domain.reminder import Reminder, reminders_for
from tests.factories import clinic, doctor

pytestmark = pytest.mark.integration

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
LEASE = timedelta(minutes=5)
DAY, HOUR = timedelta(hours=24), timedelta(hours=1)
ANA = PatientAddress("56911112222")
PEREZ = DoctorId("perez")


@pytest.fixture
async def sonrisa(database: Database) -> Clinic:
    demo = clinic(doctor("perez"), doctor("soto", specialty="Ortodoncia"))
    await PostgresClinicDirectory(database).put(demo)
    return demo


@pytest.fixture
def jobs(database: Database) -> PostgresReminderJobs:
    return PostgresReminderJobs(database)


def _at(sonrisa: Clinic, starts_at: datetime, doctor_id: DoctorId = PEREZ) -> Appointment:
    return Appointment(
        AppointmentId(str(uuid.uuid4())),
        sonrisa.id,
        doctor_id,
        ANA,
        "Ana López",
        starts_at,
        starts_at + timedelta(minutes=30),
        service="Odontología general",
    )


async def _book(
    units: PostgresUnitOfWorkFactory, *appointments: Appointment, booked_at: datetime = NOW - 7 * DAY
) -> None:
    """Book with the default reminders (24 h and 1 h before), as made when ``booked_at``."""
    async with units() as uow:
        for appointment in appointments:
            await uow.appointments.add(appointment)
            await uow.reminders.schedule(reminders_for(appointment, booked_at))
        await uow.commit()


def _ids(claimed: list[ClaimedReminder]) -> list[int]:
    return [c.job_id for c in claimed]


async def test_claiming_takes_due_pending_jobs_only(
    sonrisa: Clinic, units: PostgresUnitOfWorkFactory, jobs: PostgresReminderJobs
) -> None:
    soon = _at(sonrisa, NOW + 2 * HOUR)  # its 24 h reminder is due, its 1 h one is not
    gone = _at(sonrisa, NOW + 3 * HOUR)
    await _book(units, soon, gone)
    async with units() as uow:
        stored = await uow.appointments.get(gone.id)
        assert stored is not None
        stored.cancel(NOW - DAY)
        await uow.appointments.update(stored)
        await uow.reminders.cancel(stored.id)  # its reminders with it, as application.booking.cancel does
        await uow.commit()

    claimed = await jobs.claim_due(NOW, 10, LEASE)
    assert [(c.appointment, c.before, c.due_at, c.attempts, c.patient_opted_out) for c in claimed] == [
        (soon, DAY, soon.starts_at - DAY, 1, False)
    ]
    await jobs.sent(claimed[0].job_id, NOW)
    assert await jobs.claim_due(soon.starts_at - HOUR - timedelta(seconds=1), 10, LEASE) == []
    later = await jobs.claim_due(soon.starts_at - HOUR, 10, LEASE)
    assert [(c.appointment.id, c.before) for c in later] == [(soon.id, HOUR)]


async def test_a_claimed_job_is_held_for_its_lease_then_claimable_again(
    sonrisa: Clinic, units: PostgresUnitOfWorkFactory, jobs: PostgresReminderJobs
) -> None:
    await _book(units, _at(sonrisa, NOW + 2 * HOUR))
    (first,) = await jobs.claim_due(NOW, 10, LEASE)
    assert await jobs.claim_due(NOW + LEASE - timedelta(seconds=1), 10, LEASE) == []
    # The worker died without a word: once its lease ends, another worker takes the job.
    (again,) = await jobs.claim_due(NOW + LEASE, 10, LEASE)
    assert again.job_id == first.job_id
    assert again.attempts == 2


async def test_racing_workers_claim_every_job_exactly_once(
    sonrisa: Clinic, units: PostgresUnitOfWorkFactory, jobs: PostgresReminderJobs
) -> None:
    appointments = [_at(sonrisa, NOW + DAY + n * timedelta(minutes=30)) for n in range(100)]
    async with units() as uow:
        for n, appointment in enumerate(appointments):
            await uow.appointments.add(appointment)
            due = NOW - timedelta(minutes=n)
            await uow.reminders.schedule(
                [Reminder(appointment.id, due, DAY), Reminder(appointment.id, due - HOUR, 2 * DAY)]
            )
        await uow.commit()
    sending: list[int] = []

    async def worker() -> None:
        while claimed := await jobs.claim_due(NOW, 3, LEASE):
            for reminder in claimed:
                sending.append(reminder.job_id)
                await jobs.sent(reminder.job_id, NOW)

    await asyncio.gather(*(worker() for _ in range(15)))
    assert len(sending) == 200
    assert len(set(sending)) == 200
    assert await jobs.claim_due(NOW + DAY, 500, LEASE) == []
    assert await jobs.counts() == {"pending": 0, "sent": 200, "failed": 0, "cancelled": 0, "skipped": 0}


async def test_a_retried_job_is_claimable_from_the_time_given_only(
    sonrisa: Clinic, units: PostgresUnitOfWorkFactory, jobs: PostgresReminderJobs, database: Database
) -> None:
    await _book(units, _at(sonrisa, NOW + 2 * HOUR))
    (job,) = await jobs.claim_due(NOW, 10, LEASE)
    await jobs.retry(job.job_id, NOW + timedelta(minutes=10), "rate limited")
    assert await jobs.claim_due(NOW + timedelta(minutes=9), 10, LEASE) == []
    (again,) = await jobs.claim_due(NOW + timedelta(minutes=10), 10, LEASE)
    assert (again.job_id, again.attempts, again.due_at) == (job.job_id, 2, job.due_at)
    async with database.pool.acquire() as connection:
        assert await connection.fetchval(
            "SELECT last_error FROM reminder_jobs WHERE id = $1", job.job_id
        ) == ("rate limited")


async def test_failed_and_skipped_jobs_are_never_claimed_again(
    sonrisa: Clinic, units: PostgresUnitOfWorkFactory, jobs: PostgresReminderJobs
) -> None:
    soon = _at(sonrisa, NOW + timedelta(minutes=30))
    await _book(units, soon)
    failed, skipped = await jobs.claim_due(NOW, 10, LEASE)
    await jobs.failed(failed.job_id, "template rejected (132001)")
    await jobs.skipped(skipped.job_id, "patient opted out")
    assert await jobs.claim_due(NOW + 365 * DAY, 10, LEASE) == []
    counts = await jobs.counts()
    assert (counts["failed"], counts["skipped"], counts["pending"]) == (1, 1, 0)
    assert await jobs.failures(10) == [
        ReminderFailure(failed.job_id, soon.id, failed.due_at, 1, "template rejected (132001)")
    ]


async def test_released_jobs_are_claimable_at_once_and_keep_their_attempts(
    sonrisa: Clinic, units: PostgresUnitOfWorkFactory, jobs: PostgresReminderJobs
) -> None:
    await _book(units, _at(sonrisa, NOW + timedelta(minutes=30)))
    claimed = await jobs.claim_due(NOW, 10, LEASE)
    assert [c.attempts for c in claimed] == [1, 1]
    await jobs.release(_ids(claimed))
    await jobs.release(_ids(claimed))  # a second release changes nothing
    again = await jobs.claim_due(NOW, 10, LEASE)
    assert _ids(again) == _ids(claimed)
    assert [c.attempts for c in again] == [1, 1]


async def test_a_claim_carries_the_appointment_as_it_stands_and_the_patients_opt_out(
    sonrisa: Clinic, units: PostgresUnitOfWorkFactory, jobs: PostgresReminderJobs
) -> None:
    booked = _at(sonrisa, NOW + 2 * HOUR)
    await _book(units, booked)
    moved_to = NOW + 3 * HOUR
    async with units() as uow:
        stored = await uow.appointments.get(booked.id)
        assert stored is not None
        stored.reschedule(sonrisa, Slot(moved_to, moved_to + timedelta(minutes=30), DoctorId("soto")), NOW)
        await uow.appointments.update(stored)  # its old reminders are left pending on purpose
        patient = await uow.patients.get(sonrisa.id, ANA)
        assert patient is not None
        patient.opt_out(NOW)
        await uow.patients.save(patient)
        await uow.commit()

    (claimed,) = await jobs.claim_due(NOW, 10, LEASE)
    assert claimed.appointment == stored
    assert claimed.appointment.service == "Ortodoncia"
    assert claimed.due_at == booked.starts_at - DAY  # when the job was due, not when the visit now is
    assert claimed.patient_opted_out


async def test_jobs_and_appointments_from_before_0005_are_carried_over(empty_database_url: str) -> None:
    connection = await asyncpg.connect(empty_database_url)
    try:
        await migrate(connection, bundled_migrations()[:4])
        await connection.execute(
            """
            INSERT INTO clinics (id, name, address, timezone, phone_number_id, minimum_notice, horizon_days)
            VALUES ('sonrisa', 'Sonrisa', 'Av. 1', 'America/Santiago', '1', '2 hours', 60);
            INSERT INTO doctors (clinic_id, id, name, specialty, slot_length, position)
            VALUES ('sonrisa', 'perez', 'Dra. Pérez', 'Odontología general', '30 minutes', 0);
            INSERT INTO patients (clinic_id, address_kind, address)
            VALUES ('sonrisa', 'phone', '56911112222');
            INSERT INTO appointments (id, clinic_id, doctor_id, address_kind, address, patient_name,
                                      starts_at, ends_at, source)
            VALUES ('00000000-0000-0000-0000-000000000001', 'sonrisa', 'perez', 'phone', '56911112222',
                    'Ana', '2026-12-02 12:00Z', '2026-12-02 12:30Z', 'whatsapp');
            INSERT INTO reminder_jobs (appointment_id, due_at, before_start)
            VALUES ('00000000-0000-0000-0000-000000000001', '2026-12-01 12:00Z', '24 hours');
            """
        )
        await migrate(connection)
        service = await connection.fetchval("SELECT service FROM appointments")
        available_at = await connection.fetchval("SELECT available_at FROM reminder_jobs")
        outreach = await connection.fetchrow("SELECT reminder_policy, recall_settings FROM clinics")
    finally:
        await connection.close()
    assert service == "Odontología general"
    assert available_at == NOW
    assert outreach is not None
    assert tuple(outreach) == ("{}", "{}")


async def test_the_adapter_implements_the_port(database: Database) -> None:
    port: ReminderJobs = PostgresReminderJobs(database)  # checked by mypy
    assert port is not None
