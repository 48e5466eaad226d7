"""Sessions, appointments, reminders, inbox and outbox in memory, with the guarantees of the real store.

It behaves like the PostgreSQL one where a use case could tell the difference:
nothing is visible before commit, a rollback leaves no trace, a stale session
version raises ``ConcurrencyConflict``, and an appointment overlapping one that is
committed, or being booked in another open transaction, raises ``SlotTaken`` at
``add`` (as an exclusion constraint would), leaving the unit of work usable. Holds
likewise: a hold overlapping another patient's live one, committed or held in another open
transaction, is refused (``False``).
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from types import TracebackType
from typing import Self

from adapters.memory.alerts import AlertState, StagedAlertList
from adapters.memory.inbox import InboxState, StagedHandling
from adapters.memory.outbox import OutboxState, StagedOutbox
from adapters.memory.patient_data import StagedErasures
from adapters.memory.privacy_requests import StagedPrivacyRegister
from adapters.memory.waitlist import InMemoryWaitlist, WaitlistState
from application.ports import ConcurrencyConflict
from domain.appointment import Appointment
from domain.availability import Interval
from domain.consent import Consent
from domain.conversation import ChatSession
from domain.errors import SlotTaken
from domain.holds import Hold
from domain.ids import AppointmentId, ClinicId, DoctorId, PatientAddress
from domain.patient import Patient
from domain.privacy_requests import PrivacyRequest
from domain.reminder import Reminder

SessionKey = tuple[ClinicId, PatientAddress]


class JobStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    CANCELLED = "cancelled"
    SKIPPED = "skipped"


@dataclass
class ReminderJob:
    """A reminder as the queue holds it: the row of the PostgreSQL store's ``reminder_jobs``."""

    id: int
    reminder: Reminder
    status: JobStatus = JobStatus.PENDING
    available_at: datetime | None = None  # when it may next be claimed (its due time at first)
    claimed_until: datetime | None = None
    attempts: int = 0
    last_error: str | None = None
    sent_at: datetime | None = None


@dataclass
class InMemoryStore:
    """The committed state, shared by every unit of work of one process."""

    sessions: dict[SessionKey, ChatSession] = field(default_factory=dict)
    appointments: dict[AppointmentId, Appointment] = field(default_factory=dict)
    jobs: dict[int, ReminderJob] = field(default_factory=dict)
    patients: dict[SessionKey, Patient] = field(default_factory=dict)
    aliases: dict[SessionKey, PatientAddress] = field(default_factory=dict)  # (clinic, alias) -> identity
    inbox: InboxState = field(default_factory=InboxState)
    outbox: OutboxState = field(default_factory=OutboxState)
    # Appointments staged by open units of work, by unit: the "row locks" of this store.
    pending: dict[int, list[Appointment]] = field(default_factory=dict)
    holds: dict[SessionKey, Hold] = field(default_factory=dict)  # (clinic, holder) -> their hold
    consents: list[Consent] = field(default_factory=list)  # answers to privacy notices, oldest first
    pending_holds: dict[int, dict[SessionKey, Hold]] = field(default_factory=dict)  # by unit, as ``pending``
    privacy_requests: dict[str, PrivacyRequest] = field(default_factory=dict)  # the register, by id
    waitlist: WaitlistState = field(default_factory=WaitlistState)
    alerts: AlertState = field(default_factory=AlertState)  # hand-off alerts for the clinics' webhooks
    _ids: itertools.count[int] = field(default_factory=itertools.count)
    _job_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def reminders(self) -> list[Reminder]:
        """The reminders still to be sent, in the order they were scheduled."""
        return [job.reminder for job in self.jobs.values() if job.status is JobStatus.PENDING]

    def next_unit(self) -> int:
        return next(self._ids)

    def queue(self, reminder: Reminder) -> None:
        job_id = next(self._job_ids)
        self.jobs[job_id] = ReminderJob(job_id, reminder, available_at=reminder.due_at)

    def cancel_reminders(self, appointment_id: AppointmentId) -> None:
        for job in self.jobs.values():
            if job.reminder.appointment_id == appointment_id and job.status is JobStatus.PENDING:
                job.status = JobStatus.CANCELLED

    def move_patient(self, clinic_id: ClinicId, old: PatientAddress, new: PatientAddress) -> None:
        """What the PostgreSQL store's ``move`` does, on the committed state."""
        before, after = (clinic_id, old), (clinic_id, new)
        session = self.sessions.pop(before, None)
        if session is not None and after not in self.sessions:
            session.patient = new
            self.sessions[after] = session
        patient = self.patients.pop(before, None)
        kept = self.patients.get(after)
        if patient is not None and kept is None:
            patient.address = new
            self.patients[after] = patient
        elif patient is not None and kept is not None:  # an opt-out is never lost in a move
            kept.name = kept.name or patient.name
            kept.opted_out_at = kept.opted_out_at or patient.opted_out_at
        for appointment in self.appointments.values():
            if appointment.clinic_id == clinic_id and appointment.patient == old:
                appointment.patient = new
        for row in self.outbox.pending.values():
            if row.clinic_id == clinic_id and row.to == old:
                row.to = new
        for key, identity in self.aliases.items():
            if key[0] == clinic_id and identity == old:
                self.aliases[key] = new
        self.consents = [
            replace(c, patient=new) if c.clinic_id == clinic_id and c.patient == old else c
            for c in self.consents
        ]

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

    async def recent(self, clinic_id: ClinicId, limit: int) -> list[ChatSession]:
        mine = [copy.deepcopy(s) for (clinic, _), s in self._store.sessions.items() if clinic == clinic_id]
        mine.sort(key=_last_said, reverse=True)
        return mine[:limit]

    async def needing_person(self, clinic_id: ClinicId, limit: int) -> list[ChatSession]:
        waiting = [
            copy.deepcopy(s)
            for (clinic, _), s in self._store.sessions.items()
            if clinic == clinic_id and s.needs_person is not None
        ]
        waiting.sort(key=lambda s: s.needs_person.since if s.needs_person is not None else _last_said(s))
        return waiting[:limit]

    async def count_needing_person(self, clinic_id: ClinicId) -> int:
        return sum(
            1 for (clinic, _), s in self._store.sessions.items() if clinic == clinic_id and s.needs_person
        )

    async def quiet_since(self, clinic_id: ClinicId, before: datetime, limit: int) -> list[PatientAddress]:
        quiet = [
            s
            for (clinic, _), s in self._store.sessions.items()
            if clinic == clinic_id
            and not s.bot_enabled
            and s.paused_at is not None
            and s.paused_at <= before
            and (s.last_activity is None or s.last_activity <= before)
        ]
        quiet.sort(key=lambda s: s.paused_at or before)
        return [s.patient for s in quiet[:limit]]


def _last_said(session: ChatSession) -> datetime:
    return session.history[-1].at if session.history else datetime.min.replace(tzinfo=UTC)


class _Appointments:
    def __init__(self, store: InMemoryStore, unit: int) -> None:
        self._store = store
        self._unit = unit
        self.staged: list[Appointment] = []
        self.updated: dict[AppointmentId, Appointment] = {}

    async def add(self, appointment: Appointment) -> None:
        self._check_free(appointment)
        self.staged.append(appointment)
        self._store.pending.setdefault(self._unit, []).append(appointment)

    def _check_free(self, appointment: Appointment) -> None:
        others = self._store.held_time(appointment.doctor_id, excluding_unit=self._unit) + self.staged
        for other in others:
            if other.id != appointment.id and other.interval.overlaps(appointment.interval):
                raise SlotTaken(f"doctor {appointment.doctor_id} is busy then")

    def _visible(self) -> dict[AppointmentId, Appointment]:
        """What this unit reads: the committed appointments with its own writes over them, as a
        database transaction reads its own writes."""
        return {**self._store.appointments, **{a.id: a for a in self.staged}, **self.updated}

    async def get(self, appointment_id: AppointmentId) -> Appointment | None:
        stored = self._visible().get(appointment_id)
        return copy.deepcopy(stored) if stored is not None else None

    async def update(self, appointment: Appointment) -> None:
        if appointment.holds_time:
            self._check_free(appointment)
            self._store.pending.setdefault(self._unit, []).append(appointment)
        self.updated[appointment.id] = appointment

    async def between(self, clinic_id: ClinicId, start: datetime, end: datetime) -> list[Appointment]:
        found = [
            copy.deepcopy(a)
            for a in self._visible().values()
            if a.clinic_id == clinic_id and start <= a.starts_at < end
        ]
        return sorted(found, key=lambda a: a.starts_at)

    async def upcoming(
        self, clinic_id: ClinicId, patient: PatientAddress, now: datetime
    ) -> list[Appointment]:
        mine = [
            copy.deepcopy(a)
            for a in self._visible().values()
            if a.clinic_id == clinic_id and a.patient == patient and a.is_upcoming(now)
        ]
        return sorted(mine, key=lambda a: a.starts_at)

    async def busy(
        self, clinic_id: ClinicId, doctor_ids: Sequence[DoctorId], first_day: datetime, last_day: datetime
    ) -> dict[DoctorId, list[Interval]]:
        window = Interval(first_day, last_day)
        busy: dict[DoctorId, list[Interval]] = {doctor_id: [] for doctor_id in doctor_ids}
        for appointment in self._visible().values():
            if (
                appointment.clinic_id == clinic_id
                and appointment.doctor_id in busy
                and appointment.holds_time
                and appointment.interval.overlaps(window)
            ):
                busy[appointment.doctor_id].append(appointment.interval)
        return busy


class InMemorySlotHolds:
    """Implements ``SlotHolds``: holds staged in the unit of work, kept in the store on commit.

    As in PostgreSQL, a unit reads its own holds and deletions and not other open units'; a hold
    clashing with one another open unit holds is refused, where the database would make it wait
    for that unit to commit first (and refuse it then).
    """

    def __init__(self, store: InMemoryStore, unit: int) -> None:
        self._store = store
        self._unit = unit
        self.staged: dict[SessionKey, Hold] = {}
        self.deleted: dict[SessionKey, Hold] = {}  # committed holds this unit deleted

    def _visible(self) -> list[Hold]:
        """The committed holds with this unit's deletions and holds over them."""
        committed = [
            hold
            for key, hold in self._store.holds.items()
            if self.deleted.get(key) is not hold and key not in self.staged
        ]
        return committed + list(self.staged.values())

    def _delete(self, key: SessionKey) -> None:
        self.staged.pop(key, None)
        self._store.pending_holds.get(self._unit, {}).pop(key, None)
        committed = self._store.holds.get(key)
        if committed is not None:
            self.deleted[key] = committed

    async def hold(self, hold: Hold, now: datetime) -> bool:
        key = (hold.clinic_id, hold.holder)
        others_open = [
            (other_key, other)
            for unit, holds in self._store.pending_holds.items()
            if unit != self._unit
            for other_key, other in holds.items()
        ]
        if any(other_key == key for other_key, _ in others_open):
            return False  # one hold per holder at a clinic: another transaction is taking theirs
        visible = [((h.clinic_id, h.holder), h) for h in self._visible()]
        if any(other_key != key and _clash(other, hold, now) for other_key, other in visible + others_open):
            return False
        # As the PostgreSQL store deletes them: the holder's previous hold, and expired ones in the way.
        for other_key, other in visible:
            if other_key == key or _overlaps(other, hold):
                self._delete(other_key)
        self.staged[key] = hold
        self._store.pending_holds.setdefault(self._unit, {})[key] = hold
        return True

    async def release(self, clinic_id: ClinicId, holder: PatientAddress) -> None:
        self._delete((clinic_id, holder))

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
        window = Interval(start, end)
        held: dict[DoctorId, list[Interval]] = {doctor_id: [] for doctor_id in doctor_ids}
        for hold in sorted(self._visible(), key=lambda h: h.slot.starts_at):
            if (
                hold.clinic_id == clinic_id
                and hold.slot.doctor_id in held
                and hold.holder != excluding
                and hold.lasts(now)
                and hold.slot.interval.overlaps(window)
            ):
                held[hold.slot.doctor_id].append(hold.slot.interval)
        return held

    def apply(self, store: InMemoryStore) -> None:
        """At commit: the deletions (of the very holds deleted), then the new holds."""
        for key, deleted in self.deleted.items():
            if store.holds.get(key) is deleted:
                del store.holds[key]
        store.holds.update(self.staged)


def _overlaps(held: Hold, wanted: Hold) -> bool:
    return (
        held.clinic_id == wanted.clinic_id
        and held.slot.doctor_id == wanted.slot.doctor_id
        and held.slot.interval.overlaps(wanted.slot.interval)
    )


def _clash(held: Hold, wanted: Hold, now: datetime) -> bool:
    """``held`` is live at ``now`` and covers part of the time ``wanted`` asks for."""
    return held.lasts(now) and _overlaps(held, wanted)


class _Reminders:
    def __init__(self) -> None:
        self.staged: list[Reminder] = []
        self.cancelled: list[AppointmentId] = []

    async def schedule(self, reminders: Sequence[Reminder]) -> None:
        self.staged.extend(reminders)

    async def cancel(self, appointment_id: AppointmentId) -> None:
        self.staged = [r for r in self.staged if r.appointment_id != appointment_id]
        self.cancelled.append(appointment_id)


class _Patients:
    def __init__(self, store: InMemoryStore) -> None:
        self._store = store
        self.staged: dict[SessionKey, Patient] = {}
        self.aliases: dict[SessionKey, PatientAddress] = {}
        self.moves: list[tuple[ClinicId, PatientAddress, PatientAddress]] = []

    async def get(self, clinic_id: ClinicId, address: PatientAddress) -> Patient | None:
        key = (clinic_id, address)
        found = self.staged.get(key) or self._store.patients.get(key)
        return copy.deepcopy(found) if found is not None else None

    async def save(self, patient: Patient) -> None:
        self.staged[(patient.clinic_id, patient.address)] = copy.deepcopy(patient)

    async def identity(self, clinic_id: ClinicId, address: PatientAddress) -> PatientAddress:
        return (
            self.aliases.get((clinic_id, address)) or self._store.aliases.get((clinic_id, address)) or address
        )

    async def link(self, clinic_id: ClinicId, alias: PatientAddress, identity: PatientAddress) -> None:
        if alias == identity or await self.identity(clinic_id, alias) == identity:
            return
        self.moves.append((clinic_id, await self.identity(clinic_id, alias), identity))
        self.aliases[(clinic_id, alias)] = identity

    async def move(self, clinic_id: ClinicId, old: PatientAddress, new: PatientAddress) -> None:
        if old != new:
            self.moves.append((clinic_id, old, new))

    def apply(self, store: InMemoryStore) -> None:
        """At commit, after everything else: the saved patients, then links and moves in order."""
        for key, patient in self.staged.items():
            store.patients[key] = copy.deepcopy(patient)
        for clinic_id, old, new in self.moves:
            store.move_patient(clinic_id, old, new)
        store.aliases.update(self.aliases)


class InMemoryPatientConsents:
    """Implements ``PatientConsents``: answers staged until the unit of work commits."""

    def __init__(self, store: InMemoryStore) -> None:
        self._store = store
        self.staged: list[Consent] = []

    async def latest(self, clinic_id: ClinicId, patient: PatientAddress) -> Consent | None:
        return next(
            (c for c in reversed(self.history_of(clinic_id, patient))),
            None,
        )

    async def record(self, consent: Consent) -> None:
        self.staged.append(consent)

    def history_of(self, clinic_id: ClinicId, patient: PatientAddress) -> list[Consent]:
        """Every answer of the patient this unit of work sees, the oldest first."""
        return [
            c
            for c in [*self._store.consents, *self.staged]
            if (c.clinic_id, c.patient) == (clinic_id, patient)
        ]

    def apply(self, store: InMemoryStore) -> None:
        store.consents.extend(self.staged)
        self.staged = []


class InMemoryUnitOfWork:
    """Implements ``UnitOfWork`` over an ``InMemoryStore``."""

    def __init__(self, store: InMemoryStore) -> None:
        self._store = store
        self._unit = store.next_unit()
        self._reset()

    def _reset(self) -> None:
        self._store.pending.pop(self._unit, None)
        self._store.pending_holds.pop(self._unit, None)
        self.sessions = _Sessions(self._store)
        self.appointments = _Appointments(self._store, self._unit)
        self.reminders = _Reminders()
        self.holds = InMemorySlotHolds(self._store, self._unit)
        self.patients = _Patients(self._store)
        self.inbox = StagedHandling()
        self.outbox = StagedOutbox(self._store.outbox)
        self.patient_data = StagedErasures(self._store)
        self.privacy_requests = StagedPrivacyRegister(self._store.privacy_requests)
        self.consents = InMemoryPatientConsents(self._store)
        self.waitlist = InMemoryWaitlist(self._store.waitlist)
        self.alerts = StagedAlertList()

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
            if (current.version if current is not None else 0) != session.version and not session.erased:
                raise ConcurrencyConflict(f"session {session.patient.masked()} changed since it was read")
        for key, session in self.sessions.staged.items():
            if session.erased:  # the patient's data was erased with it: the session goes
                self._store.sessions.pop(key, None)
                continue
            session.version += 1
            self._store.sessions[key] = copy.deepcopy(session)
        for appointment in self.appointments.staged:
            self._store.appointments[appointment.id] = copy.deepcopy(appointment)
        for appointment_id in self.reminders.cancelled:
            self._store.cancel_reminders(appointment_id)
        for reminder in self.reminders.staged:
            self._store.queue(reminder)
        for appointment in self.appointments.updated.values():
            if appointment.id in self._store.appointments:
                self._store.appointments[appointment.id] = copy.deepcopy(appointment)
        self.holds.apply(self._store)
        self.inbox.apply(self._store.inbox)
        self.privacy_requests.apply(self._store.privacy_requests)
        self.patient_data.apply(self._store)  # after the turn's messages are handled, before its replies
        self.outbox.apply(self._store.outbox)
        self.consents.apply(self._store)
        self.waitlist.apply()
        self.alerts.apply(self._store.alerts)
        self.patients.apply(self._store)
        self._reset()


class InMemoryUnitOfWorkFactory:
    """Implements ``UnitOfWorkFactory``: a fresh unit of work over one shared store."""

    def __init__(self, store: InMemoryStore | None = None) -> None:
        self.store = store or InMemoryStore()

    def __call__(self) -> InMemoryUnitOfWork:
        return InMemoryUnitOfWork(self.store)


class InMemoryOtherAddresses:
    """Implements ``OtherAddresses`` over the store's links."""

    def __init__(self, store: InMemoryStore) -> None:
        self._store = store

    async def other(self, clinic_id: ClinicId, address: PatientAddress) -> PatientAddress | None:
        linked = self._store.aliases.get((clinic_id, address))
        if linked is not None:
            return linked
        return next(
            (
                alias
                for (clinic, alias), identity in self._store.aliases.items()
                if (clinic, identity) == (clinic_id, address)
            ),
            None,
        )
