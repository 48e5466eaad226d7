-- People, not phones (issue 22): one WhatsApp number books for a whole family. A session keeps
-- whom its phone booked for, the latest first, at most 10:
-- [{"id": "...", "name": "Sofía Rojas", "relation": "hija"}] (relation left out when never said).
ALTER TABLE chat_sessions ADD COLUMN people jsonb NOT NULL DEFAULT '[]';

-- Existing patients become people of their phone: one person for each name the phone booked under
-- at that clinic (spellings differing only in case, Spanish accents or spacing are one person, named
-- as last booked), the most recently booked first, each with a new id and no relation. Cancelled
-- appointments count (they were booked for someone all the same); blank names do not.
WITH booked AS (
    SELECT clinic_id, address_kind, address, created_at, starts_at,
           btrim(regexp_replace(patient_name, '\s+', ' ', 'g')) AS name
    FROM appointments
), spelled AS (
    SELECT booked.*, lower(translate(name, 'ÁÉÍÓÚÜÑáéíóúüñ', 'AEIOUUNaeiouun')) AS folded
    FROM booked
    WHERE name <> ''
), named AS (
    -- A person's latest booking, under whichever spelling of their name.
    SELECT DISTINCT ON (clinic_id, address_kind, address, folded)
           clinic_id, address_kind, address, name, created_at, starts_at
    FROM spelled
    ORDER BY clinic_id, address_kind, address, folded, created_at DESC, starts_at DESC
), ranked AS (
    SELECT named.*,
           row_number() OVER (
               PARTITION BY clinic_id, address_kind, address
               ORDER BY created_at DESC, starts_at DESC, name
           ) AS rank
    FROM named
), people AS (
    SELECT clinic_id, address_kind, address,
           jsonb_agg(jsonb_build_object('id', gen_random_uuid()::text, 'name', name) ORDER BY rank) AS people
    FROM ranked
    WHERE rank <= 10
    GROUP BY clinic_id, address_kind, address
)
UPDATE chat_sessions s
   SET people = p.people
  FROM people p
 WHERE s.clinic_id = p.clinic_id AND s.address_kind = p.address_kind AND s.address = p.address;
