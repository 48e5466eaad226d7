-- A reply too long for one request goes to Meta as several. When a later one fails, the
-- ones Meta took are counted here, so that the retry sends only the rest (never a part twice).
ALTER TABLE outbox ADD COLUMN parts_sent integer NOT NULL DEFAULT 0 CHECK (parts_sent >= 0);
