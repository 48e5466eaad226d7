"""The outbox in PostgreSQL: a turn's replies, written with the turn, sent in order after it commits.

A sender claims a conversation's pending rows under a lease (``claimed_until``), so two
processes never send the same reply; a sender that dies mid-send loses its lease and the
sweep sends again, unless Meta's delivery report (carrying the row's reference) came back
first and ``confirm`` marked the row sent. Every instant comes from the caller's clock.

A reply is kept as msgspec's JSON of its message (a document's bytes as base64), by kind.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import msgspec
from asyncpg import Record

from adapters.postgres.database import Connection, Database
from adapters.postgres.inbox import conversations
from application.messages import (
    ButtonsReply,
    DocumentReply,
    ListReply,
    OutboundMessage,
    TemplateReply,
    TextReply,
)
from application.ports import OUTBOX_REFERENCE_PREFIX, REFUSED_LATE, Conversation, QueuedReply
from domain.ids import AddressKind, ClinicId, PatientAddress

_KINDS: dict[str, type[OutboundMessage]] = {
    "text": TextReply,
    "buttons": ButtonsReply,
    "list": ListReply,
    "template": TemplateReply,
    "document": DocumentReply,
}
_KIND_OF = {cls: kind for kind, cls in _KINDS.items()}

_ADD = """
INSERT INTO outbox (clinic_id, address_kind, address, kind, message, available_at, created_at)
SELECT $1, $2, $3, m.kind, m.message::jsonb, $5, $5
FROM unnest($4::text[], $6::text[]) WITH ORDINALITY AS m(kind, message, n)
ORDER BY m.n
"""

# Locked first, so two claims of one conversation queue here; the second sees the lease.
# Nothing is taken while the oldest row pauses after a refusal: order comes before speed.
_CLAIM = """
WITH conversation AS (
    SELECT id, claimed_until, available_at FROM outbox
    WHERE clinic_id = $1 AND address_kind = $2 AND address = $3 AND status = 'pending'
    ORDER BY id
    FOR UPDATE
)
UPDATE outbox o SET attempts = o.attempts + 1, claimed_until = $5
WHERE o.id IN (SELECT id FROM conversation)
  AND NOT EXISTS (SELECT 1 FROM conversation WHERE claimed_until > $4)
  AND (SELECT available_at FROM conversation ORDER BY id LIMIT 1) <= $4
RETURNING o.id, o.clinic_id, o.address_kind, o.address, o.kind, o.message::text AS message, o.attempts,
          o.parts_sent
"""

_WAITING = """
SELECT clinic_id, address_kind, address FROM outbox
WHERE status = 'pending'
GROUP BY clinic_id, address_kind, address
HAVING (array_agg(available_at ORDER BY id))[1] <= $1 AND NOT bool_or(coalesce(claimed_until > $1, false))
ORDER BY min(id)
LIMIT $2
"""


def encode(message: OutboundMessage) -> tuple[str, str]:
    """The row's ``kind`` and ``message`` columns for a reply."""
    return _KIND_OF[type(message)], msgspec.json.encode(message).decode()


def decode(kind: str, message: str) -> OutboundMessage:
    return msgspec.json.decode(message, type=_KINDS[kind])


class PostgresOutbox:
    """Implements ``Outbox`` over the ``outbox`` table."""

    def __init__(self, database: Database) -> None:
        self._database = database

    async def claim(
        self, clinic_id: ClinicId, to: PatientAddress, now: datetime, lease: timedelta
    ) -> list[QueuedReply]:
        async with self._database.pool.acquire() as connection, connection.transaction():
            rows = await connection.fetch(_CLAIM, clinic_id, to.kind.value, to.value, now, now + lease)
        return [_queued(row) for row in sorted(rows, key=lambda row: row["id"])]

    async def sent(self, reply_id: int, now: datetime) -> None:
        await self._execute(
            "UPDATE outbox SET status = 'sent', sent_at = $2, claimed_until = NULL "
            "WHERE id = $1 AND status = 'pending'",
            reply_id,
            now,
        )

    async def retry(self, reply_ids: Sequence[int], at: datetime, error: str) -> None:
        await self._execute(
            "UPDATE outbox SET claimed_until = NULL, available_at = $2, last_error = $3 "
            "WHERE id = ANY($1::bigint[]) AND status = 'pending'",
            list(reply_ids),
            at,
            error,
        )

    async def parts_sent(self, reply_id: int, parts: int) -> None:
        await self._execute(
            "UPDATE outbox SET parts_sent = greatest(parts_sent, $2) WHERE id = $1 AND status = 'pending'",
            reply_id,
            parts,
        )

    async def failed(self, reply_id: int, error: str) -> None:
        await self._execute(
            "UPDATE outbox SET status = 'failed', claimed_until = NULL, last_error = $2 "
            "WHERE id = $1 AND status = 'pending'",
            reply_id,
            error,
        )

    async def forget(self, reply_id: int) -> None:
        await self._execute("DELETE FROM outbox WHERE id = $1", reply_id)

    async def confirm(self, reference: str, now: datetime) -> bool:
        number = reference.removeprefix(OUTBOX_REFERENCE_PREFIX)
        if not reference.startswith(OUTBOX_REFERENCE_PREFIX) or not number.isdigit() or len(number) > 18:
            return False
        async with self._database.pool.acquire() as connection:
            status = await connection.execute(
                "UPDATE outbox SET status = 'sent', sent_at = $2, claimed_until = NULL "
                "WHERE id = $1 AND status = 'pending'",
                int(number),
                now,
            )
        return status.endswith(" 1")

    async def waiting(self, now: datetime, limit: int) -> list[Conversation]:
        async with self._database.pool.acquire() as connection:
            rows = await connection.fetch(_WAITING, now, limit)
        return conversations(rows)

    async def _execute(self, query: str, *args: object) -> None:
        async with self._database.pool.acquire() as connection:
            await connection.execute(query, *args)


class PostgresStagedReplies:
    """Implements ``StagedReplies`` inside a unit of work's transaction."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    async def add(
        self, clinic_id: ClinicId, to: PatientAddress, messages: Sequence[OutboundMessage], now: datetime
    ) -> None:
        if not messages:
            return
        kinds, bodies = zip(*(encode(m) for m in messages), strict=True)
        await self._connection.execute(
            _ADD, clinic_id, to.kind.value, to.value, list(kinds), now, list(bodies)
        )

    async def refused_late(self, reference: str) -> QueuedReply | None:
        number = reference.removeprefix(OUTBOX_REFERENCE_PREFIX)
        if not reference.startswith(OUTBOX_REFERENCE_PREFIX) or not number.isdigit() or len(number) > 18:
            return None
        row = await self._connection.fetchrow(_REFUSED_LATE, int(number), REFUSED_LATE)
        return _queued(row) if row is not None else None


# A reply refused outside the 24-hour window is marked once, whatever Meta repeats.
_REFUSED_LATE = """
UPDATE outbox SET status = 'failed', claimed_until = NULL, last_error = $2
WHERE id = $1 AND kind <> 'template' AND last_error IS DISTINCT FROM $2
RETURNING id, clinic_id, address_kind, address, kind, message::text AS message, attempts, parts_sent
"""


def _queued(row: Record) -> QueuedReply:
    return QueuedReply(
        id=row["id"],
        clinic_id=ClinicId(row["clinic_id"]),
        to=PatientAddress(row["address"], AddressKind(row["address_kind"])),
        message=decode(row["kind"], row["message"]),
        attempts=row["attempts"],
        parts_sent=row["parts_sent"],
    )
