"""The reminder job queue in PostgreSQL, shared by every worker of every process.

A claim is a lease (``claimed_until``), taken with ``FOR UPDATE SKIP LOCKED`` so that
concurrent workers never take the same job and never wait on each other. A worker
that dies loses its jobs when the lease ends. Every instant comes from the caller's
clock, never from the database's ``now()``, so the app's clock (and the tests') rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from adapters.postgres.appointments import APPOINTMENT_COLUMNS, appointment_from_row
from adapters.postgres.database import Database
from application.ports import ClaimedReminder
from domain.ids import AppointmentId
from domain.language import Language

STATUSES = ("pending", "sent", "failed", "cancelled", "skipped")

# One statement: lease the due jobs nobody holds, then read them with their appointment as it
# stands now (it may have moved or been cancelled since the job was made) and the opt-out.
_CLAIM = f"""
WITH claimed AS (
    UPDATE reminder_jobs
       SET claimed_until = $1::timestamptz + $3::interval, attempts = attempts + 1
    WHERE id IN (
        SELECT id FROM reminder_jobs
        WHERE status = 'pending' AND available_at <= $1
          AND (claimed_until IS NULL OR claimed_until <= $1)
        ORDER BY available_at, id
        LIMIT $2
        FOR UPDATE SKIP LOCKED
    )
    RETURNING id, appointment_id, before_start, due_at, available_at, attempts
)
SELECT c.id AS job_id, c.before_start, c.due_at, c.attempts, {APPOINTMENT_COLUMNS},
       p.opted_out_at IS NOT NULL AS opted_out, s.language
FROM claimed c
JOIN appointments a ON a.id = c.appointment_id
LEFT JOIN patients p ON p.clinic_id = a.clinic_id AND p.address_kind = a.address_kind
                    AND p.address = a.address
LEFT JOIN chat_sessions s ON s.clinic_id = a.clinic_id AND s.address_kind = a.address_kind
                         AND s.address = a.address
ORDER BY c.available_at, c.id
"""  # noqa: S608 - a constant column list, no data in it


@dataclass(frozen=True, slots=True)
class ReminderFailure:
    """A job that will not be tried again, as an operator needs to see it (no patient data)."""

    job_id: int
    appointment_id: AppointmentId
    due_at: datetime
    attempts: int
    last_error: str | None


class PostgresReminderJobs:
    """Implements ``ReminderJobs`` over ``reminder_jobs``; each call is its own short transaction.

    Giving a job back (retry, failed, skipped, release) only touches pending jobs, so a job
    cancelled while a worker held it (its appointment moved) stays cancelled.
    """

    def __init__(self, database: Database) -> None:
        self._database = database

    async def claim_due(self, now: datetime, limit: int, lease: timedelta) -> list[ClaimedReminder]:
        async with self._database.pool.acquire() as connection:
            rows = await connection.fetch(_CLAIM, now, limit, lease)
        return [
            ClaimedReminder(
                job_id=row["job_id"],
                appointment=appointment_from_row(row),
                before=row["before_start"],
                due_at=row["due_at"],
                attempts=row["attempts"],
                patient_opted_out=row["opted_out"],
                patient_language=Language(row["language"]) if row["language"] is not None else None,
            )
            for row in rows
        ]

    async def sent(self, job_id: int, now: datetime) -> None:
        # Unconditional: the message went out, whatever happened to the job meanwhile.
        await self._execute(
            "UPDATE reminder_jobs SET status = 'sent', sent_at = $2, claimed_until = NULL WHERE id = $1",
            job_id,
            now,
        )

    async def retry(self, job_id: int, at: datetime, error: str) -> None:
        await self._execute(
            "UPDATE reminder_jobs SET available_at = $2, claimed_until = NULL, last_error = $3 "
            "WHERE id = $1 AND status = 'pending'",
            job_id,
            at,
            error,
        )

    async def failed(self, job_id: int, error: str) -> None:
        await self._finish(job_id, "failed", error)

    async def skipped(self, job_id: int, reason: str) -> None:
        await self._finish(job_id, "skipped", reason)

    async def release(self, job_ids: Sequence[int]) -> None:
        # Untried: the attempt the claim counted is given back. Only held jobs, so a second
        # release of the same job does not count it down twice.
        await self._execute(
            "UPDATE reminder_jobs SET claimed_until = NULL, attempts = greatest(attempts - 1, 0) "
            "WHERE id = ANY($1::bigint[]) AND status = 'pending' AND claimed_until IS NOT NULL",
            list(job_ids),
        )

    async def counts(self) -> dict[str, int]:
        """Jobs per status, every status listed (zero included), for an operator's overview."""
        async with self._database.pool.acquire() as connection:
            rows = await connection.fetch("SELECT status, count(*) AS n FROM reminder_jobs GROUP BY status")
        found = {row["status"]: int(row["n"]) for row in rows}
        return {status: found.get(status, 0) for status in STATUSES} | found

    async def failures(self, limit: int) -> list[ReminderFailure]:
        """The most recently due jobs that failed for good, newest first."""
        async with self._database.pool.acquire() as connection:
            rows = await connection.fetch(
                "SELECT id, appointment_id, due_at, attempts, last_error FROM reminder_jobs "
                "WHERE status = 'failed' ORDER BY due_at DESC, id DESC LIMIT $1",
                limit,
            )
        return [
            ReminderFailure(
                job_id=row["id"],
                appointment_id=AppointmentId(str(row["appointment_id"])),
                due_at=row["due_at"],
                attempts=row["attempts"],
                last_error=row["last_error"],
            )
            for row in rows
        ]

    async def _finish(self, job_id: int, status: str, error: str) -> None:
        await self._execute(
            "UPDATE reminder_jobs SET status = $2, claimed_until = NULL, last_error = $3 "
            "WHERE id = $1 AND status = 'pending'",
            job_id,
            status,
            error,
        )

    async def _execute(self, sql: str, *args: object) -> None:
        async with self._database.pool.acquire() as connection:
            await connection.execute(sql, *args)
