-- Whether the patient came, as the clinic's staff recorded it once the time had come.
ALTER TABLE appointments
    ADD COLUMN visit text CHECK (visit IN ('attended', 'no_show')),
    ADD COLUMN visit_recorded_at timestamptz;
