"""Patients' contact preferences in PostgreSQL, inside a unit of work's transaction."""

from __future__ import annotations

from adapters.postgres.database import Connection
from domain.ids import ClinicId, PatientAddress
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
