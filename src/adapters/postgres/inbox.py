"""The inbox in PostgreSQL: every delivered message recorded once, and queued until its turn.

The primary key on Meta's message id is the dedup guard for good (Meta redelivers for a
week, longer than Redis's window). It holds the id's keyed hash (``Pseudonyms.message_key``),
never the id: a wamid is base64 with the patient's number inside. The raw id waits in ``wamid``
while the message is pending (a turn marks it read, fetches its media, answers it) and goes with
the text when it is handled. A turn claims a conversation's pending rows under a
lease (``claimed_until``), so two processes never answer the same messages; a turn
that dies loses its lease and the sweep takes the rows again. Every instant comes from
the caller's clock, never from the database's ``now()``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta

import msgspec
from asyncpg import Record

from adapters.postgres.database import Connection, Database
from adapters.postgres.failures import UNFIT_DATA
from application.messages import InboundKind, InboundMessage, Media
from application.ports import Conversation, PendingMessage, TurnOutcome
from application.pseudonyms import Pseudonyms
from domain.ids import AddressKind, ClinicId, MessageId, PatientAddress

log = logging.getLogger(__name__)

_INSERT = """
INSERT INTO inbound_messages (message_id, wamid, clinic_id, address_kind, address, sent_at, kind, body,
                              button_id, sender_name, media_id, media_type, media_filename,
                              media_voice, refers_to, also_kind, also_address, new_kind, new_address,
                              received_at, available_at)
SELECT m.message_id, m.wamid, m.clinic_id, m.address_kind, m.address, m.sent_at, m.kind, m.body,
       m.button_id, m.sender_name, m.x->>'media_id', m.x->>'media_type', m.x->>'media_filename',
       coalesce((m.x->>'media_voice')::boolean, false), m.x->>'refers_to', m.x->>'also_kind',
       m.x->>'also_address', m.x->>'new_kind', m.x->>'new_address', $12, $13
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::text[],
            $8::text[], $9::text[], $10::text[], $11::jsonb[])
     AS m(message_id, wamid, clinic_id, address_kind, address, sent_at, kind, body, button_id, sender_name, x)
-- A row from before ids were hashed holds the raw id until it is converted (0025): still a duplicate.
WHERE NOT EXISTS (SELECT 1 FROM inbound_messages kept WHERE kept.wamid = m.wamid)
ON CONFLICT (message_id) DO NOTHING
"""
_ACCEPT = _INSERT + "RETURNING wamid"

# The same, and every new message announces its conversation to the listening workers. A
# notification is sent when the transaction commits, so a worker never hears of a row it
# cannot see yet; PostgreSQL folds identical notifications of one transaction into one.
WAKE_CHANNEL = "clinicflow_inbox"
_ACCEPT_AND_WAKE = (
    "WITH added AS ("
    + _INSERT
    + "RETURNING wamid, clinic_id, address_kind, address)\n"
    + "SELECT wamid,\n"
    + f"       pg_notify('{WAKE_CHANNEL}', json_build_array(clinic_id, address_kind, address)::text)\n"
    + "FROM added"
)

# The conversation's rows are locked first, so two claims of one conversation queue here
# and the second sees the first one's lease. Nothing is taken while a live lease stands.
_CLAIM = """
WITH conversation AS (
    SELECT message_id, claimed_until FROM inbound_messages
    WHERE clinic_id = $1 AND address_kind = $2 AND address = $3 AND status = 'pending'
    FOR UPDATE
)
UPDATE inbound_messages m
   SET attempts = m.attempts + 1, claimed_until = $5
WHERE m.message_id IN (SELECT message_id FROM conversation)
  AND NOT EXISTS (SELECT 1 FROM conversation WHERE claimed_until > $4)
RETURNING m.wamid, m.clinic_id, m.address_kind, m.address, m.sent_at, m.kind, m.body,
          m.button_id, m.sender_name, m.media_id, m.media_type, m.media_filename, m.media_voice,
          m.refers_to, m.transcript, m.also_kind, m.also_address, m.new_kind, m.new_address,
          m.attempts, m.seq
"""

_RETRY = """
UPDATE inbound_messages SET claimed_until = NULL, available_at = $2, last_error = $3
WHERE wamid = ANY($1::text[]) AND status = 'pending'
"""

# A conversation is due when one of its rows is, and no turn holds any of them.
_WAITING = """
SELECT clinic_id, address_kind, address FROM inbound_messages
WHERE status = 'pending'
GROUP BY clinic_id, address_kind, address
HAVING min(available_at) <= $1 AND NOT bool_or(coalesce(claimed_until > $1, false))
ORDER BY min(available_at)
LIMIT $2
"""

_TRANSCRIBED = """
UPDATE inbound_messages SET transcript = $2 WHERE wamid = $1 AND status = 'pending'
"""

_MEDIA_OF = """
SELECT media_id, media_type, media_filename, media_voice FROM inbound_messages
WHERE message_id = ANY($1::text[]) AND clinic_id = $2 AND media_id IS NOT NULL
"""

_HANDLED = """
UPDATE inbound_messages
   SET status = 'handled', processed_at = $2, outcome = $3, claimed_until = NULL,
       address_kind = NULL, address = NULL, body = NULL, button_id = NULL, sender_name = NULL,
       transcript = NULL, also_kind = NULL, also_address = NULL, new_kind = NULL, new_address = NULL,
       refers_to = NULL,
       -- the raw id goes; a row from before 0025 keeps it as its mark until it is converted
       wamid = CASE WHEN wamid = message_id THEN wamid END
WHERE wamid = ANY($1::text[]) AND status = 'pending'
"""


class PostgresInbox:
    """Implements ``Inbox`` over ``inbound_messages``."""

    def __init__(
        self,
        database: Database,
        names: Pseudonyms,
        *,
        sweep_grace: timedelta = timedelta(seconds=10),
        wake_workers: bool = False,
    ) -> None:
        self._database = database
        self._names = names
        # With ``wake_workers`` the turns run in workers, woken by NOTIFY: a new message is theirs
        # at once. Otherwise it is the accepting process's to start, and the sweep takes stragglers.
        self._grace = timedelta(0) if wake_workers else sweep_grace
        self._accept = _ACCEPT_AND_WAKE if wake_workers else _ACCEPT

    async def accept(self, messages: Sequence[InboundMessage], now: datetime) -> list[InboundMessage]:
        if not messages:
            return []
        try:
            new = await self._insert(messages, now)
        except UNFIT_DATA:
            # One message the database cannot hold (an id too long for the index...) must not cost
            # the others, nor keep Meta delivering them for days: each is tried alone, and the
            # ones refused are left out, with a warning that never quotes them.
            new = set()
            for message in messages:
                try:
                    new |= await self._insert([message], now)
                except UNFIT_DATA as refused:  # its kind only: asyncpg's messages may quote the values
                    kind = f"{type(refused).__name__} {getattr(refused, 'sqlstate', '')}".strip()
                    log.warning("a message the inbox cannot hold is left out: %s", kind)
        accepted = []
        for m in messages:  # a delivery may carry one message twice: it is accepted once
            if m.id in new:
                new.discard(m.id)
                accepted.append(m)
        return accepted

    async def _insert(self, messages: Sequence[InboundMessage], now: datetime) -> set[str]:
        """The ids of ``messages`` never recorded before, now recorded, in one statement."""
        columns: tuple[list[str | datetime | None], ...] = tuple([] for _ in range(11))
        for m in messages:
            row = (
                self._names.message_key(m.id),
                m.id,
                m.clinic_id,
                m.sender.kind.value,
                m.sender.value,
                m.sent_at,
                m.kind.value,
                m.text,
                m.button_id,
                m.sender_name,
                _extras(m),
            )
            for column, value in zip(columns, row, strict=True):
                column.append(value)
        async with self._database.pool.acquire() as connection:
            rows = await connection.fetch(self._accept, *columns, now, now + self._grace)
        return {row["wamid"] for row in rows}

    async def claim(
        self, clinic_id: ClinicId, patient: PatientAddress, now: datetime, lease: timedelta
    ) -> list[PendingMessage]:
        async with self._database.pool.acquire() as connection, connection.transaction():
            rows = await connection.fetch(
                _CLAIM, clinic_id, patient.kind.value, patient.value, now, now + lease
            )
        rows = sorted(rows, key=lambda row: (row["sent_at"], row["seq"]))
        return [PendingMessage(_message(row), row["attempts"]) for row in rows]

    async def retry(self, message_ids: Sequence[MessageId], at: datetime, error: str) -> None:
        async with self._database.pool.acquire() as connection:
            await connection.execute(_RETRY, list(message_ids), at, error)

    async def waiting(self, now: datetime, limit: int) -> list[Conversation]:
        async with self._database.pool.acquire() as connection:
            rows = await connection.fetch(_WAITING, now, limit)
        return conversations(rows)

    async def transcribed(self, message_id: MessageId, transcript: str) -> None:
        async with self._database.pool.acquire() as connection:
            await connection.execute(_TRANSCRIBED, message_id, transcript)

    async def media_of(self, clinic_id: ClinicId, message_id: MessageId) -> Media | None:
        async with self._database.pool.acquire() as connection:
            # by its keyed hash; by the raw id too while a row from before 0025 is not converted
            keys = [self._names.message_key(message_id), message_id]
            row = await connection.fetchrow(_MEDIA_OF, keys, clinic_id)
        return _media(row) if row is not None else None


class PostgresHandledMessages:
    """Implements ``HandledMessages`` inside a unit of work's transaction.

    A handled row keeps only what dedup needs: the patient's words live on in their
    session's history, not twice.
    """

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    async def handled(self, message_ids: Sequence[MessageId], now: datetime, outcome: TurnOutcome) -> None:
        await self._connection.execute(_HANDLED, list(message_ids), now, outcome.value)


def conversations(rows: list[Record]) -> list[Conversation]:
    """Rows of (clinic_id, address_kind, address) as conversations."""
    return [
        (ClinicId(row["clinic_id"]), PatientAddress(row["address"], AddressKind(row["address_kind"])))
        for row in rows
    ]


def _extras(m: InboundMessage) -> str | None:
    """What only some messages carry (a file, the message they refer to, the sender's other
    identifiers), as one JSON object: a plain text costs the insert no more columns than that."""
    if m.media is None and m.refers_to is None and m.also is None and m.new_address is None:
        return None
    extras: dict[str, str | bool] = {}
    if m.media is not None:
        extras.update(
            media_id=m.media.id,
            media_type=m.media.mime_type,
            media_filename=m.media.filename,
            media_voice=m.media.voice,
        )
    if m.refers_to is not None:
        extras["refers_to"] = m.refers_to
    if m.also is not None:
        extras.update(also_kind=m.also.kind.value, also_address=m.also.value)
    if m.new_address is not None:
        extras.update(new_kind=m.new_address.kind.value, new_address=m.new_address.value)
    return _EXTRAS.encode(extras).decode()


_EXTRAS = msgspec.json.Encoder()


def _message(row: Record) -> InboundMessage:
    return InboundMessage(
        id=MessageId(row["wamid"]),
        clinic_id=ClinicId(row["clinic_id"]),
        sender=PatientAddress(row["address"], AddressKind(row["address_kind"])),
        sent_at=row["sent_at"],
        kind=InboundKind(row["kind"]),
        text=row["body"] or "",
        button_id=row["button_id"],
        sender_name=row["sender_name"],
        media=_media(row),
        refers_to=MessageId(row["refers_to"]) if row["refers_to"] else None,
        transcript=row["transcript"],
        also=_address(row["also_kind"], row["also_address"]),
        new_address=_address(row["new_kind"], row["new_address"]),
    )


def _address(kind: str | None, value: str | None) -> PatientAddress | None:
    return PatientAddress(value, AddressKind(kind)) if kind and value else None


def _media(row: Record) -> Media | None:
    if not row["media_id"]:
        return None
    return Media(row["media_id"], row["media_type"] or "", row["media_filename"] or "", row["media_voice"])
