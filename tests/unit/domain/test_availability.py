"""Free slots: hours, slot length, notice, horizon, days off, busy time, DST and midnight."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest

from domain.availability import Availability, Interval, Slot, free_slots
from domain.clinic import Clinic, Doctor, TimeRange
from domain.ids import DoctorId
from domain.when import DayPart
from tests.factories import clinic, doctor, hours

SANTIAGO = ZoneInfo("America/Santiago")
MADRID = ZoneInfo("Europe/Madrid")


def local_starts(c: Clinic, slots: list[Slot]) -> list[str]:
    return [c.local(s.starts_at).strftime("%m-%d %H:%M") for s in slots]


def slots_on(
    c: Clinic, d: Doctor, day: date, now: datetime, busy: list[Interval] | None = None
) -> list[Slot]:
    return free_slots(c, d, busy=busy or [], now=now, first_day=day, last_day=day)


# Monday 2026-11-30 in Santiago (UTC-3 in summer).
MONDAY = date(2026, 11, 30)
WEEK_BEFORE = datetime(2026, 11, 23, 9, 0, tzinfo=SANTIAGO)


def test_a_working_day_is_cut_into_slots_of_the_doctors_length() -> None:
    c = clinic()
    starts = local_starts(c, slots_on(c, c.doctors[0], MONDAY, WEEK_BEFORE))
    assert starts[:3] == ["11-30 09:00", "11-30 09:30", "11-30 10:00"]
    assert "11-30 12:30" in starts
    assert "11-30 13:00" not in starts
    assert "11-30 14:30" not in starts
    assert len(starts) == 16


def test_the_last_slot_of_the_day_must_end_by_closing_time() -> None:
    c = clinic(doctor(slot_minutes=45))
    starts = local_starts(c, slots_on(c, c.doctors[0], MONDAY, WEEK_BEFORE))
    # 15:00-19:00 in 45-minute slots: 18:00 ends at 18:45; 18:45 would end at 19:30.
    assert starts[-1] == "11-30 18:00"
    assert "11-30 12:00" in starts
    assert "11-30 12:45" not in starts


def test_slots_are_stored_in_utc() -> None:
    c = clinic()
    first = slots_on(c, c.doctors[0], MONDAY, WEEK_BEFORE)[0]
    assert first.starts_at == datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
    assert first.starts_at.utcoffset() == timedelta(0)
    assert first.ends_at - first.starts_at == timedelta(minutes=30)


def test_minimum_notice_hides_slots_too_soon() -> None:
    c = clinic(notice_minutes=120)
    now = datetime(2026, 11, 30, 10, 10, tzinfo=SANTIAGO)
    starts = local_starts(c, slots_on(c, c.doctors[0], MONDAY, now))
    assert starts[0] == "11-30 12:30"


def test_no_slot_in_the_past_even_without_notice() -> None:
    c = clinic(notice_minutes=0)
    now = datetime(2026, 11, 30, 18, 45, tzinfo=SANTIAGO)
    assert slots_on(c, c.doctors[0], MONDAY, now) == []


def test_days_off_and_clinic_holidays_have_no_slots() -> None:
    off = date(2026, 12, 1)
    holiday = date(2026, 12, 2)
    c = clinic(doctor(days_off=frozenset({off})), closed_on=frozenset({holiday}))
    assert slots_on(c, c.doctors[0], off, WEEK_BEFORE) == []
    assert slots_on(c, c.doctors[0], holiday, WEEK_BEFORE) == []
    assert slots_on(c, c.doctors[0], date(2026, 12, 3), WEEK_BEFORE) != []


def test_weekends_without_hours_have_no_slots() -> None:
    c = clinic()
    assert slots_on(c, c.doctors[0], date(2026, 11, 29), WEEK_BEFORE) == []


def test_busy_time_blocks_every_slot_it_overlaps() -> None:
    c = clinic()
    busy = [
        Interval(
            datetime(2026, 11, 30, 10, 15, tzinfo=SANTIAGO), datetime(2026, 11, 30, 10, 45, tzinfo=SANTIAGO)
        )
    ]
    starts = local_starts(c, slots_on(c, c.doctors[0], MONDAY, WEEK_BEFORE, busy))
    assert "11-30 10:00" not in starts
    assert "11-30 10:30" not in starts
    assert "11-30 09:30" in starts
    assert "11-30 11:00" in starts


def test_busy_time_of_adjacent_slot_does_not_block() -> None:
    c = clinic()
    busy = [
        Interval(
            datetime(2026, 11, 30, 9, 0, tzinfo=SANTIAGO), datetime(2026, 11, 30, 9, 30, tzinfo=SANTIAGO)
        )
    ]
    starts = local_starts(c, slots_on(c, c.doctors[0], MONDAY, WEEK_BEFORE, busy))
    assert starts[0] == "11-30 09:30"


def test_the_booking_horizon_limits_how_far_ahead() -> None:
    c = clinic(horizon_days=7)
    now = datetime(2026, 11, 23, 8, 0, tzinfo=SANTIAGO)
    slots = free_slots(
        c, c.doctors[0], busy=[], now=now, first_day=date(2026, 11, 23), last_day=date(2026, 12, 31)
    )
    assert max(c.local(s.starts_at).date() for s in slots) == date(2026, 11, 30)


def test_madrid_slots_follow_the_wall_clock_across_the_spring_change() -> None:
    # Europe/Madrid goes from UTC+1 to UTC+2 at 02:00 on Sunday 2026-03-29.
    assert datetime(2026, 3, 27, 12, tzinfo=MADRID).utcoffset() == timedelta(hours=1)
    assert datetime(2026, 3, 30, 12, tzinfo=MADRID).utcoffset() == timedelta(hours=2)
    c = clinic(zone="Europe/Madrid")
    now = datetime(2026, 3, 20, 9, tzinfo=MADRID)
    friday = slots_on(c, c.doctors[0], date(2026, 3, 27), now)[0]
    monday = slots_on(c, c.doctors[0], date(2026, 3, 30), now)[0]
    assert friday.starts_at == datetime(2026, 3, 27, 8, 0, tzinfo=UTC)
    assert monday.starts_at == datetime(2026, 3, 30, 7, 0, tzinfo=UTC)
    assert c.local(monday.starts_at).time() == time(9, 0)


def test_madrid_skipped_hour_starts_no_slot() -> None:
    night = doctor(weekly=hours({6: [("01:00", "04:00")]}))
    c = clinic(night, zone="Europe/Madrid", notice_minutes=0)
    slots = slots_on(c, night, date(2026, 3, 29), datetime(2026, 3, 20, tzinfo=MADRID))
    starts = local_starts(c, slots)
    assert starts == ["03-29 01:00", "03-29 01:30", "03-29 03:00", "03-29 03:30"]
    # 01:30 lasts 30 real minutes and ends at 03:00 local (02:00-03:00 never happens).
    assert c.local(slots[1].ends_at).time() == time(3, 0)


def test_santiago_midnight_jump_keeps_slots_around_it_and_skips_the_missing_hour() -> None:
    # Chile moves clocks from 00:00 to 01:00 on Sunday 2026-09-06.
    assert datetime(2026, 9, 5, 22, tzinfo=SANTIAGO).utcoffset() == timedelta(hours=-4)
    assert datetime(2026, 9, 6, 2, tzinfo=SANTIAGO).utcoffset() == timedelta(hours=-3)
    night = doctor(weekly=hours({5: [("22:00", "02:00")]}))  # Saturday night, past midnight
    c = clinic(night, notice_minutes=0)
    slots = free_slots(
        c,
        night,
        busy=[],
        now=datetime(2026, 9, 1, tzinfo=SANTIAGO),
        first_day=date(2026, 9, 5),
        last_day=date(2026, 9, 6),
    )
    assert local_starts(c, slots) == [
        "09-05 22:00", "09-05 22:30", "09-05 23:00", "09-05 23:30", "09-06 01:00", "09-06 01:30",
    ]  # fmt: skip
    assert slots[3].ends_at == slots[4].starts_at  # 23:30 + 30 real minutes is 01:00 local
    assert all(s.ends_at - s.starts_at == timedelta(minutes=30) for s in slots)


def test_santiago_repeated_hour_is_offered_once() -> None:
    # Chile moves clocks back from 00:00 to 23:00 on the night of 2026-04-04.
    night = doctor(weekly=hours({5: [("22:00", "01:00")]}))
    c = clinic(night, notice_minutes=0)
    slots = free_slots(
        c,
        night,
        busy=[],
        now=datetime(2026, 4, 1, tzinfo=SANTIAGO),
        first_day=date(2026, 4, 4),
        last_day=date(2026, 4, 5),
    )
    starts = [s.starts_at for s in slots]
    assert len(starts) == len(set(starts))
    assert all(a.ends_at <= b.starts_at for a, b in pairwise(slots))


def test_a_range_past_midnight_belongs_to_the_day_it_starts_but_lists_by_local_date() -> None:
    night = doctor(weekly=hours({0: [("23:00", "01:00")]}))
    c = clinic(night, notice_minutes=0)
    tuesday = slots_on(c, night, date(2026, 12, 1), WEEK_BEFORE)
    assert local_starts(c, tuesday) == ["12-01 00:00", "12-01 00:30"]


def test_a_day_off_on_the_start_day_removes_the_whole_overnight_range() -> None:
    night = doctor(weekly=hours({0: [("23:00", "01:00")]}), days_off=frozenset({MONDAY}))
    c = clinic(night, notice_minutes=0)
    assert slots_on(c, night, date(2026, 12, 1), WEEK_BEFORE) == []


@pytest.fixture
def two_doctors() -> Clinic:
    return clinic(
        doctor("perez"), doctor("soto", name="Dr. Andrés Soto", specialty="Ortodoncia", slot_minutes=60)
    )


def week(c: Clinic, busy: dict[DoctorId, list[Interval]] | None = None) -> Availability:
    return Availability.compute(
        c, busy=busy or {}, now=WEEK_BEFORE, first_day=MONDAY, last_day=MONDAY + timedelta(days=6)
    )


def test_availability_filters_by_day_doctor_and_part(two_doctors: Clinic) -> None:
    availability = week(two_doctors)
    afternoon = availability.matching(day=MONDAY, doctor_id=DoctorId("soto"), part=DayPart.AFTERNOON)
    # The afternoon starts after lunch (14:00 where the locale does not say otherwise): Soto's
    # 12:00 slot, before his 13:00 break, is not in it.
    assert local_starts(two_doctors, afternoon) == [
        "11-30 15:00",
        "11-30 16:00",
        "11-30 17:00",
        "11-30 18:00",
    ]


def test_exact_time_prefers_the_first_candidate_that_is_open(two_doctors: Clinic) -> None:
    availability = week(two_doctors)
    slot = availability.at(MONDAY, [time(4, 0), time(16, 0)])
    assert slot is not None
    assert two_doctors.local(slot.starts_at).time() == time(16, 0)
    assert slot.doctor_id == "perez"  # listed first in the clinic


def test_nearest_offers_one_choice_per_time_around_the_wish(two_doctors: Clinic) -> None:
    busy = {
        DoctorId("perez"): [
            Interval(
                datetime(2026, 11, 30, 16, tzinfo=SANTIAGO), datetime(2026, 11, 30, 16, 30, tzinfo=SANTIAGO)
            )
        ]
    }
    availability = week(two_doctors, busy)
    wish = datetime(2026, 11, 30, 16, 0, tzinfo=SANTIAGO)
    nearest = availability.nearest(wish, doctor_id=DoctorId("perez"))
    # 15:30 and 16:30 are 30 minutes away; 15:00 and 17:00 tie at 60 and the earlier wins.
    assert local_starts(two_doctors, nearest) == ["11-30 15:00", "11-30 15:30", "11-30 16:30"]
    anyone = availability.nearest(wish)
    assert len({s.starts_at for s in anyone}) == 3


def test_days_with_slots_skips_full_days(two_doctors: Clinic) -> None:
    availability = week(two_doctors)
    assert availability.days_with_slots(count=2) == [MONDAY, date(2026, 12, 1)]


def test_opening_hours_cover_their_start_but_not_their_end_even_past_midnight() -> None:
    day = TimeRange(time(9), time(13))
    night = TimeRange(time(20), time(2))
    assert day.covers(time(9))
    assert day.covers(time(12, 59))
    assert not day.covers(time(13))
    assert not day.covers(time(8, 59))
    assert night.covers(time(23))
    assert night.covers(time(1, 59))
    assert night.covers(time(20))
    assert not night.covers(time(2))
    assert not night.covers(time(12))


# Days worked out on demand: ``compute`` leaves each local day to the first question needing it.


def horizon(c: Clinic, busy: dict[DoctorId, list[Interval]] | None = None) -> Availability:
    return Availability.compute(
        c, busy=busy or {}, now=WEEK_BEFORE, first_day=WEEK_BEFORE.date(), last_day=date(2027, 1, 31)
    )


def test_a_late_day_asked_first_is_answered_as_with_every_day_worked_out(two_doctors: Clinic) -> None:
    late = date(2027, 1, 20)
    lazy, whole = horizon(two_doctors), horizon(two_doctors)
    assert len(whole.slots) > 0  # every day worked out first
    assert lazy.matching(day=late, part=DayPart.AFTERNOON) == whole.matching(day=late, part=DayPart.AFTERNOON)
    assert lazy.at(late, [time(16)], DoctorId("soto")) == whole.at(late, [time(16)], DoctorId("soto"))
    wish = datetime.combine(late, time(13), tzinfo=SANTIAGO)
    assert lazy.nearest(wish, count=4) == whole.nearest(wish, count=4)
    assert lazy.days_with_slots(count=5) == whole.days_with_slots(count=5)
    assert lazy.slots == whole.slots
    assert lazy == whole


def test_nearest_reaches_past_full_days_and_the_window_edges(two_doctors: Clinic) -> None:
    # Both doctors booked all of Monday, the window's first day: the nearest to a Monday
    # wish are on Tuesday; past the window's last day, the nearest is its last slot.
    monday = date(2026, 11, 30)
    day = Interval(
        datetime.combine(monday, time(), tzinfo=SANTIAGO), datetime.combine(monday, time(23), tzinfo=SANTIAGO)
    )
    busy = {d.id: [day] for d in two_doctors.doctors}
    found = Availability.compute(
        two_doctors, busy=busy, now=WEEK_BEFORE, first_day=monday, last_day=monday + timedelta(days=2)
    )
    wish = datetime.combine(monday, time(12), tzinfo=SANTIAGO)
    assert local_starts(two_doctors, found.nearest(wish, count=2)) == ["12-01 09:00", "12-01 09:30"]
    assert found.nearest(wish, doctor_id=DoctorId("nobody")) == []
    assert found.days_with_slots(doctor_id=DoctorId("nobody")) == []
    beyond = datetime(2027, 6, 1, 12, tzinfo=SANTIAGO)
    assert found.nearest(beyond, count=1) == [found.slots[-1]]


def test_busy_time_changed_after_compute_does_not_change_its_answers() -> None:
    c = clinic()
    busy: list[Interval] = []
    found = Availability.compute(
        c, busy={c.doctors[0].id: busy}, now=WEEK_BEFORE, first_day=MONDAY, last_day=MONDAY
    )
    busy.append(
        Interval(datetime(2026, 11, 30, 9, tzinfo=SANTIAGO), datetime(2026, 11, 30, 19, tzinfo=SANTIAGO))
    )
    assert len(found.matching(day=MONDAY)) == 16


def test_busy_time_in_the_clinic_zone_counts_by_its_instant_even_in_the_repeated_hour() -> None:
    # Santiago goes back from 24:00 to 23:00 on Saturday 2027-04-03: 23:00-24:00 happens twice.
    night = doctor(weekly=hours({5: [("22:00", "01:00")]}))
    c = clinic(night, notice_minutes=0)
    saturday = date(2027, 4, 3)
    zoned = [
        # Second 23:00 (03:00-03:20 UTC): no slot starts then, the repeated hour is offered once.
        Interval(
            datetime(2027, 4, 3, 23, tzinfo=SANTIAGO, fold=1),
            datetime(2027, 4, 3, 23, 20, tzinfo=SANTIAGO, fold=1),
        ),
        # First 23:15-23:45 (02:15-02:45 UTC): takes the 23:00 and 23:30 slots. On the wall
        # clock it sorts after the interval above, though it happens an hour before it.
        Interval(
            datetime(2027, 4, 3, 23, 15, tzinfo=SANTIAGO), datetime(2027, 4, 3, 23, 45, tzinfo=SANTIAGO)
        ),
    ]
    in_utc = [Interval(i.start.astimezone(UTC), i.end.astimezone(UTC)) for i in zoned]
    now = datetime(2027, 4, 1, tzinfo=SANTIAGO)

    def starts(busy: list[Interval]) -> list[str]:
        found = Availability.compute(c, busy={night.id: busy}, now=now, first_day=saturday, last_day=saturday)
        return [s.starts_at.strftime("%H:%M") for s in found.matching(day=saturday)]

    assert starts(zoned) == starts(in_utc) == ["01:00", "01:30"]  # 22:00 and 22:30 local (UTC-3)


def test_availability_is_an_immutable_value_of_its_clinic_and_slots(two_doctors: Clinic) -> None:
    computed = week(two_doctors)
    given = Availability(two_doctors, computed.slots)
    assert computed == given
    assert repr(computed) == repr(given)
    assert computed != week(
        two_doctors, {DoctorId("perez"): [Interval(WEEK_BEFORE, WEEK_BEFORE + timedelta(days=30))]}
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        computed.clinic = two_doctors  # type: ignore[misc]


def test_weekly_hours_decoded_once_are_no_part_of_their_value() -> None:
    weekly = hours({0: [("09:00", "13:00"), ("22:00", "01:00")]})
    assert weekly.decoded()[0] == (
        (9 * 3600 * 1_000_000, 4 * 3600 * 1_000_000, False, TimeRange(time(9), time(13))),
        (22 * 3600 * 1_000_000, 3 * 3600 * 1_000_000, True, TimeRange(time(22), time(1))),
    )
    assert weekly.decoded() is weekly.decoded()
    assert weekly.decoded()[1:] == ((),) * 6
    assert weekly == dataclasses.replace(weekly) == hours({0: [("09:00", "13:00"), ("22:00", "01:00")]})
    assert "decoded" not in repr(weekly)
