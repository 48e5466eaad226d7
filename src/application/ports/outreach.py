"""Ports for what leaves on its own schedule: reminder jobs and recall campaigns."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from domain.appointment import Appointment
from domain.clinic import Clinic
from domain.ids import ClinicId, PatientAddress
from domain.language import Language
from domain.outreach import RecallCampaign


@dataclass(frozen=True, slots=True)
class ClaimedReminder:
    """A due reminder job a worker holds for a while (its lease), with what sending it needs."""

    job_id: int
    appointment: Appointment  # as it stands now, not as it was when the job was made
    before: timedelta
    due_at: datetime
    attempts: int  # including this one
    patient_opted_out: bool
    patient_language: Language | None = None  # the language their conversation is held in


class ReminderJobs(Protocol):
    """The queue of reminder jobs, shared by every worker. Each call is its own transaction.

    A claim is a lease: a worker that dies holding a job loses it when the lease ends,
    and another worker sends it. No two live leases cover one job.
    """

    async def claim_due(self, now: datetime, limit: int, lease: timedelta) -> list[ClaimedReminder]: ...

    async def sent(self, job_id: int, now: datetime) -> None: ...

    async def retry(self, job_id: int, at: datetime, error: str) -> None:
        """Give the job back, to be claimed again from ``at``."""
        ...

    async def failed(self, job_id: int, error: str) -> None:
        """The job will not be tried again; it stays visible as failed."""
        ...

    async def skipped(self, job_id: int, reason: str) -> None:
        """The reminder no longer makes sense (appointment gone or passed, patient opted out)."""
        ...

    async def release(self, job_ids: Sequence[int]) -> None:
        """Give claimed jobs back at once, untried (a worker stopping cleanly)."""
        ...


@dataclass(frozen=True, slots=True)
class RecallCandidate:
    """A patient a campaign would invite back now, and since when (their recall cycle)."""

    patient: PatientAddress
    name: str | None
    last_visit_at: datetime  # when their last visit of the campaign's service ended
    cycle_start: datetime  # at most one recall per campaign and cycle: the later of last visit and snooze
    language: Language | None = None  # the language their conversation is held in


class RecallLog(Protocol):
    """Who a recall campaign may invite, and the record that keeps each invitation to one."""

    async def candidates(
        self, clinic: Clinic, campaign: RecallCampaign, now: datetime
    ) -> list[RecallCandidate]:
        """Patients whose last visit of the service ended before the campaign's cut-off, with no
        upcoming appointment, not opted out, not snoozed, not yet recalled this cycle, and who
        consent to the clinic's privacy notice in force (a recall is promotional)."""
        ...

    async def claim(
        self, clinic_id: ClinicId, campaign_id: str, candidate: RecallCandidate, now: datetime
    ) -> bool:
        """Record that this patient is being recalled this cycle; False if they already were.

        A recall that failed to send may be claimed again; one that was sent, or whose
        sending was interrupted, is never sent twice.
        """
        ...

    async def sent(
        self, clinic_id: ClinicId, campaign_id: str, candidate: RecallCandidate, now: datetime
    ) -> None: ...

    async def failed(
        self, clinic_id: ClinicId, campaign_id: str, candidate: RecallCandidate, error: str
    ) -> None: ...
