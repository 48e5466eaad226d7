"""Sessions, appointments and reminders in memory, with the guarantees of the real store.

It behaves like the PostgreSQL one where a use case could tell the difference:
nothing is visible before commit, a rollback leaves no trace, a stale session
version raises ``ConcurrencyConflict``, and an appointment overlapping one that is
committed, or being booked in another open transaction, raises ``SlotTaken`` at
``add`` (as an exclusion constraint would), leaving the unit of work usable.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from types import TracebackType
from typing import Self

from application.ports import ConcurrencyConflict
from domain.appointment import Appointment
from domain.availability import Interval
from domain.conversation import ChatSession
from domain.errors import SlotTaken
from domain.ids import AppointmentId, ClinicId, DoctorId, PatientAddress
from domain.reminder import Reminder

SessionKey = tuple[ClinicId, PatientAddress]


@dataclass
class InMemoryStore:
    """The committed state, shared by every unit of work of one process."""

    sessions: dict[SessionKey, ChatSession] = field(default_factory=dict)
    appointments: dict[AppointmentId, Appointment] = field(default_factory=dict)
    reminders: list[Reminder] = field(default_factory=list)
    # Appointments staged by open units of work, by unit: the "row locks" of this store.
    pending: dict[int, list[Appointment]] = field(default_factory=dict)
    _ids: itertools.count[int] = field(default_factory=itertools.count)

    def next_unit(self) -> int:
        return next(self._ids)

    def held_time(self, doctor_id: DoctorId, *, excluding_unit: int) -> list[Appointment]:
        committed = [a for a in self.appointments.values() if a.doctor_id == doctor_id and a.holds_time]
        staged = [
            a
            for unit, appointments in self.pending.items()
            if unit != excluding_unit
            for a in appointments
            if a.doctor_id == doctor_id
        ]
        return committed + staged


class _Sessions:
    def __init__(self, store: InMemoryStore) -> None:
        self._store = store
        self.staged: dict[SessionKey, ChatSession] = {}

    async def get(self, clinic_id: ClinicId, patient: PatientAddress) -> ChatSession | None:
        stored = self._store.sessions.get((clinic_id, patient))
        return copy.deepcopy(stored) if stored is not None else None

    async def save(self, session: ChatSession) -> None:
        self.staged[(session.clinic_id, session.patient)] = session


class _Appointments:
    def __init__(self, store: InMemoryStore, unit: int) -> None:
        self._store = store
        self._unit = unit
        self.staged: list[Appointment] = []
        self.updated: dict[AppointmentId, Appointment] = {}

    async def add(self, appointment: Appointment) -> None:
        for other in self._store.held_time(appointment.doctor_id, excluding_unit=self._unit) + self.staged:
            if other.interval.overlaps(appointment.interval):
                raise SlotTaken(f"doctor {appointment.doctor_id} is busy then")
        self.staged.append(appointment)
        self._store.pending.setdefault(self._unit, []).append(appointment)

    async def get(self, appointment_id: AppointmentId) -> Appointment | None:
        stored = self._store.appointments.get(appointment_id)
        return copy.deepcopy(stored) if stored is not None else None

    async def update(self, appointment: Appointment) -> None:
        self.updated[appointment.id] = appointment

    async def busy(
        self, clinic_id: ClinicId, doctor_ids: Sequence[DoctorId], first_day: datetime, last_day: datetime
    ) -> dict[DoctorId, list[Interval]]:
        window = Interval(first_day, last_day)
        busy: dict[DoctorId, list[Interval]] = {doctor_id: [] for doctor_id in doctor_ids}
        for appointment in self._store.appointments.values():
            if (
                appointment.clinic_id == clinic_id
                and appointment.doctor_id in busy
                and appointment.holds_time
                and appointment.interval.overlaps(window)
            ):
                busy[appointment.doctor_id].append(appointment.interval)
        return busy


class _Reminders:
    def __init__(self) -> None:
        self.staged: list[Reminder] = []

    async def schedule(self, reminders: Sequence[Reminder]) -> None:
        self.staged.extend(reminders)


class InMemoryUnitOfWork:
    """Implements ``UnitOfWork`` over an ``InMemoryStore``."""

    def __init__(self, store: InMemoryStore) -> None:
        self._store = store
        self._unit = store.next_unit()
        self._reset()

    def _reset(self) -> None:
        self._store.pending.pop(self._unit, None)
        self.sessions = _Sessions(self._store)
        self.appointments = _Appointments(self._store, self._unit)
        self.reminders = _Reminders()

    async def __aenter__(self) -> Self:
        self._unit = self._store.next_unit()
        self._reset()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._reset()

    async def commit(self) -> None:
        # Check every session version first, so a conflict leaves nothing half-written.
        for key, session in self.sessions.staged.items():
            current = self._store.sessions.get(key)
            if (current.version if current is not None else 0) != session.version:
                raise ConcurrencyConflict(f"session {session.patient.masked()} changed since it was read")
        for key, session in self.sessions.staged.items():
            session.version += 1
            self._store.sessions[key] = copy.deepcopy(session)
        for appointment in self.appointments.staged:
            self._store.appointments[appointment.id] = copy.deepcopy(appointment)
        self._store.reminders.extend(self.reminders.staged)
        for appointment in self.appointments.updated.values():
            if appointment.id in self._store.appointments:
                self._store.appointments[appointment.id] = copy.deepcopy(appointment)
                if not appointment.holds_time:
                    self._store.reminders = [
                        r for r in self._store.reminders if r.appointment_id != appointment.id
                    ]
        self._reset()


class InMemoryUnitOfWorkFactory:
    """Implements ``UnitOfWorkFactory``: a fresh unit of work over one shared store."""

    def __init__(self, store: InMemoryStore | None = None) -> None:
        self.store = store or InMemoryStore()

    def __call__(self) -> InMemoryUnitOfWork:
        return InMemoryUnitOfWork(self.store)
