"""Small builders for clinics and doctors, so each test states only what it is about."""

from __future__ import annotations

from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

from application.pseudonyms import Pseudonyms
from domain.clinic import BookingPolicy, Clinic, Doctor, FaqEntry, TimeRange, WeeklyHours
from domain.ids import ClinicId, DoctorId

WEEKDAYS_9_TO_13_AND_15_TO_19 = {
    weekday: (TimeRange(time(9), time(13)), TimeRange(time(15), time(19))) for weekday in range(5)
}


def hours(ranges: dict[int, list[tuple[str, str]]]) -> WeeklyHours:
    return WeeklyHours(
        {
            weekday: tuple(TimeRange(time.fromisoformat(a), time.fromisoformat(b)) for a, b in spans)
            for weekday, spans in ranges.items()
        }
    )


def doctor(
    doctor_id: str = "perez",
    *,
    name: str = "Dra. Camila Pérez",
    specialty: str = "Odontología general",
    slot_minutes: int = 30,
    weekly: WeeklyHours | None = None,
    days_off: frozenset[date] = frozenset(),
) -> Doctor:
    return Doctor(
        id=DoctorId(doctor_id),
        name=name,
        specialty=specialty,
        slot_length=timedelta(minutes=slot_minutes),
        hours=weekly if weekly is not None else WeeklyHours(WEEKDAYS_9_TO_13_AND_15_TO_19),
        days_off=days_off,
    )


def clinic(
    *doctors: Doctor,
    zone: str = "America/Santiago",
    notice_minutes: int = 120,
    horizon_days: int = 60,
    closed_on: frozenset[date] = frozenset(),
    faq: tuple[FaqEntry, ...] = (),
    blocked: frozenset[str] = frozenset(),
    locale: str = "es-CL",  # a Santiago clinic's, as its file would have it
) -> Clinic:
    return Clinic(
        id=ClinicId("sonrisa"),
        name="Clínica Dental Sonrisa",
        address="Av. Providencia 1234, Santiago",
        timezone=ZoneInfo(zone),
        phone_number_id="100000000000001",
        doctors=doctors or (doctor(),),
        faq=faq,
        policy=BookingPolicy(minimum_notice=timedelta(minutes=notice_minutes), horizon_days=horizon_days),
        closed_on=closed_on,
        blocked_numbers=blocked,
        locale=locale,
    )


# The key the PostgreSQL inbox and outbound log hash message ids under in tests: one for every
# adapter of a test, as every process of a deployment shares CLINICFLOW_HASH_KEY.
MESSAGE_KEYS = Pseudonyms(b"message-keys-tests-" + b"0" * 32)
