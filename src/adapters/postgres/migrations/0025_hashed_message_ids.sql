-- Meta's message ids kept only as keyed hashes (issue 24). A wamid is base64 with the patient's
-- number inside, so the ids kept for good name the message by HMAC(CLINICFLOW_HASH_KEY, wamid)
-- (``Pseudonyms.message_key``, 64 hex characters) instead:
--
-- * inbound_messages.message_id, the dedup record, holds the hash; the raw id waits in ``wamid``
--   only while the message is pending (a turn marks it read, fetches its media, answers it) and is
--   cleared with the text when it is handled; so is ``refers_to`` (the wamid a reaction or an edit
--   names), which only the turn needs.
-- * outbound_messages.message_id holds the hash of the wamid Meta gave our message; a receipt is
--   matched by hashing the id it names.
--
-- SQL cannot hash without the key, so rows from before keep their raw ids until the process that
-- holds the key converts them (``adapters/postgres/hashed_ids.py``: the worker, at each retention
-- round, in batches). Until then a legacy inbound row keeps ``wamid = message_id``: the
-- accepting insert looks for the raw id in ``wamid`` too, so a redelivery of it is still refused.

ALTER TABLE inbound_messages ADD COLUMN wamid text;

UPDATE inbound_messages SET wamid = message_id;

-- Pending rows and unconverted ones: a handled, converted row holds no raw id, and leaves it.
CREATE INDEX inbound_messages_wamid ON inbound_messages (wamid) WHERE wamid IS NOT NULL;

-- What the conversion still has to do, found without reading the whole tables.
CREATE INDEX inbound_messages_raw_ids ON inbound_messages (message_id) WHERE wamid = message_id;
CREATE INDEX outbound_messages_raw_ids ON outbound_messages (message_id) WHERE message_id !~ '^[0-9a-f]{64}$';
