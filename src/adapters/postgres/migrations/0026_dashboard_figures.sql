-- The dashboard's figures (issue 25) that the tables did not keep: how many conversations a clinic
-- had each day and how many were handed to staff, and how many model calls it made. Bookings (by
-- source), no-shows and reminder answers come from the appointments as they are.
--
-- A conversation day is a patient who wrote that day (the clinic's own day): a handled message
-- keeps no sender, so it is counted where the session records the patient's last message. A
-- hand-off is a session whose bot goes from on to off (staff took it, the bot asked for a person,
-- or turns kept failing). Both are counted by triggers on chat_sessions, wherever the change comes
-- from, as an event of a clinic on a day: no patient is named.
--
-- One row per event, never updated: two turns of one clinic never wait on each other's counter.
CREATE TABLE conversation_events (
    clinic_id  text NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
    day        date NOT NULL,  -- the clinic's
    kind       text NOT NULL CHECK (kind IN ('conversation', 'handoff'))
);
CREATE INDEX conversation_events_by_day ON conversation_events (clinic_id, day);

-- Model calls that cost tokens, per clinic and day, beside the tokens they cost.
ALTER TABLE model_token_use ADD COLUMN calls integer NOT NULL DEFAULT 0 CHECK (calls >= 0);

-- Since when each figure is recorded: the dashboard says that days before do not tell it.
CREATE TABLE figures_recorded_since (
    figure  text PRIMARY KEY,
    since   timestamptz NOT NULL DEFAULT now()
);
INSERT INTO figures_recorded_since (figure) VALUES ('conversations'), ('handoffs'), ('model_calls');

CREATE FUNCTION chat_sessions_count_figures() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    zone text;
BEGIN
    SELECT timezone INTO zone FROM clinics WHERE id = NEW.clinic_id;
    IF NEW.last_activity IS NOT NULL AND (
        TG_OP = 'INSERT' OR OLD.last_activity IS NULL
        OR (OLD.last_activity AT TIME ZONE zone)::date <> (NEW.last_activity AT TIME ZONE zone)::date)
    THEN
        INSERT INTO conversation_events (clinic_id, day, kind)
        VALUES (NEW.clinic_id, (NEW.last_activity AT TIME ZONE zone)::date, 'conversation');
    END IF;
    IF NOT NEW.bot_enabled AND (TG_OP = 'INSERT' OR OLD.bot_enabled) THEN
        INSERT INTO conversation_events (clinic_id, day, kind)
        VALUES (NEW.clinic_id, (now() AT TIME ZONE zone)::date, 'handoff');
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER chat_sessions_figures_new AFTER INSERT ON chat_sessions
    FOR EACH ROW WHEN (NEW.last_activity IS NOT NULL OR NOT NEW.bot_enabled)
    EXECUTE FUNCTION chat_sessions_count_figures();
-- Most saves change neither: they do not even look the clinic's zone up.
CREATE TRIGGER chat_sessions_figures AFTER UPDATE ON chat_sessions
    FOR EACH ROW WHEN (OLD.last_activity IS DISTINCT FROM NEW.last_activity
                       OR (OLD.bot_enabled AND NOT NEW.bot_enabled))
    EXECUTE FUNCTION chat_sessions_count_figures();

-- The dashboard reads bookings by when they were made.
CREATE INDEX appointments_made ON appointments (clinic_id, created_at);
