"""Patients' answers to privacy notices in PostgreSQL (``patient_consents``, append-only)."""

from __future__ import annotations

from adapters.postgres.database import Connection
from domain.consent import Consent
from domain.ids import AddressKind, ClinicId, PatientAddress


class PostgresPatientConsents:
    """Implements ``PatientConsents`` on the unit of work's connection (its transaction)."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    async def latest(self, clinic_id: ClinicId, patient: PatientAddress) -> Consent | None:
        row = await self._connection.fetchrow(
            "SELECT version, given, at, channel FROM patient_consents "
            "WHERE clinic_id = $1 AND patient_kind = $2 AND patient = $3 ORDER BY id DESC LIMIT 1",
            clinic_id,
            patient.kind.value,
            patient.value,
        )
        if row is None:
            return None
        return Consent(clinic_id, patient, row["version"], row["given"], row["at"], row["channel"])

    async def record(self, consent: Consent) -> None:
        await self._connection.execute(
            "INSERT INTO patient_consents (clinic_id, patient_kind, patient, version, given, at, channel) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7)",
            consent.clinic_id,
            consent.patient.kind.value,
            consent.patient.value,
            consent.version,
            consent.given,
            consent.at,
            consent.channel,
        )

    async def history(self, clinic_id: ClinicId, patient: PatientAddress) -> list[Consent]:
        """Every answer of the patient, the oldest first (for staff, and for tests)."""
        rows = await self._connection.fetch(
            "SELECT patient_kind, patient, version, given, at, channel FROM patient_consents "
            "WHERE clinic_id = $1 AND patient_kind = $2 AND patient = $3 ORDER BY id",
            clinic_id,
            patient.kind.value,
            patient.value,
        )
        return [
            Consent(
                clinic_id,
                PatientAddress(r["patient"], AddressKind(r["patient_kind"])),
                r["version"],
                r["given"],
                r["at"],
                r["channel"],
            )
            for r in rows
        ]
