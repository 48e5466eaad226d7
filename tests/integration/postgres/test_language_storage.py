"""The languages in PostgreSQL (issue 26): the clinic's list kept, each patient's conversation
language kept with their session, and read by the worker with each reminder it claims."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from adapters.postgres.clinics import PostgresClinicDirectory
from adapters.postgres.database import Database
from adapters.postgres.reminder_jobs import PostgresReminderJobs
from adapters.postgres.store import PostgresUnitOfWorkFactory
from domain.appointment import Appointment
from domain.clinic import Clinic
from domain.conversation import ChatSession
from domain.ids import AppointmentId, DoctorId, PatientAddress
from domain.language import Language
from domain.reminder import reminders_for
from tests.factories import clinic

pytestmark = pytest.mark.integration

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
ANA = PatientAddress("56911112222")
JOHN = PatientAddress("14155550123")
SERVED = (Language.SPANISH, Language.ENGLISH, Language.PORTUGUESE)


@pytest.fixture
async def tri(database: Database) -> Clinic:
    demo = replace(clinic(), languages=SERVED)
    await PostgresClinicDirectory(database).put(demo)
    return demo


async def test_the_languages_a_clinic_serves_are_kept_in_order(database: Database, tri: Clinic) -> None:
    directory = PostgresClinicDirectory(database)
    kept = await directory.get(tri.id)
    assert kept is not None
    assert kept.languages == SERVED
    await directory.put(replace(tri, languages=(Language.PORTUGUESE, Language.SPANISH)))
    again = await directory.get(tri.id)
    assert again is not None
    assert again.languages == (Language.PORTUGUESE, Language.SPANISH)


async def test_a_conversations_language_is_kept_and_changed_with_its_session(
    units: PostgresUnitOfWorkFactory, tri: Clinic
) -> None:
    async with units() as uow:
        await uow.sessions.save(ChatSession(tri.id, ANA))
        john = ChatSession(tri.id, JOHN)
        john.language = Language.ENGLISH
        await uow.sessions.save(john)
        await uow.commit()
    async with units() as uow:
        ana = await uow.sessions.get(tri.id, ANA)
        kept = await uow.sessions.get(tri.id, JOHN)
        assert ana is not None
        assert kept is not None
        assert ana.language is None
        assert kept.language is Language.ENGLISH
        kept.language = Language.PORTUGUESE
        await uow.sessions.save(kept)
        await uow.commit()
    async with units() as uow:
        changed = await uow.sessions.get(tri.id, JOHN)
        assert changed is not None
        assert changed.language is Language.PORTUGUESE


async def test_a_claimed_reminder_carries_its_patients_language(
    database: Database, units: PostgresUnitOfWorkFactory, tri: Clinic
) -> None:
    def visit(patient: PatientAddress, hours: int) -> Appointment:
        starts = NOW + timedelta(hours=hours)
        appointment_id = AppointmentId(str(uuid.uuid4()))
        return Appointment(
            appointment_id, tri.id, DoctorId("perez"), patient, "X Y", starts, starts + timedelta(minutes=30)
        )

    async with units() as uow:
        john = ChatSession(tri.id, JOHN)
        john.language = Language.ENGLISH
        await uow.sessions.save(john)
        for hours, patient in ((2, ANA), (3, JOHN)):
            appointment = visit(patient, hours)
            await uow.appointments.add(appointment)
            await uow.reminders.schedule(reminders_for(appointment, NOW - timedelta(days=7)))
        await uow.commit()
    claimed = await PostgresReminderJobs(database).claim_due(NOW, 10, timedelta(minutes=5))
    languages = {job.appointment.patient: job.patient_language for job in claimed}
    assert languages == {ANA: None, JOHN: Language.ENGLISH}
