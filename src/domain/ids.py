"""Identifiers of the model, and how WhatsApp addresses a patient."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import NewType

ClinicId = NewType("ClinicId", str)
DoctorId = NewType("DoctorId", str)
ServiceId = NewType("ServiceId", str)
AppointmentId = NewType("AppointmentId", str)
MessageId = NewType("MessageId", str)


class AddressKind(StrEnum):
    """A patient is reached by phone number (``wa_id``) or, without one, by Meta's business-scoped user id."""

    PHONE = "phone"
    USER_ID = "user_id"


@dataclass(frozen=True, slots=True)
class PatientAddress:
    """Where replies to a patient go. Never log ``value``: log ``masked()``."""

    value: str
    kind: AddressKind = AddressKind.PHONE

    def __post_init__(self) -> None:
        if not self.value.strip():
            raise ValueError("a patient address cannot be empty")

    def masked(self) -> str:
        """The address with all but its last four characters hidden, for logs."""
        visible = self.value[-4:] if len(self.value) > 6 else ""
        return f"{self.kind.value}:{'*' * (len(self.value) - len(visible))}{visible}"

    def __repr__(self) -> str:
        # Keeps phone numbers out of tracebacks and debug logs.
        return f"PatientAddress({self.masked()!r})"
