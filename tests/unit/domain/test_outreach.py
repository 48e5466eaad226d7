"""Reminder and recall settings, calendar months, and moving or confirming an appointment."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from domain.appointment import Appointment
from domain.availability import Slot
from domain.errors import AlreadyCancelled, AppointmentPassed, BookingTooSoon, InvalidClinic
from domain.ids import AppointmentId, DoctorId, PatientAddress
from domain.outreach import RecallCampaign, RecallReply, RecallSettings, ReminderPolicy, months_before
from domain.patient import Patient
from tests.factories import clinic, doctor

SANTIAGO = ZoneInfo("America/Santiago")
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=SANTIAGO)


@pytest.mark.parametrize(
    ("moment", "months", "expected"),
    [
        (datetime(2026, 8, 31, 10, tzinfo=SANTIAGO), 6, datetime(2026, 2, 28, 10, tzinfo=SANTIAGO)),
        (datetime(2028, 8, 31, 10, tzinfo=SANTIAGO), 6, datetime(2028, 2, 29, 10, tzinfo=SANTIAGO)),
        (datetime(2027, 1, 15, tzinfo=SANTIAGO), 1, datetime(2026, 12, 15, tzinfo=SANTIAGO)),
        (datetime(2027, 1, 15, tzinfo=SANTIAGO), 25, datetime(2024, 12, 15, tzinfo=SANTIAGO)),
    ],
)
def test_months_before_counts_calendar_months(moment: datetime, months: int, expected: datetime) -> None:
    assert months_before(moment, months) == expected


@pytest.mark.parametrize(
    "make",
    [
        lambda: ReminderPolicy(offsets=(timedelta(0),)),
        lambda: ReminderPolicy(offsets=(timedelta(hours=1), timedelta(hours=1))),
        lambda: ReminderPolicy(template=""),
        lambda: RecallSettings(book_id="BOOK"),
        lambda: RecallSettings(book_id="RECALL_REPLY_X", later_id="RECALL_REPLY_X"),
        lambda: RecallSettings(snooze=timedelta(0)),
        lambda: RecallCampaign("x", "Ortodoncia", after_months=0, template="t"),
        lambda: RecallSettings(
            campaigns=(RecallCampaign("x", "a", 6, "t"), RecallCampaign("x", "b", 6, "t"))
        ),
    ],
)
def test_settings_that_make_no_sense_are_refused(make: object) -> None:
    with pytest.raises(InvalidClinic):
        make()  # type: ignore[operator]


def test_recall_reply_ids_are_read_back() -> None:
    settings = RecallSettings(stop_id="RECALL_REPLY_BASTA")
    assert settings.reply("RECALL_REPLY_BASTA") is RecallReply.STOP
    assert settings.reply("RECALL_REPLY_STOP") is None
    assert settings.reply("RECALL_REPLY_BOOK") is RecallReply.BOOK


def test_a_campaign_matches_its_service_whatever_the_case() -> None:
    assert RecallCampaign("x", "Odontología general", 6, "t").offers("odontología GENERAL")


def test_a_snooze_lapses_but_an_opt_out_stays() -> None:
    patient = Patient(clinic().id, PatientAddress("56911112222"))
    patient.snooze_recalls(NOW + timedelta(days=30))
    assert not patient.takes_recalls(NOW)
    assert patient.takes_recalls(NOW + timedelta(days=31))
    patient.opt_out(NOW)
    patient.opt_out(NOW + timedelta(days=1))
    assert patient.opted_out_at == NOW  # the first opt-out is the one on record
    assert not patient.takes_recalls(NOW + timedelta(days=31))
    patient.opt_in()
    assert patient.takes_recalls(NOW + timedelta(days=31))


def _booked() -> Appointment:
    sonrisa = clinic(doctor("perez"), doctor("soto", specialty="Ortodoncia"))
    starts = datetime(2026, 12, 1, 16, tzinfo=SANTIAGO)
    return Appointment.book(
        AppointmentId("a"),
        sonrisa,
        Slot(starts, starts + timedelta(minutes=30), DoctorId("perez")),
        patient=PatientAddress("56911112222"),
        patient_name="Ana",
        now=NOW,
    )


def test_booking_records_the_doctors_specialty_as_the_service() -> None:
    assert _booked().service == "Odontología general"


def test_moving_follows_the_booking_rules_and_unconfirms_attendance() -> None:
    sonrisa = clinic(doctor("perez"), doctor("soto", specialty="Ortodoncia"))
    appointment = _booked()
    appointment.confirm_attendance(NOW)
    later = datetime(2026, 12, 4, 10, tzinfo=SANTIAGO)
    appointment.reschedule(sonrisa, Slot(later, later + timedelta(minutes=30), DoctorId("soto")), NOW)
    assert (appointment.starts_at, appointment.doctor_id, appointment.service) == (
        later,
        "soto",
        "Ortodoncia",
    )
    assert appointment.attendance_confirmed_at is None
    with pytest.raises(BookingTooSoon):
        appointment.reschedule(sonrisa, Slot(NOW, NOW + timedelta(minutes=30), DoctorId("perez")), NOW)


def test_a_started_or_cancelled_appointment_cannot_change() -> None:
    sonrisa = clinic(doctor("perez"))
    appointment = _booked()
    started = appointment.starts_at + timedelta(minutes=1)
    with pytest.raises(AppointmentPassed):
        appointment.cancel(started)
    with pytest.raises(AppointmentPassed):
        appointment.confirm_attendance(started)
    appointment.cancel(NOW)
    later = datetime(2026, 12, 4, 10, tzinfo=SANTIAGO)
    with pytest.raises(AlreadyCancelled):
        appointment.reschedule(sonrisa, Slot(later, later + timedelta(minutes=30), DoctorId("perez")), NOW)
