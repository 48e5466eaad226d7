"""Booking, moving and cancelling appointments: one set of rules for the bot and the front desk.

Every change is staged in the caller's unit of work, with what goes with it: a booking with
its reminders, a move with its reminders replaced, a cancellation with its reminders dropped.
The slot is checked against the caller's fresh availability, and the store's own guard
(``SlotTaken``, an exclusion constraint in PostgreSQL) has the last word: two people
confirming one slot never both get it.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, time, timedelta

from application.ports import UnitOfWork
from domain.appointment import Appointment, BookingSource
from domain.availability import Availability, Slot
from domain.clinic import Clinic
from domain.errors import SlotTaken
from domain.ids import AppointmentId, PatientAddress
from domain.reminder import reminders_for
from domain.services import Service


async def availability(
    uow: UnitOfWork,
    clinic: Clinic,
    now: datetime,
    holder: PatientAddress | None = None,
    *,
    moving: Appointment | None = None,
) -> Availability:
    """Free slots from today to the booking horizon: neither booked nor held for another patient
    (``holder``'s own hold, and a time offered to them from the waitlist, stay free for them;
    ``moving``'s own time is free for itself, so an appointment may move half an hour into the time
    it leaves)."""
    today = clinic.today(now)
    last_day = today + timedelta(days=clinic.policy.horizon_days)
    window_start = datetime.combine(today - timedelta(days=1), time(), tzinfo=clinic.timezone).astimezone(UTC)
    window_end = datetime.combine(last_day + timedelta(days=2), time(), tzinfo=clinic.timezone).astimezone(
        UTC
    )
    doctors = [d.id for d in clinic.doctors]
    busy = await uow.appointments.busy(clinic.id, doctors, window_start, window_end)
    if moving is not None and moving.holds_time:
        mine = busy.get(moving.doctor_id, [])
        if moving.interval in mine:
            mine.remove(moving.interval)
    held = await uow.holds.held(clinic.id, doctors, window_start, window_end, now, excluding=holder)
    # A freed time offered to the waitlist is held for the patients it went to (``domain.waitlist``).
    offered = await uow.waitlist.held(clinic.id, doctors, window_start, window_end, now, excluding=holder)
    for doctor_id in doctors:
        spans = [*held.get(doctor_id, ()), *offered.get(doctor_id, ())]
        if spans:
            busy[doctor_id] = [*busy.get(doctor_id, ()), *spans]
    return Availability.compute(clinic, busy=busy, now=now, first_day=today, last_day=last_day)


async def book(
    uow: UnitOfWork,
    clinic: Clinic,
    free: Availability,
    slot: Slot,
    *,
    patient: PatientAddress,
    name: str,
    now: datetime,
    source: BookingSource = BookingSource.WHATSAPP,
    service: Service | None = None,
) -> Appointment:
    """A new appointment for ``service`` in ``slot`` with the clinic's reminders; raises
    ``SlotUnavailable`` (taken, too soon or too far). ``free`` must be ``service``'s free times."""
    if not free.contains(slot):
        raise SlotTaken("the slot is no longer free")
    appointment = Appointment.book(
        AppointmentId(str(uuid.uuid4())),
        clinic,
        slot,
        patient=patient,
        patient_name=name,
        now=now,
        source=source,
        service=service,
    )
    await uow.appointments.add(appointment)
    await uow.reminders.schedule(reminders_for(appointment, now, clinic.reminders.offsets))
    return appointment


async def move(
    uow: UnitOfWork, clinic: Clinic, free: Availability, appointment: Appointment, slot: Slot, now: datetime
) -> None:
    """``appointment`` moved to ``slot``, its pending reminders replaced; raises ``SlotUnavailable``
    or ``AppointmentPassed``."""
    if not free.contains(slot):
        raise SlotTaken("the slot is no longer free")
    appointment.reschedule(clinic, slot, now)
    await uow.appointments.update(appointment)
    await uow.reminders.cancel(appointment.id)
    await uow.reminders.schedule(reminders_for(appointment, now, clinic.reminders.offsets))


async def cancel(uow: UnitOfWork, appointment: Appointment, now: datetime) -> None:
    """``appointment`` cancelled: its time is free again and its reminders are not sent. Raises
    ``AppointmentPassed`` once it has started."""
    appointment.cancel(now)
    await uow.appointments.update(appointment)
    await uow.reminders.cancel(appointment.id)


def reminder_offsets(clinic: Clinic, appointment: Appointment, now: datetime) -> list[timedelta]:
    """How long before the appointment its reminders go (those already past are not sent)."""
    return [r.before for r in reminders_for(appointment, now, clinic.reminders.offsets)]
