-- The language each patient is answered in (issue 26): detected from what they write, kept with
-- their conversation, and read by the worker for their reminders and recalls. NULL: none told
-- yet, the clinic's first language.
ALTER TABLE chat_sessions ADD COLUMN language text CHECK (language IN ('es', 'en', 'pt'));

-- The languages a clinic serves, its first the one a patient is answered in until they write in
-- another; its templates per language are in the reminder, re-engagement and recall documents.
ALTER TABLE clinics ADD COLUMN languages text[] NOT NULL DEFAULT '{es}'
    CHECK (cardinality(languages) >= 1 AND languages <@ ARRAY['es', 'en', 'pt']);
