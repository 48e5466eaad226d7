"""Recall campaigns in PostgreSQL: who to invite back, and the record that invites each patient once.

The ``recall_messages`` primary key (clinic, campaign, patient, cycle) is the guard: a claim
is an insert that only one of any number of concurrent campaign runs can win. Every instant
comes from the caller's clock, never from the database's ``now()``.
"""

from __future__ import annotations

from datetime import datetime

from adapters.postgres.database import Database
from application.ports import RecallCandidate
from domain.clinic import Clinic
from domain.ids import AddressKind, ClinicId, PatientAddress
from domain.language import Language
from domain.outreach import RecallCampaign

# $1 clinic, $2 now, $3 the campaign's service, $4 the cut-off for a last visit, $5 the campaign.
# A patient's cycle starts at their last visit, or at the end of a snooze that came after it:
# snoozing ("later") opens a new cycle, so the patient is invited once more when it lapses.
_CANDIDATES = """
WITH last_visits AS (
    SELECT DISTINCT ON (a.address_kind, a.address) a.address_kind, a.address, a.patient_name, a.ends_at
    FROM appointments a
    WHERE a.clinic_id = $1 AND a.status = 'booked' AND a.ends_at <= $2 AND lower(a.service) = lower($3)
    ORDER BY a.address_kind, a.address, a.ends_at DESC
), due AS (
    SELECT v.address_kind, v.address, coalesce(nullif(v.patient_name, ''), p.name) AS name,
           v.ends_at AS last_visit_at,
           greatest(v.ends_at, coalesce(p.recall_snoozed_until, v.ends_at)) AS cycle_start
    FROM last_visits v
    JOIN patients p ON p.clinic_id = $1 AND p.address_kind = v.address_kind AND p.address = v.address
    WHERE v.ends_at < $4
      AND p.opted_out_at IS NULL
      AND (p.recall_snoozed_until IS NULL OR p.recall_snoozed_until <= $2)
      AND NOT EXISTS (
          SELECT 1 FROM appointments u
          WHERE u.clinic_id = $1 AND u.address_kind = v.address_kind AND u.address = v.address
            AND u.status = 'booked' AND u.starts_at > $2)
      -- A recall is promotional: only for a patient whose latest answer accepts the notice in force.
      AND (SELECT c.given AND c.version = $6 FROM patient_consents c
           WHERE c.clinic_id = $1 AND c.patient_kind = v.address_kind AND c.patient = v.address
           ORDER BY c.id DESC LIMIT 1)
)
SELECT d.*, s.language FROM due d
LEFT JOIN chat_sessions s ON s.clinic_id = $1 AND s.address_kind = d.address_kind AND s.address = d.address
WHERE NOT EXISTS (
    SELECT 1 FROM recall_messages r
    WHERE r.clinic_id = $1 AND r.campaign_id = $5 AND r.address_kind = d.address_kind
      AND r.address = d.address AND r.cycle_start = d.cycle_start AND r.status <> 'failed')
ORDER BY d.last_visit_at, d.address_kind, d.address
"""

# Only a failed recall may be claimed again: one 'sending' may have reached the patient.
_CLAIM = """
INSERT INTO recall_messages (clinic_id, campaign_id, address_kind, address, cycle_start,
                             status, attempts, claimed_at)
VALUES ($1, $2, $3, $4, $5, 'sending', 1, $6)
ON CONFLICT (clinic_id, campaign_id, address_kind, address, cycle_start) DO UPDATE
    SET status = 'sending', attempts = recall_messages.attempts + 1, claimed_at = EXCLUDED.claimed_at
    WHERE recall_messages.status = 'failed'
RETURNING 1
"""

_KEY = "clinic_id = $1 AND campaign_id = $2 AND address_kind = $3 AND address = $4 AND cycle_start = $5"


class PostgresRecallLog:
    """Implements ``RecallLog`` over appointments, patients and ``recall_messages``."""

    def __init__(self, database: Database) -> None:
        self._database = database

    async def candidates(
        self, clinic: Clinic, campaign: RecallCampaign, now: datetime
    ) -> list[RecallCandidate]:
        async with self._database.pool.acquire() as connection:
            rows = await connection.fetch(
                _CANDIDATES,
                clinic.id,
                now,
                campaign.service,
                campaign.last_visit_before(now),
                campaign.id,
                clinic.privacy.notice.version,
            )
        return [
            RecallCandidate(
                patient=PatientAddress(row["address"], AddressKind(row["address_kind"])),
                name=row["name"],
                last_visit_at=row["last_visit_at"],
                cycle_start=row["cycle_start"],
                language=Language(row["language"]) if row["language"] is not None else None,
            )
            for row in rows
        ]

    async def claim(
        self, clinic_id: ClinicId, campaign_id: str, candidate: RecallCandidate, now: datetime
    ) -> bool:
        async with self._database.pool.acquire() as connection:
            won = await connection.fetchval(_CLAIM, *_key(clinic_id, campaign_id, candidate), now)
        return won is not None

    async def sent(
        self, clinic_id: ClinicId, campaign_id: str, candidate: RecallCandidate, now: datetime
    ) -> None:
        async with self._database.pool.acquire() as connection:
            await connection.execute(
                f"UPDATE recall_messages SET status = 'sent', sent_at = $6 WHERE {_KEY}",  # noqa: S608
                *_key(clinic_id, campaign_id, candidate),
                now,
            )

    async def failed(
        self, clinic_id: ClinicId, campaign_id: str, candidate: RecallCandidate, error: str
    ) -> None:
        async with self._database.pool.acquire() as connection:
            await connection.execute(
                f"UPDATE recall_messages SET status = 'failed', last_error = $6 "  # noqa: S608
                f"WHERE {_KEY} AND status = 'sending'",
                *_key(clinic_id, campaign_id, candidate),
                error,
            )


def _key(
    clinic_id: ClinicId, campaign_id: str, candidate: RecallCandidate
) -> tuple[str, str, str, str, datetime]:
    patient = candidate.patient
    return (clinic_id, campaign_id, patient.kind.value, patient.value, candidate.cycle_start)
