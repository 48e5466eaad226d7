"""The appointment aggregate: a patient's booked time with a doctor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from domain.availability import Interval, Slot
from domain.clinic import Clinic
from domain.errors import (
    AlreadyCancelled,
    AppointmentPassed,
    BookingTooSoon,
    InvalidAppointment,
    OutsideBookingHorizon,
    VisitNotDue,
)
from domain.ids import AppointmentId, ClinicId, DoctorId, PatientAddress, ServiceId
from domain.services import Service


class AppointmentStatus(StrEnum):
    BOOKED = "booked"
    CANCELLED = "cancelled"


class VisitOutcome(StrEnum):
    ATTENDED = "attended"
    NO_SHOW = "no_show"


class BookingSource(StrEnum):
    WHATSAPP = "whatsapp"
    STAFF = "staff"


@dataclass
class Appointment:
    id: AppointmentId
    clinic_id: ClinicId
    doctor_id: DoctorId
    patient: PatientAddress
    patient_name: str
    starts_at: datetime
    ends_at: datetime
    status: AppointmentStatus = AppointmentStatus.BOOKED
    source: BookingSource = BookingSource.WHATSAPP
    cancelled_at: datetime | None = None
    service: str = ""  # the doctor's specialty when booked: what recall campaigns look back on
    attendance_confirmed_at: datetime | None = None
    visit: VisitOutcome | None = None  # recorded by staff once the time has come
    visit_recorded_at: datetime | None = None
    service_id: ServiceId | None = None  # what the visit is for (the clinic's services); None: a plain visit

    def __post_init__(self) -> None:
        if self.starts_at.tzinfo is None or self.ends_at.tzinfo is None:
            raise InvalidAppointment("appointment times must be timezone-aware")
        if self.ends_at <= self.starts_at:
            raise InvalidAppointment("an appointment must end after it starts")

    @classmethod
    def book(
        cls,
        appointment_id: AppointmentId,
        clinic: Clinic,
        slot: Slot,
        *,
        patient: PatientAddress,
        patient_name: str,
        now: datetime,
        source: BookingSource = BookingSource.WHATSAPP,
        service: Service | None = None,
    ) -> Appointment:
        """Book ``slot`` for ``service``, refusing times in the past, inside the notice or past the
        horizon, and a doctor who does not do the service."""
        specialty = _bookable(clinic, slot, now, service)
        return cls(
            id=appointment_id,
            clinic_id=clinic.id,
            doctor_id=slot.doctor_id,
            patient=patient,
            patient_name=patient_name,
            starts_at=slot.starts_at,
            ends_at=slot.ends_at,
            source=source,
            service=specialty,
            service_id=service.id if service is not None else None,
        )

    @property
    def interval(self) -> Interval:
        return Interval(self.starts_at, self.ends_at)

    @property
    def holds_time(self) -> bool:
        return self.status is not AppointmentStatus.CANCELLED

    def is_upcoming(self, now: datetime) -> bool:
        return self.holds_time and self.starts_at > now

    def cancel(self, now: datetime) -> None:
        if self.status is AppointmentStatus.CANCELLED:
            raise AlreadyCancelled(f"appointment {self.id} is already cancelled")
        if self.starts_at <= now:
            raise AppointmentPassed(f"appointment {self.id} has already started")
        self.status = AppointmentStatus.CANCELLED
        self.cancelled_at = now

    def reschedule(self, clinic: Clinic, slot: Slot, now: datetime) -> None:
        """Move to ``slot``, under the same rules as a new booking; a moved visit is unconfirmed again."""
        if self.status is AppointmentStatus.CANCELLED:
            raise AlreadyCancelled(f"appointment {self.id} is cancelled")
        if self.starts_at <= now:
            raise AppointmentPassed(f"appointment {self.id} has already started")
        self.service = _bookable(clinic, slot, now, clinic.service(self.service_id))
        self.doctor_id = slot.doctor_id
        self.starts_at = slot.starts_at
        self.ends_at = slot.ends_at
        self.attendance_confirmed_at = None

    def record_visit(self, outcome: VisitOutcome, now: datetime) -> None:
        """Staff note whether the patient came; a second note corrects the first."""
        if self.status is AppointmentStatus.CANCELLED:
            raise VisitNotDue(f"appointment {self.id} was cancelled")
        if self.starts_at > now:
            raise VisitNotDue(f"appointment {self.id} has not started yet")
        self.visit = outcome
        self.visit_recorded_at = now

    def confirm_attendance(self, now: datetime) -> None:
        """The patient says they will come (a reminder's quick reply)."""
        if not self.is_upcoming(now):
            raise AppointmentPassed(f"appointment {self.id} is not upcoming")
        if self.attendance_confirmed_at is None:
            self.attendance_confirmed_at = now


def _bookable(clinic: Clinic, slot: Slot, now: datetime, service: Service | None) -> str:
    """The specialty of a slot a patient may take now; refuses what a booking may not hold."""
    doctor = clinic.doctor(slot.doctor_id)
    if doctor is None:
        raise InvalidAppointment(f"doctor {slot.doctor_id} does not work at clinic {clinic.id}")
    if service is not None and not service.done_by(doctor.id):
        raise InvalidAppointment(f"doctor {doctor.id} does not do {service.id}")
    if slot.starts_at < now + clinic.policy.minimum_notice:
        raise BookingTooSoon("the slot starts in the past or inside the minimum notice")
    if clinic.local(slot.starts_at).date() > clinic.today(now) + timedelta(days=clinic.policy.horizon_days):
        raise OutsideBookingHorizon("the slot is beyond the booking horizon")
    return doctor.specialty
