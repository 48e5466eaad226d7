"""What a clinic's staff do through the staff API: see the conversations, take one over, answer it
as the clinic, and hand it back to the bot; and the API keys that let them in."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from application import booking, desk_changes
from application.audit import Audit, Origin
from application.deliver_replies import DeliverReplies
from application.messages import OutboundMessage, TemplateReply, TextReply
from application.plain_text import clean, refused_character
from application.ports import (
    AuditAction,
    ClinicDirectory,
    ClinicSwitches,
    Clock,
    ConversationLock,
    StaffKey,
    StaffKeys,
    UnitOfWork,
    UnitOfWorkFactory,
    UnknownClinic,
)
from application.reengagement import reengagement_template
from domain.appointment import Appointment, BookingSource, VisitOutcome
from domain.clinic import Clinic
from domain.conversation import Attachment, ChatSession, ConversationState, Speaker, Turn
from domain.errors import AlreadyCancelled, AppointmentPassed, SlotUnavailable
from domain.handoff import NeedReason
from domain.ids import AppointmentId, ClinicId, DoctorId, PatientAddress, ServiceId
from domain.staff import Role

KEY_PREFIX = "cf_"  # tells a ClinicFlow key apart in a config file or a leaked-secret scan
# A key is cf_<key id>_<256 random bits>: the id, which is no secret (`staff-key list` shows it),
# tells which clinic a failed attempt aimed at. Keys issued before it are cf_<random> and work on.
_NAMED_KEY = re.compile(KEY_PREFIX + r"([0-9a-f]{16})_[A-Za-z0-9_-]{43}")
MAX_REPLY_CHARS = 4096  # WhatsApp's limit for a text message's body
MAX_NAME_CHARS = 200


def key_hash(secret: str) -> str:
    """What is stored of a key. The key is 256 random bits, so a plain SHA-256 cannot be reversed
    by guessing; a lookup by hash compares nothing secret character by character."""
    return hashlib.sha256(secret.encode()).hexdigest()


class UnknownConversation(Exception):
    pass


class WindowClosed(Exception):
    """More than 24 hours since the patient last wrote, and the clinic has no approved template
    to carry a reply: WhatsApp would drop a plain text."""


@dataclass(frozen=True, slots=True)
class StaffReply:
    """What became of a staff reply."""

    sent: bool  # False: WhatsApp did not take it yet; it waits in the outbox and goes out in order
    template: str | None = None  # the template that carried it (the patient last wrote over 24 h ago)


class InvalidRequest(ValueError):
    """What staff asked for cannot be done as asked (an empty reply, a name missing, a bad patient)."""


def typed_text(text: str, what: str, most: int) -> str:
    """What staff typed, checked: not blank, at most ``most`` characters, and no control character
    but tabs and line breaks (a browser's CR LF becomes LF); otherwise ``InvalidRequest`` saying
    which character, never quoting the text."""
    refused = refused_character(text)
    if refused is not None:
        raise InvalidRequest(f"{what} holds a control character ({refused}): remove it")
    body = clean(text).strip()
    if not body:
        raise InvalidRequest(f"{what} is empty")
    if len(body) > most:
        raise InvalidRequest(f"{what} is longer than {most} characters")
    return body


@dataclass(frozen=True, slots=True)
class IssuedKey:
    key: StaffKey
    secret: str  # shown once; only its hash is kept


@dataclass(frozen=True, slots=True)
class StaffAccess:
    """Issuing, listing, revoking and checking the clinics' staff API keys."""

    keys: StaffKeys
    clinics: ClinicDirectory
    clock: Clock

    async def issue(self, clinic_id: ClinicId, name: str, role: Role = Role.RECEPTION) -> IssuedKey:
        """A key for the integration ``name``, with ``role``'s rights."""
        if await self.clinics.get(clinic_id) is None:
            raise UnknownClinic(f"no clinic {clinic_id!r}")
        key = StaffKey(
            secrets.token_hex(8), clinic_id, clean(name).strip() or "staff", self.clock.now(), role=role
        )
        secret = f"{KEY_PREFIX}{key.id}_{secrets.token_urlsafe(32)}"
        await self.keys.add(key, key_hash(secret))
        return IssuedKey(key, secret)

    async def login(self, secret: str) -> StaffLogin | None:
        """A sign-in with ``secret``: the key's clinic, id and role, and its hash (never the key);
        None for an unknown or revoked key."""
        if not secret.startswith(KEY_PREFIX) or len(secret) > 200:
            return None
        hashed = key_hash(secret)
        key = await self.keys.by_hash(hashed)
        return StaffLogin(key.clinic_id, hashed, key.id, key.role) if key is not None else None

    async def named_key(self, secret: str) -> StaffKey | None:
        """The key (revoked or not) whose id a presented key names, right or wrong: which clinic's
        keys a failed attempt aimed at. None for a key that names none (an old one, or junk)."""
        named = _NAMED_KEY.fullmatch(secret)
        return await self.keys.by_id(named[1]) if named is not None else None

    async def clinic_of(self, secret: str) -> ClinicId | None:
        """The clinic a presented key belongs to; None for an unknown or revoked key."""
        signed_in = await self.login(secret)
        return signed_in.clinic_id if signed_in is not None else None

    async def of_clinic(self, clinic_id: ClinicId) -> list[StaffKey]:
        return await self.keys.of_clinic(clinic_id)

    async def revoke(self, key_id: str) -> bool:
        return await self.keys.revoke(key_id, self.clock.now())


@dataclass(frozen=True, slots=True)
class StaffLogin:
    clinic_id: ClinicId
    key_hash: str
    key_id: str = ""
    role: Role = Role.RECEPTION


@dataclass(frozen=True, slots=True)
class ConversationSummary:
    patient: PatientAddress
    state: ConversationState
    bot_enabled: bool
    last_turn: Turn | None
    last_activity: datetime | None  # the patient's last message

    @classmethod
    def of(cls, session: ChatSession) -> ConversationSummary:
        last = session.history[-1] if session.history else None
        return cls(session.patient, session.state, session.bot_enabled, last, session.last_activity)


@dataclass(frozen=True, slots=True)
class StaffDesk:
    """The conversations of one clinic as its staff work them.

    Every change goes through the conversation's lock, as a turn does, so staff and bot never
    overwrite each other. A manual reply takes the conversation over: the bot pauses for it
    until staff hand it back, so it never answers what the patient says to a person.
    """

    unit_of_work: UnitOfWorkFactory
    lock: ConversationLock
    deliver: DeliverReplies
    clock: Clock
    clinics: ClinicDirectory

    async def conversations(self, clinic_id: ClinicId, limit: int = 50) -> list[ConversationSummary]:
        return [ConversationSummary.of(s) for s in await self.sessions(clinic_id, limit)]

    async def sessions(self, clinic_id: ClinicId, limit: int = 50) -> list[ChatSession]:
        """The clinic's conversations with their histories, the latest message (anyone's) first."""
        async with self.unit_of_work() as uow:
            return await uow.sessions.recent(clinic_id, limit)

    async def conversation(self, clinic_id: ClinicId, patient: PatientAddress) -> ChatSession:
        async with self.unit_of_work() as uow:
            session = await uow.sessions.get(clinic_id, patient)
        if session is None:
            raise UnknownConversation(f"no conversation with {patient.masked()}")
        return session

    async def set_bot(self, clinic_id: ClinicId, patient: PatientAddress, *, enabled: bool) -> ChatSession:
        """Pause the bot for one conversation (staff take it over) or resume it (hand it back).

        A number that never wrote may be paused ahead of its first message.
        """
        now = self.clock.now()
        async with self.lock.hold(clinic_id, patient, now), self.unit_of_work() as uow:
            session = await uow.sessions.get(clinic_id, patient) or ChatSession(clinic_id, patient)
            if enabled:
                session.hand_back()
            else:
                session.hand_to_staff(now)
            await uow.sessions.save(session)
            await uow.commit()
        return session

    async def waiting(self, clinic_id: ClinicId, limit: int = 50) -> list[ChatSession]:
        """The conversations that need a person, the longest waiting first."""
        async with self.unit_of_work() as uow:
            return await uow.sessions.needing_person(clinic_id, limit)

    async def waiting_count(self, clinic_id: ClinicId) -> int:
        async with self.unit_of_work() as uow:
            return await uow.sessions.count_needing_person(clinic_id)

    async def reviewed_file(self, clinic_id: ClinicId, patient: PatientAddress) -> bool:
        """Staff opened a file the patient sent: a conversation waiting for that no longer waits.
        False when it was not waiting for a file."""
        async with self.lock.hold(clinic_id, patient, self.clock.now()), self.unit_of_work() as uow:
            session = await uow.sessions.get(clinic_id, patient)
            if session is None or not session.attended(NeedReason.FILE_TO_REVIEW):
                return False
            await uow.sessions.save(session)
            await uow.commit()
        return True

    async def reply(self, clinic_id: ClinicId, patient: PatientAddress, text: str) -> StaffReply:
        """Send ``text`` to the patient as the clinic: sent once WhatsApp took it, else waiting in
        the outbox for a later try (it goes out, in order, when Meta takes it again).

        24 hours after the patient last wrote, WhatsApp delivers only approved templates: the
        reply goes as the clinic's re-engagement template, or is refused (``WindowClosed``).
        """
        body = typed_text(text, "the reply", MAX_REPLY_CHARS)  # WhatsApp's limit
        now = self.clock.now()
        clinic = await self.clinics.get(clinic_id)
        if clinic is None:
            raise UnknownConversation("no such clinic")
        async with self.lock.hold(clinic_id, patient, now):
            async with self.unit_of_work() as uow:
                session = await uow.sessions.get(clinic_id, patient)
                if session is None:
                    raise UnknownConversation(f"no conversation with {patient.masked()}")
                message = _carrying(clinic, session, body, now)
                template = message.name if isinstance(message, TemplateReply) else None
                session.record(
                    Speaker.STAFF, body, now, Attachment("template", filename=template) if template else None
                )
                session.hand_to_staff(now)
                session.attended()  # a person answered: nobody waits any more
                await uow.sessions.save(session)
                await uow.outbox.add(clinic_id, patient, [message], now)
                await uow.commit()
            return StaffReply(await self.deliver(clinic_id, patient), template)


def _carrying(clinic: Clinic, session: ChatSession, body: str, now: datetime) -> OutboundMessage:
    """The message that reaches the patient with ``body``: itself within the 24-hour window,
    else the clinic's re-engagement template with it on one line."""
    if session.window_open(now):
        return TextReply(body)
    template = reengagement_template(clinic.speaking(session.language), body)
    if template is None:
        raise WindowClosed("the patient last wrote more than 24 hours ago and no template is approved")
    return template


@dataclass(frozen=True, slots=True)
class ClinicDesk:
    """What staff switch for the whole clinic: the bot for everyone, and blocked numbers."""

    clinics: ClinicDirectory
    switches: ClinicSwitches

    async def set_bot(self, clinic_id: ClinicId, *, enabled: bool) -> None:
        """Off: every patient's messages are recorded and none answered, until it is on again."""
        await self.switches.set_bot_enabled(clinic_id, enabled)

    async def timezone(self, clinic_id: ClinicId) -> ZoneInfo:
        return (await self._clinic(clinic_id)).timezone

    async def bot_enabled(self, clinic_id: ClinicId) -> bool:
        return (await self._clinic(clinic_id)).bot_enabled

    async def blocked(self, clinic_id: ClinicId) -> list[str]:
        return sorted((await self._clinic(clinic_id)).blocked_numbers)

    async def block(self, clinic_id: ClinicId, patient: PatientAddress) -> None:
        await self.switches.block(clinic_id, patient.value)

    async def unblock(self, clinic_id: ClinicId, patient: PatientAddress) -> bool:
        """False when staff had not blocked it (numbers the clinic's file blocks are changed there)."""
        return await self.switches.unblock(clinic_id, patient.value)

    async def _clinic(self, clinic_id: ClinicId) -> Clinic:
        return await _clinic_of(self.clinics, clinic_id)


class UnknownAppointment(Exception):
    pass


@dataclass(frozen=True, slots=True)
class AgendaDesk:
    """The clinic's appointments as staff keep them: the agenda, a booking by phone, a move, a
    cancellation (the last two through ``application.desk_changes``).

    Staff book only free slots of a doctor's grid, as the bot offers them, and the store's own
    guard has the last word; a booking queues the clinic's reminders, a cancellation drops them.
    """

    clinics: ClinicDirectory
    unit_of_work: UnitOfWorkFactory
    clock: Clock
    audit: Audit

    async def appointments(self, clinic_id: ClinicId, first_day: date | None, days: int) -> list[Appointment]:
        """Appointments starting on ``days`` clinic-local days from ``first_day`` (default: today)."""
        clinic = await _clinic_of(self.clinics, clinic_id)
        first = first_day or clinic.today(self.clock.now())
        try:
            start, end = (
                datetime.combine(day, time(), tzinfo=clinic.timezone).astimezone(UTC)
                for day in (first, first + timedelta(days=days))
            )
        except OverflowError:  # past year 9999, or before year 1 in UTC
            raise InvalidRequest(f"{days} days from {first} run off the calendar") from None
        async with self.unit_of_work() as uow:
            return await uow.appointments.between(clinic_id, start, end)

    async def book(
        self,
        clinic_id: ClinicId,
        doctor_id: DoctorId,
        starts_at: datetime,
        patient: PatientAddress,
        name: str,
        service_id: ServiceId | None = None,
    ) -> Appointment:
        """Book for the front desk: any of the clinic's services (those the bot may not book too),
        else the one the bot would book with that doctor."""
        clinic = await _clinic_of(self.clinics, clinic_id)
        if starts_at.utcoffset() is None:
            raise InvalidRequest("starts_at needs a UTC offset (2026-12-01T10:00:00-03:00)")
        name = typed_text(name, "the patient's name", MAX_NAME_CHARS)
        if clinic.doctor(doctor_id) is None:
            raise SlotUnavailable(f"no doctor {doctor_id!r} at this clinic")
        if service_id is not None and clinic.service(service_id) is None:
            raise InvalidRequest(f"no service {service_id!r} at this clinic")
        service = clinic.service_for(service_id, doctor_id)
        if service is not None and not service.done_by(doctor_id):
            raise SlotUnavailable(f"{doctor_id} does not do {service.id}")
        now = self.clock.now()
        # Far from now is never free, and converting it to the clinic's zone may run off the calendar.
        if abs(starts_at - now) > timedelta(days=clinic.policy.horizon_days + 2):
            raise SlotUnavailable(f"{starts_at:%Y-%m-%d %H:%M} is not a free time of {doctor_id}")
        async with self.unit_of_work() as uow:
            free = (await booking.availability(uow, clinic, now)).of(service)
            local = clinic.local(starts_at)
            slot = free.at(local.date(), [local.time()], doctor_id)
            if slot is None or slot.starts_at != starts_at:
                raise SlotUnavailable(f"{local:%Y-%m-%d %H:%M} is not a free time of {doctor_id}")
            appointment = await booking.book(
                uow,
                clinic,
                free,
                slot,
                patient=patient,
                name=name,
                now=now,
                source=BookingSource.STAFF,
                service=service,
            )
            await uow.commit()
        return appointment

    async def upcoming(self, clinic_id: ClinicId, patient: PatientAddress) -> list[Appointment]:
        """The patient's booked appointments at the clinic that have not started, soonest first."""
        async with self.unit_of_work() as uow:
            return await uow.appointments.upcoming(clinic_id, patient, self.clock.now())

    async def cancel(self, clinic_id: ClinicId, appointment_id: AppointmentId, origin: Origin) -> Appointment:
        """Cancel a booked appointment: its time is free again, its reminders are not sent, and
        the patient is told on WhatsApp (through the outbox, with the cancellation, in one unit);
        audited. Cancelling a cancelled one changes nothing; one that has started raises
        ``AppointmentPassed``."""
        now = self.clock.now()
        async with self.unit_of_work() as uow:
            appointment = await _appointment_of(uow, clinic_id, appointment_id)
            if not appointment.holds_time:
                return appointment
            clinic = await _clinic_of(self.clinics, clinic_id)
            await desk_changes.cancel(uow, clinic, appointment, now)  # AppointmentPassed once started
            await uow.commit()
        await self.audit.record(origin, AuditAction.APPOINTMENT_CANCELLED, appointment.id)
        return appointment

    async def move(
        self,
        clinic_id: ClinicId,
        appointment_id: AppointmentId,
        starts_at: datetime,
        origin: Origin,
        doctor_id: DoctorId | None = None,
    ) -> Appointment:
        """Move a booked appointment to ``starts_at`` (with ``doctor_id``, else its own doctor),
        as long as its service takes: only to a free time of that doctor's grid (the time it
        leaves counts as free), the store's guard having the last word (``SlotUnavailable``).
        Its reminders follow it, the patient is told on WhatsApp, and the move is audited."""
        if starts_at.utcoffset() is None:
            raise InvalidRequest("starts_at needs a UTC offset (2026-12-01T10:00:00-03:00)")
        clinic = await _clinic_of(self.clinics, clinic_id)
        now = self.clock.now()
        async with self.unit_of_work() as uow:
            appointment = await _appointment_of(uow, clinic_id, appointment_id)
            if not appointment.holds_time:
                raise AlreadyCancelled(f"appointment {appointment.id} is cancelled")
            if appointment.starts_at <= now:
                raise AppointmentPassed(f"appointment {appointment.id} has already started")
            doctor = doctor_id or appointment.doctor_id
            if clinic.doctor(doctor) is None:
                raise SlotUnavailable(f"no doctor {doctor!r} at this clinic")
            if starts_at == appointment.starts_at and doctor == appointment.doctor_id:
                raise InvalidRequest("the appointment is already at that time")
            service = clinic.service(appointment.service_id)
            if service is not None and not service.done_by(doctor):
                raise SlotUnavailable(f"{doctor} does not do {service.id}")
            if abs(starts_at - now) > timedelta(days=clinic.policy.horizon_days + 2):
                raise SlotUnavailable(f"{starts_at:%Y-%m-%d %H:%M} is not a free time of {doctor}")
            free = (await booking.availability(uow, clinic, now, moving=appointment)).of(service)
            local = clinic.local(starts_at)
            slot = free.at(local.date(), [local.time()], doctor)
            if slot is None or slot.starts_at != starts_at:
                raise SlotUnavailable(f"{local:%Y-%m-%d %H:%M} is not a free time of {doctor}")
            was = clinic.local(appointment.starts_at)
            await desk_changes.move(uow, clinic, free, appointment, slot, now)
            await uow.commit()  # SlotTaken when someone took the time meanwhile
        detail = f"{was:%Y-%m-%d %H:%M} -> {local:%Y-%m-%d %H:%M} {doctor}"
        await self.audit.record(origin, AuditAction.APPOINTMENT_MOVED, appointment.id, detail)
        return appointment

    async def record_visit(
        self, clinic_id: ClinicId, appointment_id: AppointmentId, outcome: VisitOutcome
    ) -> Appointment:
        """Note whether the patient came (a second note corrects the first); ``VisitNotDue`` before the
        appointment starts, or when it was cancelled."""
        now = self.clock.now()
        async with self.unit_of_work() as uow:
            appointment = await _appointment_of(uow, clinic_id, appointment_id)
            appointment.record_visit(outcome, now)  # VisitNotDue before it starts, or once cancelled
            await uow.appointments.update(appointment)
            await uow.commit()
        return appointment


async def _appointment_of(uow: UnitOfWork, clinic_id: ClinicId, appointment_id: AppointmentId) -> Appointment:
    appointment = await uow.appointments.get(appointment_id)
    if appointment is None or appointment.clinic_id != clinic_id:
        raise UnknownAppointment(f"no appointment {appointment_id} at this clinic")
    return appointment


async def _clinic_of(clinics: ClinicDirectory, clinic_id: ClinicId) -> Clinic:
    clinic = await clinics.get(clinic_id)
    if clinic is None:
        raise UnknownClinic(f"no clinic {clinic_id!r}")
    return clinic
