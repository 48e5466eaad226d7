"""Patients' contact preferences in PostgreSQL, inside a unit of work's transaction."""

from __future__ import annotations

from adapters.postgres.database import Connection, Database
from domain.ids import AddressKind, ClinicId, PatientAddress
from domain.patient import Patient


class PostgresPatients:
    """Implements ``PatientRepository`` on the unit of work's connection."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    async def get(self, clinic_id: ClinicId, address: PatientAddress) -> Patient | None:
        row = await self._connection.fetchrow(
            "SELECT name, opted_out_at, recall_snoozed_until FROM patients "
            "WHERE clinic_id = $1 AND address_kind = $2 AND address = $3",
            clinic_id,
            address.kind.value,
            address.value,
        )
        if row is None:
            return None
        return Patient(clinic_id, address, row["name"], row["opted_out_at"], row["recall_snoozed_until"])

    async def save(self, patient: Patient) -> None:
        # A patient without a name keeps the one a booking gave them.
        await self._connection.execute(
            """
            INSERT INTO patients (clinic_id, address_kind, address, name, opted_out_at, recall_snoozed_until)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (clinic_id, address_kind, address) DO UPDATE SET
                name = coalesce(EXCLUDED.name, patients.name), opted_out_at = EXCLUDED.opted_out_at,
                recall_snoozed_until = EXCLUDED.recall_snoozed_until
            """,
            patient.clinic_id,
            patient.address.kind.value,
            patient.address.value,
            patient.name,
            patient.opted_out_at,
            patient.recall_snoozed_until,
        )

    async def identity(self, clinic_id: ClinicId, address: PatientAddress) -> PatientAddress:
        row = await self._connection.fetchrow(
            "SELECT address_kind, address FROM patient_aliases "
            "WHERE clinic_id = $1 AND alias_kind = $2 AND alias = $3",
            clinic_id,
            address.kind.value,
            address.value,
        )
        return PatientAddress(row["address"], AddressKind(row["address_kind"])) if row else address

    async def link(self, clinic_id: ClinicId, alias: PatientAddress, identity: PatientAddress) -> None:
        current = await self.identity(clinic_id, alias)
        if alias == identity or current == identity:
            return
        await self.move(clinic_id, current, identity)
        await self._connection.execute(
            "INSERT INTO patient_aliases (clinic_id, alias_kind, alias, address_kind, address) "
            "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (clinic_id, alias_kind, alias) DO UPDATE SET "
            "address_kind = EXCLUDED.address_kind, address = EXCLUDED.address, linked_at = now()",
            clinic_id,
            alias.kind.value,
            alias.value,
            identity.kind.value,
            identity.value,
        )

    async def move(self, clinic_id: ClinicId, old: PatientAddress, new: PatientAddress) -> None:
        if old == new:
            return
        values = (clinic_id, old.kind.value, old.value, new.kind.value, new.value)
        for statement in _MOVE:
            await self._connection.execute(statement, *values)
        await self._connection.execute(_FORGET_OLD, *values[:3])


class PostgresOtherAddresses:
    """Implements ``OtherAddresses`` over ``patient_aliases``."""

    def __init__(self, database: Database) -> None:
        self._database = database

    async def other(self, clinic_id: ClinicId, address: PatientAddress) -> PatientAddress | None:
        async with self._database.pool.acquire() as connection:
            row = await connection.fetchrow(_OTHER, clinic_id, address.kind.value, address.value)
        return PatientAddress(row["address"], AddressKind(row["kind"])) if row else None


# The user id linked to a number, or the number a user id is linked to; the latest link first.
_OTHER = """
SELECT kind, address FROM (
    SELECT alias_kind AS kind, alias AS address, linked_at FROM patient_aliases
    WHERE clinic_id = $1 AND address_kind = $2 AND address = $3
    UNION ALL
    SELECT address_kind, address, linked_at FROM patient_aliases
    WHERE clinic_id = $1 AND alias_kind = $2 AND alias = $3
) found ORDER BY linked_at DESC LIMIT 1
"""


# Everything kept under a patient's old address ($2, $3), to the new one ($4, $5), in this order:
# the patient row first (what the others reference), then what points at it; then the old row
# goes (``_FORGET_OLD``, and with it, by cascade, a conversation or recall the new address
# already had its own of).
_MOVE = (
    """
    INSERT INTO patients (clinic_id, address_kind, address, name, first_seen_at, opted_out_at,
                          recall_snoozed_until)
    SELECT clinic_id, $4, $5, name, first_seen_at, opted_out_at, recall_snoozed_until FROM patients
    WHERE clinic_id = $1 AND address_kind = $2 AND address = $3
    ON CONFLICT (clinic_id, address_kind, address) DO UPDATE SET
        name = coalesce(patients.name, EXCLUDED.name),
        opted_out_at = coalesce(patients.opted_out_at, EXCLUDED.opted_out_at)
    """,
    """
    UPDATE appointments SET address_kind = $4, address = $5
    WHERE clinic_id = $1 AND address_kind = $2 AND address = $3
    """,
    """
    UPDATE chat_sessions SET address_kind = $4, address = $5
    WHERE clinic_id = $1 AND address_kind = $2 AND address = $3
      AND NOT EXISTS (SELECT 1 FROM chat_sessions WHERE clinic_id = $1 AND address_kind = $4 AND address = $5)
    """,
    """
    UPDATE recall_messages r SET address_kind = $4, address = $5
    WHERE r.clinic_id = $1 AND r.address_kind = $2 AND r.address = $3
      AND NOT EXISTS (SELECT 1 FROM recall_messages n
                      WHERE n.clinic_id = $1 AND n.campaign_id = r.campaign_id AND n.address_kind = $4
                        AND n.address = $5 AND n.cycle_start = r.cycle_start)
    """,
    """
    UPDATE outbox SET address_kind = $4, address = $5
    WHERE clinic_id = $1 AND address_kind = $2 AND address = $3 AND status = 'pending'
    """,
    """
    UPDATE patient_aliases SET address_kind = $4, address = $5
    WHERE clinic_id = $1 AND address_kind = $2 AND address = $3
    """,
    # Answers to the privacy notice go along: what the patient agreed to follows them.
    """
    UPDATE patient_consents SET patient_kind = $4, patient = $5
    WHERE clinic_id = $1 AND patient_kind = $2 AND patient = $3
    """,
)
_FORGET_OLD = "DELETE FROM patients WHERE clinic_id = $1 AND address_kind = $2 AND address = $3"
