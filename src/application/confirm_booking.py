"""ConfirmBooking: turn the slot a patient confirmed into an appointment (or a moved one) with reminders."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass

from application import booking, waitlist
from application import texts_es as texts
from application.booking_desk import BookingDesk
from application.calendar_file import calendar_file
from application.messages import OutboundMessage
from application.ports import UnitOfWork
from application.texts_es import visits
from domain.availability import Slot
from domain.conversation import CollectedFields, ConversationState
from domain.errors import AppointmentPassed, SlotUnavailable
from domain.ids import AppointmentId
from domain.people import SOMEONE, Person, PersonId
from domain.waitlist import FreedTime

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ConfirmBooking:
    """Book the slot a session is confirming, or move the appointment the session is rescheduling.

    The appointment, its reminders (the clinic's offsets; any already past are skipped) and
    the session's new state are staged in the caller's unit of work, so they commit together
    or not at all. A moved appointment's pending reminders are replaced in the same unit.
    The slot is checked again against fresh availability, and the store's own guard
    (``SlotTaken``) has the last word: two patients confirming one slot never both get it.
    """

    async def __call__(self, uow: UnitOfWork, desk: BookingDesk) -> list[OutboundMessage]:
        session = desk.session
        if session.state is ConversationState.CONFIRMED and session.last_appointment_id:
            return [texts.already_booked(desk.clinic)]
        slot, name = session.collected.slot, session.collected.patient_name
        if session.state is not ConversationState.CONFIRMING or slot is None or not name:
            return [texts.nothing_to_confirm(desk.clinic)]
        if session.collected.rescheduling is not None:
            return await self._move(uow, desk, session.collected.rescheduling.appointment_id, slot)
        try:
            appointment = await booking.book(
                uow,
                desk.clinic,
                desk.free,
                slot,
                patient=session.patient,
                name=name,
                now=desk.now,
                service=desk.service,
            )
        except SlotUnavailable as refused:
            return _taken(desk, slot, refused)
        desk.booked_or_freed()
        await waitlist.booked(uow, desk.clinic, appointment, desk.now)  # offers of that time: taken, gone
        calls = session.model_calls
        relation = session.collected.relation
        session.remember(_person(session.collected, name))
        session.confirmed(appointment.id)
        doctor = desk.clinic.doctor(appointment.doctor_id)
        if doctor is None:  # Appointment.book already refused unknown doctors
            raise ValueError(f"doctor {appointment.doctor_id} vanished from clinic {desk.clinic.id}")
        log.info("appointment %s booked with %s after %d model calls", appointment.id, doctor.id, calls)
        offsets = booking.reminder_offsets(desk.clinic, appointment, desk.now)
        service = desk.clinic.service(appointment.service_id)
        return [
            texts.booked(desk.clinic, doctor, appointment, desk.today, offsets, service, relation),
            calendar_file(desk.clinic, appointment, desk.now),
        ]

    async def _move(
        self, uow: UnitOfWork, desk: BookingDesk, appointment_id: AppointmentId, slot: Slot
    ) -> list[OutboundMessage]:
        session = desk.session
        appointment = await uow.appointments.get(appointment_id)
        if (
            appointment is None
            or appointment.patient != session.patient
            or not appointment.is_upcoming(desk.now)
        ):
            session.abandon()
            return [visits.appointment_gone(desk.clinic)]
        was = FreedTime(
            desk.clinic.id,
            appointment.doctor_id,
            appointment.starts_at,
            appointment.ends_at,
            appointment.service_id,
        )
        try:
            await booking.move(uow, desk.clinic, desk.free, appointment, slot, desk.now)
        except AppointmentPassed:
            session.abandon()
            return [visits.appointment_gone(desk.clinic)]
        except SlotUnavailable as refused:
            return _taken(desk, slot, refused)
        desk.booked_or_freed()
        session.confirmed(appointment.id)
        log.info("appointment %s moved by the patient", appointment.id)
        await waitlist.booked(uow, desk.clinic, appointment, desk.now)
        await waitlist.slot_freed(uow, desk.clinic, was, desk.now, excluding=session.patient)
        offsets = booking.reminder_offsets(desk.clinic, appointment, desk.now)
        return [
            visits.moved(desk.clinic, appointment, desk.today, offsets),
            calendar_file(desk.clinic, appointment, desk.now),  # the same entry, updated
        ]


def _taken(desk: BookingDesk, slot: Slot, refused: Exception) -> list[OutboundMessage]:
    log.info("booking refused for %s: %s", desk.session.patient.masked(), type(refused).__name__)
    desk.session.release_slot()
    others = [s for s in desk.free.nearest(slot.starts_at, count=4) if s != slot][:3]
    return [texts.slot_just_taken(desk.clinic, others, desk.today)]


def _person(fields: CollectedFields, name: str) -> Person:
    """Whom the appointment was booked for, as one of the phone's people from now on."""
    relation = fields.relation if fields.relation != SOMEONE else None
    person_id = fields.person_id or PersonId(str(uuid.uuid4()))
    return Person(person_id, name, relation)
