-- When a conversation needs a person (issue 25): why and since when, and when the bot stepped
-- aside (or staff last wrote), for the quiet time after which the bot takes it back.
ALTER TABLE chat_sessions ADD COLUMN needs_person_reason text
    CHECK (needs_person_reason IN ('asked', 'turns_failed', 'file_to_review', 'service', 'question'));
ALTER TABLE chat_sessions ADD COLUMN needs_person_since timestamptz;
ALTER TABLE chat_sessions ADD CONSTRAINT chat_sessions_needs_person_whole
    CHECK ((needs_person_reason IS NULL) = (needs_person_since IS NULL));
ALTER TABLE chat_sessions ADD COLUMN paused_at timestamptz;
-- Conversations paused before: their quiet time counts from their last change.
UPDATE chat_sessions SET paused_at = updated_at WHERE NOT bot_enabled;
CREATE INDEX chat_sessions_needing_a_person ON chat_sessions (clinic_id, needs_person_since)
    WHERE needs_person_reason IS NOT NULL;
CREATE INDEX chat_sessions_paused ON chat_sessions (clinic_id, paused_at) WHERE NOT bot_enabled;

-- The clinic's opening hours (weekday -> ["HH:MM-HH:MM", ...]; NULL: none given) and its hand-off
-- settings: where alerts are POSTed, and the quiet time in minutes.
ALTER TABLE clinics ADD COLUMN opening_hours jsonb;
ALTER TABLE clinics ADD COLUMN alert_webhook_url text CHECK (alert_webhook_url LIKE 'https://%');
ALTER TABLE clinics ADD COLUMN return_after_minutes integer NOT NULL DEFAULT 120
    CHECK (return_after_minutes BETWEEN 1 AND 43200);

-- Alerts for the clinic's webhook, sent by the worker: kept until the receiver took them, tried
-- again with a growing pause when it is away. They name no patient: only the conversation's
-- keyed hash.
CREATE TABLE handoff_alerts (
    id            bigserial PRIMARY KEY,
    clinic_id     text NOT NULL,
    reason        text NOT NULL CHECK (reason IN ('asked', 'turns_failed', 'file_to_review', 'service', 'question')),
    conversation  text NOT NULL,
    raised_at     timestamptz NOT NULL,
    attempts      integer NOT NULL DEFAULT 0,
    available_at  timestamptz NOT NULL,
    claimed_until timestamptz,
    sent_at       timestamptz,
    failed_at     timestamptz,
    last_error    text
);
CREATE INDEX handoff_alerts_due ON handoff_alerts (available_at) WHERE sent_at IS NULL AND failed_at IS NULL;
