-- ClinicFlow's first schema: clinics and their configuration, patients, chat sessions,
-- appointments (double booking impossible), reminder jobs and the inbound message log.
-- Every instant is timestamptz (stored UTC); clinic-local wall times are `time`/`date`
-- read in the clinic's IANA zone.

CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE clinics (
    id               text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9_-]*$'),
    name             text NOT NULL,
    address          text NOT NULL,
    timezone         text NOT NULL,
    phone_number_id  text NOT NULL UNIQUE,
    phone            text,
    minimum_notice   interval NOT NULL CHECK (minimum_notice >= interval '0'),
    horizon_days     integer NOT NULL CHECK (horizon_days >= 1),
    bot_enabled      boolean NOT NULL DEFAULT true,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE clinic_closed_days (
    clinic_id  text NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
    day        date NOT NULL,
    PRIMARY KEY (clinic_id, day)
);

-- A doctor who leaves the clinic's file is deactivated, not deleted: appointments keep their doctor.
CREATE TABLE doctors (
    clinic_id    text NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
    id           text NOT NULL,
    name         text NOT NULL,
    specialty    text NOT NULL,
    slot_length  interval NOT NULL CHECK (slot_length > interval '0'),
    position     integer NOT NULL,
    active       boolean NOT NULL DEFAULT true,
    PRIMARY KEY (clinic_id, id)
);

-- Weekly hours on the clinic's wall clock; ends_at <= starts_at runs past midnight.
CREATE TABLE doctor_schedules (
    clinic_id  text NOT NULL,
    doctor_id  text NOT NULL,
    weekday    smallint NOT NULL CHECK (weekday BETWEEN 0 AND 6),  -- 0 = Monday
    starts_at  time NOT NULL,
    ends_at    time NOT NULL,
    PRIMARY KEY (clinic_id, doctor_id, weekday, starts_at),
    FOREIGN KEY (clinic_id, doctor_id) REFERENCES doctors (clinic_id, id) ON DELETE CASCADE
);

CREATE TABLE doctor_days_off (
    clinic_id  text NOT NULL,
    doctor_id  text NOT NULL,
    day        date NOT NULL,
    PRIMARY KEY (clinic_id, doctor_id, day),
    FOREIGN KEY (clinic_id, doctor_id) REFERENCES doctors (clinic_id, id) ON DELETE CASCADE
);

CREATE TABLE faq_entries (
    clinic_id  text NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
    position   integer NOT NULL,
    question   text NOT NULL,
    answer     text NOT NULL,
    keywords   text[] NOT NULL DEFAULT '{}',
    PRIMARY KEY (clinic_id, position)
);

-- A patient is a WhatsApp address (phone wa_id, or Meta's business-scoped user id) at one clinic.
CREATE TABLE patients (
    clinic_id      text NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
    address_kind   text NOT NULL CHECK (address_kind IN ('phone', 'user_id')),
    address        text NOT NULL CHECK (address <> ''),
    name           text,
    first_seen_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (clinic_id, address_kind, address)
);

-- `source` tells numbers blocked in the clinic's file (replaced on each load) from those staff blocked.
CREATE TABLE blocked_numbers (
    clinic_id   text NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
    address     text NOT NULL,
    source      text NOT NULL CHECK (source IN ('config', 'staff')),
    blocked_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (clinic_id, address)
);

CREATE TABLE chat_sessions (
    clinic_id            text NOT NULL,
    address_kind         text NOT NULL,
    address              text NOT NULL,
    current_state        text NOT NULL CHECK (current_state IN (
                             'IDLE', 'COLLECTING_DATE', 'COLLECTING_TIME', 'COLLECTING_NAME',
                             'CONFIRMING', 'CONFIRMED')),
    collected_fields     jsonb NOT NULL DEFAULT '{}',
    history              jsonb NOT NULL DEFAULT '[]',
    bot_enabled          boolean NOT NULL DEFAULT true,
    last_activity        timestamptz,
    last_appointment_id  uuid,
    version              integer NOT NULL CHECK (version >= 1),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (clinic_id, address_kind, address),
    FOREIGN KEY (clinic_id, address_kind, address)
        REFERENCES patients (clinic_id, address_kind, address) ON DELETE CASCADE
);

CREATE TABLE appointments (
    id            uuid PRIMARY KEY,
    clinic_id     text NOT NULL,
    doctor_id     text NOT NULL,
    address_kind  text NOT NULL,
    address       text NOT NULL,
    patient_name  text NOT NULL,
    starts_at     timestamptz NOT NULL,
    ends_at       timestamptz NOT NULL,
    during        tstzrange GENERATED ALWAYS AS (tstzrange(starts_at, ends_at, '[)')) STORED,
    status        text NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'cancelled')),
    source        text NOT NULL CHECK (source IN ('whatsapp', 'staff')),
    created_at    timestamptz NOT NULL DEFAULT now(),
    cancelled_at  timestamptz,
    CHECK (ends_at > starts_at),
    CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL)),
    FOREIGN KEY (clinic_id, doctor_id) REFERENCES doctors (clinic_id, id),
    FOREIGN KEY (clinic_id, address_kind, address) REFERENCES patients (clinic_id, address_kind, address),
    -- No two live appointments of one doctor overlap, whatever the application does.
    -- Its GiST index also serves the busy-time query (same columns, same predicate).
    CONSTRAINT appointments_no_double_booking
        EXCLUDE USING gist (clinic_id WITH =, doctor_id WITH =, during WITH &&)
        WHERE (status <> 'cancelled')
);

CREATE INDEX appointments_by_patient ON appointments (clinic_id, address_kind, address, starts_at);

CREATE TABLE reminder_jobs (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    appointment_id  uuid NOT NULL REFERENCES appointments (id) ON DELETE CASCADE,
    due_at          timestamptz NOT NULL,
    before_start    interval NOT NULL,
    status          text NOT NULL DEFAULT 'pending'
                        CHECK (status IN ('pending', 'sent', 'failed', 'cancelled')),
    attempts        integer NOT NULL DEFAULT 0,
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    sent_at         timestamptz,
    UNIQUE (appointment_id, before_start)
);

CREATE INDEX reminder_jobs_due ON reminder_jobs (due_at) WHERE status = 'pending';

-- Every message Meta delivered, once: its id is the durable guard against redeliveries,
-- which Meta keeps making for up to seven days.
CREATE TABLE inbound_messages (
    message_id    text PRIMARY KEY,
    clinic_id     text NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
    received_at   timestamptz NOT NULL DEFAULT now()
);
