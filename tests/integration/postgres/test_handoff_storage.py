"""Conversations that need a person, in PostgreSQL (issue 25): the need and the pause kept with the
session, found for the console and the worker; the clinic's opening hours and hand-off settings
kept; alerts queued with the turn's transaction and claimed, retried and sent by the worker, here
POSTed to a real local HTTP server that refuses the first try and checks the signature."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from typing import Any, ClassVar

import pytest

from adapters.http_client import HttpClient
from adapters.memory.clock import FixedClock
from adapters.memory.lock import InMemoryConversationLock
from adapters.postgres.alerts import PostgresAlertQueue
from adapters.postgres.audit import PostgresAuditLog
from adapters.postgres.clinics import PostgresClinicDirectory
from adapters.postgres.database import Database
from adapters.postgres.store import PostgresUnitOfWorkFactory
from adapters.webhooks.alerts import SIGNATURE_HEADER, SignedAlertWebhook
from application.audit import Audit
from application.handoff import DeliverAlerts, ReturnQuietConversations
from application.ports import ActorKind, AuditAction, HandoffAlert
from application.pseudonyms import Pseudonyms
from domain.clinic import Clinic, TimeRange, WeeklyHours
from domain.conversation import ChatSession
from domain.handoff import HandoffSettings, NeedReason, OpeningHours
from domain.ids import PatientAddress
from tests.factories import clinic, doctor
from tests.integration.servers._http import JsonHandler, serving

pytestmark = pytest.mark.integration

NOW = datetime(2026, 12, 5, 22, 0, tzinfo=UTC)
ANA = PatientAddress("56911112222")
BETO = PatientAddress("56933334444")
SECRET = "alert-secret-for-tests"


@pytest.fixture
async def sonrisa(database: Database) -> Clinic:
    hours = OpeningHours(WeeklyHours({0: (TimeRange(time(9), time(13)), TimeRange(time(15), time(19)))}))
    demo = replace(
        clinic(doctor("perez")),
        opening_hours=hours,
        handoff=HandoffSettings("https://alerts.example.org/hook", timedelta(minutes=45)),
    )
    await PostgresClinicDirectory(database).put(demo)
    return demo


async def test_the_clinics_opening_hours_and_handoff_settings_are_kept(
    database: Database, sonrisa: Clinic
) -> None:
    kept = await PostgresClinicDirectory(database).get(sonrisa.id)
    assert kept is not None
    assert kept.opening_hours == sonrisa.opening_hours
    assert kept.handoff == sonrisa.handoff
    without = replace(sonrisa, opening_hours=None, handoff=HandoffSettings())
    await PostgresClinicDirectory(database).put(without)
    again = await PostgresClinicDirectory(database).get(sonrisa.id)
    assert again is not None
    assert again.opening_hours is None
    assert again.handoff == HandoffSettings()


async def test_the_need_and_the_pause_are_kept_and_found(database: Database, sonrisa: Clinic) -> None:
    units = PostgresUnitOfWorkFactory(database)
    async with units() as uow:
        ana = ChatSession(sonrisa.id, ANA)
        ana.hand_to_staff(NOW)
        ana.needs_a_person(NeedReason.ASKED, NOW)
        beto = ChatSession(sonrisa.id, BETO)
        beto.needs_a_person(NeedReason.FILE_TO_REVIEW, NOW + timedelta(minutes=5))
        await uow.sessions.save(ana)
        await uow.sessions.save(beto)
        await uow.commit()
    async with units() as uow:
        kept = await uow.sessions.get(sonrisa.id, ANA)
        assert kept is not None
        assert kept.needs_person is not None
        assert kept.needs_person.reason is NeedReason.ASKED
        assert kept.needs_person.since == NOW
        assert kept.paused_at == NOW
        assert [s.patient for s in await uow.sessions.needing_person(sonrisa.id, 10)] == [ANA, BETO]
        assert await uow.sessions.count_needing_person(sonrisa.id) == 2
        assert await uow.sessions.quiet_since(sonrisa.id, NOW - timedelta(minutes=1), 10) == []
        assert await uow.sessions.quiet_since(sonrisa.id, NOW + timedelta(minutes=45), 10) == [ANA]
        kept.hand_back()
        await uow.sessions.save(kept)
        await uow.commit()
    async with units() as uow:
        assert await uow.sessions.count_needing_person(sonrisa.id) == 1
        assert await uow.sessions.quiet_since(sonrisa.id, NOW + timedelta(days=1), 10) == []


class Receiver(JsonHandler):
    """The clinic's alert receiver: refuses the first alert (503), then takes them; keeps what came."""

    received: ClassVar[list[tuple[bytes, str]]] = []
    refuse: ClassVar[int] = 1

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("content-length") or 0))
        if Receiver.refuse:
            Receiver.refuse -= 1
            self.write_json(503, {"error": "down"})
            return
        Receiver.received.append((body, self.headers.get(SIGNATURE_HEADER, "")))
        self.write_json(200, {})


@pytest.fixture
def receiver() -> Iterator[str]:
    Receiver.received, Receiver.refuse = [], 1
    with serving(Receiver, "alert receiver") as url:
        yield url


async def test_an_alert_is_queued_with_the_turn_and_sent_signed_after_a_refusal(
    database: Database, sonrisa: Clinic, receiver: str
) -> None:
    units = PostgresUnitOfWorkFactory(database)
    alert = HandoffAlert(sonrisa.id, NeedReason.TURNS_FAILED, "a" * 32, NOW)
    async with units() as uow:
        await uow.alerts.add(alert, NOW)
        # Not committed: nothing to send.
    queue = PostgresAlertQueue(database)
    assert await queue.claim(NOW, timedelta(minutes=1), 10) == []
    async with units() as uow:
        await uow.alerts.add(alert, NOW)
        await uow.commit()

    # A local receiver over http stands for the clinic's https one (the clinic file refuses http).
    # The domain refuses http, so the URL is set past its check, for this test only.
    settings = HandoffSettings("https://stand-in.example.org/hook")
    object.__setattr__(settings, "alert_webhook_url", f"{receiver}/hook")
    local = replace(sonrisa, handoff=settings)

    class Directory:
        async def get(self, clinic_id: Any) -> Clinic:
            return local

        async def all(self) -> list[Clinic]:
            return [local]

        async def by_phone_number_id(self, phone_number_id: str) -> Clinic | None:
            return local

    clock = FixedClock(NOW)
    http = HttpClient()
    await http.start()
    try:
        deliver = DeliverAlerts(queue, SignedAlertWebhook(http, SECRET), Directory(), clock)
        assert await deliver() == 0  # 503: tried again after a pause
        assert Receiver.received == []
        assert await deliver() == 0  # the pause is not over
        clock.advance(timedelta(seconds=30))
        assert await deliver() == 1
        assert await deliver() == 0  # sent once
    finally:
        await http.stop()
    [(body, signature)] = Receiver.received
    assert signature == "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert json.loads(body) == {
        "event": "conversation.needs_person",
        "clinic_id": sonrisa.id,
        "reason": "turns_failed",
        "conversation": "a" * 32,
        "since": NOW.isoformat(),
        "text": "Una conversación necesita a una persona",
    }
    assert ANA.value not in body.decode()
    async with database.pool.acquire() as connection:
        row = await connection.fetchrow("SELECT attempts, sent_at, last_error FROM handoff_alerts")
    assert row is not None
    assert row["attempts"] == 2
    assert row["sent_at"] == NOW + timedelta(seconds=30)
    assert "503" in row["last_error"]


async def test_the_worker_hands_a_quiet_conversation_back_and_audits_it(
    database: Database, sonrisa: Clinic
) -> None:
    units = PostgresUnitOfWorkFactory(database)
    async with units() as uow:
        ana = ChatSession(sonrisa.id, ANA)
        ana.hand_to_staff(NOW)
        ana.needs_a_person(NeedReason.TURNS_FAILED, NOW)
        await uow.sessions.save(ana)
        await uow.commit()
    clock = FixedClock(NOW + timedelta(minutes=44))
    names = Pseudonyms(b"k" * 32)
    log = PostgresAuditLog(database)
    back = ReturnQuietConversations(
        PostgresClinicDirectory(database),
        units,
        InMemoryConversationLock(settle_seconds=0),
        clock,
        Audit(log, clock),
        names,
    )
    assert await back() == 0  # 44 of its 45 quiet minutes
    clock.advance(timedelta(minutes=1))
    assert await back() == 1
    async with units() as uow:
        kept = await uow.sessions.get(sonrisa.id, ANA)
    assert kept is not None
    assert kept.bot_enabled
    assert kept.needs_person is None
    records = await log.entries(sonrisa.id)
    [entry] = [r.entry for r in records if r.entry.action is AuditAction.CONVERSATION_RETURNED]
    assert (entry.actor.kind, entry.actor.id, entry.channel) == (ActorKind.SYSTEM, "worker", "worker")
    assert entry.target == names.patient(ANA)
