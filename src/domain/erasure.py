"""What erasing a patient keeps, and under which name (the right to erasure, issue 24).

A patient who asks for their data to be erased loses their messages, conversation, sessions,
contact preferences, consents and identifiers at the clinic. What the clinic must keep as a
clinical record stays: the appointments that took place within the clinic's retention of clinical
records (``Retention.clinical_records``), filed under a keyed hash of the patient instead of their
number and with no name. Older appointments, cancelled ones and those still to come go: an
upcoming appointment is cancelled by the erasure itself (its time is freed, its reminders and any
hold go with it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.appointment import Appointment, AppointmentStatus
from domain.ids import AddressKind, PatientAddress
from domain.privacy import Retention

ERASED_PREFIX = "erased:"  # the address of kept records: no phone or user id ever starts so
ERASED_NAME = "[erased]"  # the name on a kept record: staff see the visit, not whose it was


def erased_holder(pseudonym: str) -> PatientAddress:
    """Where an erased patient's kept records are filed: their keyed hash, never their number."""
    return PatientAddress(f"{ERASED_PREFIX}{pseudonym}", AddressKind.USER_ID)


@dataclass(frozen=True, slots=True)
class ErasurePlan:
    """One erasure: what is kept (``keeps``) and under which name (``holder``)."""

    now: datetime
    records_from: datetime  # appointments that started before this are past keeping
    holder: PatientAddress

    @classmethod
    def of(cls, retention: Retention, now: datetime, pseudonym: str) -> ErasurePlan:
        return cls(now, now - retention.clinical_records, erased_holder(pseudonym))

    def keeps(self, appointment: Appointment) -> bool:
        """A clinical record: a visit that was not cancelled, has begun, and is within retention."""
        return (
            appointment.status is AppointmentStatus.BOOKED
            and self.records_from <= appointment.starts_at <= self.now
        )

    def kept(self, appointment: Appointment) -> Appointment:
        """The record as kept: the same visit, with no contact and no name."""
        appointment.patient = self.holder
        appointment.patient_name = ERASED_NAME
        return appointment


@dataclass(frozen=True, slots=True)
class Erased:
    """What an erasure did, for the patient's last message and the audit log (counts only)."""

    records_kept: int = 0  # past appointments kept, pseudonymised
    upcoming_cancelled: int = 0
