-- Model tokens (read and written) each clinic used per day, its own day in its time zone, for its
-- daily budget (issue 19): every process adds each call's tokens with one upsert, so the budget
-- holds across processes and restarts. A row a clinic a day: old days stay as a record.
CREATE TABLE model_token_use (
    clinic_id  text NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
    day        date NOT NULL,
    tokens     bigint NOT NULL CHECK (tokens >= 0),
    PRIMARY KEY (clinic_id, day)
);
