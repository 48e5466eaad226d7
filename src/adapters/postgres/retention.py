"""What PostgreSQL keeps of patients' messages, forgotten on time (``ExpiringRecords``, one per store).

Each purge is one statement over at most ``limit`` rows, its own transaction; ``FOR UPDATE SKIP
LOCKED`` leaves the rows another worker (or a turn) holds to it, so runs in parallel share the work
and a run repeated finds nothing left. Rows whose message id turns a redelivery away are kept with
their texts blanked; the rest are deleted.
"""

from __future__ import annotations

from datetime import datetime

from adapters.postgres.database import Database
from application.ports import ExpiringRecords, Retained
from domain.ids import ClinicId

# Inbound messages: the text, a button's title, a voice note's transcript, the sender's profile
# name, a document's file name. The row stays: its unique id is the guard against redelivery.
_INBOUND_TEXTS = """
UPDATE inbound_messages SET body = NULL, transcript = NULL, sender_name = NULL, media_filename = NULL
WHERE message_id IN (
    SELECT message_id FROM inbound_messages
    WHERE clinic_id = $1 AND status = 'handled' AND received_at < $2
      AND (body IS NOT NULL OR transcript IS NOT NULL OR sender_name IS NOT NULL
           OR media_filename IS NOT NULL)
    LIMIT $3 FOR UPDATE SKIP LOCKED)
"""

# Replies sent (or given up on): their whole text is in ``message``; pending ones are still to go.
_OUTBOX_SENT = """
DELETE FROM outbox WHERE id IN (
    SELECT id FROM outbox
    WHERE clinic_id = $1 AND status <> 'pending' AND coalesce(sent_at, created_at) < $2
    LIMIT $3 FOR UPDATE SKIP LOCKED)
"""

# A conversation's history: the turns said before the cut-off go, the later ones stay.
_HISTORY = """
UPDATE chat_sessions s
   SET history = coalesce(
           (SELECT jsonb_agg(t.turn ORDER BY t.n)
            FROM jsonb_array_elements(s.history) WITH ORDINALITY AS t(turn, n)
            WHERE (t.turn->>'at')::timestamptz >= $2), '[]'::jsonb),
       version = s.version + 1, updated_at = now()
WHERE (s.clinic_id, s.address_kind, s.address) IN (
    SELECT clinic_id, address_kind, address FROM chat_sessions
    WHERE clinic_id = $1 AND jsonb_array_length(history) > 0 AND (history->0->>'at')::timestamptz < $2
    LIMIT $3 FOR UPDATE SKIP LOCKED)
"""

# Delivery receipts: when a reply was delivered or read, and why it failed. Its furthest state
# stays with the outbound log until that goes too.
_RECEIPTS = """
UPDATE outbound_messages SET status_at = NULL, error_code = NULL, error_title = NULL
WHERE message_id IN (
    SELECT message_id FROM outbound_messages
    WHERE clinic_id = $1 AND status_at < $2
    LIMIT $3 FOR UPDATE SKIP LOCKED)
"""

# The outbound log: which message id went to which patient, when.
_OUTBOUND = """
DELETE FROM outbound_messages WHERE message_id IN (
    SELECT message_id FROM outbound_messages
    WHERE clinic_id = $1 AND sent_at < $2
    LIMIT $3 FOR UPDATE SKIP LOCKED)
"""


# The waitlist: entries that ended (booked, left) or whose day passed, with their offers (ON DELETE
# CASCADE), once older than the clinic's period for messages (they are what the patient said).
_WAITLIST = """
DELETE FROM waitlist_entries WHERE id IN (
    SELECT id FROM waitlist_entries
    WHERE clinic_id = $1 AND created_at < $2 AND (state <> 'waiting' OR day < ($2 AT TIME ZONE 'UTC')::date)
    LIMIT $3 FOR UPDATE SKIP LOCKED)
"""


class _Expiring:
    def __init__(self, database: Database, name: str, kept_for: Retained, statement: str) -> None:
        self._database = database
        self._statement = statement
        self.name = name
        self.kept_for = kept_for

    async def purge(self, clinic_id: ClinicId, older_than: datetime, limit: int) -> int:
        async with self._database.pool.acquire() as connection:
            status = await connection.execute(self._statement, clinic_id, older_than, limit)
        return int(status.rsplit(" ", 1)[-1])


def postgres_expiring_records(database: Database) -> list[ExpiringRecords]:
    """Every PostgreSQL store that keeps message texts, receipts or the outbound log."""
    return [
        _Expiring(database, "inbound_texts", Retained.MESSAGES, _INBOUND_TEXTS),
        _Expiring(database, "sent_replies", Retained.MESSAGES, _OUTBOX_SENT),
        _Expiring(database, "conversation_history", Retained.MESSAGES, _HISTORY),
        _Expiring(database, "delivery_receipts", Retained.RECEIPTS, _RECEIPTS),
        _Expiring(database, "outbound_log", Retained.OUTBOUND, _OUTBOUND),
        _Expiring(database, "waitlist_entries", Retained.MESSAGES, _WAITLIST),
    ]
