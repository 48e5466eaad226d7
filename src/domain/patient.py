"""A patient of one clinic, as far as messaging goes: who they are and what they agreed to receive."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.ids import ClinicId, PatientAddress


@dataclass
class Patient:
    """Whether a patient takes non-essential messages (recalls, and reminders where the clinic says so).

    An opt-out is kept until the patient opts back in; a recall snooze lapses on its own.
    """

    clinic_id: ClinicId
    address: PatientAddress
    name: str | None = None
    opted_out_at: datetime | None = None
    recall_snoozed_until: datetime | None = None

    @property
    def opted_out(self) -> bool:
        return self.opted_out_at is not None

    def opt_out(self, now: datetime) -> None:
        if self.opted_out_at is None:
            self.opted_out_at = now

    def opt_in(self) -> None:
        self.opted_out_at = None

    def snooze_recalls(self, until: datetime) -> None:
        self.recall_snoozed_until = until

    def takes_recalls(self, now: datetime) -> bool:
        snoozed = self.recall_snoozed_until is not None and self.recall_snoozed_until > now
        return not self.opted_out and not snoozed
