"""Meta's message ids on a real PostgreSQL (issue 24): kept only as keyed hashes once a message is
handled or sent, and still found by them, a redelivery turned away and a receipt matched; rows
from before 0025 converted by the worker without losing either."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from adapters.postgres.database import Database
from adapters.postgres.hashed_ids import hash_raw_message_ids
from adapters.postgres.inbox import PostgresInbox
from adapters.postgres.outbound import PostgresOutboundLog
from adapters.postgres.store import PostgresUnitOfWorkFactory
from application.messages import DeliveryReport, DeliveryState, InboundKind, InboundMessage, Media
from application.ports import TurnOutcome
from domain.clinic import Clinic
from domain.conversation import Attachment, ChatSession, Speaker
from domain.ids import MessageId, PatientAddress
from tests.factories import MESSAGE_KEYS
from tests.wamids import wamid

pytestmark = pytest.mark.integration

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
LEASE = timedelta(seconds=60)
PHONE = "56987650123"
ANA = PatientAddress(PHONE)


def said(sonrisa: Clinic, message_id: str, text: str = "hola", seconds: int = 0) -> InboundMessage:
    return InboundMessage.text_message(message_id, sonrisa.id, ANA, NOW + timedelta(seconds=seconds), text)


async def handled(units: PostgresUnitOfWorkFactory, ids: list[MessageId]) -> None:
    async with units() as uow:
        await uow.inbox.handled(ids, NOW, TurnOutcome.ANSWERED)
        await uow.commit()


async def everything_in(database: Database, table: str) -> str:
    async with database.pool.acquire() as connection:
        rows = await connection.fetch(f"SELECT * FROM {table}")  # noqa: S608 - a table of this file's
    return "\n".join(repr(dict(row)) for row in rows)


def traces_of(message_id: str) -> list[str]:
    """What of a wamid must not be kept: the id, its base64 payload, and the number inside."""
    return [message_id, message_id.removeprefix("wamid."), PHONE]


async def test_a_handled_message_is_kept_by_its_keyed_hash_alone_and_its_redelivery_refused(
    sonrisa: Clinic, database: Database, units: PostgresUnitOfWorkFactory
) -> None:
    inbox = PostgresInbox(database, MESSAGE_KEYS)
    message_id = wamid(PHONE)
    first = said(sonrisa, message_id)
    assert await inbox.accept([first], NOW) == [first]
    [pending] = await inbox.claim(sonrisa.id, ANA, NOW, LEASE)
    assert pending.message.id == message_id  # a turn still has the id, to mark it read and answer
    await handled(units, [first.id])

    kept = await everything_in(database, "inbound_messages")
    assert MESSAGE_KEYS.message_key(message_id) in kept
    assert [trace for trace in traces_of(message_id) if trace in kept] == []
    # The same delivery again, a week later, from another process sharing the key: still refused.
    assert await PostgresInbox(database, MESSAGE_KEYS).accept([first], NOW + timedelta(days=7)) == []


async def test_a_handled_photo_is_still_found_by_the_message_id_staff_give(
    sonrisa: Clinic, database: Database, units: PostgresUnitOfWorkFactory
) -> None:
    inbox = PostgresInbox(database, MESSAGE_KEYS)
    message_id = wamid(PHONE)
    photo = Media("1003383421387256", "image/jpeg", "", voice=False)
    message = InboundMessage(
        id=MessageId(message_id), clinic_id=sonrisa.id, sender=ANA, sent_at=NOW, kind=InboundKind.IMAGE,
        text="", media=photo, refers_to=MessageId(wamid(PHONE)),
    )  # fmt: skip
    await inbox.accept([message], NOW)
    await handled(units, [message.id])
    assert await inbox.media_of(sonrisa.id, message.id) == photo
    kept = await everything_in(database, "inbound_messages")
    assert PHONE not in kept  # nor the id a reaction or an edit names, once handled
    assert "wamid." not in kept


async def test_a_receipt_settles_a_sent_message_kept_by_its_keyed_hash(
    sonrisa: Clinic, database: Database
) -> None:
    outbound = PostgresOutboundLog(database, MESSAGE_KEYS)
    message_id = wamid(PHONE)
    await outbound.sent(sonrisa.id, ANA, message_id, "text")
    assert await outbound.report(DeliveryReport(message_id, DeliveryState.DELIVERED, NOW))
    async with database.pool.acquire() as connection:
        [row] = await connection.fetch("SELECT message_id, status FROM outbound_messages")
    assert (row["message_id"], row["status"]) == (MESSAGE_KEYS.message_key(message_id), "delivered")
    kept = await everything_in(database, "outbound_messages")
    assert [trace for trace in traces_of(message_id) if trace in kept and trace != PHONE] == []
    assert not await outbound.report(DeliveryReport(wamid(PHONE), DeliveryState.READ, NOW))


async def test_rows_from_before_are_hashed_by_the_worker_and_found_before_and_after(
    sonrisa: Clinic, database: Database, units: PostgresUnitOfWorkFactory
) -> None:
    old_handled, old_pending, old_sent = wamid(PHONE), wamid(PHONE), wamid(PHONE)
    async with database.pool.acquire() as connection:
        # As 0025 leaves rows written before it: the raw id in message_id and, as its mark, in wamid.
        await connection.execute(
            """
            INSERT INTO inbound_messages (message_id, wamid, clinic_id, status, address_kind, address,
                                          sent_at, kind, body, available_at)
            VALUES ($1, $1, $3, 'handled', NULL, NULL, NULL, NULL, NULL, NULL),
                   ($2, $2, $3, 'pending', 'phone', $4, $5, 'text', 'a las 4', $5)
            """,
            old_handled, old_pending, sonrisa.id, PHONE, NOW,
        )  # fmt: skip
        await connection.execute(
            "INSERT INTO outbound_messages (message_id, clinic_id, address_kind, address, kind)"
            " VALUES ($1, $2, 'phone', $3, 'text')",
            old_sent, sonrisa.id, PHONE,
        )  # fmt: skip
    inbox = PostgresInbox(database, MESSAGE_KEYS)
    outbound = PostgresOutboundLog(database, MESSAGE_KEYS)
    # Before the worker's round: a redelivery is refused and a receipt matched by the raw id.
    assert await inbox.accept([said(sonrisa, old_handled), said(sonrisa, old_pending)], NOW) == []
    assert await outbound.report(DeliveryReport(old_sent, DeliveryState.SENT, NOW))

    assert await hash_raw_message_ids(database, MESSAGE_KEYS, batch=1) == 3
    assert await hash_raw_message_ids(database, MESSAGE_KEYS) == 0  # a second run finds nothing

    assert await inbox.accept([said(sonrisa, old_handled), said(sonrisa, old_pending)], NOW) == []
    assert await outbound.report(DeliveryReport(old_sent, DeliveryState.DELIVERED, NOW))
    [waiting] = await inbox.claim(sonrisa.id, ANA, NOW, LEASE)  # the waiting one keeps its id for its turn
    assert waiting.message.id == old_pending
    await handled(units, [waiting.message.id])
    for table in ("inbound_messages", "outbound_messages"):
        kept = await everything_in(database, table)
        assert [m for m in (old_handled, old_pending, old_sent) if m.removeprefix("wamid.") in kept] == []
    async with database.pool.acquire() as connection:
        keys = {r["message_id"] for r in await connection.fetch("SELECT message_id FROM inbound_messages")}
        status = await connection.fetchval("SELECT status FROM outbound_messages")
    assert keys == {MESSAGE_KEYS.message_key(old_handled), MESSAGE_KEYS.message_key(old_pending)}
    assert status == "delivered"


async def test_a_conversations_history_keeps_a_files_message_by_its_keyed_hash_and_staff_still_open_it(
    sonrisa: Clinic, database: Database
) -> None:
    inbox = PostgresInbox(database, MESSAGE_KEYS)
    units = PostgresUnitOfWorkFactory(database, MESSAGE_KEYS)
    message_id = wamid(PHONE)
    photo = Media("1003383421387256", "image/jpeg")
    message = InboundMessage(
        id=MessageId(message_id), clinic_id=sonrisa.id, sender=ANA, sent_at=NOW, kind=InboundKind.IMAGE,
        text="", media=photo,
    )  # fmt: skip
    await inbox.accept([message], NOW)
    session = ChatSession(sonrisa.id, ANA)
    session.record(Speaker.PATIENT, "", NOW, Attachment("image", message_id, "image/jpeg"))
    async with units() as uow:
        await uow.sessions.save(session)
        await uow.inbox.handled([message.id], NOW, TurnOutcome.ANSWERED)
        await uow.commit()
    async with units() as uow:
        kept = await uow.sessions.get(sonrisa.id, ANA)
        assert kept is not None
        await uow.sessions.save(kept)  # saved again: hashed once, not twice
        await uow.commit()
    async with units() as uow:
        kept = await uow.sessions.get(sonrisa.id, ANA)
    assert kept is not None
    [turn] = kept.history
    assert turn.attachment is not None
    assert turn.attachment.message_id == MESSAGE_KEYS.message_key(message_id)
    assert await inbox.media_of(sonrisa.id, MessageId(turn.attachment.message_id)) == photo
    history = await everything_in(database, "chat_sessions")
    assert [trace for trace in traces_of(message_id) if trace in history and trace != PHONE] == []
