"""A patient's answer to a clinic's privacy notice: given or withdrawn, for one version of it.

Booking needs the phone, the name, the appointment, the conversation while it runs and its
reminders; what goes beyond (a patient's texts read by a language model abroad, recall campaigns)
needs consent. Answers are kept append-only: the latest is in force, the earlier ones are the
history a clinic shows when asked. Consent to an earlier notice does not stand for a new one:
the patient is asked again, and meanwhile treated as not having consented.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final

from domain.ids import ClinicId, PatientAddress
from domain.privacy import PrivacyNotice

WHATSAPP: Final = "whatsapp"


@dataclass(frozen=True, slots=True)
class Consent:
    """One answer: ``given`` True (accepted) or False (declined or withdrawn), when and where."""

    clinic_id: ClinicId
    patient: PatientAddress
    version: str
    given: bool
    at: datetime
    channel: str = WHATSAPP

    def __post_init__(self) -> None:
        if self.at.tzinfo is None:
            raise ValueError("naive datetimes are not allowed")


def answered(latest: Consent | None, notice: PrivacyNotice) -> bool:
    """Whether the patient answered this version of the notice (yes or no)."""
    return latest is not None and latest.version == notice.version


def in_force(latest: Consent | None, notice: PrivacyNotice) -> bool:
    """Whether the patient consents to this version of the notice now."""
    return answered(latest, notice) and latest is not None and latest.given
