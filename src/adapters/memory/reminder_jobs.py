"""The reminder job queue over the in-memory store, with the leases of the PostgreSQL one."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from datetime import datetime, timedelta

from adapters.memory.store import InMemoryStore, JobStatus, ReminderJob
from application.ports import ClaimedReminder
from domain.appointment import Appointment
from domain.language import Language


class InMemoryReminderJobs:
    """Implements ``ReminderJobs`` for one process (tests and the embedded default)."""

    def __init__(self, store: InMemoryStore) -> None:
        self._store = store

    async def claim_due(self, now: datetime, limit: int, lease: timedelta) -> list[ClaimedReminder]:
        ready = sorted(
            (job for job in self._store.jobs.values() if _claimable(job, now)),
            key=lambda job: (job.available_at or job.reminder.due_at, job.id),
        )[:limit]
        claimed: list[ClaimedReminder] = []
        for job in ready:
            appointment = self._store.appointments.get(job.reminder.appointment_id)
            if appointment is None:
                continue
            job.claimed_until = now + lease
            job.attempts += 1
            patient = self._store.patients.get((appointment.clinic_id, appointment.patient))
            claimed.append(
                ClaimedReminder(
                    job_id=job.id,
                    appointment=copy.deepcopy(appointment),
                    before=job.reminder.before,
                    due_at=job.reminder.due_at,
                    attempts=job.attempts,
                    patient_opted_out=patient is not None and patient.opted_out,
                    patient_language=_language(self._store, appointment),
                )
            )
        return claimed

    async def sent(self, job_id: int, now: datetime) -> None:
        job = self._store.jobs[job_id]
        job.status, job.sent_at, job.claimed_until = JobStatus.SENT, now, None

    # As in PostgreSQL, only a pending job changes: one cancelled while a worker held it stays cancelled.

    async def retry(self, job_id: int, at: datetime, error: str) -> None:
        job = self._store.jobs[job_id]
        if job.status is JobStatus.PENDING:
            job.available_at, job.claimed_until, job.last_error = at, None, error

    async def failed(self, job_id: int, error: str) -> None:
        self._finish(job_id, JobStatus.FAILED, error)

    async def skipped(self, job_id: int, reason: str) -> None:
        self._finish(job_id, JobStatus.SKIPPED, reason)

    async def release(self, job_ids: Sequence[int]) -> None:
        for job_id in job_ids:
            job = self._store.jobs[job_id]
            if job.status is JobStatus.PENDING and job.claimed_until is not None:
                job.claimed_until = None
                job.attempts -= 1

    def _finish(self, job_id: int, status: JobStatus, error: str) -> None:
        job = self._store.jobs[job_id]
        if job.status is JobStatus.PENDING:
            job.status, job.claimed_until, job.last_error = status, None, error


def _claimable(job: ReminderJob, now: datetime) -> bool:
    available = job.available_at or job.reminder.due_at
    leased = job.claimed_until is not None and job.claimed_until > now
    return job.status is JobStatus.PENDING and available <= now and not leased


def _language(store: InMemoryStore, appointment: Appointment) -> Language | None:
    """The language the patient's conversation is held in, as the store's session says."""
    session = store.sessions.get((appointment.clinic_id, appointment.patient))
    return session.language if session is not None else None
