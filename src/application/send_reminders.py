"""SendDueReminders: the worker's job of reminding patients of their appointments, each reminder once."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from application.failures import describe
from application.ports import (
    ClaimedReminder,
    ClinicDirectory,
    Clock,
    DeliveryFailed,
    MessageSender,
    NoOtherAddresses,
    OtherAddresses,
    ReminderJobs,
)
from application.texts_es import visits
from domain.backoff import Backoff
from domain.clinic import Clinic

log = logging.getLogger(__name__)


# Doubling from 1 min with each refused reminder, at most 30 min.
REMINDER_BACKOFF = Backoff(first=timedelta(minutes=1), longest=timedelta(minutes=30))


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often and how patiently a reminder Meta refused is tried again."""

    max_attempts: int = 6
    backoff: Backoff = REMINDER_BACKOFF


@dataclass(frozen=True, slots=True)
class BatchReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    skipped: int = 0
    released: int = 0

    @property
    def claimed(self) -> int:
        return self.sent + self.retried + self.failed + self.skipped + self.released


@dataclass(frozen=True)
class SendDueReminders:
    """Claim due reminders, send each as the clinic's template, and record what became of it.

    Several workers may run at once: a claim is a lease, so each job is held by one
    worker at a time, and a worker that dies loses its jobs to the others when the lease
    ends. A reminder is skipped, never sent, when its appointment was cancelled, moved
    (the job is stale) or has started, when it is late by more than half its lead (after
    an outage), or when the patient opted out and the clinic stops reminders on opt-out.
    """

    jobs: ReminderJobs
    clinics: ClinicDirectory
    sender: MessageSender
    clock: Clock
    retry: RetryPolicy = RetryPolicy()
    lease: timedelta = timedelta(minutes=5)
    batch_size: int = 20
    # A reminder WhatsApp refuses for good at the number goes to the patient's user id, once.
    addresses: OtherAddresses = field(default_factory=NoOtherAddresses)

    async def __call__(self, stopping: Callable[[], bool] = lambda: False) -> BatchReport:
        """Handle one batch. When ``stopping()`` turns true, the untried jobs are handed back."""
        claimed = await self.jobs.claim_due(self.clock.now(), self.batch_size, self.lease)
        counts = dict.fromkeys(("sent", "retried", "failed", "skipped"), 0)
        for index, job in enumerate(claimed):
            if stopping():
                untried = [j.job_id for j in claimed[index:]]
                await self.jobs.release(untried)
                log.info("stopping: %d claimed reminders handed back", len(untried))
                return BatchReport(**counts, released=len(untried))
            counts[await self._handle(job)] += 1
        return BatchReport(**counts)

    async def _handle(self, job: ClaimedReminder) -> str:
        appointment, now = job.appointment, self.clock.now()
        clinic = await self.clinics.get(appointment.clinic_id)
        reason = _pointless(job, clinic, now)
        if reason is not None or clinic is None:
            await self.jobs.skipped(job.job_id, reason or "clinic unknown")
            log.info("reminder %d skipped: %s", job.job_id, reason)
            return "skipped"
        spoken = clinic.speaking(job.patient_language)  # in the patient's language, with its template
        reminder = visits.reminder(spoken, appointment, spoken.today(now))
        try:
            await self.sender.send(clinic, appointment.patient, reminder)
        except DeliveryFailed as failure:
            other = None if failure.retryable else await self.addresses.other(clinic.id, appointment.patient)
            if other is None:
                return await self._failed(job, failure)
            try:  # a patient whose number is hidden now: their user id still reaches them
                await self.sender.send(clinic, other, reminder)
            except DeliveryFailed as again:
                return await self._failed(job, again)
        await self.jobs.sent(job.job_id, self.clock.now())
        log.info("reminder %d sent for appointment %s", job.job_id, appointment.id)
        return "sent"

    async def _failed(self, job: ClaimedReminder, failure: DeliveryFailed) -> str:
        error = describe(failure, 500)
        if failure.retryable and job.attempts < self.retry.max_attempts:
            at = self.clock.now() + self.retry.backoff.delay_at_least(job.attempts, failure.retry_after)
            await self.jobs.retry(job.job_id, at, error)
            log.warning("reminder %d not sent (attempt %d), retrying: %s", job.job_id, job.attempts, error)
            return "retried"
        await self.jobs.failed(job.job_id, error)
        log.error("reminder %d failed after %d attempts: %s", job.job_id, job.attempts, error)
        return "failed"


def _pointless(job: ClaimedReminder, clinic: Clinic | None, now: datetime) -> str | None:
    """Why this reminder should not go out any more, if it should not."""
    appointment = job.appointment
    if clinic is None:
        return "clinic unknown"
    if not appointment.is_upcoming(now):
        return "appointment cancelled or started"
    if appointment.starts_at - job.before != job.due_at:
        return "appointment moved"  # its new reminders are other jobs
    if now - job.due_at > job.before / 2:
        return "too late"  # a worker outage: a day-before reminder sent an hour before helps nobody
    if job.patient_opted_out and clinic.reminders.stop_on_opt_out:
        return "patient opted out"
    return None
