"""Rows from before 0025 still hold Meta's raw message ids: this replaces them with their keyed hashes.

A migration cannot do it (SQL has no key), so the worker does, in batches, at every retention
round: ``FOR UPDATE SKIP LOCKED`` lets several workers share the work, and a row converted is no
longer found, so a run repeated does nothing. Until its row is converted, a message is found by
its raw id too (the inbox's dedup, the media lookup, a receipt), so nothing waits on this.
"""

from __future__ import annotations

from adapters.postgres.database import Database
from application.pseudonyms import Pseudonyms

# An inbound row from before keeps ``wamid = message_id`` (0025); its raw id stays in ``wamid``
# while it waits for a turn, and goes if it was handled.
_INBOUND_RAW = """
SELECT message_id FROM inbound_messages WHERE wamid = message_id LIMIT $1 FOR UPDATE SKIP LOCKED
"""
_INBOUND_HASHED = """
UPDATE inbound_messages m
   SET message_id = h.key, wamid = CASE WHEN m.status = 'pending' THEN m.wamid END
FROM unnest($1::text[], $2::text[]) AS h(raw, key)
WHERE m.message_id = h.raw AND m.wamid = m.message_id
"""

_OUTBOUND_RAW = """
SELECT message_id FROM outbound_messages WHERE message_id !~ '^[0-9a-f]{64}$'
LIMIT $1 FOR UPDATE SKIP LOCKED
"""
_OUTBOUND_HASHED = """
UPDATE outbound_messages m SET message_id = h.key
FROM unnest($1::text[], $2::text[]) AS h(raw, key)
WHERE m.message_id = h.raw
"""


async def hash_raw_message_ids(database: Database, names: Pseudonyms, batch: int = 500) -> int:
    """Every raw message id left in ``inbound_messages`` and ``outbound_messages`` replaced by its
    keyed hash; how many rows were converted."""
    converted = 0
    for find, replace in ((_INBOUND_RAW, _INBOUND_HASHED), (_OUTBOUND_RAW, _OUTBOUND_HASHED)):
        while True:
            async with database.pool.acquire() as connection, connection.transaction():
                raw = [row["message_id"] for row in await connection.fetch(find, batch)]
                if raw:
                    await connection.execute(replace, raw, [names.message_key(r) for r in raw])
            converted += len(raw)
            if len(raw) < batch:
                break
    return converted
