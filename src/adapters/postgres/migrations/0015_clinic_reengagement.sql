-- The approved template that carries a staff reply once 24 hours passed since the patient last
-- wrote (issue 21): {"template": "...", "language": "es"}; empty: none approved.

ALTER TABLE clinics ADD COLUMN reengagement jsonb NOT NULL DEFAULT '{}'::jsonb;
