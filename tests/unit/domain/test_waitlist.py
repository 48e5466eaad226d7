"""The waitlist's rules: which entries a freed time matches, in which order, until when."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from domain.ids import ClinicId, DoctorId, PatientAddress, ServiceId
from domain.waitlist import FreedTime, WaitlistEntry, Want, matching
from domain.when import DayPart
from tests.factories import clinic, doctor

SANTIAGO = ZoneInfo("America/Santiago")
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=SANTIAGO)
TUESDAY = date(2026, 12, 1)
CLINIC = clinic(doctor("perez"), doctor("soto", name="Dr. Andrés Soto", slot_minutes=60))
SONRISA = ClinicId("sonrisa")


def freed(hour: int, minutes: int = 30, doctor_id: str = "perez") -> FreedTime:
    start = datetime(2026, 12, 1, hour, 0, tzinfo=SANTIAGO)
    return FreedTime(SONRISA, DoctorId(doctor_id), start, start + timedelta(minutes=minutes))


def entry(number: str, want: Want, minutes_ago: int = 0) -> WaitlistEntry:
    return WaitlistEntry(
        f"e{number}", SONRISA, PatientAddress(number), "Ana", want, NOW - timedelta(minutes=minutes_ago)
    )


def test_a_freed_time_matches_the_day_the_part_the_time_and_the_doctor_wanted() -> None:
    assert entry("1", Want(TUESDAY)).slot_in(CLINIC, freed(10)) is not None
    assert entry("1", Want(TUESDAY + timedelta(days=1))).slot_in(CLINIC, freed(10)) is None
    assert entry("1", Want(TUESDAY, part=DayPart.MORNING)).slot_in(CLINIC, freed(10)) is not None
    assert entry("1", Want(TUESDAY, part=DayPart.AFTERNOON)).slot_in(CLINIC, freed(10)) is None
    assert entry("1", Want(TUESDAY, at=time(10))).slot_in(CLINIC, freed(10)) is not None
    assert entry("1", Want(TUESDAY, at=time(11))).slot_in(CLINIC, freed(10)) is None
    assert entry("1", Want(TUESDAY, doctor_id=DoctorId("soto"))).slot_in(CLINIC, freed(10)) is None
    assert entry("1", Want(TUESDAY, service_id=ServiceId("nada"))).slot_in(CLINIC, freed(10)) is not None


def test_the_visit_offered_is_as_long_as_the_doctor_takes_and_must_fit() -> None:
    slot = entry("1", Want(TUESDAY)).slot_in(CLINIC, freed(10, minutes=60))
    assert slot is not None
    assert slot.ends_at - slot.starts_at == timedelta(minutes=30)  # Pérez's visits
    # Soto's visits last an hour: half an hour freed is not enough.
    assert entry("1", Want(TUESDAY)).slot_in(CLINIC, freed(10, minutes=30, doctor_id="soto")) is None


def test_entries_are_served_first_come_first_served_a_few_at_a_time_one_per_patient() -> None:
    entries = [
        entry("3", Want(TUESDAY), minutes_ago=10),
        entry("1", Want(TUESDAY), minutes_ago=30),
        entry("1", Want(TUESDAY, part=DayPart.MORNING), minutes_ago=25),  # the same patient again
        entry("2", Want(TUESDAY), minutes_ago=20),
        entry("4", Want(TUESDAY), minutes_ago=5),
    ]
    chosen = matching(CLINIC, entries, freed(10), NOW)
    assert [e.patient.value for e, _ in chosen] == ["1", "2", "3"]


def test_an_entry_expires_once_its_day_has_passed_and_a_past_time_is_offered_to_nobody() -> None:
    assert entry("1", Want(TUESDAY)).expired(TUESDAY + timedelta(days=1))
    assert not entry("1", Want(TUESDAY)).expired(TUESDAY)
    late = datetime(2026, 12, 1, 11, 0, tzinfo=SANTIAGO)
    assert matching(CLINIC, [entry("1", Want(TUESDAY))], freed(10), late) == []
    assert matching(CLINIC, [entry("1", Want(TUESDAY)).left()], freed(10), NOW) == []
