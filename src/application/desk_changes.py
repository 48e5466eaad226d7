"""The one place where staff cancel or move an appointment (the console's agenda and calendar, the
staff API): the change, its reminders, and what the patient is told, staged in one unit of work.

Each returns the time it freed, and offers it to the waitlist in the same unit of work
(``application.waitlist``): the first patients waiting for it get it as a hold.

The patient hears of it as the clinic speaking (recorded in the conversation, so staff see what
was said), with the calendar file that updates their phone's entry. Like every reply, it goes
through the outbox: outside WhatsApp's 24-hour window a refusal sends the text again as the
clinic's approved re-engagement template (``application.reengagement``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from application import booking, waitlist
from application.calendar_file import calendar_file
from application.messages import ButtonsReply
from application.ports import UnitOfWork
from application.texts_es import visits
from domain.appointment import Appointment
from domain.availability import Availability, Interval, Slot
from domain.clinic import Clinic
from domain.conversation import Speaker
from domain.waitlist import FreedTime


async def cancel(uow: UnitOfWork, clinic: Clinic, appointment: Appointment, now: datetime) -> Interval:
    """``appointment`` cancelled by the clinic, its reminders dropped, the patient told; raises
    ``AppointmentPassed`` once it has started."""
    freed = appointment.interval
    await booking.cancel(uow, appointment, now)
    await waitlist.appointment_freed(uow, clinic, appointment, now)  # its time, to the waitlist
    await _tell(uow, clinic, appointment, visits.cancelled_by_clinic, now)
    return freed


async def move(
    uow: UnitOfWork, clinic: Clinic, free: Availability, appointment: Appointment, slot: Slot, now: datetime
) -> Interval:
    """``appointment`` moved by the clinic to ``slot`` (a free time of ``free``), its reminders
    replaced, the patient told; raises ``SlotUnavailable`` or ``AppointmentPassed``."""
    freed = appointment.interval
    was = FreedTime(clinic.id, appointment.doctor_id, freed.start, freed.end, appointment.service_id)
    await booking.move(uow, clinic, free, appointment, slot, now)
    await waitlist.booked(uow, clinic, appointment, now)  # offers of the new time: withdrawn
    await waitlist.slot_freed(uow, clinic, was, now, excluding=appointment.patient)  # the old, offered
    await _tell(uow, clinic, appointment, visits.moved_by_clinic, now)
    return freed


async def _tell(
    uow: UnitOfWork,
    clinic: Clinic,
    appointment: Appointment,
    telling: Callable[[Clinic, Appointment, date], ButtonsReply],
    now: datetime,
) -> None:
    """The patient told, in their conversation's language, with the calendar file."""
    session = await uow.sessions.get(clinic.id, appointment.patient)
    spoken = clinic.speaking(session.language if session is not None else None)
    told = telling(spoken, appointment, spoken.today(now))
    if session is not None:  # staff see in the conversation what the patient was told
        session.record(Speaker.STAFF, told.body, now)
        await uow.sessions.save(session)
    await uow.outbox.add(clinic.id, appointment.patient, [told, calendar_file(spoken, appointment, now)], now)
