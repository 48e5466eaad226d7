"""The waitlist's use cases (``domain.waitlist``): joining and leaving it in the chat, a freed time
offered to it, an offer taken, and the others told it has gone.

Everything is staged in the caller's unit of work: a cancellation and the offers of its time
commit together, as do a booking, its offer taken and the notices to the other patients. The
offers leave through the outbox (the worker's and the server's sweep send them).
"""

from __future__ import annotations

import logging
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Protocol

from application import booking
from application import texts_es as texts
from application.booking_desk import BookingDesk
from application.messages import OutboundMessage, TextReply
from application.ports import Clock, Conversation, UnitOfWork, UnitOfWorkFactory
from application.reengagement import reengagement_template
from application.texts_es import waitlist as words
from domain.appointment import Appointment
from domain.clinic import Clinic
from domain.ids import PatientAddress
from domain.waitlist import (
    OFFER_FOR,
    FreedTime,
    OfferState,
    WaitlistEntry,
    WaitlistOffer,
    Want,
    matching,
)

log = logging.getLogger(__name__)

# "salir de la lista de espera", "sácame de la lista de espera", "ya no quiero estar en la lista de espera"
_LEAVE_WORDS = (
    "salir",
    "sacame",
    "quitame",
    "borrame",
    "bajame",
    "eliminame",
    "ya no",
    "cancelar",
    "cancela",
)


def leaves_waitlist(text: str) -> bool:
    """Whether a text asks to leave the waitlist: read here, never by the model."""
    plain = " ".join(_folded(text).split())
    return "lista de espera" in plain and any(word in plain for word in _LEAVE_WORDS)


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


async def slot_freed(
    uow: UnitOfWork,
    clinic: Clinic,
    freed: FreedTime,
    now: datetime,
    *,
    excluding: PatientAddress | None = None,
) -> list[Conversation]:
    """A doctor's time was freed (cancelled or moved): offer it to the matching entries, first come
    first served, at most ``FAN_OUT`` of them at once, each offer a hold for its patient for
    ``OFFER_FOR``. ``excluding`` is whoever freed it. The conversations with an offer queued."""
    day = clinic.local(freed.starts_at).date()
    entries = [e for e in await uow.waitlist.waiting(clinic.id, day, day) if e.patient != excluding]
    if not entries:
        return []
    # Only what is really free now: not booked, nor held for a patient in the middle of booking it.
    free = await booking.availability(uow, clinic, now)
    queued: list[Conversation] = []
    for entry, slot in matching(clinic, entries, freed, now):
        if not free.of(clinic.service_for(entry.want.service_id, slot.doctor_id)).contains(slot):
            continue
        made = WaitlistOffer(
            str(uuid.uuid4()), entry.id, clinic.id, entry.patient, slot, now, now + OFFER_FOR
        )
        session = await uow.sessions.get(clinic.id, entry.patient)
        within = session is not None and session.window_open(now)
        spoken = clinic.speaking(session.language if session is not None else None)
        message = (
            words.offer(spoken, entry, made, now)
            if within
            else words.offer_template(spoken, entry, made, now)
        )
        await uow.waitlist.offer(made)
        await uow.outbox.add(clinic.id, entry.patient, [message], now)
        queued.append((clinic.id, entry.patient))
        log.info("a freed time was offered to waitlist entry %s", entry.id)
    return queued


async def appointment_freed(
    uow: UnitOfWork, clinic: Clinic, appointment: Appointment, now: datetime
) -> list[Conversation]:
    """``appointment`` was cancelled (or is about to move): its time goes to the waitlist."""
    if appointment.starts_at <= now:
        return []
    freed = FreedTime(
        clinic.id, appointment.doctor_id, appointment.starts_at, appointment.ends_at, appointment.service_id
    )
    return await slot_freed(uow, clinic, freed, now, excluding=appointment.patient)


async def booked(uow: UnitOfWork, clinic: Clinic, appointment: Appointment, now: datetime) -> None:
    """After a booking: the patient's entries for that day are done, their offer of that time (if
    any) taken, and every other open offer of it withdrawn, its patient told it has gone (they
    stay on the list). Only offers still open change, so nobody is told twice."""
    day = clinic.local(appointment.starts_at).date()
    for entry in await uow.waitlist.of_patient(clinic.id, appointment.patient):
        if entry.want.day == day:
            await uow.waitlist.update(entry.booked())
    withdrawn = await uow.waitlist.withdraw(
        clinic.id, appointment.doctor_id, appointment.starts_at, appointment.ends_at, appointment.patient
    )
    told: set[PatientAddress] = set()
    for offer in withdrawn:
        if offer.patient in told:
            continue
        told.add(offer.patient)
        message = await _carried(uow, clinic, offer.patient, words.gone, now)
        if message is not None:
            await uow.outbox.add(clinic.id, offer.patient, [message], now)
    if withdrawn:
        log.info("a waitlist offer was taken: %d other patients told it has gone", len(told))


async def _carried(
    uow: UnitOfWork,
    clinic: Clinic,
    patient: PatientAddress,
    telling: Callable[[Clinic], TextReply],
    now: datetime,
) -> OutboundMessage | None:
    """The message as it reaches the patient, in their conversation's language: itself within the
    24-hour window, else in the clinic's re-engagement template (None without one: WhatsApp would
    drop it)."""
    session = await uow.sessions.get(clinic.id, patient)
    spoken = clinic.speaking(session.language if session is not None else None)
    message = telling(spoken)
    if session is not None and session.window_open(now):
        return message
    return reengagement_template(spoken, message.body)


@dataclass(frozen=True)
class WaitlistDesk:
    """The waitlist as a patient uses it in the chat, on one message's desk and unit of work."""

    desk: BookingDesk
    uow: UnitOfWork

    async def join(self, day: date, at: time | None) -> list[OutboundMessage]:
        desk = self.desk
        clinic, session = desk.clinic, desk.session
        if not desk.today <= day <= desk.today + timedelta(days=clinic.policy.horizon_days):
            return [words.cannot_wait(clinic), *desk.follow_up()]
        fields = session.collected
        want = Want(
            day=day,
            part=fields.part if at is None else None,
            at=at,
            doctor_id=fields.doctor_id,
            service_id=fields.service_id,
        )
        owner = session.owner
        name = fields.patient_name or (owner.name if owner is not None else "")
        entry = WaitlistEntry(str(uuid.uuid4()), clinic.id, session.patient, name, want, desk.now)
        if not await self.uow.waitlist.add(entry):
            return [words.already_waiting(clinic, want, desk.today)]
        log.info("waitlist entry %s added", entry.id)
        if session.booking_in_progress and fields.slot is None:
            session.abandon()  # waiting instead: the booking in progress is set aside
        return [words.joined(clinic, want, desk.today)]

    async def leave(self) -> list[OutboundMessage]:
        clinic, session = self.desk.clinic, self.desk.session
        entries = await self.uow.waitlist.of_patient(clinic.id, session.patient)
        if not entries:
            return [words.not_waiting(clinic), *self.desk.follow_up()]
        for entry in entries:
            await self.uow.waitlist.update(entry.left())
        log.info("a patient left the waitlist (%d entries)", len(entries))
        return [words.left(clinic), *self.desk.follow_up()]

    async def take(self, offer_id: str, confirm: Confirms) -> list[OutboundMessage]:
        """ "Reservar" on an offer: booked at once when the entry says whom it is for, else the
        usual question first. Of two patients taking one time at once, the store decides."""
        desk, uow = self.desk, self.uow
        offer = await self._own(offer_id)
        if offer is None:
            return [texts.unknown_option(desk.clinic), *desk.follow_up()]
        if offer.state is OfferState.TAKEN:
            return [texts.already_booked(desk.clinic)]
        if offer.state is OfferState.GONE and offer.expires_at > desk.now:
            return []  # another patient booked it a moment ago: the notice that it has gone is theirs
        if not offer.lasts(desk.now):
            await uow.waitlist.settle(offer.id, OfferState.GONE)
            return [words.gone(desk.clinic)]
        waiting = await uow.waitlist.of_patient(desk.clinic.id, offer.patient)
        entry = next((e for e in waiting if e.id == offer.entry_id), None)
        session = desk.session
        if session.booking_in_progress:  # a booking or a move under way is set aside for the offer
            session.abandon()
        session.start_booking()
        if entry is not None and entry.want.service_id is not None:
            session.choose_service(entry.want.service_id, keep_doctor=False)
        session.choose_doctor(offer.slot.doctor_id)
        day = desk.clinic.local(offer.slot.starts_at).date()
        session.choose_day(day)
        session.choose_slot(offer.slot, day)
        if entry is None or not entry.person_name:
            return [desk.prompt()]  # whom it is for; the time is held for them meanwhile
        session.give_name(entry.person_name)
        replies = await confirm(uow, desk)
        if desk.appointments_changed:
            return replies
        # Another patient booked it first: they stay on the list. Told once: if the winner's
        # booking already withdrew this offer, its notice is on its way.
        session.abandon()
        if await uow.waitlist.settle(offer.id, OfferState.GONE):
            return [words.gone(desk.clinic)]
        return []

    async def decline(self, offer_id: str) -> list[OutboundMessage]:
        offer = await self._own(offer_id)
        if offer is None:
            return [texts.unknown_option(self.desk.clinic), *self.desk.follow_up()]
        await self.uow.waitlist.settle(offer.id, OfferState.DECLINED)  # held for them no more
        return [words.passed(self.desk.clinic), *self.desk.follow_up()]

    async def _own(self, offer_id: str) -> WaitlistOffer | None:
        offer = await self.uow.waitlist.offer_of(offer_id)
        session = self.desk.session
        if offer is None or offer.clinic_id != session.clinic_id or offer.patient != session.patient:
            return None
        return offer


class Confirms(Protocol):
    """What ``take`` books with: ``ConfirmBooking``."""

    async def __call__(self, uow: UnitOfWork, desk: BookingDesk) -> list[OutboundMessage]: ...


@dataclass(frozen=True)
class WaitlistBoard:
    """The waitlist as staff read it: who waits, for what, since when."""

    unit_of_work: UnitOfWorkFactory
    clock: Clock

    async def waiting(self, clinic: Clinic) -> list[WaitlistEntry]:
        """The clinic's waiting entries for today on, first come first."""
        today = clinic.today(self.clock.now())
        async with self.unit_of_work() as uow:
            return await uow.waitlist.waiting(
                clinic.id, today, today + timedelta(days=clinic.policy.horizon_days)
            )
