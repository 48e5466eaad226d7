"""Ports for patients' rights over their data (issue 24): recognising a request in a message,
erasing a patient inside the turn's transaction, and forgetting short-lived state kept about them."""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol

from domain.erasure import Erased, ErasurePlan
from domain.ids import ClinicId, PatientAddress


class PrivacyAsk(StrEnum):
    """A right a patient's message asks for, as the reader recognised it."""

    ACCESS = "access"  # "mis datos", "qué datos tienen de mí"
    RECTIFICATION = "rectification"  # "me equivoqué en mi nombre", "cambiar mi nombre"
    ERASURE = "erasure"  # "borren mis datos", "derecho al olvido"


class PrivacyReader(Protocol):
    """Recognises a request about the patient's own data, offline and deterministically, before the
    language model reads the message (a request is never sent to the model). A wrong match must be
    harmless: erasure always asks to confirm with buttons."""

    def read(self, text: str) -> PrivacyAsk | None: ...


class NoPrivacyReader:
    """Implements ``PrivacyReader`` recognising nothing (a chat with no privacy commands)."""

    def read(self, text: str) -> PrivacyAsk | None:
        return None


class PatientData(Protocol):
    """Everything kept about one patient at one clinic, inside the unit of work's transaction."""

    async def erase(self, clinic_id: ClinicId, patient: PatientAddress, plan: ErasurePlan) -> Erased:
        """Delete what is kept about the patient under any of their identifiers (``patient`` and
        the other ones linked to it): messages in and out, conversation, preferences, identifiers,
        holds, reminders, consents; cancel their upcoming appointments; keep the ones ``plan``
        keeps, filed under ``plan.holder`` with no name. Replies queued afterwards in the same
        unit of work (the patient's last message) are kept, to be sent."""
        ...


class PatientTraces(Protocol):
    """Short-lived state named by the patient's keyed hash outside the database (Redis)."""

    async def forget(self, clinic_id: ClinicId, patient: PatientAddress) -> None: ...


class NoPatientTraces:
    """Implements ``PatientTraces`` where nothing outlives the process's memory."""

    async def forget(self, clinic_id: ClinicId, patient: PatientAddress) -> None:
        return None
