"""ConfirmBooking: turn the slot a patient confirmed into an appointment with its reminders."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from application import texts_es as texts
from application.booking_desk import BookingDesk
from application.messages import OutboundMessage
from application.ports import UnitOfWork
from domain.appointment import Appointment
from domain.conversation import ConversationState
from domain.errors import BookingTooSoon, OutsideBookingHorizon, SlotTaken
from domain.ids import AppointmentId
from domain.reminder import DEFAULT_OFFSETS, reminders_for

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ConfirmBooking:
    """Book the slot a session is confirming.

    The appointment, its reminders and the session's new state are staged in the
    caller's unit of work, so they commit together or not at all. The slot is checked
    again against fresh availability, and the store's own guard (``SlotTaken``) has the
    last word: two patients confirming the same slot never both get it.
    """

    reminder_offsets: Sequence[timedelta] = DEFAULT_OFFSETS

    async def __call__(self, uow: UnitOfWork, desk: BookingDesk) -> list[OutboundMessage]:
        session, clinic = desk.session, desk.clinic
        if session.state is ConversationState.CONFIRMED and session.last_appointment_id:
            return [texts.already_booked()]
        slot, name = session.collected.slot, session.collected.patient_name
        if session.state is not ConversationState.CONFIRMING or slot is None or not name:
            return [texts.nothing_to_confirm()]
        try:
            if not desk.availability.contains(slot):
                raise SlotTaken("the slot is no longer free")
            appointment = Appointment.book(
                AppointmentId(str(uuid.uuid4())),
                clinic,
                slot,
                patient=session.patient,
                patient_name=name,
                now=desk.now,
            )
            await uow.appointments.add(appointment)
        except (SlotTaken, BookingTooSoon, OutsideBookingHorizon) as refused:
            log.info("booking refused for %s: %s", session.patient.masked(), type(refused).__name__)
            session.release_slot()
            others = [s for s in desk.availability.nearest(slot.starts_at, count=4) if s != slot][:3]
            return [texts.slot_just_taken(clinic, others, desk.today)]
        await uow.reminders.schedule(reminders_for(appointment, desk.now, self.reminder_offsets))
        calls = session.model_calls
        session.confirmed(appointment.id)
        doctor = clinic.doctor(appointment.doctor_id)
        if doctor is None:  # Appointment.book already refused unknown doctors
            raise ValueError(f"doctor {appointment.doctor_id} vanished from clinic {clinic.id}")
        log.info("appointment %s booked with %s after %d model calls", appointment.id, doctor.id, calls)
        return [texts.booked(clinic, doctor, name, appointment.starts_at, desk.today)]
