-- Reminders that survive moves and dead workers, and recall campaigns that invite each
-- patient back at most once per cycle.

-- What was booked, so a recall campaign can look back on it even if the doctor's specialty
-- changes later; existing appointments take their doctor's current specialty.
ALTER TABLE appointments
    ADD COLUMN service                 text NOT NULL DEFAULT '',
    ADD COLUMN attendance_confirmed_at timestamptz;  -- the patient said they will come

UPDATE appointments a SET service = d.specialty
FROM doctors d WHERE d.clinic_id = a.clinic_id AND d.id = a.doctor_id;

-- Recall campaigns look for each patient's last visit of one service at one clinic.
CREATE INDEX appointments_visits ON appointments (clinic_id, lower(service), ends_at)
    WHERE status = 'booked';

-- A moved appointment keeps its cancelled jobs for audit and gets new pending ones, so only
-- one *pending* job per appointment and offset must be unique.
ALTER TABLE reminder_jobs DROP CONSTRAINT reminder_jobs_appointment_id_before_start_key;
CREATE UNIQUE INDEX reminder_jobs_one_pending ON reminder_jobs (appointment_id, before_start)
    WHERE status = 'pending';

-- available_at: when the job may next be claimed (its due time, later after a retry).
-- claimed_until: the lease of the worker sending it; a dead worker's lease simply runs out.
ALTER TABLE reminder_jobs
    ADD COLUMN available_at  timestamptz,
    ADD COLUMN claimed_until timestamptz;
UPDATE reminder_jobs SET available_at = due_at;
ALTER TABLE reminder_jobs ALTER COLUMN available_at SET NOT NULL;

-- 'skipped': the reminder no longer made sense when its time came (appointment gone, opt-out).
ALTER TABLE reminder_jobs DROP CONSTRAINT reminder_jobs_status_check;
ALTER TABLE reminder_jobs ADD CONSTRAINT reminder_jobs_status_check
    CHECK (status IN ('pending', 'sent', 'failed', 'cancelled', 'skipped'));

-- Workers claim by available_at, not due_at: the old index no longer serves the claim.
DROP INDEX reminder_jobs_due;
CREATE INDEX reminder_jobs_claimable ON reminder_jobs (available_at) WHERE status = 'pending';

-- What the patient agreed to: an opt-out stops recalls until they opt back in; a snooze lapses.
ALTER TABLE patients
    ADD COLUMN opted_out_at         timestamptz,
    ADD COLUMN recall_snoozed_until timestamptz;

-- The clinic file's reminder policy and recall campaigns, as documents the code reads whole.
-- '{}' (clinics loaded before this migration) reads as the defaults.
ALTER TABLE clinics
    ADD COLUMN reminder_policy jsonb NOT NULL DEFAULT '{}',
    ADD COLUMN recall_settings jsonb NOT NULL DEFAULT '{}';

-- One row per recall a campaign makes to a patient in one cycle: its primary key is what keeps
-- two campaign runs from inviting the same patient twice. 'sending' rows are never retried
-- (the message may have gone out); only 'failed' ones may be claimed again.
CREATE TABLE recall_messages (
    clinic_id     text NOT NULL,
    campaign_id   text NOT NULL,
    address_kind  text NOT NULL,
    address       text NOT NULL,
    cycle_start   timestamptz NOT NULL,
    status        text NOT NULL CHECK (status IN ('sending', 'sent', 'failed')),
    attempts      integer NOT NULL DEFAULT 1 CHECK (attempts >= 1),
    last_error    text,
    claimed_at    timestamptz NOT NULL,
    sent_at       timestamptz,
    PRIMARY KEY (clinic_id, campaign_id, address_kind, address, cycle_start),
    FOREIGN KEY (clinic_id, address_kind, address)
        REFERENCES patients (clinic_id, address_kind, address) ON DELETE CASCADE
);
