"""Services: their own length over consecutive free time, their own doctors, the clinic's default."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest

from domain.appointment import Appointment
from domain.availability import Availability, Interval, Slot
from domain.errors import InvalidAppointment, InvalidClinic
from domain.ids import AppointmentId, DoctorId, PatientAddress, ServiceId
from domain.services import Price, Service
from tests.factories import clinic, doctor

MONDAY = date(2026, 12, 7)
NOW = datetime(2026, 12, 4, 12, tzinfo=UTC)
EVALUATION = Service(ServiceId("evaluacion"), "Evaluación")  # each doctor's own slot
CLEANING = Service(ServiceId("limpieza"), "Limpieza", timedelta(minutes=60), doctor_ids=(DoctorId("perez"),))
WHITENING = Service(ServiceId("blanqueamiento"), "Blanqueamiento", timedelta(minutes=90))
CHECK = Service(ServiceId("control"), "Control", timedelta(minutes=20), doctor_ids=(DoctorId("soto"),))
CLINIC = replace(
    clinic(doctor("perez"), doctor("soto", name="Dr. Andrés Soto", slot_minutes=45)),
    services=(EVALUATION, CLEANING, WHITENING, CHECK),
)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=CLINIC.timezone).astimezone(UTC)


def free(service: Service | None, busy: dict[DoctorId, list[Interval]] | None = None) -> Availability:
    return Availability.compute(
        CLINIC, busy=busy or {}, now=NOW, first_day=MONDAY, last_day=MONDAY, service=service
    )


def starts(slots: list[Slot], doctor_id: str) -> list[str]:
    return [CLINIC.local(s.starts_at).strftime("%H:%M") for s in slots if s.doctor_id == doctor_id]


def test_a_service_lasts_its_own_length_on_the_doctors_grid() -> None:
    slots = free(CLEANING).matching(day=MONDAY)
    assert {s.doctor_id for s in slots} == {"perez"}  # soto does not clean
    assert all(s.ends_at - s.starts_at == timedelta(minutes=60) for s in slots)
    # Starts on perez's 30-minute grid; the last one of each range ends at closing time.
    assert starts(slots, "perez") == [
        "09:00", "09:30", "10:00", "10:30", "11:00", "11:30", "12:00",
        "15:00", "15:30", "16:00", "16:30", "17:00", "17:30", "18:00",
    ]  # fmt: skip


def test_a_long_service_needs_consecutive_free_time() -> None:
    busy = {DoctorId("perez"): [Interval(at(MONDAY, 10, 30), at(MONDAY, 11))]}
    slots = free(WHITENING, busy).matching(day=MONDAY, doctor_id=DoctorId("perez"))
    # 90 minutes fit 09:00-10:30, then not until 11:00 (a 09:30 start would run into the 10:30 visit).
    assert starts(slots, "perez")[:3] == ["09:00", "11:00", "11:30"]
    assert all(not s.interval.overlaps(busy[DoctorId("perez")][0]) for s in slots)


def test_a_short_service_on_a_long_grid() -> None:
    slots = free(CHECK).matching(day=MONDAY)
    assert {s.doctor_id for s in slots} == {"soto"}
    # 20-minute checks start on soto's 45-minute grid, and one fits before 13:00 at 12:45? No: 12:00 is
    # the last grid start (12:45 + 20 min would pass 13:00).
    assert starts(slots, "soto")[:6] == ["09:00", "09:45", "10:30", "11:15", "12:00", "15:00"]
    assert all(s.ends_at - s.starts_at == timedelta(minutes=20) for s in slots)


def test_no_service_is_each_doctors_plain_slot_and_of_switches_between_services() -> None:
    plain = free(None)
    assert plain.service is None
    assert {s.ends_at - s.starts_at for s in plain.matching(day=MONDAY)} == {
        timedelta(minutes=30),
        timedelta(minutes=45),
    }
    cleaning = plain.of(CLEANING)
    assert cleaning.service == CLEANING
    assert cleaning.slots == free(CLEANING).slots
    assert cleaning.of(CLEANING) is cleaning
    assert plain.of(CLEANING) is cleaning  # worked out once per service
    assert cleaning.of(None) is plain


def test_the_default_service_and_a_doctor_who_does_not_do_it() -> None:
    assert CLINIC.default_service == EVALUATION
    with_default = replace(CLINIC, default_service_id=ServiceId("limpieza"))
    assert with_default.default_service == CLEANING
    # Soto does no cleaning: a booking with soto and no service named is his first service.
    assert with_default.service_for(None, DoctorId("soto")) == EVALUATION
    assert with_default.service_for(ServiceId("control"), DoctorId("perez")) == CHECK
    assert replace(CLINIC, services=()).service_for(None) is None
    assert CLINIC.doctors_for(CHECK) == (CLINIC.doctors[1],)
    assert CLINIC.visit_length(EVALUATION, CLINIC.doctors[1]) == timedelta(minutes=45)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"services": (EVALUATION, EVALUATION)}, "service id twice"),
        ({"services": (replace(CLEANING, doctor_ids=(DoctorId("gomez"),)),)}, "gomez is no doctor"),
        ({"default_service_id": ServiceId("nada")}, "default service nada"),
    ],
)
def test_a_clinic_refuses_services_that_make_no_sense(change: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidClinic, match=message):
        replace(CLINIC, **change)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "build",
    [
        lambda: Service(ServiceId("x"), " "),
        lambda: Service(ServiceId("x"), "X", timedelta(0)),
        lambda: Service(ServiceId("x"), "X", doctor_ids=(DoctorId("a"), DoctorId("a"))),
        lambda: Price(Decimal(-1), "CLP"),
        lambda: Price(Decimal(1), "clp"),
        lambda: Price(Decimal(1), "PESOS"),
    ],
)
def test_a_service_or_price_that_makes_no_sense_is_refused(build: object) -> None:
    with pytest.raises(InvalidClinic):
        build()  # type: ignore[operator]


def test_an_appointment_keeps_its_service_and_refuses_a_doctor_who_does_not_do_it() -> None:
    slot = free(CLEANING).matching(day=MONDAY)[0]
    patient = PatientAddress("56911112222")
    booked = Appointment.book(
        AppointmentId("a1"), CLINIC, slot, patient=patient, patient_name="Ana", now=NOW, service=CLEANING
    )
    assert booked.service_id == "limpieza"
    assert booked.ends_at - booked.starts_at == timedelta(minutes=60)
    soto_slot = Slot(slot.starts_at, slot.ends_at, DoctorId("soto"))
    with pytest.raises(InvalidAppointment, match="does not do limpieza"):
        Appointment.book(
            AppointmentId("a2"),
            CLINIC,
            soto_slot,
            patient=patient,
            patient_name="Ana",
            now=NOW,
            service=CLEANING,
        )
