"""The fast availability path gives exactly what the straightforward one did.

``_reference_*`` below is a verbatim copy of ``domain.availability`` before it was
optimised (one zone conversion per slot, a bisect per slot, a final sort). Random
clinics, busy time, clocks and windows must give the same slots, in the same order,
and the same answers to every question a booking asks of them.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.availability import Availability, Interval, Slot, one_per_start
from domain.clinic import Clinic, Doctor, TimeRange, WeeklyHours
from domain.ids import DoctorId
from domain.when import DayPart
from tests.factories import clinic as make_clinic
from tests.factories import doctor as make_doctor

# --- the reference: domain.availability as it was ---------------------------------------------


def _exists(wall: datetime, zone: ZoneInfo) -> bool:
    aware = wall.replace(tzinfo=zone)
    return aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == wall


def _utc(wall: datetime, zone: ZoneInfo) -> datetime:
    return wall.replace(tzinfo=zone).astimezone(UTC)


class _ReferenceBusy:
    def __init__(self, intervals: Iterable[Interval]) -> None:
        merged: list[Interval] = []
        for interval in sorted(intervals):
            if merged and interval.start <= merged[-1].end:
                last = merged[-1]
                merged[-1] = Interval(last.start, max(last.end, interval.end))
            else:
                merged.append(interval)
        self._merged = merged
        self._starts = [interval.start for interval in merged]

    def blocks(self, start: datetime, end: datetime) -> bool:
        index = bisect_right(self._starts, start) - 1
        if index >= 0 and self._merged[index].end > start:
            return True
        following = index + 1
        return following < len(self._merged) and self._merged[following].start < end


def _reference_free_slots(
    clinic: Clinic,
    doctor: Doctor,
    *,
    busy: Iterable[Interval],
    now: datetime,
    first_day: date,
    last_day: date,
) -> list[Slot]:
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    zone = clinic.timezone
    length = doctor.slot_length
    earliest = now + clinic.policy.minimum_notice
    last_day = min(last_day, clinic.today(now) + timedelta(days=clinic.policy.horizon_days))
    blocked = _ReferenceBusy(busy)
    slots: list[Slot] = []
    day = first_day - timedelta(days=1)
    while day <= last_day:
        for hours in () if clinic.is_closed(doctor, day) else doctor.hours.on(day):
            cursor = datetime.combine(day, hours.start)
            closing_wall = cursor + hours.length()
            closing = _utc(closing_wall, zone)
            while cursor < closing_wall:
                if first_day <= cursor.date() <= last_day and _exists(cursor, zone):
                    start = _utc(cursor, zone)
                    end = start + length
                    if end <= closing and start >= earliest and not blocked.blocks(start, end):
                        slots.append(Slot(start, end, doctor.id))
                cursor += length
        day += timedelta(days=1)
    return sorted(slots)


def _reference_compute(
    clinic: Clinic,
    *,
    busy: Mapping[DoctorId, Sequence[Interval]],
    now: datetime,
    first_day: date,
    last_day: date,
) -> list[Slot]:
    slots: list[Slot] = []
    for doctor in clinic.doctors:
        slots.extend(
            _reference_free_slots(
                clinic,
                doctor,
                busy=busy.get(doctor.id, ()),
                now=now,
                first_day=first_day,
                last_day=last_day,
            )
        )
    order = {doctor.id: index for index, doctor in enumerate(clinic.doctors)}
    return sorted(slots, key=lambda s: (s.starts_at, order[s.doctor_id]))


class _ReferenceQueries:
    """The reference ``Availability`` questions, over the reference slots."""

    def __init__(self, clinic: Clinic, slots: Sequence[Slot]) -> None:
        self.clinic = clinic
        self.slots = tuple(slots)

    def _local_start(self, slot: Slot) -> datetime:
        return self.clinic.local(slot.starts_at)

    def matching(
        self,
        *,
        day: date | None = None,
        doctor_id: DoctorId | None = None,
        part: DayPart | None = None,
    ) -> list[Slot]:
        found = []
        for slot in self.slots:
            local = self._local_start(slot)
            if day is not None and local.date() != day:
                continue
            if doctor_id is not None and slot.doctor_id != doctor_id:
                continue
            if part is not None and not self.clinic.day_parts.contains(part, local.time()):
                continue
            found.append(slot)
        return found

    def at(self, day: date, times: Sequence[time], doctor_id: DoctorId | None = None) -> Slot | None:
        candidates = self.matching(day=day, doctor_id=doctor_id)
        for wanted in times:
            for slot in candidates:
                if self._local_start(slot).time() == wanted:
                    return slot
        return None

    def contains(self, slot: Slot) -> bool:
        return slot in self.slots

    def nearest(self, to: datetime, *, doctor_id: DoctorId | None = None, count: int = 3) -> list[Slot]:
        unique = one_per_start(self.matching(doctor_id=doctor_id))
        closest = sorted(unique, key=lambda s: (abs(s.starts_at - to), s.starts_at))[:count]
        return sorted(closest)

    def days_with_slots(self, *, doctor_id: DoctorId | None = None, count: int = 3) -> list[date]:
        days: list[date] = []
        for slot in self.matching(doctor_id=doctor_id):
            day = self._local_start(slot).date()
            if day not in days:
                days.append(day)
                if len(days) == count:
                    break
        return days


# --- random clinics, busy time and clocks -----------------------------------------------------

# Days the clocks change (or around them) in the zones below, plus an ordinary Monday.
CLOCK_CHANGES = (
    date(2027, 4, 4),  # Santiago goes back at midnight (24:00 -> 23:00 on the 3rd)
    date(2027, 9, 5),  # Santiago jumps at midnight (00:00 -> 01:00)
    date(2026, 4, 5),
    date(2026, 9, 6),
    date(2027, 3, 14),  # St John's forward at 02:00
    date(2027, 11, 7),  # St John's back at 02:00
    date(2027, 3, 28),  # Madrid forward at 02:00
    date(2027, 10, 31),  # Madrid back at 03:00
    date(2026, 11, 30),
)
ZONES = ("America/Santiago", "America/Santiago", "America/St_Johns", "Asia/Kolkata", "Europe/Madrid")
SLOT_MINUTES = (15, 20, 30, 45, 60)


@st.composite
def weekly_hours(draw: st.DrawFn) -> WeeklyHours:
    """Up to three ranges a weekday at any minute; the last may run past midnight (even 24 h)."""
    ranges: dict[int, tuple[TimeRange, ...]] = {}
    for weekday in range(7):
        count = draw(st.integers(0, 3))
        if not count:
            continue
        points = sorted(draw(st.sets(st.integers(0, 1439), min_size=2 * count, max_size=2 * count)))
        spans = [(points[i], points[i + 1]) for i in range(0, len(points), 2)]
        if draw(st.booleans()):  # the last range crosses midnight, up to a full day long
            start, _ = spans[-1]
            spans[-1] = (start, draw(st.integers(0, start)))
        ranges[weekday] = tuple(TimeRange(time(a // 60, a % 60), time(b // 60, b % 60)) for a, b in spans)
    return WeeklyHours(ranges)


def _day_near(draw: st.DrawFn, around: date, spread: int) -> date:
    return around + timedelta(days=draw(st.integers(-spread, spread)))


def _as_busy_zone(moment: datetime, draw: st.DrawFn, zone: ZoneInfo) -> datetime:
    """The bound in UTC, a fixed offset or the clinic's zone (where it is unambiguous)."""
    kind = draw(st.sampled_from(("utc", "fixed", "zone")))
    if kind == "fixed":
        return moment.astimezone(timezone(timedelta(minutes=draw(st.sampled_from((-210, -180, 330))))))
    if kind == "zone":
        local = moment.astimezone(zone)
        if local.replace(fold=0).utcoffset() == local.replace(fold=1).utcoffset():
            return local
    return moment


@st.composite
def scenarios(
    draw: st.DrawFn,
) -> tuple[Clinic, dict[DoctorId, list[Interval]], datetime, date, date]:
    zone_name = draw(st.sampled_from(ZONES))
    zone = ZoneInfo(zone_name)
    pivot = draw(st.sampled_from(CLOCK_CHANGES))
    # Now: hours either side of a clock change, at any second (and sometimes microsecond).
    now_local = datetime.combine(pivot, time(), tzinfo=zone) + timedelta(
        minutes=draw(st.integers(-6 * 24 * 60, 3 * 24 * 60)),
        seconds=draw(st.integers(0, 59)),
        microseconds=draw(st.sampled_from((0, 0, 1, 500_000, 999_999))),
    )
    now = draw(
        st.sampled_from(
            (now_local, now_local.astimezone(UTC), now_local.astimezone(timezone(timedelta(hours=5))))
        )
    )
    today = now.astimezone(zone).date()
    first_day = _day_near(draw, today, 3)
    last_day = first_day + timedelta(days=draw(st.integers(0, 70)))
    doctors = []
    for number in range(draw(st.integers(1, 5))):
        days_off = draw(st.frozensets(st.integers(-3, 30), max_size=5))
        doctors.append(
            make_doctor(
                f"doctor-{number}",
                slot_minutes=draw(st.sampled_from(SLOT_MINUTES)),
                weekly=draw(weekly_hours()),
                days_off=frozenset(first_day + timedelta(days=n) for n in days_off),
            )
        )
    closed_on = frozenset(draw(st.lists(st.integers(-2, 30), max_size=4)))
    clinic = make_clinic(
        *doctors,
        zone=zone_name,
        notice_minutes=draw(st.sampled_from((0, 0, 17, 60, 120, 24 * 60))),
        horizon_days=draw(st.integers(1, 70)),
        closed_on=frozenset(first_day + timedelta(days=n) for n in closed_on),
    )
    busy: dict[DoctorId, list[Interval]] = {}
    for doctor in clinic.doctors:
        intervals = []
        for _ in range(draw(st.integers(0, 25))):
            day = first_day + timedelta(days=draw(st.integers(-2, 15)))
            grain = draw(st.sampled_from((60, 300, 900, 1)))  # seconds: on slot edges or at odd moments
            start = datetime.combine(day, time(), tzinfo=zone).astimezone(UTC) + timedelta(
                seconds=grain * draw(st.integers(0, 36 * 3600 // grain))
            )
            end = start + timedelta(seconds=grain * draw(st.integers(1, 5 * 3600 // grain)))
            intervals.append(Interval(_as_busy_zone(start, draw, zone), _as_busy_zone(end, draw, zone)))
        busy[doctor.id] = intervals
    return clinic, busy, now, first_day, last_day


def _local_days(clinic: Clinic, slots: Sequence[Slot]) -> list[date]:
    return sorted({clinic.local(s.starts_at).date() for s in slots})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario=scenarios(), data=st.data())
def test_the_fast_path_finds_exactly_the_reference_slots_and_answers(
    scenario: tuple[Clinic, dict[DoctorId, list[Interval]], datetime, date, date], data: st.DataObject
) -> None:
    clinic, busy, now, first_day, last_day = scenario
    expected = _reference_compute(clinic, busy=busy, now=now, first_day=first_day, last_day=last_day)
    found = Availability.compute(clinic, busy=busy, now=now, first_day=first_day, last_day=last_day)
    assert list(found.slots) == expected
    assert all(s.starts_at.tzinfo is UTC and s.ends_at.tzinfo is UTC for s in found.slots)
    reference = _ReferenceQueries(clinic, expected)

    doctor_ids: list[DoctorId | None] = [None, *(d.id for d in clinic.doctors)]
    for doctor_id in doctor_ids:
        for count in (1, 3, 5, 400):
            assert found.days_with_slots(doctor_id=doctor_id, count=count) == reference.days_with_slots(
                doctor_id=doctor_id, count=count
            )

    # Days with slots, the window's edges, and days either side of them.
    days = {*_local_days(clinic, expected)[:3], first_day - timedelta(days=1), first_day, last_day}
    days |= {last_day + timedelta(days=1), data.draw(st.dates(first_day, last_day + timedelta(days=1)))}
    for day in sorted(days):
        doctor_id = data.draw(st.sampled_from(doctor_ids))
        for part in (None, *DayPart):
            assert found.matching(day=day, doctor_id=doctor_id, part=part) == reference.matching(
                day=day, doctor_id=doctor_id, part=part
            )
        times = data.draw(st.lists(st.sampled_from([time(h, m) for h in range(24) for m in (0, 30)])))
        times += [clinic.local(s.starts_at).time() for s in reference.matching(day=day)[-1:]]
        assert found.at(day, times, doctor_id) == reference.at(day, times, doctor_id)
    for doctor_id in (None, data.draw(st.sampled_from(doctor_ids))):
        assert found.matching(doctor_id=doctor_id) == reference.matching(doctor_id=doctor_id)

    wishes = [now, datetime.combine(last_day, time(12), tzinfo=clinic.timezone)]
    wishes += [s.starts_at for s in expected[:1]] + [
        s.starts_at + timedelta(minutes=7) for s in expected[-1:]
    ]
    for to in wishes:
        doctor_id = data.draw(st.sampled_from(doctor_ids))
        for count in (1, 3, 4):
            assert found.nearest(to, doctor_id=doctor_id, count=count) == reference.nearest(
                to, doctor_id=doctor_id, count=count
            )

    probes = list(expected[:2]) + list(expected[-2:])
    probes += [Slot(s.starts_at + timedelta(seconds=1), s.ends_at, s.doctor_id) for s in expected[:1]]
    probes += [Slot(s.starts_at, s.ends_at, DoctorId("nobody")) for s in expected[:1]]
    probes += [Slot(s.starts_at, s.ends_at + timedelta(minutes=1), s.doctor_id) for s in expected[-1:]]
    probes += [Slot(s.starts_at.astimezone(clinic.timezone), s.ends_at, s.doctor_id) for s in expected[:1]]
    for probe in probes:
        assert found.contains(probe) == reference.contains(probe)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario=scenarios(), data=st.data())
def test_days_worked_out_on_demand_answer_as_the_reference_in_any_order(
    scenario: tuple[Clinic, dict[DoctorId, list[Interval]], datetime, date, date], data: st.DataObject
) -> None:
    """``compute`` works days out as questions need them: any order of questions, a late day
    or a far wish first, gives the reference's answers (``slots`` is asked last, not first)."""
    clinic, busy, now, first_day, last_day = scenario
    expected = _reference_compute(clinic, busy=busy, now=now, first_day=first_day, last_day=last_day)
    reference = _ReferenceQueries(clinic, expected)
    found = Availability.compute(clinic, busy=busy, now=now, first_day=first_day, last_day=last_day)
    doctor_ids: list[DoctorId | None] = [None, *(d.id for d in clinic.doctors), DoctorId("nobody")]
    days = st.dates(first_day - timedelta(days=2), max(first_day, last_day) + timedelta(days=2))
    for _ in range(data.draw(st.integers(1, 10))):
        question = data.draw(st.sampled_from(("days", "matching", "at", "nearest", "contains")))
        doctor_id = data.draw(st.sampled_from(doctor_ids))
        day = data.draw(days)
        if question == "days":
            count = data.draw(st.sampled_from((-1, 0, 1, 3, 5, 400)))
            assert found.days_with_slots(doctor_id=doctor_id, count=count) == reference.days_with_slots(
                doctor_id=doctor_id, count=count
            )
        elif question == "matching":
            part = data.draw(st.sampled_from((None, *DayPart)))
            assert found.matching(day=day, doctor_id=doctor_id, part=part) == reference.matching(
                day=day, doctor_id=doctor_id, part=part
            )
        elif question == "at":
            times = data.draw(st.lists(st.sampled_from([time(h, m) for h in range(24) for m in (0, 30)])))
            assert found.at(day, times, doctor_id) == reference.at(day, times, doctor_id)
        elif question == "nearest":
            to = datetime.combine(day, time(), tzinfo=clinic.timezone) + timedelta(
                minutes=data.draw(st.integers(-3 * 24 * 60, 3 * 24 * 60))
            )
            to = data.draw(st.sampled_from((to, to.astimezone(UTC))))
            count = data.draw(st.sampled_from((-1, 0, 1, 3, 4, 50)))
            assert found.nearest(to, doctor_id=doctor_id, count=count) == reference.nearest(
                to, doctor_id=doctor_id, count=count
            )
        elif expected:
            slot = expected[data.draw(st.integers(0, len(expected) - 1))]
            probe = data.draw(
                st.sampled_from(
                    (
                        slot,
                        Slot(slot.starts_at.astimezone(clinic.timezone), slot.ends_at, slot.doctor_id),
                        Slot(slot.starts_at + timedelta(minutes=30), slot.ends_at, slot.doctor_id),
                        Slot(slot.starts_at, slot.ends_at, DoctorId("nobody")),
                    )
                )
            )
            assert found.contains(probe) == reference.contains(probe)
    assert list(found.slots) == expected
