"""The worker forgets on time: message texts and history after the clinic's messages period,
receipts and the outbound log after theirs; newer ones stay; a run repeated finds nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from adapters.memory.audit import InMemoryAuditLog
from adapters.memory.clinics import InMemoryClinicDirectory
from adapters.memory.clock import FixedClock
from adapters.memory.outbound import InMemoryOutboundLog
from adapters.memory.retention import memory_expiring_records
from adapters.memory.store import InMemoryUnitOfWorkFactory
from application.messages import DeliveryReport, DeliveryState, TextReply
from application.ports import ActorKind, AuditAction
from application.retention import PurgeExpired
from domain.conversation import ChatSession, Speaker
from domain.ids import PatientAddress
from domain.privacy import PrivacySettings, Retention
from domain.waitlist import WaitlistEntry, Want
from tests.factories import clinic, doctor
from tests.unit.application.conftest import ANA, BETO, NOW

SONRISA = replace(
    clinic(doctor("perez")),
    privacy=PrivacySettings(
        retention=Retention(
            messages=timedelta(days=90), receipts=timedelta(days=30), outbound=timedelta(days=60)
        )
    ),
)
OLD = NOW - timedelta(days=120)
RECENT = NOW - timedelta(days=10)


def _world() -> tuple[InMemoryUnitOfWorkFactory, InMemoryOutboundLog, InMemoryAuditLog, PurgeExpired]:
    units, outbound, audit = InMemoryUnitOfWorkFactory(), InMemoryOutboundLog(), InMemoryAuditLog()
    purge = PurgeExpired(
        InMemoryClinicDirectory([SONRISA]),
        memory_expiring_records(units.store, outbound),
        audit,
        FixedClock(NOW),
        batch=2,
    )
    return units, outbound, audit, purge


async def test_old_texts_history_receipts_and_log_go_and_newer_ones_stay() -> None:
    units, outbound, audit, purge = _world()
    ana, beto = ChatSession(SONRISA.id, ANA), ChatSession(SONRISA.id, BETO)
    ana.record(Speaker.PATIENT, "una hora para mi hija", OLD)
    ana.record(Speaker.BOT, "¿Para qué día?", OLD)
    ana.record(Speaker.PATIENT, "hola de nuevo", RECENT)
    beto.record(Speaker.PATIENT, "hola", RECENT)
    units.store.sessions = {(SONRISA.id, ANA): ana, (SONRISA.id, BETO): beto}
    for n in range(5):  # more than a batch: purged in several
        await outbound.sent(SONRISA.id, ANA, f"wamid.old{n}", "text")
        outbound.messages[f"wamid.old{n}"].sent_at = OLD
        await outbound.report(DeliveryReport(f"wamid.old{n}", DeliveryState.READ, OLD))
    await outbound.sent(SONRISA.id, ANA, "wamid.month", "text")
    outbound.messages["wamid.month"].sent_at = NOW - timedelta(days=45)
    await outbound.report(DeliveryReport("wamid.month", DeliveryState.DELIVERED, NOW - timedelta(days=45)))
    await outbound.sent(SONRISA.id, ANA, "wamid.new", "text")
    outbound.messages["wamid.new"].sent_at = RECENT
    await outbound.report(DeliveryReport("wamid.new", DeliveryState.READ, RECENT))

    assert await purge() == {
        SONRISA.id: {"conversation_history": 1, "delivery_receipts": 6, "outbound_log": 5}
    }
    assert [t.text for t in ana.history] == ["hola de nuevo"]
    assert [t.text for t in beto.history] == ["hola"]
    assert sorted(outbound.messages) == ["wamid.month", "wamid.new"]
    assert outbound.messages["wamid.month"].reports == []  # past the receipts' 30 days
    assert len(outbound.messages["wamid.new"].reports) == 1
    [entry] = [record.entry for record in await audit.entries(SONRISA.id)]
    assert entry.action is AuditAction.RETENTION_PURGED
    assert (entry.actor.kind, entry.actor.id) == (ActorKind.SYSTEM, "worker")
    assert entry.detail == "conversation_history 1, delivery_receipts 6, outbound_log 5"
    # Idempotent: nothing left to purge, and no audit entry for nothing.
    assert await purge() == {}
    assert len(await audit.entries(SONRISA.id)) == 1


async def test_sent_replies_go_after_the_messages_period() -> None:
    units, _, _, purge = _world()
    state = units.store.outbox
    for _ in range(3):
        state.add(SONRISA.id, ANA, TextReply("Tu cita es mañana"), OLD)
    state.add(SONRISA.id, ANA, TextReply("Tu cita es hoy"), RECENT)
    for row_id in list(state.pending):
        state.recent[row_id] = state.pending.pop(row_id)
    assert await purge() == {SONRISA.id: {"sent_replies": 3}}
    assert [row.message for row in state.recent.values()] == [TextReply("Tu cita es hoy")]


async def test_waitlist_entries_that_ended_or_whose_day_passed_go_after_the_messages_period() -> None:
    units, _, _, purge = _world()
    old_day = OLD.date() + timedelta(days=3)
    future = NOW.date() + timedelta(days=3)

    def entry(number: str, day: date, at: datetime, who: PatientAddress = ANA) -> WaitlistEntry:
        return WaitlistEntry(number, SONRISA.id, who, "Ana", Want(day), at)

    async with units() as uow:
        await uow.waitlist.add(entry("past-day", old_day, OLD))
        await uow.waitlist.add(entry("left", future, OLD))
        await uow.waitlist.update(entry("left", future, OLD).left())
        await uow.waitlist.add(entry("still-waiting", future, OLD))  # an old wish for a day to come
        await uow.waitlist.add(entry("recent", old_day, RECENT, BETO))
        await uow.commit()
    assert await purge() == {SONRISA.id: {"waitlist_entries": 2}}
    assert sorted(units.store.waitlist.entries) == ["recent", "still-waiting"]
