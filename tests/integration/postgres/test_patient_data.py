"""Erasing a patient on a real PostgreSQL (issue 24): every row under either of their identifiers
goes in one transaction, past visits stay as clinical records under a keyed hash with no name, a
reply queued after the erasure in the same transaction survives to be sent, and another patient's
data is untouched."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from adapters.postgres.database import Database
from adapters.postgres.inbox import PostgresInbox
from adapters.postgres.outbound import PostgresOutboundLog
from adapters.postgres.store import PostgresUnitOfWorkFactory
from application.messages import InboundMessage, TextReply
from domain.appointment import Appointment
from domain.availability import Slot
from domain.clinic import Clinic
from domain.conversation import ChatSession, Speaker
from domain.erasure import ERASED_NAME, ErasurePlan
from domain.holds import Hold
from domain.ids import AddressKind, AppointmentId, DoctorId, MessageId, PatientAddress
from domain.patient import Patient
from domain.privacy import Retention
from domain.reminder import reminders_for
from tests.factories import MESSAGE_KEYS

pytestmark = pytest.mark.integration

SANTIAGO = ZoneInfo("America/Santiago")
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=SANTIAGO)
ANA = PatientAddress("56911112222")
ANA_USER_ID = PatientAddress("CL.13491208655302741918", AddressKind.USER_ID)
BETO = PatientAddress("56933334444")
HASH = "0123456789abcdef0123456789abcdef"


def visit(clinic: Clinic, who: PatientAddress, starts: datetime, name: str = "Ana López") -> Appointment:
    return Appointment(
        AppointmentId(str(uuid.uuid4())),
        clinic.id,
        DoctorId("perez"),
        who,
        name,
        starts,
        starts + timedelta(minutes=30),
    )


async def everything(
    units: PostgresUnitOfWorkFactory, database: Database, clinic: Clinic, who: PatientAddress
) -> None:
    """A patient with a bit of everything: a conversation, preferences, visits past and to come,
    reminders, a hold, messages in and out."""
    shift = timedelta(hours=2 if who == BETO else 0)  # two patients, two doctors' times
    inbox = PostgresInbox(database, MESSAGE_KEYS)
    await inbox.accept(
        [InboundMessage.text_message(MessageId(f"wamid.{who.value}"), clinic.id, who, NOW, "mi secreto")], NOW
    )
    async with units() as uow:
        session = ChatSession(clinic.id, who)
        session.record(Speaker.PATIENT, "mi secreto", NOW)
        await uow.sessions.save(session)
        await uow.patients.save(Patient(clinic.id, who, name="Ana López"))
        upcoming = visit(clinic, who, NOW + timedelta(days=1) + shift)
        await uow.appointments.add(upcoming)
        await uow.reminders.schedule(reminders_for(upcoming, NOW))
        await uow.appointments.add(visit(clinic, who, NOW - timedelta(days=30) + shift))
        await uow.appointments.add(visit(clinic, who, NOW - timedelta(days=16 * 365) + shift))
        later = NOW + timedelta(days=3) + shift
        await uow.holds.hold(
            Hold.of(clinic.id, Slot(later, later + timedelta(minutes=30), DoctorId("perez")), who, NOW), NOW
        )
        await uow.outbox.add(clinic.id, who, [TextReply("tu cita es mañana")], NOW)
        await uow.commit()
    await PostgresOutboundLog(database, MESSAGE_KEYS).sent(clinic.id, who, f"wamid.out.{who.value}", "text")


async def rows_of(database: Database, *patients: PatientAddress) -> dict[str, int]:
    values = [p.value for p in patients]
    found: dict[str, int] = {}
    async with database.pool.acquire() as connection:
        for table, column in (
            ("patients", "address"),
            ("patient_aliases", "alias"),
            ("patient_aliases", "address"),
            ("chat_sessions", "address"),
            ("appointments", "address"),
            ("slot_holds", "address"),
            ("inbound_messages", "address"),
            ("inbound_messages", "also_address"),
            ("outbound_messages", "address"),
            ("outbox", "address"),
        ):
            count = await connection.fetchval(
                f"SELECT count(*) FROM {table} WHERE {column} = ANY($1::text[])",  # noqa: S608
                values,
            )
            if count:
                found[f"{table}.{column}"] = count
    return found


async def test_erasure_leaves_nothing_of_the_patient_but_their_visits_under_a_hash(
    sonrisa: Clinic, units: PostgresUnitOfWorkFactory, database: Database
) -> None:
    await everything(units, database, sonrisa, ANA)
    await everything(units, database, sonrisa, BETO)
    async with units() as uow:
        await uow.patients.link(sonrisa.id, ANA_USER_ID, ANA)
        await uow.commit()
    before = await rows_of(database, BETO)

    plan = ErasurePlan.of(Retention(), NOW, HASH)
    async with units() as uow:
        erased = await uow.patient_data.erase(sonrisa.id, ANA_USER_ID, plan)
        await uow.outbox.add(sonrisa.id, ANA_USER_ID, [TextReply("borrado", forget_when_sent=True)], NOW)
        await uow.commit()

    assert (erased.records_kept, erased.upcoming_cancelled) == (1, 1)
    assert await rows_of(database, ANA) == {}
    assert await rows_of(database, ANA_USER_ID) == {"outbox.address": 1}  # the last reply, to be sent
    assert await rows_of(database, BETO) == before
    async with database.pool.acquire() as connection:
        kept = await connection.fetch(
            "SELECT address_kind, address, patient_name FROM appointments WHERE address LIKE 'erased:%'"
        )
        assert [tuple(r) for r in kept] == [("user_id", f"erased:{HASH}", ERASED_NAME)]
        reminders = await connection.fetchval(
            "SELECT count(*) FROM reminder_jobs j JOIN appointments a ON a.id = j.appointment_id "
            "WHERE a.address = ANY($1::text[])",
            [ANA.value, f"erased:{HASH}"],
        )
        assert reminders == 0
        texts = await connection.fetchval("SELECT count(*) FROM inbound_messages WHERE body = 'mi secreto'")
        assert texts == 1  # Beto's


async def test_erasing_a_patient_with_nothing_kept_keeps_no_hash_either(
    sonrisa: Clinic, units: PostgresUnitOfWorkFactory, database: Database
) -> None:
    async with units() as uow:
        erased = await uow.patient_data.erase(sonrisa.id, ANA, ErasurePlan.of(Retention(), NOW, HASH))
        await uow.commit()
    assert erased.records_kept == 0
    async with database.pool.acquire() as connection:
        assert await connection.fetchval("SELECT count(*) FROM patients") == 0
