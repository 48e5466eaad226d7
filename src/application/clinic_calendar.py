"""The clinic's time as the front desk looks at it: each day's appointments, the free times a
patient could book, and the times held while a patient confirms by chat; and, for one
appointment, the free times it could move to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from application import booking
from application.ports import ClinicDirectory, Clock, UnitOfWorkFactory, UnknownClinic
from application.staff import InvalidRequest, UnknownAppointment
from domain.appointment import Appointment
from domain.availability import Interval, Slot
from domain.clinic import Clinic
from domain.ids import AppointmentId, ClinicId, DoctorId

MAX_DAYS = 31  # days one look covers at most


@dataclass(frozen=True, slots=True)
class HeldTime:
    """A doctor's time held for a patient who is confirming it by chat (whose, nobody is told)."""

    doctor_id: DoctorId
    interval: Interval


@dataclass(frozen=True, slots=True)
class CalendarDay:
    day: date
    appointments: tuple[Appointment, ...]  # those holding time (not cancelled), by start
    free: tuple[Slot, ...]  # bookable now, each doctor's plain visit
    held: tuple[HeldTime, ...]


@dataclass(frozen=True, slots=True)
class CalendarSpan:
    clinic: Clinic
    today: date
    doctor_id: DoctorId | None  # None: the whole clinic
    days: tuple[CalendarDay, ...]


@dataclass(frozen=True, slots=True)
class MoveOptions:
    appointment: Appointment
    doctor_id: DoctorId  # whose free times these are
    doctors: tuple[DoctorId, ...]  # the doctors who do the appointment's service
    free: tuple[Slot, ...]  # as long as the appointment's service takes, soonest first


@dataclass(frozen=True, slots=True)
class ClinicCalendar:
    """Reads only: changes go through ``AgendaDesk`` (``move``, ``cancel``)."""

    clinics: ClinicDirectory
    unit_of_work: UnitOfWorkFactory
    clock: Clock

    async def span(
        self, clinic_id: ClinicId, first_day: date, days: int, doctor_id: DoctorId | None = None
    ) -> CalendarSpan:
        """``days`` clinic-local days from ``first_day``, of one doctor or (None) every doctor."""
        clinic = await self._clinic(clinic_id)
        if doctor_id is not None and clinic.doctor(doctor_id) is None:
            raise InvalidRequest(f"no doctor {doctor_id!r} at this clinic")
        if not 1 <= days <= MAX_DAYS:
            raise InvalidRequest(f"between 1 and {MAX_DAYS} days")
        now = self.clock.now()
        try:
            start, end = (
                datetime.combine(day, time(), tzinfo=clinic.timezone).astimezone(UTC)
                for day in (first_day, first_day + timedelta(days=days))
            )
        except OverflowError:
            raise InvalidRequest(f"{days} days from {first_day} run off the calendar") from None
        doctors = [doctor_id] if doctor_id is not None else [d.id for d in clinic.doctors]
        async with self.unit_of_work() as uow:
            found = await uow.appointments.between(clinic_id, start, end)
            held = await uow.holds.held(clinic_id, doctors, start, end, now)
            free = await booking.availability(uow, clinic, now)
        ours = [a for a in found if a.holds_time and a.doctor_id in doctors]
        holds = sorted(
            (HeldTime(d, span) for d, spans in held.items() for span in spans),
            key=lambda h: (h.interval.start, doctors.index(h.doctor_id)),
        )
        shown = []
        for offset in range(days):
            day = first_day + timedelta(days=offset)
            shown.append(
                CalendarDay(
                    day,
                    tuple(a for a in ours if clinic.local(a.starts_at).date() == day),
                    tuple(s for s in free.matching(day=day) if s.doctor_id in doctors),
                    tuple(h for h in holds if clinic.local(h.interval.start).date() == day),
                )
            )
        return CalendarSpan(clinic, clinic.today(now), doctor_id, tuple(shown))

    async def move_options(
        self, clinic_id: ClinicId, appointment_id: AppointmentId, doctor_id: DoctorId | None, days: int = 14
    ) -> MoveOptions:
        """Where the appointment could move: ``doctor_id``'s (else its own doctor's) free times
        over the next ``days`` days, as long as its service takes (the time it leaves is free)."""
        clinic = await self._clinic(clinic_id)
        now = self.clock.now()
        async with self.unit_of_work() as uow:
            appointment = await uow.appointments.get(appointment_id)
            if appointment is None or appointment.clinic_id != clinic_id:
                raise UnknownAppointment(f"no appointment {appointment_id} at this clinic")
            free = await booking.availability(uow, clinic, now, moving=appointment)
        service = clinic.service(appointment.service_id)
        doctors = tuple(d.id for d in clinic.doctors_for(service))
        chosen = doctor_id if doctor_id in doctors else appointment.doctor_id
        last = clinic.today(now) + timedelta(days=days)
        slots = tuple(
            s
            for s in free.of(service).matching(doctor_id=chosen)
            if clinic.local(s.starts_at).date() < last
            and (s.starts_at, s.doctor_id) != (appointment.starts_at, appointment.doctor_id)
        )
        return MoveOptions(appointment, chosen, doctors, slots)

    async def _clinic(self, clinic_id: ClinicId) -> Clinic:
        clinic = await self.clinics.get(clinic_id)
        if clinic is None:
            raise UnknownClinic(f"no clinic {clinic_id!r}")
        return clinic
