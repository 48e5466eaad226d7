"""Ports for what a turn or a desk reads and writes together: repositories and the unit of work."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from types import TracebackType
from typing import Protocol, Self

from application.ports.handoff import StagedAlerts
from application.ports.messaging import HandledMessages, StagedReplies
from application.ports.privacy import PatientConsents, PatientData, PrivacyRegister
from application.ports.waitlist import Waitlist
from domain.appointment import Appointment
from domain.availability import Interval
from domain.conversation import ChatSession
from domain.holds import Hold
from domain.ids import AppointmentId, ClinicId, DoctorId, PatientAddress
from domain.patient import Patient
from domain.reminder import Reminder


class SessionRepository(Protocol):
    async def get(self, clinic_id: ClinicId, patient: PatientAddress) -> ChatSession | None: ...

    async def save(self, session: ChatSession) -> None:
        """Store the session. Raises ``ConcurrencyConflict`` if it changed since it was read."""
        ...

    async def needing_person(self, clinic_id: ClinicId, limit: int) -> list[ChatSession]:
        """The clinic's conversations that need a person, the longest waiting first."""
        ...

    async def count_needing_person(self, clinic_id: ClinicId) -> int: ...

    async def quiet_since(self, clinic_id: ClinicId, before: datetime, limit: int) -> list[PatientAddress]:
        """Conversations paused for a person in which neither staff (``paused_at``) nor the patient
        wrote after ``before``: the bot may take them back."""
        ...

    async def recent(self, clinic_id: ClinicId, limit: int) -> list[ChatSession]:
        """The clinic's conversations, the one with the latest message (anyone's) first."""
        ...


class AppointmentRepository(Protocol):
    async def add(self, appointment: Appointment) -> None:
        """Stage a new appointment. Raises ``SlotTaken`` (now or at commit) if its time is held."""
        ...

    async def get(self, appointment_id: AppointmentId) -> Appointment | None: ...

    async def update(self, appointment: Appointment) -> None:
        """Store a changed appointment; a cancelled one frees its time and drops its pending reminders.

        A moved one raises ``SlotTaken`` if its new time is held, leaving the unit of work usable.
        """
        ...

    async def between(self, clinic_id: ClinicId, start: datetime, end: datetime) -> list[Appointment]:
        """The clinic's appointments (booked or cancelled) starting in ``[start, end)``, soonest first."""
        ...

    async def upcoming(
        self, clinic_id: ClinicId, patient: PatientAddress, now: datetime
    ) -> list[Appointment]:
        """The patient's booked appointments at this clinic that start after ``now``, soonest first."""
        ...

    async def busy(
        self, clinic_id: ClinicId, doctor_ids: Sequence[DoctorId], first_day: datetime, last_day: datetime
    ) -> dict[DoctorId, list[Interval]]:
        """Time held by non-cancelled appointments of these doctors overlapping [first_day, last_day)."""
        ...


class SlotHolds(Protocol):
    """Times held for a patient for a few minutes while they confirm (``domain.holds``), inside
    the unit of work's transaction: a hold taken commits with the turn that took it."""

    async def hold(self, hold: Hold, now: datetime) -> bool:
        """Hold ``hold.slot`` for its holder until ``hold.expires_at``, replacing the holder's
        other hold at the clinic. False (and nothing held) when another patient's live hold
        covers part of that time: of two patients holding one time at once, one gets it."""
        ...

    async def release(self, clinic_id: ClinicId, holder: PatientAddress) -> None:
        """Drop the holder's hold (booked, or the time was let go); a no-op without one."""
        ...

    async def held(
        self,
        clinic_id: ClinicId,
        doctor_ids: Sequence[DoctorId],
        start: datetime,
        end: datetime,
        now: datetime,
        *,
        excluding: PatientAddress | None = None,
    ) -> dict[DoctorId, list[Interval]]:
        """Time held by live holds (expiring after ``now``) of these doctors overlapping
        [start, end), but ``excluding``'s own: a patient's hold keeps the time for them."""
        ...


class ReminderQueue(Protocol):
    async def schedule(self, reminders: Sequence[Reminder]) -> None: ...

    async def cancel(self, appointment_id: AppointmentId) -> None:
        """Drop the appointment's pending reminders (it was moved: new ones replace them)."""
        ...


class PatientRepository(Protocol):
    """Patients, and who they are across identifiers: a number and Meta's business-scoped user id
    name one patient; a patient who changes number takes everything along."""

    async def get(self, clinic_id: ClinicId, address: PatientAddress) -> Patient | None: ...

    async def save(self, patient: Patient) -> None: ...

    async def identity(self, clinic_id: ClinicId, address: PatientAddress) -> PatientAddress:
        """The address the patient's data is kept under: ``address`` itself, unless it is known
        as another identifier of a patient kept under another (a user id of a number)."""
        ...

    async def link(self, clinic_id: ClinicId, alias: PatientAddress, identity: PatientAddress) -> None:
        """``alias`` names the patient kept under ``identity``; whatever was kept under ``alias``
        (a conversation held by user id alone) joins it."""
        ...

    async def move(self, clinic_id: ClinicId, old: PatientAddress, new: PatientAddress) -> None:
        """The patient at ``old`` is now at ``new`` (a changed number): their appointments, contact
        preferences, conversation, unsent replies and other identifiers go along; a conversation
        already at ``new`` is kept, and the one at ``old`` dropped."""
        ...


class UnitOfWork(Protocol):
    """One transaction over sessions, appointments, reminders and consents: all of it commits or none does."""

    @property
    def sessions(self) -> SessionRepository: ...

    @property
    def appointments(self) -> AppointmentRepository: ...

    @property
    def reminders(self) -> ReminderQueue: ...

    @property
    def holds(self) -> SlotHolds: ...

    @property
    def patients(self) -> PatientRepository: ...

    @property
    def inbox(self) -> HandledMessages: ...

    @property
    def outbox(self) -> StagedReplies: ...

    @property
    def patient_data(self) -> PatientData: ...

    @property
    def privacy_requests(self) -> PrivacyRegister: ...

    @property
    def consents(self) -> PatientConsents: ...

    @property
    def waitlist(self) -> Waitlist: ...

    @property
    def alerts(self) -> StagedAlerts: ...

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        """Roll back whatever was not committed."""
        ...

    async def commit(self) -> None:
        """Make the staged changes durable. Raises ``SlotTaken`` or ``ConcurrencyConflict``."""
        ...


class UnitOfWorkFactory(Protocol):
    def __call__(self) -> UnitOfWork: ...


class ConcurrencyConflict(Exception):
    """The session changed under us (someone else saved it first)."""
