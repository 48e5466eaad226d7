"""The waitlist on PostgreSQL: its storage, and patients racing for one freed time."""

from __future__ import annotations

import asyncio
import uuid
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from adapters.memory.audit import InMemoryAuditLog
from adapters.memory.clock import FixedClock
from adapters.memory.lock import InMemoryConversationLock
from adapters.memory.sender import RecordingSender
from adapters.offline_nlu.engine import OfflineSpanishNlu
from adapters.postgres.clinics import PostgresClinicDirectory
from adapters.postgres.database import Database
from adapters.postgres.inbox import PostgresInbox
from adapters.postgres.outbox import PostgresOutbox, decode
from adapters.postgres.store import PostgresUnitOfWorkFactory
from application.audit import Audit, Origin
from application.messages import InboundMessage, choices_of
from application.ports import Actor, ActorKind
from application.staff import AgendaDesk
from domain.availability import Slot
from domain.conversation import ChatSession
from domain.erasure import ErasurePlan
from domain.ids import ClinicId, DoctorId, PatientAddress
from domain.privacy import Retention
from domain.waitlist import OfferState, WaitlistEntry, WaitlistOffer, Want
from domain.when import DayPart
from tests.consent import accepted
from tests.factories import MESSAGE_KEYS, clinic, doctor
from tests.message_path import message_path

pytestmark = pytest.mark.integration

SANTIAGO = ZoneInfo("America/Santiago")
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=SANTIAGO)
TUESDAY = date(2026, 12, 1)
TEN = datetime(2026, 12, 1, 10, 0, tzinfo=SANTIAGO)
CARLA = PatientAddress("56955556666")
WAITING = [PatientAddress(f"5691000000{n}") for n in range(3)]
GONE = "ese horario ya no está disponible"


def entry(
    patient: PatientAddress, want: Want, name: str = "Ana López", minutes_ago: int = 0
) -> WaitlistEntry:
    return WaitlistEntry(
        str(uuid.uuid4()), ClinicId("sonrisa"), patient, name, want, NOW - timedelta(minutes=minutes_ago)
    )


async def test_entries_are_kept_once_per_want_and_offers_hold_their_time(database: Database) -> None:
    sonrisa = clinic(doctor("perez"))
    await PostgresClinicDirectory(database).put(sonrisa)
    units = PostgresUnitOfWorkFactory(database)
    ana, beto = WAITING[0], WAITING[1]
    first = entry(ana, Want(TUESDAY, part=DayPart.MORNING), minutes_ago=5)
    async with units() as uow:
        assert await uow.waitlist.add(first)
        assert not await uow.waitlist.add(entry(ana, Want(TUESDAY, part=DayPart.MORNING)))  # the same want
        assert await uow.waitlist.add(entry(ana, Want(TUESDAY, at=time(10))))
        assert await uow.waitlist.add(entry(beto, Want(TUESDAY, doctor_id=DoctorId("perez")), "Beto"))
        await uow.commit()
        assert [e.want for e in await uow.waitlist.of_patient(sonrisa.id, ana)] == [
            Want(TUESDAY, part=DayPart.MORNING),
            Want(TUESDAY, at=time(10)),
        ]
        assert len(await uow.waitlist.waiting(sonrisa.id, TUESDAY, TUESDAY)) == 3
        assert (
            await uow.waitlist.waiting(sonrisa.id, TUESDAY + timedelta(days=1), TUESDAY + timedelta(days=9))
            == []
        )
        slot = Slot(TEN, TEN + timedelta(minutes=30), DoctorId("perez"))
        offers = [
            WaitlistOffer(
                str(uuid.uuid4()), first.id, sonrisa.id, who, slot, NOW, NOW + timedelta(minutes=15)
            )
            for who in (ana, beto)
        ]
        for made in offers:
            await uow.waitlist.offer(made)
        assert await uow.waitlist.offer_of(offers[0].id) == offers[0]
        assert await uow.waitlist.offer_of("not-a-uuid") is None
        # Held for everyone else; free for each patient it was offered to; not after it expires.
        doctors = [DoctorId("perez")]
        end = TEN + timedelta(hours=1)
        assert (await uow.waitlist.held(sonrisa.id, doctors, NOW, end, NOW))[DoctorId("perez")] == [
            slot.interval
        ]
        assert (await uow.waitlist.held(sonrisa.id, doctors, NOW, end, NOW, excluding=beto))[
            DoctorId("perez")
        ] == []
        later = NOW + timedelta(minutes=16)
        assert (await uow.waitlist.held(sonrisa.id, doctors, NOW, end, later))[DoctorId("perez")] == []
        # Ana books it: her offer is taken, Beto's gone, and only his is returned to tell him.
        [gone] = await uow.waitlist.withdraw(sonrisa.id, DoctorId("perez"), TEN, end, ana)
        assert (gone.patient, gone.state) == (beto, OfferState.GONE)
        taken = await uow.waitlist.offer_of(offers[0].id)
        assert taken is not None
        assert taken.state is OfferState.TAKEN
        assert not await uow.waitlist.settle(gone.id, OfferState.GONE)  # told once
        await uow.waitlist.update(first.left())
        await uow.commit()
        assert len(await uow.waitlist.of_patient(sonrisa.id, ana)) == 1


async def test_three_patients_confirming_one_freed_time_at_once_book_it_once(database: Database) -> None:
    """Carla's 10:00 is cancelled by the front desk; the three patients waiting for that morning are
    offered it and all press "Reservar" at the same moment, through the real turn: exactly one
    appointment, one offer taken, and each of the others told once that it has gone."""
    sonrisa = clinic(doctor("perez"))
    directory = PostgresClinicDirectory(database)
    await directory.put(sonrisa)
    units = PostgresUnitOfWorkFactory(database)
    clock = FixedClock(NOW)
    agenda = AgendaDesk(directory, units, clock, Audit(InMemoryAuditLog(), clock))
    carlas = await agenda.book(sonrisa.id, DoctorId("perez"), TEN, CARLA, "Carla Díaz")
    async with units() as uow:
        for n, patient in enumerate(WAITING):
            await uow.sessions.save(ChatSession(sonrisa.id, patient, last_activity=NOW - timedelta(hours=1)))
            await uow.consents.record(accepted(sonrisa, patient, NOW - timedelta(days=1)))
            await uow.waitlist.add(
                entry(patient, Want(TUESDAY, part=DayPart.MORNING), f"Paciente {n}", 30 - n)
            )
        await uow.commit()

    await agenda.cancel(
        sonrisa.id, carlas.id, Origin(sonrisa.id, Actor(ActorKind.ACCOUNT, "recepcion-1"), "console", None)
    )

    async with database.pool.acquire() as connection:
        rows = await connection.fetch(
            "SELECT address, kind, message::text AS message FROM outbox "
            "WHERE status = 'pending' AND address <> $1",
            CARLA.value,
        )
    offers = {PatientAddress(r["address"]): decode(r["kind"], r["message"]) for r in rows}
    assert set(offers) == set(WAITING)
    presses = []
    for n, patient in enumerate(WAITING):
        [take] = [
            button_id
            for button_id, _ in choices_of(offers[patient])
            if button_id.startswith("WAITLIST_TAKE:")
        ]
        presses.append(
            InboundMessage.button_press(f"wamid.take.{n}", sonrisa.id, patient, NOW, take, "Reservar")
        )

    sender = RecordingSender()
    handle = message_path(
        directory,
        unit_of_work=units,
        inbox=PostgresInbox(database, MESSAGE_KEYS),
        outbox=PostgresOutbox(database),
        lock=InMemoryConversationLock(),
        nlu=OfflineSpanishNlu(),
        sender=sender,
        clock=clock,
    )
    outcomes = await asyncio.gather(*(handle(press) for press in presses), return_exceptions=True)
    assert [o for o in outcomes if o is not None] == []

    async with database.pool.acquire() as connection:
        booked = await connection.fetch(
            "SELECT address, patient_name FROM appointments WHERE status = 'booked'"
        )
        offer_states = await connection.fetch("SELECT address, state FROM waitlist_offers")
        entry_states = await connection.fetch("SELECT address, state FROM waitlist_entries")
        pending = await connection.fetch(
            "SELECT address, kind, message::text AS message FROM outbox WHERE status = 'pending'"
        )
    [winner_row] = booked
    winner = PatientAddress(winner_row["address"])
    assert winner in WAITING
    assert {PatientAddress(r["address"]): r["state"] for r in offer_states} == {
        p: ("taken" if p == winner else "gone") for p in WAITING
    }
    assert {PatientAddress(r["address"]): r["state"] for r in entry_states} == {
        p: ("booked" if p == winner else "waiting") for p in WAITING
    }
    assert sum(m.body.startswith("✅") for m in sender.to(winner)) == 1
    for loser in (p for p in WAITING if p != winner):
        said = [m.body for m in sender.to(loser)] + [
            decode(r["kind"], r["message"]).body for r in pending if r["address"] == loser.value
        ]
        assert sum(GONE in body for body in said) == 1, said


async def test_erasing_a_patient_deletes_their_entries_and_the_offers_made_to_them(
    database: Database,
) -> None:
    sonrisa = clinic(doctor("perez"))
    await PostgresClinicDirectory(database).put(sonrisa)
    units = PostgresUnitOfWorkFactory(database)
    ana, beto = WAITING[0], WAITING[1]
    mine, theirs = entry(ana, Want(TUESDAY)), entry(beto, Want(TUESDAY), "Beto")
    slot = Slot(TEN, TEN + timedelta(minutes=30), DoctorId("perez"))
    async with units() as uow:
        for each in (mine, theirs):
            await uow.waitlist.add(each)
            made = WaitlistOffer(
                str(uuid.uuid4()), each.id, sonrisa.id, each.patient, slot, NOW, NOW + timedelta(minutes=15)
            )
            await uow.waitlist.offer(made)
        await uow.commit()
    async with units() as uow:
        await uow.patient_data.erase(sonrisa.id, ana, ErasurePlan.of(Retention(), NOW, "hash-of-ana"))
        await uow.commit()
    async with database.pool.acquire() as connection:
        entries = await connection.fetch("SELECT address FROM waitlist_entries")
        offers = await connection.fetch("SELECT address FROM waitlist_offers")
    assert [r["address"] for r in entries] == [beto.value]
    assert [r["address"] for r in offers] == [beto.value]
