-- The dashboard's figures (issue 25) that the tables did not keep: how many conversations a clinic
-- had each day and how many were handed to staff, and how many model calls it made. Bookings (by
-- source), no-shows and reminder answers come from the appointments as they are.
--
-- A conversation day is a patient who wrote that day (the clinic's own day): a handled message
-- keeps no sender, so it is counted where the session records the patient's last message. A
-- hand-off is a session whose bot goes from on to off (staff took it, the bot asked for a person,
-- or turns kept failing). Both are counted by triggers on chat_sessions, wherever the change comes
-- from, as plain numbers per clinic and day: no patient is named.
CREATE TABLE clinic_day_figures (
    clinic_id      text NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
    day            date NOT NULL,
    conversations  integer NOT NULL DEFAULT 0 CHECK (conversations >= 0),
    handoffs       integer NOT NULL DEFAULT 0 CHECK (handoffs >= 0),
    PRIMARY KEY (clinic_id, day)
);

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
    wrote boolean;
    handed boolean;
BEGIN
    IF TG_OP = 'INSERT' THEN
        wrote := NEW.last_activity IS NOT NULL;
        handed := NOT NEW.bot_enabled;
    ELSE
        SELECT timezone INTO zone FROM clinics WHERE id = NEW.clinic_id;
        wrote := NEW.last_activity IS NOT NULL AND (
            OLD.last_activity IS NULL
            OR (OLD.last_activity AT TIME ZONE zone)::date <> (NEW.last_activity AT TIME ZONE zone)::date);
        handed := OLD.bot_enabled AND NOT NEW.bot_enabled;
    END IF;
    IF NOT (wrote OR handed) THEN
        RETURN NULL;
    END IF;
    IF zone IS NULL THEN
        SELECT timezone INTO zone FROM clinics WHERE id = NEW.clinic_id;
    END IF;
    IF wrote THEN
        INSERT INTO clinic_day_figures (clinic_id, day, conversations)
        VALUES (NEW.clinic_id, (NEW.last_activity AT TIME ZONE zone)::date, 1)
        ON CONFLICT (clinic_id, day) DO UPDATE SET conversations = clinic_day_figures.conversations + 1;
    END IF;
    IF handed THEN
        INSERT INTO clinic_day_figures (clinic_id, day, handoffs)
        VALUES (NEW.clinic_id, (now() AT TIME ZONE zone)::date, 1)
        ON CONFLICT (clinic_id, day) DO UPDATE SET handoffs = clinic_day_figures.handoffs + 1;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER chat_sessions_figures AFTER INSERT OR UPDATE OF last_activity, bot_enabled ON chat_sessions
    FOR EACH ROW EXECUTE FUNCTION chat_sessions_count_figures();

-- The dashboard reads bookings by when they were made.
CREATE INDEX appointments_made ON appointments (clinic_id, created_at);
