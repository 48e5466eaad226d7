"""Erasing a patient in PostgreSQL, inside the turn's (or the desk's) transaction.

Every table that holds a patient's number, user id, name or words is listed here; a new one
belongs here too. Rows are found under every identifier of the patient (the one given, the one
their data is kept under, and every alias of it), then deleted, except the clinical records the
plan keeps: past appointments, filed under the patient's keyed hash (a pseudonymous ``patients``
row, ``erased:<hash>``, so the foreign key holds) with no name.
"""

from __future__ import annotations

from adapters.postgres.appointments import APPOINTMENT_COLUMNS, appointment_from_row
from adapters.postgres.database import Connection
from adapters.postgres.outbox import decode
from application.ports import KeptData, KeptMessage
from domain.erasure import ERASED_NAME, Erased, ErasurePlan
from domain.ids import AddressKind, ClinicId, PatientAddress

# The patient's identifiers: the address given, the identity it is an alias of, and every alias
# of that identity. $1 clinic, $2 kind, $3 value.
_IDENTIFIERS = """
WITH identity AS (
    SELECT coalesce(a.address_kind, $2) AS kind, coalesce(a.address, $3) AS value
    FROM (SELECT 1) one
    LEFT JOIN patient_aliases a ON a.clinic_id = $1 AND a.alias_kind = $2 AND a.alias = $3
)
SELECT $2::text AS kind, $3::text AS value
UNION SELECT kind, value FROM identity
UNION SELECT a.alias_kind, a.alias FROM patient_aliases a JOIN identity i
    ON a.clinic_id = $1 AND a.address_kind = i.kind AND a.address = i.value
"""

# $2, $3: the identifiers' kinds and values, as arrays.
_MINE = "(SELECT * FROM unnest($2::text[], $3::text[]))"


def _of(kind: str, value: str) -> str:
    return f"({kind}, {value}) IN {_MINE}"


_KEEP = f"""
UPDATE appointments SET address_kind = $4, address = $5, patient_name = $6
WHERE clinic_id = $1 AND {_of("address_kind", "address")}
  AND status = 'booked' AND starts_at >= $7 AND starts_at <= $8
"""  # noqa: S608 - constant fragments, no data in them

_DROP_APPOINTMENTS = f"""
DELETE FROM appointments WHERE clinic_id = $1 AND {_of("address_kind", "address")}
RETURNING status = 'booked' AND starts_at > $4 AS upcoming
"""  # noqa: S608

_REMINDERS = f"""
DELETE FROM reminder_jobs WHERE appointment_id IN (
    SELECT id FROM appointments WHERE clinic_id = $1 AND {_of("address_kind", "address")})
"""  # noqa: S608

_INBOX = f"""
DELETE FROM inbound_messages WHERE clinic_id = $1 AND (
    {_of("address_kind", "address")} OR {_of("also_kind", "also_address")}
    OR {_of("new_kind", "new_address")})
"""  # noqa: S608

# Deleted in this order: what refers to the patient's row before the row itself.
_BY_ADDRESS = (
    f"DELETE FROM slot_holds WHERE clinic_id = $1 AND {_of('address_kind', 'address')}",  # noqa: S608
    # The waitlist's entries, and with them (ON DELETE CASCADE) the offers made to them.
    f"DELETE FROM waitlist_entries WHERE clinic_id = $1 AND {_of('address_kind', 'address')}",  # noqa: S608
    f"DELETE FROM outbound_messages WHERE clinic_id = $1 AND {_of('address_kind', 'address')}",  # noqa: S608
    f"DELETE FROM outbox WHERE clinic_id = $1 AND {_of('address_kind', 'address')}",  # noqa: S608
    f"DELETE FROM recall_messages WHERE clinic_id = $1 AND {_of('address_kind', 'address')}",  # noqa: S608
    f"DELETE FROM chat_sessions WHERE clinic_id = $1 AND {_of('address_kind', 'address')}",  # noqa: S608
    # The register keeps the patient's requests under their keyed hash alone.
    f"UPDATE privacy_requests SET address_kind = NULL, address = NULL "  # noqa: S608
    f"WHERE clinic_id = $1 AND {_of('address_kind', 'address')}",
    f"""DELETE FROM patient_aliases WHERE clinic_id = $1
        AND ({_of("alias_kind", "alias")} OR {_of("address_kind", "address")})""",  # noqa: S608
    # A number staff blocked goes with the patient; one the clinic file blocks is the file's.
    "DELETE FROM blocked_numbers WHERE clinic_id = $1 AND source = 'staff' AND address = ANY($3::text[])"
    " AND $2::text[] IS NOT NULL",  # a number has no kind here; every statement takes the same arguments
)

_PATIENTS = f"DELETE FROM patients WHERE clinic_id = $1 AND {_of('address_kind', 'address')}"  # noqa: S608

_HOLDER = """
INSERT INTO patients (clinic_id, address_kind, address) VALUES ($1, $2, $3)
ON CONFLICT (clinic_id, address_kind, address) DO NOTHING
"""


_APPOINTMENTS = f"""
SELECT {APPOINTMENT_COLUMNS} FROM appointments a
WHERE a.clinic_id = $1 AND {_of("a.address_kind", "a.address")} ORDER BY a.starts_at
"""  # noqa: S608

_MESSAGES_IN = f"""
SELECT coalesce(sent_at, received_at) AS at, kind, coalesce(transcript, body, button_id, '') AS text, status
FROM inbound_messages
WHERE clinic_id = $1 AND {_of("address_kind", "address")} ORDER BY sent_at NULLS FIRST, seq
"""  # noqa: S608

_MESSAGES_OUT = f"""
SELECT created_at AS at, kind, message::text AS message, status FROM outbox
WHERE clinic_id = $1 AND {_of("address_kind", "address")} ORDER BY id
"""  # noqa: S608


class PostgresPatientData:
    """Implements ``PatientData`` on the unit of work's connection."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    async def identifiers(self, clinic_id: ClinicId, patient: PatientAddress) -> tuple[list[str], list[str]]:
        """The kinds and values of every identifier of the patient, as two arrays."""
        rows = await self._connection.fetch(_IDENTIFIERS, clinic_id, patient.kind.value, patient.value)
        return [row["kind"] for row in rows], [row["value"] for row in rows]

    async def export(self, clinic_id: ClinicId, patient: PatientAddress) -> KeptData:
        kinds, values = await self.identifiers(clinic_id, patient)
        mine = (clinic_id, kinds, values)
        appointments = await self._connection.fetch(_APPOINTMENTS, *mine)
        inbound = await self._connection.fetch(_MESSAGES_IN, *mine)
        outbound = await self._connection.fetch(_MESSAGES_OUT, *mine)
        messages = [KeptMessage(r["at"], "in", r["kind"] or "", r["text"], r["status"]) for r in inbound]
        messages += [
            KeptMessage(r["at"], "out", r["kind"], decode(r["kind"], r["message"]).body, r["status"])
            for r in outbound
        ]
        return KeptData(
            identifiers=tuple(PatientAddress(v, AddressKind(k)) for k, v in zip(kinds, values, strict=True)),
            appointments=tuple(appointment_from_row(row) for row in appointments),
            messages=tuple(sorted(messages, key=_when)),
        )

    async def erase(self, clinic_id: ClinicId, patient: PatientAddress, plan: ErasurePlan) -> Erased:
        kinds, values = await self.identifiers(clinic_id, patient)
        mine = (clinic_id, kinds, values)
        holder = plan.holder
        await self._connection.execute(_HOLDER, clinic_id, holder.kind.value, holder.value)
        await self._connection.execute(_REMINDERS, *mine)
        kept = await self._connection.execute(
            _KEEP, *mine, holder.kind.value, holder.value, ERASED_NAME, plan.records_from, plan.now
        )
        dropped = await self._connection.fetch(_DROP_APPOINTMENTS, *mine, plan.now)
        await self._connection.execute(_INBOX, *mine)
        for statement in _BY_ADDRESS:
            await self._connection.execute(statement, *mine)
        await self.erase_consents(clinic_id, kinds, values)
        await self._connection.execute(_PATIENTS, *mine)
        records_kept = int(kept.rsplit(" ", 1)[-1])
        if not records_kept:
            await self._connection.execute(
                "DELETE FROM patients p WHERE clinic_id = $1 AND address_kind = $2 AND address = $3 "
                "AND NOT EXISTS (SELECT 1 FROM appointments a WHERE a.clinic_id = p.clinic_id "
                "AND a.address_kind = p.address_kind AND a.address = p.address)",
                clinic_id,
                holder.kind.value,
                holder.value,
            )
        return Erased(records_kept=records_kept, upcoming_cancelled=sum(r["upcoming"] for r in dropped))

    async def erase_consents(self, clinic_id: ClinicId, kinds: list[str], values: list[str]) -> None:
        """The patient's answers to the clinic's privacy notice (``patient_consents``)."""
        await self._connection.execute(
            "DELETE FROM patient_consents WHERE clinic_id = $1"
            " AND (patient_kind, patient) IN (SELECT * FROM unnest($2::text[], $3::text[]))",
            clinic_id,
            kinds,
            values,
        )


def _when(message: KeptMessage) -> float:
    return message.at.timestamp() if message.at is not None else 0.0
