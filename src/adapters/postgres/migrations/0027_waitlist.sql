-- The waitlist (issue 25): patients who wanted a day, a part of it or a time that was full, and
-- the freed times offered to them. An offer holds its time for the patients it went to until it
-- expires; of two of them confirming at once, appointments_no_double_booking decides.
CREATE TABLE waitlist_entries (
    id            uuid PRIMARY KEY,
    clinic_id     text NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
    address_kind  text NOT NULL CHECK (address_kind IN ('phone', 'user_id')),
    address       text NOT NULL CHECK (address <> ''),
    person_name   text NOT NULL DEFAULT '',       -- whom the visit is for ('' : asked on taking an offer)
    day           date NOT NULL,                  -- the wanted day, in the clinic's zone
    part          text CHECK (part IN ('morning', 'afternoon', 'evening')),
    at            time,                           -- a wanted wall-clock time, in the clinic's zone
    doctor_id     text,                           -- NULL: any doctor who does the service
    service_id    text,                           -- NULL: the clinic's default visit
    state         text NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting', 'booked', 'left')),
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL DEFAULT now()
);

-- A patient waits once for one want: joining again changes nothing.
CREATE UNIQUE INDEX waitlist_entries_one_want
    ON waitlist_entries (clinic_id, address_kind, address, day, part, at, doctor_id, service_id)
    NULLS NOT DISTINCT WHERE state = 'waiting';
-- What a freed time is matched against: the clinic's waiting entries for a day, oldest first.
CREATE INDEX waitlist_entries_waiting ON waitlist_entries (clinic_id, day, created_at) WHERE state = 'waiting';
-- Retention: finished entries and past days, by age.
CREATE INDEX waitlist_entries_age ON waitlist_entries (clinic_id, updated_at);

CREATE TABLE waitlist_offers (
    id            uuid PRIMARY KEY,
    entry_id      uuid NOT NULL REFERENCES waitlist_entries (id) ON DELETE CASCADE,
    clinic_id     text NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
    address_kind  text NOT NULL CHECK (address_kind IN ('phone', 'user_id')),
    address       text NOT NULL CHECK (address <> ''),
    doctor_id     text NOT NULL,
    starts_at     timestamptz NOT NULL,
    ends_at       timestamptz NOT NULL,
    created_at    timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL,
    state         text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'taken', 'gone', 'declined')),
    CHECK (ends_at > starts_at)
);

-- The open offers of a doctor's time: what availability leaves out, and what a booking withdraws.
CREATE INDEX waitlist_offers_open ON waitlist_offers (clinic_id, doctor_id, starts_at) WHERE state = 'open';
CREATE INDEX waitlist_offers_entry ON waitlist_offers (entry_id);
