"""Ports for what a patient agreed to about their data: their answers to the privacy notice."""

from __future__ import annotations

from typing import Protocol

from domain.consent import Consent
from domain.ids import ClinicId, PatientAddress


class PatientConsents(Protocol):
    """Each patient's answers to a clinic's privacy notice, append-only, inside the unit of work's
    transaction: an answer commits with the turn that heard it."""

    async def latest(self, clinic_id: ClinicId, patient: PatientAddress) -> Consent | None:
        """The patient's latest answer (the one in force), None when they never answered."""
        ...

    async def record(self, consent: Consent) -> None:
        """Add an answer; the earlier ones stay as the history."""
        ...
