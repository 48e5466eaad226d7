"""ConfirmBooking: turn the slot a patient confirmed into an appointment (or a moved one) with reminders."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta

from application import texts_es as texts
from application.booking_desk import BookingDesk
from application.messages import OutboundMessage
from application.ports import UnitOfWork
from application.texts_es import visits
from domain.appointment import Appointment
from domain.availability import Slot
from domain.conversation import ConversationState
from domain.errors import AppointmentPassed, BookingTooSoon, OutsideBookingHorizon, SlotTaken
from domain.ids import AppointmentId
from domain.reminder import reminders_for

log = logging.getLogger(__name__)

_REFUSED = (SlotTaken, BookingTooSoon, OutsideBookingHorizon)


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
            return [texts.already_booked()]
        slot, name = session.collected.slot, session.collected.patient_name
        if session.state is not ConversationState.CONFIRMING or slot is None or not name:
            return [texts.nothing_to_confirm()]
        if session.collected.rescheduling is not None:
            return await self._move(uow, desk, session.collected.rescheduling.appointment_id, slot)
        try:
            if not desk.availability.contains(slot):
                raise SlotTaken("the slot is no longer free")
            appointment = Appointment.book(
                AppointmentId(str(uuid.uuid4())),
                desk.clinic,
                slot,
                patient=session.patient,
                patient_name=name,
                now=desk.now,
            )
            await uow.appointments.add(appointment)
        except _REFUSED as refused:
            return _taken(desk, slot, refused)
        desk.booked_or_freed()
        offsets = await _remind(uow, desk, appointment)
        calls = session.model_calls
        session.confirmed(appointment.id)
        doctor = desk.clinic.doctor(appointment.doctor_id)
        if doctor is None:  # Appointment.book already refused unknown doctors
            raise ValueError(f"doctor {appointment.doctor_id} vanished from clinic {desk.clinic.id}")
        log.info("appointment %s booked with %s after %d model calls", appointment.id, doctor.id, calls)
        return [texts.booked(desk.clinic, doctor, name, appointment.starts_at, desk.today, offsets)]

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
            return [visits.appointment_gone()]
        try:
            if not desk.availability.contains(slot):
                raise SlotTaken("the slot is no longer free")
            appointment.reschedule(desk.clinic, slot, desk.now)
            await uow.appointments.update(appointment)
        except AppointmentPassed:
            session.abandon()
            return [visits.appointment_gone()]
        except _REFUSED as refused:
            return _taken(desk, slot, refused)
        desk.booked_or_freed()
        await uow.reminders.cancel(appointment.id)
        offsets = await _remind(uow, desk, appointment)
        session.confirmed(appointment.id)
        log.info("appointment %s moved by the patient", appointment.id)
        return [visits.moved(desk.clinic, appointment, desk.today, offsets)]


async def _remind(uow: UnitOfWork, desk: BookingDesk, appointment: Appointment) -> list[timedelta]:
    reminders = reminders_for(appointment, desk.now, desk.clinic.reminders.offsets)
    await uow.reminders.schedule(reminders)
    return [r.before for r in reminders]


def _taken(desk: BookingDesk, slot: Slot, refused: Exception) -> list[OutboundMessage]:
    log.info("booking refused for %s: %s", desk.session.patient.masked(), type(refused).__name__)
    desk.session.release_slot()
    others = [s for s in desk.availability.nearest(slot.starts_at, count=4) if s != slot][:3]
    return [texts.slot_just_taken(desk.clinic, others, desk.today)]
