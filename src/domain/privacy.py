"""What a clinic tells patients about their data, and how long it keeps each kind of it.

A clinic is the controller of its patients' data; these are its settings, read from the clinic
file (``[privacy]``) or the database. The defaults keep message texts and conversation history for
90 days and clinical records (appointments, kept with the contact removed once a patient asks for
erasure) for 15 years, what Chile asks of a clinical record; a clinic sets what its own law asks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

DAYS_PER_YEAR = 365


class InvalidPrivacySettings(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class PrivacyNotice:
    """The notice a patient gets on first contact: a short text and a link to the full notice.

    ``version`` names the text in force: consent is recorded against it, and a patient who saw an
    earlier version is shown the new one. An empty ``text`` stands for the standard wording of the
    message catalogs, with the clinic's name."""

    version: str = "1"
    text: str = ""
    url: str | None = None

    def __post_init__(self) -> None:
        if not self.version.strip():
            raise InvalidPrivacySettings("the privacy notice needs a version")
        if self.url is not None and not self.url.startswith("https://"):
            raise InvalidPrivacySettings(f"the privacy notice's link must be https://...: {self.url!r}")


@dataclass(frozen=True, slots=True)
class Retention:
    """How long each kind of data is kept after it was written."""

    messages: timedelta = timedelta(days=90)  # message texts, transcripts, conversation history
    receipts: timedelta = timedelta(days=30)  # delivery receipts of sent messages
    outbound: timedelta = timedelta(days=90)  # the log of what was sent, and to whom
    clinical_records: timedelta = timedelta(days=15 * DAYS_PER_YEAR)  # appointments

    def __post_init__(self) -> None:
        for name in ("messages", "receipts", "outbound", "clinical_records"):
            if getattr(self, name) < timedelta(days=1):
                raise InvalidPrivacySettings(f"retention of {name} must be at least one day")


@dataclass(frozen=True, slots=True)
class PrivacySettings:
    notice: PrivacyNotice = PrivacyNotice()
    retention: Retention = Retention()
