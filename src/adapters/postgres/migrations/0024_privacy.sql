-- Privacy (issue 24). Each clinic's notice and retention periods, as its file says them:
-- {"notice": {"version", "text", "url"}, "retention": {"messages_seconds", ...}}; '{}' (a clinic
-- loaded before) reads as the domain's defaults until its file is loaded again.

ALTER TABLE clinics ADD COLUMN privacy jsonb NOT NULL DEFAULT '{}'::jsonb;

-- Each patient's answer to a clinic's privacy notice, append-only: the latest row is in force and
-- the earlier ones are the history (given, withdrawn, given again). Erasure deletes a patient's
-- rows by clinic and patient.
CREATE TABLE patient_consents (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    clinic_id    text NOT NULL REFERENCES clinics (id),
    patient_kind text NOT NULL CHECK (patient_kind IN ('phone', 'user_id')),
    patient      text NOT NULL,
    version      text NOT NULL,
    given        boolean NOT NULL,
    at           timestamptz NOT NULL,
    channel      text NOT NULL
);

CREATE INDEX patient_consents_by_patient ON patient_consents (clinic_id, patient_kind, patient, id);

-- The notice's version a conversation last showed: the patient is asked once per version, and
-- a patient who does not answer is still served (read offline) without being asked again.
ALTER TABLE chat_sessions ADD COLUMN notice_shown text;
