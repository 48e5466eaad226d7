"""Free slots: a pure function of schedules, busy time, now and the clinic's zone.

Slots start on the clinic's wall clock (a doctor works 09:00-13:00 whatever the
UTC offset) and are stored as UTC instants lasting their real length. Wall times
that do not exist (the hour skipped when clocks go forward) start no slot; a
repeated hour (clocks go back) is offered once, at its first occurrence.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from operator import attrgetter
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


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_DAY = timedelta(days=1)
_US = timedelta(microseconds=1)
_START = attrgetter("starts_at")


def _micros(moment: datetime) -> int:
    """An aware instant as whole microseconds since the epoch: exact, and cheap to compare."""
    return (moment - _EPOCH) // _US


def _exists(wall: datetime, zone: ZoneInfo) -> bool:
    """Whether a naive wall-clock time happens in ``zone`` (it does not inside a DST gap)."""
    aware = wall.replace(tzinfo=zone)
    return aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == wall


def _utc_micros(wall: datetime, zone: ZoneInfo) -> int:
    return _micros(wall.replace(tzinfo=zone))


def _steady_midnights(zone: ZoneInfo, first_day: date, last_day: date) -> dict[date, int]:
    """Local midnight (epoch microseconds) of each day whose next two days keep one UTC offset.

    A range starting on such a day ends before the second midnight, so every wall time
    in it exists once and is midnight plus its clock reading: no per-slot conversion.
    Days the clocks change (or the day before) are left out and take the exact path.
    """
    midnights = {}
    offsets = []
    day = first_day
    while day <= last_day + 2 * _DAY:
        midnight = datetime.combine(day, time(), tzinfo=zone)
        offsets.append(midnight.utcoffset())
        midnights[day] = _micros(midnight)
        day += _DAY
    return {
        day: micros
        for index, (day, micros) in enumerate(midnights.items())
        if index + 2 < len(offsets) and offsets[index] == offsets[index + 1] == offsets[index + 2]
    }


def _merged_busy(intervals: Iterable[Interval]) -> tuple[list[int], list[int]]:
    """Busy time as sorted, disjoint [start, end) microsecond spans (touching ones joined)."""
    starts: list[int] = []
    ends: list[int] = []
    for start, end in sorted((_micros(i.start), _micros(i.end)) for i in intervals):
        if ends and start <= ends[-1]:
            ends[-1] = max(ends[-1], end)
        else:
            starts.append(start)
            ends.append(end)
    return starts, ends


def _wall_micros(moment: time) -> int:
    return ((moment.hour * 60 + moment.minute) * 60 + moment.second) * 1_000_000 + moment.microsecond


def _last_day(clinic: Clinic, now: datetime, last_day: date) -> date:
    """``last_day``, or the booking horizon's last day when sooner."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return min(last_day, clinic.today(now) + timedelta(days=clinic.policy.horizon_days))


def _free_starts(
    clinic: Clinic,
    doctor: Doctor,
    busy: Iterable[Interval],
    now: datetime,
    first_day: date,
    last_day: date,
    steady: Mapping[date, int],
) -> list[int]:
    """The start instants (epoch microseconds, ascending) of ``doctor``'s free slots; see ``free_slots``.

    ``last_day`` is already cut to the horizon and ``steady`` covers first_day - 1 to it.
    """
    zone = clinic.timezone
    step = doctor.slot_length // _US
    earliest = _micros(now + clinic.policy.minimum_notice)
    busy_starts, busy_ends = _merged_busy(busy)
    busy_count = len(busy_ends)
    starts: list[int] = []

    # Ranges that began the evening before can run into first_day.
    day = first_day - _DAY
    while day <= last_day:
        for hours in () if clinic.is_closed(doctor, day) else doctor.hours.on(day):
            midnight = steady.get(day)
            if midnight is None:
                # The clocks change: step in wall-clock time, converting each start.
                cursor = datetime.combine(day, hours.start)
                closing_wall = cursor + hours.length()
                closing = _utc_micros(closing_wall, zone)
                while cursor < closing_wall:
                    if first_day <= cursor.date() <= last_day and _exists(cursor, zone):
                        start = _utc_micros(cursor, zone)
                        if start + step <= closing and start >= earliest:
                            index = bisect_right(busy_ends, start)  # first busy span ending after start
                            if index == busy_count or busy_starts[index] >= start + step:
                                starts.append(start)
                    cursor += doctor.slot_length
                continue
            # One offset all along: starts are midnight plus a clock reading.
            start = midnight + _wall_micros(hours.start)
            closing = start + hours.length() // _US
            # Starts must fall on a local day in [first_day, last_day], and not too soon.
            lowest = max(midnight + (first_day - day).days * 86_400_000_000, earliest)
            beyond = midnight + ((last_day - day).days + 1) * 86_400_000_000
            if start < lowest:
                start += -((start - lowest) // step) * step
            # The first busy span ending after ``start``: it only moves forward as starts do.
            index = bisect_right(busy_ends, start)
            while start + step <= closing and start < beyond:
                while index < busy_count and busy_ends[index] <= start:
                    index += 1
                if index == busy_count or busy_starts[index] >= start + step:
                    starts.append(start)
                start += step
        day += _DAY
    starts.sort()
    return starts


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
    last_day = _last_day(clinic, now, last_day)
    steady = _steady_midnights(clinic.timezone, first_day - _DAY, last_day)
    starts = _free_starts(clinic, doctor, busy, now, first_day, last_day, steady)
    return _slots([(micros, doctor) for micros in starts])


def _slots(starts: Iterable[tuple[int, Doctor]]) -> list[Slot]:
    """Slots from (start in epoch microseconds, doctor), sharing one datetime per instant."""
    instants: dict[int, datetime] = {}
    slots = []
    for start, doctor in starts:
        end = start + doctor.slot_length // _US
        if (starts_at := instants.get(start)) is None:
            starts_at = instants[start] = _EPOCH + timedelta(microseconds=start)
        if (ends_at := instants.get(end)) is None:
            ends_at = instants[end] = _EPOCH + timedelta(microseconds=end)
        slots.append(Slot(starts_at, ends_at, doctor.id))
    return slots


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
    # Set by ``compute``: the slots ascend by start, so a day's slots can be found by bisection.
    _ordered: bool = field(default=False, init=False, repr=False, compare=False)

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
        """Every doctor's free slots, by start time and then by the clinic's order of doctors."""
        doctors = clinic.doctors
        # One integer per slot, start * len(doctors) + doctor's position, sorts as (start, position).
        last_day = _last_day(clinic, now, last_day)
        steady = _steady_midnights(clinic.timezone, first_day - _DAY, last_day)
        keys: list[int] = []
        for position, doctor in enumerate(doctors):
            starts = _free_starts(clinic, doctor, busy.get(doctor.id, ()), now, first_day, last_day, steady)
            keys.extend(start * len(doctors) + position for start in starts)
        keys.sort()
        found = cls(clinic, tuple(_slots((key // len(doctors), doctors[key % len(doctors)]) for key in keys)))
        object.__setattr__(found, "_ordered", True)
        return found

    def _local_start(self, slot: Slot) -> datetime:
        return self.clinic.local(slot.starts_at)

    def _around(self, day: date | None) -> Sequence[Slot]:
        """The slots that may start on local ``day``: all, or when ordered those near it in UTC."""
        if day is None or not self._ordered or not date.min + _DAY <= day <= date.max - 2 * _DAY:
            return self.slots
        # A UTC offset is under a day, so a slot of local ``day`` starts in [day - 1, day + 2) UTC.
        low = datetime.combine(day - _DAY, time(), tzinfo=UTC)
        high = datetime.combine(day + 2 * _DAY, time(), tzinfo=UTC)
        return self.slots[
            bisect_left(self.slots, low, key=_START) : bisect_left(self.slots, high, key=_START)
        ]

    def matching(
        self,
        *,
        day: date | None = None,
        doctor_id: DoctorId | None = None,
        part: DayPart | None = None,
    ) -> list[Slot]:
        """Free slots, optionally of one local day, one doctor and one part of the day."""
        found = []
        for slot in self._around(day):
            if doctor_id is not None and slot.doctor_id != doctor_id:
                continue
            if day is not None or part is not None:
                local = self._local_start(slot)
                if day is not None and local.date() != day:
                    continue
                if part is not None and not part.contains(local.time()):
                    continue
            found.append(slot)
        return found

    def at(self, day: date, times: Sequence[time], doctor_id: DoctorId | None = None) -> Slot | None:
        """The free slot starting at the first of ``times`` (wall clock, on ``day``) that has one."""
        candidates = [(self._local_start(s).time(), s) for s in self.matching(day=day, doctor_id=doctor_id)]
        for wanted in times:
            for local, slot in candidates:
                if local == wanted:
                    return slot
        return None

    def contains(self, slot: Slot) -> bool:
        if not self._ordered or slot.starts_at.utcoffset() is None:
            return slot in self.slots
        index = bisect_left(self.slots, slot.starts_at, key=_START)
        while index < len(self.slots) and self.slots[index].starts_at == slot.starts_at:
            if self.slots[index] == slot:
                return True
            index += 1
        return False

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
        previous: datetime | None = None
        for slot in self.matching(doctor_id=doctor_id):
            if slot.starts_at == previous:  # doctors sharing a start share its day
                continue
            previous = slot.starts_at
            day = self._local_start(slot).date()
            if day not in days:
                days.append(day)
                if len(days) == count:
                    break
        return days
