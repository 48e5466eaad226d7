"""Ports for patients' rights over their data (issue 24): recognising a request in a message,
erasing a patient inside the turn's transaction, forgetting short-lived state kept about them, and
their answers to the clinic's privacy notice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Protocol

from domain.appointment import Appointment
from domain.consent import Consent
from domain.erasure import Erased, ErasurePlan
from domain.ids import ClinicId, PatientAddress
from domain.privacy_requests import PrivacyRequest


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


@dataclass(frozen=True, slots=True)
class KeptMessage:
    """A message kept in the inbox (from the patient) or the outbox (to them), as it was."""

    at: datetime | None
    direction: str  # "in": the patient wrote it; "out": the clinic sent it
    kind: str  # text, button, audio, image...; for replies: text, buttons, list, template, document
    text: str  # the text, a button's title, a voice note's transcript, a reply's body
    status: str  # in: pending, handled; out: pending, sent, failed


@dataclass(frozen=True, slots=True)
class KeptData:
    """What the stores keep of one patient besides their conversation and preferences (read
    through the repositories): every identifier, every appointment, every message in and out."""

    identifiers: tuple[PatientAddress, ...]
    appointments: tuple[Appointment, ...]  # booked and cancelled, past and to come, oldest first
    messages: tuple[KeptMessage, ...]  # in and out, oldest first


class PatientData(Protocol):
    """Everything kept about one patient at one clinic, inside the unit of work's transaction."""

    async def export(self, clinic_id: ClinicId, patient: PatientAddress) -> KeptData:
        """What is kept under any identifier of the patient (the right of access's full copy)."""
        ...

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


class PrivacyRegister(Protocol):
    """The register of patients' requests about their data, inside the unit of work's transaction."""

    async def add(self, request: PrivacyRequest) -> None: ...

    async def pending(self, clinic_id: ClinicId, limit: int = 200) -> list[PrivacyRequest]:
        """The clinic's requests not yet answered, the soonest due first."""
        ...

    async def recent(self, clinic_id: ClinicId, limit: int = 200) -> list[PrivacyRequest]:
        """The clinic's requests, answered or not, the latest received first."""
        ...

    async def answer(self, clinic_id: ClinicId, request_id: str, at: datetime) -> PrivacyRequest | None:
        """Mark the clinic's request answered (once: a second mark keeps the first time); None when
        the clinic has no such request."""
        ...

    async def due_by(self, day: date, limit: int = 500) -> list[PrivacyRequest]:
        """Every clinic's pending requests due on ``day`` or before, the soonest first (the worker's)."""
        ...


class PatientConsents(Protocol):
    """Each patient's answers to a clinic's privacy notice, append-only, inside the unit of work's
    transaction: an answer commits with the turn that heard it."""

    async def latest(self, clinic_id: ClinicId, patient: PatientAddress) -> Consent | None:
        """The patient's latest answer (the one in force), None when they never answered."""
        ...

    async def record(self, consent: Consent) -> None:
        """Add an answer; the earlier ones stay as the history."""
        ...
