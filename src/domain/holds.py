"""Holds: a time a patient picked is kept for them for a few minutes while they say whom it is
for and confirm. A hold is not an appointment: it runs out on its own and, once expired, blocks
nobody. While it lasts, nobody else is offered that doctor's time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.availability import Slot
from domain.ids import ClinicId, PatientAddress

HOLD_FOR = timedelta(minutes=10)


@dataclass(frozen=True, slots=True)
class Hold:
    clinic_id: ClinicId
    slot: Slot
    holder: PatientAddress
    expires_at: datetime

    def __post_init__(self) -> None:
        if self.expires_at.tzinfo is None:
            raise ValueError("a hold's expiry must be timezone-aware")

    @classmethod
    def of(cls, clinic_id: ClinicId, slot: Slot, holder: PatientAddress, now: datetime) -> Hold:
        return cls(clinic_id, slot, holder, now + HOLD_FOR)

    def lasts(self, now: datetime) -> bool:
        return self.expires_at > now
