-- The staff API's agenda: a clinic's appointments by when they start.
CREATE INDEX appointments_agenda ON appointments (clinic_id, starts_at);
