-- How each clinic speaks (issue 23): its locale, a BCP 47 tag such as 'es-MX', and its register,
-- 'tú' or 'usted'. Clinics loaded before keep the Chilean Spanish they were written for until
-- their file is loaded again.

ALTER TABLE clinics ADD COLUMN locale text NOT NULL DEFAULT 'es-CL';
ALTER TABLE clinics ADD COLUMN register text NOT NULL DEFAULT 'tú' CHECK (register IN ('tú', 'usted'));
