"""The outbox on a real PostgreSQL: replies written with their turn, sent in order, each once."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from adapters.postgres.database import Database
from adapters.postgres.outbox import PostgresOutbox
from adapters.postgres.store import PostgresUnitOfWorkFactory
from application.messages import (
    Button,
    ButtonsReply,
    DocumentReply,
    ListReply,
    ListRow,
    OutboundMessage,
    TemplateReply,
    TextReply,
)
from application.ports import Outbox
from domain.clinic import Clinic
from domain.ids import AddressKind, PatientAddress

pytestmark = pytest.mark.integration

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
LEASE = timedelta(seconds=60)
ANA = PatientAddress("56911112222")
BETO = PatientAddress("US.13491208655302741918", AddressKind.USER_ID)
EVERY_KIND: list[OutboundMessage] = [
    TextReply("¿Para qué día quieres tu cita?"),
    ButtonsReply(
        "¿La confirmo?", (Button("CONFIRM_BOOKING", "Confirmar"), Button("EDIT_BOOKING", "Cambiar"))
    ),
    ListReply("Horas", "Ver horas", (ListRow("SLOT:perez:1", "16:00", "Dra. Pérez"),)),
    TemplateReply("recordatorio_cita", "es", ("Ana", "mañana"), ("APPT_ATTEND:1",), "Hola Ana"),
]


@pytest.fixture
def outbox(database: Database) -> PostgresOutbox:
    return PostgresOutbox(database)


async def queue(
    units: PostgresUnitOfWorkFactory, sonrisa: Clinic, messages: list[OutboundMessage], *, commit: bool = True
) -> None:
    async with units() as uow:
        await uow.outbox.add(sonrisa.id, ANA, messages, NOW)
        if commit:
            await uow.commit()


async def test_every_kind_of_reply_comes_back_as_it_went_in_and_in_order(
    sonrisa: Clinic, outbox: PostgresOutbox, units: PostgresUnitOfWorkFactory
) -> None:
    await queue(units, sonrisa, EVERY_KIND)
    held = await outbox.claim(sonrisa.id, ANA, NOW, LEASE)
    assert [q.message for q in held] == EVERY_KIND
    assert {(q.to, q.attempts) for q in held} == {(ANA, 1)}
    assert len({q.reference for q in held}) == 4


async def test_a_document_comes_back_with_its_bytes_as_they_went_in(
    sonrisa: Clinic, outbox: PostgresOutbox, units: PostgresUnitOfWorkFactory, database: Database
) -> None:
    ics = b"BEGIN:VCALENDAR\r\nSUMMARY:Limpieza dental\\, Cl\xc3\xadnica Sonrisa\r\nEND:VCALENDAR\r\n"
    document = DocumentReply(
        "cita-2026-12-04.ics", "text/plain", ics, "Toca el archivo para agregar la cita."
    )
    await queue(units, sonrisa, [TextReply("¡Listo!"), document])
    held = await outbox.claim(sonrisa.id, ANA, NOW, LEASE)
    assert [q.message for q in held] == [TextReply("¡Listo!"), document]
    async with database.pool.acquire() as connection:
        kind = await connection.fetchval("SELECT kind FROM outbox WHERE id = $1", held[1].id)
    assert kind == "document"


async def test_replies_of_a_turn_that_did_not_commit_never_exist(
    sonrisa: Clinic, outbox: PostgresOutbox, units: PostgresUnitOfWorkFactory
) -> None:
    await queue(units, sonrisa, EVERY_KIND[:1], commit=False)
    assert await outbox.claim(sonrisa.id, ANA, NOW, LEASE) == []


async def test_a_held_conversation_is_nobody_elses_and_racing_senders_get_it_once(
    sonrisa: Clinic, database: Database, units: PostgresUnitOfWorkFactory
) -> None:
    await queue(units, sonrisa, EVERY_KIND)
    claims = await asyncio.gather(
        *(PostgresOutbox(database).claim(sonrisa.id, ANA, NOW, LEASE) for _ in range(10))
    )
    assert sorted(len(c) for c in claims) == [0] * 9 + [4]
    outbox = PostgresOutbox(database)
    assert await outbox.waiting(NOW + LEASE / 2, 10) == []
    assert await outbox.waiting(NOW + LEASE, 10) == [(sonrisa.id, ANA)]


async def test_a_refused_reply_holds_back_the_ones_after_it_until_its_pause_ends(
    sonrisa: Clinic, outbox: PostgresOutbox, units: PostgresUnitOfWorkFactory
) -> None:
    await queue(units, sonrisa, EVERY_KIND[:2])
    first, second = await outbox.claim(sonrisa.id, ANA, NOW, LEASE)
    await outbox.retry([first.id, second.id], NOW + timedelta(seconds=5), "RateLimited: 130429")
    assert await outbox.claim(sonrisa.id, ANA, NOW + timedelta(seconds=4), LEASE) == []
    assert await outbox.waiting(NOW + timedelta(seconds=4), 10) == []
    assert await outbox.waiting(NOW + timedelta(seconds=5), 10) == [(sonrisa.id, ANA)]
    again = await outbox.claim(sonrisa.id, ANA, NOW + timedelta(seconds=5), LEASE)
    assert [(q.id, q.attempts) for q in again] == [(first.id, 2), (second.id, 2)]


async def test_the_parts_meta_took_of_a_reply_are_remembered_for_its_next_try(
    sonrisa: Clinic, outbox: PostgresOutbox, units: PostgresUnitOfWorkFactory
) -> None:
    await queue(units, sonrisa, EVERY_KIND[:2])
    first, second = await outbox.claim(sonrisa.id, ANA, NOW, LEASE)
    assert (first.parts_sent, second.parts_sent) == (0, 0)
    await outbox.parts_sent(first.id, 2)
    await outbox.parts_sent(first.id, 1)  # never goes back
    await outbox.retry([first.id, second.id], NOW, "MetaTemporaryError: 131000")
    again, after = await outbox.claim(sonrisa.id, ANA, NOW, LEASE)
    assert (again.id, again.parts_sent) == (first.id, 2)
    assert after.parts_sent == 0


async def test_sent_and_failed_replies_leave_the_queue_and_stay_on_record(
    sonrisa: Clinic, outbox: PostgresOutbox, units: PostgresUnitOfWorkFactory, database: Database
) -> None:
    await queue(units, sonrisa, EVERY_KIND[:2])
    first, second = await outbox.claim(sonrisa.id, ANA, NOW, LEASE)
    await outbox.sent(first.id, NOW)
    await outbox.failed(second.id, "Refused: 131026")
    assert await outbox.claim(sonrisa.id, ANA, NOW + timedelta(hours=1), LEASE) == []
    async with database.pool.acquire() as connection:
        rows = await connection.fetch("SELECT status, sent_at, last_error FROM outbox ORDER BY id")
    assert [tuple(r) for r in rows] == [("sent", NOW, None), ("failed", None, "Refused: 131026")]


async def test_a_delivery_report_settles_a_send_whose_sender_died(
    sonrisa: Clinic, outbox: PostgresOutbox, units: PostgresUnitOfWorkFactory
) -> None:
    await queue(units, sonrisa, EVERY_KIND[:1])
    [held] = await outbox.claim(sonrisa.id, ANA, NOW, LEASE)  # sent to Meta; then the process died
    assert await outbox.confirm(held.reference, NOW + timedelta(seconds=1))
    assert not await outbox.confirm(held.reference, NOW + timedelta(seconds=2))  # reports come several
    assert await outbox.waiting(NOW + LEASE * 2, 10) == []
    for foreign in ("outbox:", "outbox:-1", "outbox:99999999999999999999999", "campaign:7", ""):
        assert not await outbox.confirm(foreign, NOW)


async def test_conversations_do_not_wait_for_each_other(
    sonrisa: Clinic, outbox: PostgresOutbox, units: PostgresUnitOfWorkFactory
) -> None:
    await queue(units, sonrisa, EVERY_KIND[:1])
    async with units() as uow:
        await uow.outbox.add(sonrisa.id, BETO, EVERY_KIND[1:2], NOW)
        await uow.commit()
    [ana] = await outbox.claim(sonrisa.id, ANA, NOW, LEASE)
    await outbox.retry([ana.id], NOW + timedelta(minutes=5), "RateLimited")
    [beto] = await outbox.claim(sonrisa.id, BETO, NOW, LEASE)
    assert beto.to == BETO


async def test_the_adapter_implements_the_port(database: Database) -> None:
    port: Outbox = PostgresOutbox(database)  # checked by mypy
    assert port is not None


async def test_a_sent_reply_refused_as_too_late_is_handed_back_once_and_a_template_never(
    sonrisa: Clinic, outbox: PostgresOutbox, units: PostgresUnitOfWorkFactory
) -> None:
    await queue(units, sonrisa, [TextReply("Hola"), TemplateReply("retomar", "es", ("Sonrisa", "Hola"))])
    text, template = await outbox.claim(sonrisa.id, ANA, NOW, LEASE)
    for sent in (text, template):
        await outbox.sent(sent.id, NOW)
    async with units() as uow:
        refused = await uow.outbox.refused_late(text.reference)
        assert refused is not None
        assert (refused.id, refused.to, refused.message) == (text.id, ANA, TextReply("Hola"))
        assert await uow.outbox.refused_late(template.reference) is None
        assert await uow.outbox.refused_late("outbox:999999") is None
        assert await uow.outbox.refused_late("not-ours") is None
        await uow.commit()
    async with units() as uow:
        assert await uow.outbox.refused_late(text.reference) is None  # Meta reported it again
