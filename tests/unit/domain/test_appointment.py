"""Appointment invariants and reminders."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from domain.appointment import Appointment, AppointmentStatus
from domain.availability import Slot
from domain.errors import AlreadyCancelled, BookingTooSoon, InvalidAppointment, OutsideBookingHorizon
from domain.ids import AppointmentId, ClinicId, DoctorId, PatientAddress
from domain.reminder import reminders_for
from domain.when import ClockTime, Meridiem
from tests.factories import clinic

NOW = datetime(2026, 11, 25, 13, 0, tzinfo=UTC)
PATIENT = PatientAddress("56911112222")


def slot(hours_ahead: float, doctor: str = "perez") -> Slot:
    start = NOW + timedelta(hours=hours_ahead)
    return Slot(start, start + timedelta(minutes=30), DoctorId(doctor))


def book(s: Slot) -> Appointment:
    return Appointment.book(AppointmentId("a1"), clinic(), s, patient=PATIENT, patient_name="Ana", now=NOW)


def test_booking_a_future_slot() -> None:
    appointment = book(slot(48))
    assert appointment.status is AppointmentStatus.BOOKED
    assert appointment.holds_time


def test_no_booking_in_the_past_or_inside_the_notice() -> None:
    with pytest.raises(BookingTooSoon):
        book(slot(-1))
    with pytest.raises(BookingTooSoon):
        book(slot(1.5))  # the factory clinic asks for two hours' notice


def test_no_booking_beyond_the_horizon() -> None:
    with pytest.raises(OutsideBookingHorizon):
        book(slot(24 * 70))


def test_no_booking_with_a_doctor_of_another_clinic() -> None:
    with pytest.raises(InvalidAppointment):
        book(slot(48, doctor="stranger"))


def test_end_must_follow_start_and_times_must_be_aware() -> None:
    with pytest.raises(InvalidAppointment):
        Appointment(AppointmentId("x"), ClinicId("c"), DoctorId("d"), PATIENT, "Ana", NOW, NOW)
    with pytest.raises(InvalidAppointment):
        Appointment(
            AppointmentId("x"),
            ClinicId("c"),
            DoctorId("d"),
            PATIENT,
            "Ana",
            datetime(2026, 1, 1),
            datetime(2026, 1, 2),
        )


def test_cancel_frees_the_time_and_cannot_happen_twice() -> None:
    appointment = book(slot(48))
    appointment.cancel(NOW)
    assert not appointment.holds_time
    with pytest.raises(AlreadyCancelled):
        appointment.cancel(NOW)


def test_reminders_24h_and_1h_before_skipping_those_already_past() -> None:
    far = reminders_for(book(slot(48)), NOW)
    assert [r.before for r in far] == [timedelta(hours=24), timedelta(hours=1)]
    assert far[0].due_at == NOW + timedelta(hours=24)
    near = reminders_for(book(slot(5)), NOW)
    assert [r.before for r in near] == [timedelta(hours=1)]


@pytest.mark.parametrize(
    ("said", "candidates"),
    [
        (ClockTime(4, 30), (time(16, 30), time(4, 30))),  # no clinic opens at 4:30 in the morning
        (ClockTime(2), (time(14), time(2))),  # what a patient means where nobody works at either
        (ClockTime(7), (time(7), time(19))),  # some clinics open at 7
        (ClockTime(9, 15), (time(9, 15), time(21, 15))),
        (ClockTime(4, 0, Meridiem.PM), (time(16, 0),)),
        (ClockTime(12, 0, Meridiem.PM), (time(12, 0),)),
        (ClockTime(12, 0, Meridiem.AM), (time(0, 0),)),
        (ClockTime(16, 15), (time(16, 15),)),
        (ClockTime(12), (time(12),)),
    ],
)
def test_clock_times_without_meridiem_offer_both_readings(
    said: ClockTime, candidates: tuple[time, ...]
) -> None:
    assert said.candidates() == candidates


def test_impossible_clock_times_are_refused() -> None:
    with pytest.raises(ValueError, match="clock time"):
        ClockTime(25)
    with pytest.raises(ValueError, match=r"a\.m\./p\.m\."):
        ClockTime(16, 0, Meridiem.PM)
