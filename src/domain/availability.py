"""Free slots: a pure function of schedules, busy time, now and the clinic's zone.

Slots start on the clinic's wall clock (a doctor works 09:00-13:00 whatever the
UTC offset) and are stored as UTC instants lasting their real length. Wall times
that do not exist (the hour skipped when clocks go forward) start no slot; a
repeated hour (clocks go back) is offered once, at its first occurrence.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from domain.clinic import Clinic, Doctor
from domain.ids import DoctorId
from domain.when import DayPart


@dataclass(frozen=True, slots=True, order=True)
class Interval:
    """A half-open span of time [start, end) between two aware instants."""

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError("interval bounds must be timezone-aware")
        if self.end <= self.start:
            raise ValueError("an interval must end after it starts")

    def overlaps(self, other: Interval) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True, slots=True, order=True)
class Slot:
    """A bookable span of one doctor's time, in UTC."""

    starts_at: datetime
    ends_at: datetime
    doctor_id: DoctorId

    @property
    def interval(self) -> Interval:
        return Interval(self.starts_at, self.ends_at)


def _exists(wall: datetime, zone: ZoneInfo) -> bool:
    """Whether a naive wall-clock time happens in ``zone`` (it does not inside a DST gap)."""
    aware = wall.replace(tzinfo=zone)
    return aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == wall


def _utc(wall: datetime, zone: ZoneInfo) -> datetime:
    return wall.replace(tzinfo=zone).astimezone(UTC)


class _Busy:
    """Busy intervals merged and sorted, for fast overlap checks."""

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


def free_slots(
    clinic: Clinic,
    doctor: Doctor,
    *,
    busy: Iterable[Interval],
    now: datetime,
    first_day: date,
    last_day: date,
) -> list[Slot]:
    """Every free slot of ``doctor`` starting on a local day in [first_day, last_day].

    A slot is free when it exists in the clinic's zone, starts after ``now`` plus the
    minimum notice, starts within the booking horizon, lies on a day the doctor and
    clinic work, and overlaps no busy interval.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    zone = clinic.timezone
    length = doctor.slot_length
    earliest = now + clinic.policy.minimum_notice
    last_day = min(last_day, clinic.today(now) + timedelta(days=clinic.policy.horizon_days))
    blocked = _Busy(busy)
    slots: list[Slot] = []
    # Ranges that began the evening before can run into first_day.
    day = first_day - timedelta(days=1)
    while day <= last_day:
        for hours in () if clinic.is_closed(doctor, day) else doctor.hours.on(day):
            # Starts step in wall-clock time; a slot lasts its real length and must end
            # by the real closing instant, whatever the clocks did in between.
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


def one_per_start(slots: Iterable[Slot]) -> list[Slot]:
    """Each start time once (its first slot): with no doctor chosen, 10:00 is one choice, not three."""
    seen: set[datetime] = set()
    unique: list[Slot] = []
    for slot in slots:
        if slot.starts_at not in seen:
            seen.add(slot.starts_at)
            unique.append(slot)
    return unique


@dataclass(frozen=True, slots=True)
class Availability:
    """The clinic's free slots over a window, with the questions a booking asks of them."""

    clinic: Clinic
    slots: tuple[Slot, ...]

    @classmethod
    def compute(
        cls,
        clinic: Clinic,
        *,
        busy: Mapping[DoctorId, Sequence[Interval]],
        now: datetime,
        first_day: date,
        last_day: date,
    ) -> Availability:
        slots: list[Slot] = []
        for doctor in clinic.doctors:
            slots.extend(
                free_slots(
                    clinic,
                    doctor,
                    busy=busy.get(doctor.id, ()),
                    now=now,
                    first_day=first_day,
                    last_day=last_day,
                )
            )
        order = {doctor.id: index for index, doctor in enumerate(clinic.doctors)}
        return cls(clinic, tuple(sorted(slots, key=lambda s: (s.starts_at, order[s.doctor_id]))))

    def _local_start(self, slot: Slot) -> datetime:
        return self.clinic.local(slot.starts_at)

    def matching(
        self,
        *,
        day: date | None = None,
        doctor_id: DoctorId | None = None,
        part: DayPart | None = None,
    ) -> list[Slot]:
        """Free slots, optionally of one local day, one doctor and one part of the day."""
        found = []
        for slot in self.slots:
            local = self._local_start(slot)
            if day is not None and local.date() != day:
                continue
            if doctor_id is not None and slot.doctor_id != doctor_id:
                continue
            if part is not None and not part.contains(local.time()):
                continue
            found.append(slot)
        return found

    def at(self, day: date, times: Sequence[time], doctor_id: DoctorId | None = None) -> Slot | None:
        """The free slot starting at the first of ``times`` (wall clock, on ``day``) that has one."""
        candidates = self.matching(day=day, doctor_id=doctor_id)
        for wanted in times:
            for slot in candidates:
                if self._local_start(slot).time() == wanted:
                    return slot
        return None

    def contains(self, slot: Slot) -> bool:
        return slot in self.slots

    def nearest(self, to: datetime, *, doctor_id: DoctorId | None = None, count: int = 3) -> list[Slot]:
        """The ``count`` free slots closest to ``to`` (before or after), in time order.

        One slot per start time, so three doctors free at 10:00 do not crowd out 10:30.
        """
        unique = one_per_start(self.matching(doctor_id=doctor_id))
        closest = sorted(unique, key=lambda s: (abs(s.starts_at - to), s.starts_at))[:count]
        return sorted(closest)

    def days_with_slots(self, *, doctor_id: DoctorId | None = None, count: int = 3) -> list[date]:
        """The first ``count`` local days that still have a free slot."""
        days: list[date] = []
        for slot in self.matching(doctor_id=doctor_id):
            day = self._local_start(slot).date()
            if day not in days:
                days.append(day)
                if len(days) == count:
                    break
        return days
