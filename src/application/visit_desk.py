"""Appointments already booked, as a patient manages them from the chat: ask, confirm, cancel, move.

An appointment id arrives from a button, so it is a claim, not a fact: it is acted on only
if it names an upcoming appointment of this patient at this clinic.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from application import booking, waitlist
from application import texts_es as texts
from application.booking_desk import BookingDesk
from application.calendar_file import calendar_file
from application.messages import OutboundMessage
from application.ports import UnitOfWork
from application.texts_es import visits
from domain.appointment import Appointment
from domain.conversation import Rescheduling
from domain.ids import AppointmentId
from domain.people import SELF, same_name
from domain.understanding import Intent, Understanding

log = logging.getLogger(__name__)


@dataclass
class VisitDesk:
    """One message's worth of decisions about the patient's booked appointments."""

    desk: BookingDesk
    uow: UnitOfWork

    async def mine(self, meaning: Understanding | None = None) -> list[Appointment]:
        """The phone's upcoming appointments; those of the person the patient spoke of, if any
        ("¿a qué hora es la cita de Mateo?", "cancelar la hora de mi hija")."""
        session = self.desk.session
        found = await self.uow.appointments.upcoming(session.clinic_id, session.patient, self.desk.now)
        names = self._named(meaning) if meaning is not None else []
        theirs = [a for a in found if any(_names(name, a.patient_name) for name in names)]
        return theirs or found

    def _named(self, meaning: Understanding) -> list[str]:
        """The names the patient's words point at: a name said, or the people of a relation."""
        session = self.desk.session
        if meaning.patient_name:
            return [meaning.patient_name]
        if meaning.relation == SELF:
            return [session.owner.name] if session.owner is not None else []
        return [
            p.name for p in session.people if meaning.relation is not None and p.relation == meaning.relation
        ]

    async def show(self, meaning: Understanding | None = None) -> list[OutboundMessage]:
        appointments = await self.mine(meaning)
        if not appointments:
            return [visits.no_upcoming(self.desk.clinic)]
        return [visits.your_appointments(self.desk.clinic, appointments, self.desk.today)]

    async def ask_cancel(self, meaning: Understanding | None = None) -> list[OutboundMessage]:
        appointments = await self.mine(meaning)
        if not appointments:
            return [texts.nothing_to_cancel(self.desk.clinic)]
        if len(appointments) == 1:
            return [visits.ask_cancel(self.desk.clinic, appointments[0], self.desk.today)]
        return [visits.which_one(self.desk.clinic, appointments, self.desk.today, to_cancel=True)]

    async def ask_move(self, meaning: Understanding) -> list[OutboundMessage]:
        """ "Cambiar mi cita para el viernes": start moving the one appointment, with what was said."""
        appointments = await self.mine(meaning)
        if not appointments:
            return [visits.no_upcoming(self.desk.clinic)]
        if len(appointments) > 1:
            return [visits.which_one(self.desk.clinic, appointments, self.desk.today, to_cancel=False)]
        [appointment] = appointments
        self._start_moving(appointment)
        if not meaning.has_booking_details:
            return [self.desk.prompt(lead=visits.moving(self.desk.clinic, appointment, self.desk.today))]
        details = Understanding(Intent.BOOK, day=meaning.day, part=meaning.part, time=meaning.time)
        return self.desk.understood(details)

    async def move(self, appointment_id: AppointmentId | None) -> list[OutboundMessage]:
        appointment = await self._own(appointment_id)
        if appointment is None:
            return [visits.appointment_gone(self.desk.clinic)]
        self._start_moving(appointment)
        return [self.desk.prompt(lead=visits.moving(self.desk.clinic, appointment, self.desk.today))]

    async def cancel(self, appointment_id: AppointmentId | None) -> list[OutboundMessage]:
        appointment = await self._own(appointment_id)
        if appointment is None:
            return [visits.appointment_gone(self.desk.clinic)]
        await booking.cancel(self.uow, appointment, self.desk.now)
        self.desk.booked_or_freed()
        await waitlist.appointment_freed(self.uow, self.desk.clinic, appointment, self.desk.now)
        session = self.desk.session
        moving = session.collected.rescheduling
        if moving is not None and moving.appointment_id == appointment.id:
            session.abandon()
        log.info("appointment %s cancelled by the patient", appointment.id)
        return [
            visits.cancelled(self.desk.clinic, appointment, self.desk.today),
            calendar_file(self.desk.clinic, appointment, self.desk.now),  # takes it off their calendar
        ]

    async def attend(self, appointment_id: AppointmentId | None) -> list[OutboundMessage]:
        appointment = await self._own(appointment_id)
        if appointment is None:
            return [visits.appointment_gone(self.desk.clinic)]
        appointment.confirm_attendance(self.desk.now)
        await self.uow.appointments.update(appointment)
        log.info("attendance confirmed for appointment %s", appointment.id)
        return [visits.attendance_confirmed(self.desk.clinic, appointment, self.desk.today)]

    def keep(self) -> list[OutboundMessage]:
        return [visits.kept(self.desk.clinic), *self.desk.follow_up()]

    def _start_moving(self, appointment: Appointment) -> None:
        moving = Rescheduling(appointment.id, appointment.starts_at)
        self.desk.session.start_rescheduling(
            moving, appointment.doctor_id, appointment.patient_name, appointment.service_id
        )

    async def _own(self, appointment_id: AppointmentId | None) -> Appointment | None:
        if appointment_id is None:
            return None
        appointment = await self.uow.appointments.get(appointment_id)
        session = self.desk.session
        if (
            appointment is None
            or appointment.clinic_id != session.clinic_id
            or appointment.patient != session.patient
            or not appointment.is_upcoming(self.desk.now)
        ):
            log.info("a button named an appointment that is not the patient's upcoming one")
            return None
        return appointment


def _names(said: str, booked: str) -> bool:
    """Whether a name the patient said is the appointment's: the whole name, or its first name."""
    return same_name(said, booked) or (" " not in said.strip() and same_name(said, booked.split()[0]))
