-- What a clinic sells (issue 22): services with their own length, price, doctors and preparation.
-- A service that leaves the clinic's file is deactivated, not deleted: appointments keep their service.
CREATE TABLE services (
    clinic_id       text NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
    id              text NOT NULL,
    name            text NOT NULL,
    duration        interval CHECK (duration > interval '0'),  -- NULL: each doctor's slot length
    synonyms        text[] NOT NULL DEFAULT '{}',
    -- numeric, not float: a price reads back exactly as the clinic wrote it ("49.90").
    -- Below 'Infinity' also refuses NaN, which PostgreSQL sorts above every number.
    price_amount    numeric CHECK (price_amount >= 0 AND price_amount < 'Infinity'),
    price_currency  text CHECK (price_currency ~ '^[A-Z]{3}$'),  -- ISO 4217
    price_from      boolean NOT NULL DEFAULT false,  -- the amount is the least it costs
    doctor_ids      text[] NOT NULL DEFAULT '{}',  -- empty: every doctor of the clinic
    preparation     text NOT NULL DEFAULT '',
    bookable        boolean NOT NULL DEFAULT true,  -- false: staff talk to the patient first
    position        integer NOT NULL,
    active          boolean NOT NULL DEFAULT true,
    PRIMARY KEY (clinic_id, id),
    -- No price at all, or an amount in a currency.
    CHECK ((price_amount IS NULL) = (price_currency IS NULL))
);

-- Booked when the patient names no service; NULL: the first service. The clinic file names one
-- of its own services, so no foreign key (it would make clinics and services reference each other).
ALTER TABLE clinics ADD COLUMN default_service_id text;

-- What the visit is for; NULL: a plain visit (a clinic without services). Loading a clinic file
-- that lists services gives its existing appointments a service.
ALTER TABLE appointments
    ADD COLUMN service_id text,
    ADD FOREIGN KEY (clinic_id, service_id) REFERENCES services (clinic_id, id);
