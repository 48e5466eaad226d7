"""One patient across identifiers, on a real PostgreSQL (issue 21): a user id linked to a number
brings along what was kept under it; a changed number takes appointments (their reminders point
at them), the conversation, opt-outs, unsent replies and other identifiers, leaving nothing
under the old number; foreign keys hold throughout."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from adapters.postgres.database import Database
from adapters.postgres.inbox import PostgresInbox
from adapters.postgres.patients import PostgresOtherAddresses
from adapters.postgres.store import PostgresUnitOfWorkFactory
from application.messages import InboundKind, InboundMessage, TextReply
from domain.appointment import Appointment
from domain.availability import Slot
from domain.clinic import Clinic
from domain.conversation import ChatSession, Speaker
from domain.ids import AddressKind, AppointmentId, DoctorId, MessageId, PatientAddress
from domain.patient import Patient
from tests.factories import MESSAGE_KEYS

pytestmark = pytest.mark.integration

SANTIAGO = ZoneInfo("America/Santiago")
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=SANTIAGO)
TEN = datetime(2026, 12, 1, 10, 0, tzinfo=SANTIAGO)
ANA = PatientAddress("56911112222")
ANA_NOW = PatientAddress("56944445555")
ANA_USER_ID = PatientAddress("CL.13491208655302741918", AddressKind.USER_ID)


async def conversation(
    units: PostgresUnitOfWorkFactory, clinic: Clinic, who: PatientAddress, said: str
) -> None:
    async with units() as uow:
        session = await uow.sessions.get(clinic.id, who) or ChatSession(clinic.id, who)
        session.record(Speaker.PATIENT, said, NOW)
        await uow.sessions.save(session)
        await uow.commit()


async def appointment(units: PostgresUnitOfWorkFactory, clinic: Clinic, who: PatientAddress) -> Appointment:
    booked = Appointment.book(
        AppointmentId(str(uuid.uuid4())),
        clinic,
        Slot(TEN, TEN + timedelta(minutes=30), DoctorId("perez")),
        patient=who,
        patient_name="Ana López",
        now=NOW,
    )
    async with units() as uow:
        await uow.appointments.add(booked)
        await uow.commit()
    return booked


async def test_a_changed_number_takes_everything_along(
    sonrisa: Clinic, units: PostgresUnitOfWorkFactory, database: Database
) -> None:
    await conversation(units, sonrisa, ANA, "hola")
    booked = await appointment(units, sonrisa, ANA)
    async with units() as uow:
        patient = await uow.patients.get(sonrisa.id, ANA)
        assert patient is not None
        patient.opt_out(NOW)
        await uow.patients.save(patient)
        await uow.outbox.add(sonrisa.id, ANA, [TextReply("¿Sigue ahí?")], NOW)
        await uow.patients.link(sonrisa.id, ANA_USER_ID, ANA)
        await uow.commit()

    async with units() as uow:
        await uow.patients.move(sonrisa.id, ANA, ANA_NOW)
        await uow.commit()

    async with units() as uow:
        moved = await uow.appointments.get(booked.id)
        assert moved is not None
        assert moved.patient == ANA_NOW
        assert await uow.sessions.get(sonrisa.id, ANA) is None
        session = await uow.sessions.get(sonrisa.id, ANA_NOW)
        assert session is not None
        assert [t.text for t in session.history] == ["hola"]
        assert await uow.patients.get(sonrisa.id, ANA) is None
        now_patient = await uow.patients.get(sonrisa.id, ANA_NOW)
        assert now_patient is not None
        assert now_patient.opted_out
        assert await uow.patients.identity(sonrisa.id, ANA_USER_ID) == ANA_NOW
    async with database.pool.acquire() as connection:
        pending = await connection.fetch("SELECT address FROM outbox WHERE status = 'pending'")
        left = await connection.fetchval("SELECT count(*) FROM patients WHERE address = $1", ANA.value)
    assert [row["address"] for row in pending] == [ANA_NOW.value]  # an unsent reply goes to the new number
    assert left == 0


async def test_a_move_onto_a_number_with_its_own_conversation_keeps_that_one_and_the_opt_out(
    sonrisa: Clinic, units: PostgresUnitOfWorkFactory
) -> None:
    await conversation(units, sonrisa, ANA, "hola desde el número viejo")
    await conversation(units, sonrisa, ANA_NOW, "hola desde el nuevo")
    async with units() as uow:
        await uow.patients.save(Patient(sonrisa.id, ANA, opted_out_at=NOW))
        await uow.commit()
    async with units() as uow:
        await uow.patients.move(sonrisa.id, ANA, ANA_NOW)
        await uow.commit()
    async with units() as uow:
        kept = await uow.sessions.get(sonrisa.id, ANA_NOW)
        assert kept is not None
        assert [t.text for t in kept.history] == ["hola desde el nuevo"]
        now_patient = await uow.patients.get(sonrisa.id, ANA_NOW)
        assert now_patient is not None
        assert now_patient.opted_out  # an opt-out is never lost in a move
        assert await uow.sessions.get(sonrisa.id, ANA) is None


async def test_linking_a_user_id_brings_its_conversation_to_the_number(
    sonrisa: Clinic, units: PostgresUnitOfWorkFactory
) -> None:
    await conversation(units, sonrisa, ANA_USER_ID, "quiero una hora")
    booked = await appointment(units, sonrisa, ANA_USER_ID)
    async with units() as uow:
        assert await uow.patients.identity(sonrisa.id, ANA_USER_ID) == ANA_USER_ID
        await uow.patients.link(sonrisa.id, ANA_USER_ID, ANA)
        await uow.patients.link(sonrisa.id, ANA_USER_ID, ANA)  # again: nothing changes
        await uow.commit()
    async with units() as uow:
        assert await uow.patients.identity(sonrisa.id, ANA_USER_ID) == ANA
        assert await uow.patients.identity(sonrisa.id, ANA) == ANA
        session = await uow.sessions.get(sonrisa.id, ANA)
        assert session is not None
        assert [t.text for t in session.history] == ["quiero una hora"]
        moved = await uow.appointments.get(booked.id)
        assert moved is not None
        assert moved.patient == ANA


async def test_a_waiting_message_keeps_both_identifiers_and_a_notice_its_new_number(
    sonrisa: Clinic, database: Database
) -> None:
    inbox = PostgresInbox(database, MESSAGE_KEYS)
    text = InboundMessage(
        MessageId("wamid.both"), sonrisa.id, ANA, NOW, InboundKind.TEXT, "hola", also=ANA_USER_ID
    )
    notice = InboundMessage(
        MessageId("wamid.moved"),
        sonrisa.id,
        ANA,
        NOW + timedelta(seconds=1),
        InboundKind.SYSTEM,
        new_address=ANA_NOW,
    )
    await inbox.accept([text, notice], NOW)
    assert [p.message for p in await inbox.claim(sonrisa.id, ANA, NOW, timedelta(minutes=1))] == [
        text,
        notice,
    ]


async def test_each_identifier_finds_the_other(
    sonrisa: Clinic, units: PostgresUnitOfWorkFactory, database: Database
) -> None:
    addresses = PostgresOtherAddresses(database)
    assert await addresses.other(sonrisa.id, ANA) is None
    await conversation(units, sonrisa, ANA, "hola")
    async with units() as uow:
        await uow.patients.link(sonrisa.id, ANA_USER_ID, ANA)
        await uow.commit()
    assert await addresses.other(sonrisa.id, ANA) == ANA_USER_ID
    assert await addresses.other(sonrisa.id, ANA_USER_ID) == ANA
