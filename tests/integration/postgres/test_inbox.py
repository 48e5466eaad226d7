"""The inbox on a real PostgreSQL: every message recorded once for good, queued until a turn handles it."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import asyncpg
import pytest

from adapters.postgres.database import Database
from adapters.postgres.inbox import PostgresInbox
from adapters.postgres.migrate import bundled_migrations, migrate
from adapters.postgres.store import PostgresUnitOfWorkFactory
from application.messages import InboundKind, InboundMessage, Media
from application.ports import Inbox, TurnOutcome
from domain.clinic import Clinic
from domain.ids import AddressKind, MessageId, PatientAddress
from tests.factories import MESSAGE_KEYS

pytestmark = pytest.mark.integration

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
LEASE = timedelta(seconds=60)
ANA = PatientAddress("56911112222")
BETO = PatientAddress("US.13491208655302741918", AddressKind.USER_ID)


@pytest.fixture
def inbox(database: Database) -> PostgresInbox:
    return PostgresInbox(database, MESSAGE_KEYS)


def said(
    sonrisa: Clinic, message_id: str, text: str, seconds: int, who: PatientAddress = ANA
) -> InboundMessage:
    return InboundMessage.text_message(message_id, sonrisa.id, who, NOW + timedelta(seconds=seconds), text)


async def handled(units: PostgresUnitOfWorkFactory, ids: list[MessageId], *, commit: bool = True) -> None:
    async with units() as uow:
        await uow.inbox.handled(ids, NOW, TurnOutcome.ANSWERED)
        if commit:
            await uow.commit()


async def test_a_message_is_recorded_once_and_a_redelivery_a_week_later_is_still_refused(
    sonrisa: Clinic, inbox: PostgresInbox, units: PostgresUnitOfWorkFactory
) -> None:
    first = said(sonrisa, "wamid.1", "hola", 0)
    assert await inbox.accept([first, first], NOW) == [first]
    assert await inbox.accept([first], NOW) == []
    await handled(units, [first.id])
    assert await inbox.accept([first], NOW + timedelta(days=8)) == []


async def test_a_claim_takes_the_conversation_in_the_order_sent_whole(
    sonrisa: Clinic, inbox: PostgresInbox
) -> None:
    button = InboundMessage.button_press(
        "wamid.b", sonrisa.id, ANA, NOW + timedelta(seconds=2), "RESET", "Reiniciar"
    )
    messages = [said(sonrisa, "wamid.c", "a las 4", 3), said(sonrisa, "wamid.a", "mañana", 1), button]
    messages.append(said(sonrisa, "wamid.other", "hola", 0, who=BETO))
    await inbox.accept(messages, NOW)
    pending = await inbox.claim(sonrisa.id, ANA, NOW, LEASE)
    assert [p.message for p in pending] == [messages[1], button, messages[0]]
    assert {p.attempts for p in pending} == {1}
    [beto] = await inbox.claim(sonrisa.id, BETO, NOW, LEASE)
    assert beto.message.sender == BETO


async def test_media_what_a_message_refers_to_and_a_transcript_survive_the_queue(
    sonrisa: Clinic, inbox: PostgresInbox, units: PostgresUnitOfWorkFactory
) -> None:
    note = InboundMessage(
        MessageId("wamid.voice"),
        sonrisa.id,
        ANA,
        NOW,
        InboundKind.AUDIO,
        media=Media("1234567890", "audio/ogg; codecs=opus", voice=True),
    )
    document = InboundMessage(
        MessageId("wamid.doc"),
        sonrisa.id,
        ANA,
        NOW + timedelta(seconds=1),
        InboundKind.DOCUMENT,
        "mi orden",
        media=Media("1234567891", "application/pdf", "orden.pdf"),
    )
    reaction = InboundMessage(
        MessageId("wamid.r"),
        sonrisa.id,
        ANA,
        NOW + timedelta(seconds=2),
        InboundKind.REACTION,
        "👍",
        refers_to=MessageId("wamid.out"),
    )
    await inbox.accept([note, document, reaction], NOW)
    await inbox.transcribed(note.id, "quiero una hora mañana")
    pending = await inbox.claim(sonrisa.id, ANA, NOW, LEASE)
    heard = replace(note, transcript="quiero una hora mañana")
    assert [p.message for p in pending] == [heard, document, reaction]


async def test_a_held_conversation_is_nobody_elses_until_its_lease_ends(
    sonrisa: Clinic, inbox: PostgresInbox
) -> None:
    await inbox.accept([said(sonrisa, "wamid.1", "hola", 0)], NOW)
    assert len(await inbox.claim(sonrisa.id, ANA, NOW, LEASE)) == 1
    await inbox.accept([said(sonrisa, "wamid.2", "¿hay alguien?", 5)], NOW)
    assert await inbox.claim(sonrisa.id, ANA, NOW + LEASE / 2, LEASE) == []
    assert await inbox.waiting(NOW + LEASE / 2, 10) == []
    later = NOW + LEASE + timedelta(seconds=1)
    assert await inbox.waiting(later, 10) == [(sonrisa.id, ANA)]
    again = await inbox.claim(sonrisa.id, ANA, later, LEASE)
    assert [(p.message.id, p.attempts) for p in again] == [("wamid.1", 2), ("wamid.2", 1)]


async def test_racing_claims_of_one_conversation_give_it_to_one_turn(
    sonrisa: Clinic, database: Database
) -> None:
    await PostgresInbox(database, MESSAGE_KEYS).accept(
        [said(sonrisa, f"wamid.{n}", "hola", n) for n in range(5)], NOW
    )
    inboxes = [PostgresInbox(database, MESSAGE_KEYS) for _ in range(10)]
    claims = await asyncio.gather(*(i.claim(sonrisa.id, ANA, NOW, LEASE) for i in inboxes))
    winners = [c for c in claims if c]
    assert len(winners) == 1
    assert len(winners[0]) == 5


async def test_handled_messages_leave_the_queue_only_when_the_turn_commits(
    sonrisa: Clinic, inbox: PostgresInbox, units: PostgresUnitOfWorkFactory, database: Database
) -> None:
    message = said(sonrisa, "wamid.1", "hola", 0)
    await inbox.accept([message], NOW)
    await inbox.claim(sonrisa.id, ANA, NOW, LEASE)
    await handled(units, [message.id], commit=False)  # the turn failed before its commit
    await inbox.retry([message.id], NOW, "boom")
    assert len(await inbox.claim(sonrisa.id, ANA, NOW, LEASE)) == 1
    await handled(units, [message.id])
    assert await inbox.claim(sonrisa.id, ANA, NOW + timedelta(hours=1), LEASE) == []
    assert await inbox.waiting(NOW + timedelta(days=1), 10) == []
    async with database.pool.acquire() as connection:
        row = await connection.fetchrow("SELECT status, outcome, body, address FROM inbound_messages")
    assert row is not None
    # Only what dedup needs is kept: the words live in the session's history, not twice.
    assert tuple(row) == ("handled", "answered", None, None)


async def test_a_failed_turn_waits_for_its_pause_and_fresh_messages_for_their_webhook_turn(
    sonrisa: Clinic, inbox: PostgresInbox
) -> None:
    message = said(sonrisa, "wamid.1", "hola", 0)
    await inbox.accept([message], NOW)
    assert await inbox.waiting(NOW, 10) == []  # the webhook's own turn goes first
    assert await inbox.waiting(NOW + timedelta(seconds=10), 10) == [(sonrisa.id, ANA)]
    await inbox.claim(sonrisa.id, ANA, NOW, LEASE)
    await inbox.retry([message.id], NOW + timedelta(seconds=15), "NluUnavailable: overloaded")
    assert await inbox.waiting(NOW + timedelta(seconds=14), 10) == []
    assert await inbox.waiting(NOW + timedelta(seconds=15), 10) == [(sonrisa.id, ANA)]


async def test_messages_handled_before_0006_stay_recorded_and_one_caught_mid_claim_is_let_in_again(
    empty_database_url: str,
) -> None:
    connection = await asyncpg.connect(empty_database_url)
    try:
        await migrate(connection, bundled_migrations()[:5])
        await connection.execute(
            """
            INSERT INTO clinics (id, name, address, timezone, phone_number_id, minimum_notice, horizon_days)
            VALUES ('sonrisa', 'Sonrisa', 'Av. 1', 'America/Santiago', '1', '2 hours', 60);
            INSERT INTO inbound_messages (message_id, clinic_id, processed_at)
            VALUES ('wamid.old', 'sonrisa', now()), ('wamid.mid', 'sonrisa', NULL);
            """
        )
        await migrate(connection)
        rows = await connection.fetch("SELECT message_id, status FROM inbound_messages")
    finally:
        await connection.close()
    assert [tuple(r) for r in rows] == [("wamid.old", "handled")]


async def test_the_adapter_implements_the_port(database: Database) -> None:
    port: Inbox = PostgresInbox(database, MESSAGE_KEYS)  # checked by mypy
    assert port is not None
