-- Staff accounts and the audit log (issue 24).
--
-- The audit log is append-only: a trigger refuses every UPDATE, DELETE and TRUNCATE, whoever
-- asks, so an entry once written stays as written. It names no clinic by foreign key, so a
-- clinic's removal cannot take its record with it. A patient appears in it only by keyed hash.
CREATE TABLE audit_log (
    sequence    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    clinic_id   text,
    at          timestamptz NOT NULL,
    actor_kind  text NOT NULL CHECK (actor_kind IN ('account', 'api_key', 'patient', 'system', 'anonymous')),
    actor_id    text NOT NULL,
    action      text NOT NULL,
    channel     text NOT NULL,
    client      text,
    target      text,
    detail      text NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_clinic ON audit_log (clinic_id, sequence DESC);

CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

-- People who sign in to the console: an e-mail (unique per clinic, whatever its case), a name,
-- a role, an argon2 hash of their password (none until the invitation is accepted; never the
-- password), an optional TOTP secret with the last time step used (a code works once), and the
-- SHA-256 of a pending invitation's token (the token itself is shown once).
CREATE TABLE staff_accounts (
    id                     text PRIMARY KEY,
    clinic_id              text NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
    email                  text NOT NULL,
    name                   text NOT NULL,
    role                   text NOT NULL CHECK (role IN ('admin', 'reception', 'read_only')),
    password_hash          text CHECK (password_hash LIKE '$argon2%'),
    totp_secret            text,
    totp_last_step         bigint,
    invitation_hash        text UNIQUE CHECK (invitation_hash ~ '^[0-9a-f]{64}$'),
    invitation_expires_at  timestamptz,
    created_at             timestamptz NOT NULL,
    deactivated_at         timestamptz
);
CREATE UNIQUE INDEX staff_accounts_email ON staff_accounts (clinic_id, lower(email));
CREATE INDEX staff_accounts_by_email ON staff_accounts (lower(email));

-- API keys are for machines: each names the integration it serves (its name) and has a role.
-- Keys issued before were the front desk's shared keys, so they keep the desk's role
-- (reception): switching the whole clinic's bot now takes an admin key, issued on purpose.
ALTER TABLE staff_api_keys ADD COLUMN role text NOT NULL DEFAULT 'reception'
    CHECK (role IN ('admin', 'reception', 'read_only'));
