"""Fifty patients confirm the same slot at the same moment: the database lets exactly one have it."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from adapters.memory.clock import FixedClock
from adapters.memory.lock import InMemoryConversationLock
from adapters.memory.sender import RecordingSender
from adapters.offline_nlu.engine import OfflineSpanishNlu
from adapters.postgres.clinics import PostgresClinicDirectory
from adapters.postgres.database import Database
from adapters.postgres.inbox import PostgresInbox
from adapters.postgres.outbox import PostgresOutbox
from adapters.postgres.store import PostgresUnitOfWorkFactory
from application import buttons
from application.messages import InboundMessage, choices_of
from domain.availability import Slot
from domain.conversation import ChatSession, CollectedFields, ConversationState
from domain.ids import DoctorId, PatientAddress
from tests.consent import accepted
from tests.factories import MESSAGE_KEYS, clinic, doctor
from tests.message_path import message_path

pytestmark = pytest.mark.integration

SANTIAGO = ZoneInfo("America/Santiago")
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=SANTIAGO)
TEN = datetime(2026, 12, 1, 10, 0, tzinfo=SANTIAGO)
PATIENTS = [PatientAddress(f"569{n:08d}") for n in range(50)]


async def test_fifty_concurrent_confirmations_of_one_slot_book_it_once(database: Database) -> None:
    await confirm_one_slot_fifty_times_at_once(database)


async def confirm_one_slot_fifty_times_at_once(database: Database) -> None:
    """The whole scenario and its checks, on any open `database` (test_transaction_pooler reuses it).

    Fifty patients, each in CONFIRMING for the same slot, press "Confirmar" at the same moment
    through the real handler: one gets the slot, the others are told it went and offered others.
    """
    sonrisa = clinic(doctor("perez"))
    await PostgresClinicDirectory(database).put(sonrisa)
    slot = Slot(TEN, TEN + timedelta(minutes=30), DoctorId("perez"))
    units = PostgresUnitOfWorkFactory(database)
    async with units() as uow:
        for n, patient in enumerate(PATIENTS):
            await uow.sessions.save(
                ChatSession(
                    sonrisa.id,
                    patient,
                    state=ConversationState.CONFIRMING,
                    collected=CollectedFields(day=TEN.date(), patient_name=f"Paciente {n}", slot=slot),
                    last_activity=NOW,
                )
            )
            await uow.consents.record(accepted(sonrisa, patient, NOW))  # the privacy notice is behind them
        await uow.commit()

    sender = RecordingSender()
    handle = message_path(
        PostgresClinicDirectory(database),
        unit_of_work=units,
        inbox=PostgresInbox(database, MESSAGE_KEYS),
        outbox=PostgresOutbox(database),
        lock=InMemoryConversationLock(),
        nlu=OfflineSpanishNlu(),
        sender=sender,
        clock=FixedClock(NOW),
    )
    presses = [
        InboundMessage.button_press(
            f"wamid.confirm.{n}", sonrisa.id, patient, NOW, buttons.CONFIRM_BOOKING, "Confirmar"
        )
        for n, patient in enumerate(PATIENTS)
    ]
    outcomes = await asyncio.gather(*(handle(press) for press in presses), return_exceptions=True)
    assert [o for o in outcomes if o is not None] == []  # nothing crashed

    async with database.pool.acquire() as connection:
        booked = await connection.fetch("SELECT address, starts_at FROM appointments WHERE status = 'booked'")
        reminders = await connection.fetchval("SELECT count(*) FROM reminder_jobs")
    assert len(booked) == 1
    assert booked[0]["starts_at"] == TEN
    assert reminders == 2
    winner = PatientAddress(booked[0]["address"])

    losers = [p for p in PATIENTS if p != winner]
    async with units() as uow:
        for patient in PATIENTS:
            session = await uow.sessions.get(sonrisa.id, patient)
            assert session is not None
            if patient == winner:
                assert session.state is ConversationState.CONFIRMED
            else:
                # Back to choosing a time, name kept, the taken slot forgotten.
                assert session.state is ConversationState.COLLECTING_TIME
                assert session.collected.slot is None
                assert session.collected.patient_name
    assert sender.to(winner)[0].body.startswith("✅")
    taken_slot_button = f"SLOT:perez:{int(TEN.timestamp())}"
    for patient in losers:
        [reply] = sender.to(patient)
        assert "acaba de ocuparse" in reply.body
        offered = [button_id for button_id, _ in choices_of(reply)]
        assert offered, "alternatives are offered as choices"
        assert taken_slot_button not in offered


async def test_two_bookings_crossing_each_others_times_are_refused_not_failed(database: Database) -> None:
    """A takes 10:00 and B 10:30, then each asks for the other's: each waits for the other's
    transaction, PostgreSQL breaks the deadlock by failing one, and both are told the slot is
    taken (the first as the deadlock's victim, the second once the first commits): no turn fails,
    nothing is booked twice, and each keeps its first booking."""
    import uuid

    from domain.appointment import Appointment
    from domain.errors import SlotTaken
    from domain.ids import AppointmentId

    sonrisa = clinic(doctor("perez"))
    await PostgresClinicDirectory(database).put(sonrisa)
    units = PostgresUnitOfWorkFactory(database)
    both_hold_one = asyncio.Barrier(2)

    def at(start: datetime, who: PatientAddress) -> Appointment:
        slot = Slot(start, start + timedelta(minutes=30), DoctorId("perez"))
        return Appointment.book(
            AppointmentId(str(uuid.uuid4())), sonrisa, slot, patient=who, patient_name="P", now=NOW
        )

    async def book(who: PatientAddress, first: datetime, then: datetime) -> str:
        async with units() as uow:
            await uow.appointments.add(at(first, who))
            await both_hold_one.wait()
            try:
                await uow.appointments.add(at(then, who))
                outcome = "booked"
            except SlotTaken:
                outcome = "taken"
            await uow.commit()
        return outcome

    half_past = TEN + timedelta(minutes=30)
    async with asyncio.timeout(20):
        outcomes = await asyncio.gather(book(PATIENTS[0], TEN, half_past), book(PATIENTS[1], half_past, TEN))
    assert list(outcomes) == ["taken", "taken"]
    async with database.pool.acquire() as connection:
        booked = await connection.fetch("SELECT address, starts_at FROM appointments WHERE status = 'booked'")
    assert sorted((r["address"], r["starts_at"]) for r in booked) == [
        (PATIENTS[0].value, TEN),
        (PATIENTS[1].value, half_past),
    ]
