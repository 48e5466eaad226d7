"""The audit use case: entries built one way, at the clock's time, read newest first, an export
recorded in what it exports."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from adapters.memory.audit import InMemoryAuditLog
from adapters.memory.clock import FixedClock
from application.audit import Audit, Origin
from application.ports import Actor, ActorKind, AuditAction
from domain.ids import ClinicId

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
SONRISA = ClinicId("sonrisa")
CARLA = Origin(SONRISA, Actor(ActorKind.ACCOUNT, "carla"), "console", "203.0.113.7")


async def test_an_entry_says_who_when_from_where_and_to_what() -> None:
    clock = FixedClock(NOW)
    audit = Audit(InMemoryAuditLog(), clock)
    await audit.record(CARLA, AuditAction.CONVERSATION_OPENED, "patient-hash")
    clock.advance(timedelta(minutes=1))
    await audit.record(CARLA, AuditAction.REPLY_SENT, "patient-hash")

    newest, oldest = await audit.entries(SONRISA)
    assert (newest.entry.action, newest.entry.at) == (AuditAction.REPLY_SENT, NOW + timedelta(minutes=1))
    assert oldest.entry.actor == Actor(ActorKind.ACCOUNT, "carla")
    assert (oldest.entry.channel, oldest.entry.client, oldest.entry.target) == (
        "console",
        "203.0.113.7",
        "patient-hash",
    )
    assert [r.entry.action for r in await audit.entries(SONRISA, before=newest.sequence)] == [
        AuditAction.CONVERSATION_OPENED
    ]


async def test_an_export_is_itself_in_the_log_it_exports() -> None:
    audit = Audit(InMemoryAuditLog(), FixedClock(NOW))
    for _ in range(600):  # more than a page
        await audit.record(CARLA, AuditAction.CONVERSATION_OPENED)
    exported = await audit.export(CARLA, SONRISA)
    assert len(exported) == 601
    assert exported[0].entry.action is AuditAction.AUDIT_EXPORTED
