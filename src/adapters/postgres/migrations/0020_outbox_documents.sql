-- A reply may be a document (issue 22): an appointment's calendar file (.ics), sent as a WhatsApp
-- document when it is booked, moved or cancelled. The file travels in the row, base64 in the JSON.

ALTER TABLE outbox DROP CONSTRAINT outbox_kind_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check
    CHECK (kind IN ('text', 'buttons', 'list', 'template', 'document'));
