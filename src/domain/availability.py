"""Free slots: a pure function of schedules, busy time, now and the clinic's zone.

Slots start on the clinic's wall clock (a doctor works 09:00-13:00 whatever the
UTC offset) and are stored as UTC instants lasting their real length. Wall times
that do not exist (the hour skipped when clocks go forward) start no slot; a
repeated hour (clocks go back) is offered once, at its first occurrence.

``Availability.compute`` works a local day out only when a question needs it: a turn
asks about the first free days, the day being discussed and the times near a wish, not
the whole horizon. Every answer is the one the whole horizon would give.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import FrozenInstanceError, dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from itertools import chain
from operator import attrgetter
from zoneinfo import ZoneInfo

from domain.clinic import Clinic, Doctor
from domain.ids import DoctorId
from domain.services import Service
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
_DAY_US = 86_400_000_000
_BY_START = attrgetter("start")


def _micros(moment: datetime) -> int:
    """An aware instant as whole microseconds since the epoch: exact, and cheap to compare."""
    return (moment - _EPOCH) // _US


def _exists(wall: datetime, zone: ZoneInfo) -> bool:
    """Whether a naive wall-clock time happens in ``zone`` (it does not inside a DST gap)."""
    aware = wall.replace(tzinfo=zone)
    return aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == wall


def _utc_micros(wall: datetime, zone: ZoneInfo) -> int:
    return _micros(wall.replace(tzinfo=zone))


def _utc_midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


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


def _last_day(clinic: Clinic, now: datetime, last_day: date) -> date:
    """``last_day``, or the booking horizon's last day when sooner."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return min(last_day, clinic.today(now) + timedelta(days=clinic.policy.horizon_days))


class _Busy:
    """One doctor's busy time as sorted, disjoint [start, end) microsecond spans (touching ones joined).

    Converting an interval to microseconds costs more than anything else done with it, and
    a turn's days need few of them: when the intervals can be ordered as they are, they are
    converted (in order) only as far as the days asked about need.
    """

    __slots__ = ("_next", "_pending", "ends", "starts")

    def __init__(self, intervals: Sequence[Interval]) -> None:
        self._next = 0
        if all(type(zone) is timezone for zone in {i.start.tzinfo for i in intervals}):
            # Fixed offsets compare as instants: order now, convert on demand.
            self._pending = sorted(intervals, key=_BY_START)
            self.starts: list[int] = []
            self.ends: list[int] = []
        else:
            # Two times in one named zone compare by their wall clocks (wrong in a repeated hour).
            self._pending = []
            self.starts, self.ends = _merged_busy(intervals)

    def until(self, limit: datetime | None) -> None:
        """Take in every interval starting before ``limit`` (all of them when ``None``).

        The spans are then right for any slot ending by ``limit``: later intervals can only
        lengthen the last span beyond ``limit`` or add spans after it.
        """
        pending = self._pending
        begin = self._next
        end = len(pending) if limit is None else bisect_left(pending, limit, lo=begin, key=_BY_START)
        if begin == end:
            return
        self._next = end
        epoch, us = _EPOCH, _US
        starts, ends = self.starts, self.ends
        for start, stop in [((i.start - epoch) // us, (i.end - epoch) // us) for i in pending[begin:end]]:
            if ends and start <= ends[-1]:
                if stop > ends[-1]:
                    ends[-1] = stop
            else:
                starts.append(start)
                ends.append(stop)


class _Schedule:
    """One doctor's week and busy time, as the integer arithmetic below reads them.

    Starts lie on the doctor's grid (``step``, their slot length) and a visit lasts ``span``
    (the service's length): a 90-minute whitening on a 30-minute grid needs three free slots in a row.
    """

    __slots__ = (
        "busy",
        "days_off",
        "doctor_id",
        "length",
        "overnight",
        "slot_length",
        "span",
        "step",
        "week",
    )

    def __init__(self, doctor: Doctor, busy: Sequence[Interval], length: timedelta) -> None:
        self.doctor_id = doctor.id
        self.slot_length = doctor.slot_length
        self.step: int = doctor.slot_length // _US
        self.length = length
        self.span: int = length // _US
        self.days_off = doctor.days_off
        self.week = doctor.hours.decoded()
        # Whether some range runs past midnight into the next day.
        self.overnight = any(shift[2] for shifts in self.week for shift in shifts)
        self.busy = _Busy(busy)


# Where a local day's slots come from: the ranges opening that day or (``late``) those
# opening the evening before. (Opening day, its weekday, late, its midnight when the next
# two days keep its UTC offset, and then the day's first possible start and its end, in
# epoch microseconds.)
_Opening = tuple[date, int, bool, int | None, int, int]


class _Plan:
    """What a computation needs, and the local days it has worked out so far (each once)."""

    __slots__ = (
        "_keys",
        "_midnights",
        "_positions",
        "_schedules",
        "_slots",
        "_snapshot",
        "_steady",
        "closed_on",
        "earliest",
        "first_day",
        "last_day",
        "zone",
    )

    def __init__(
        self,
        clinic: Clinic,
        doctors: Sequence[tuple[Doctor, Sequence[Interval], timedelta]],
        now: datetime,
        first_day: date,
        last_day: date,
    ) -> None:
        self.last_day = _last_day(clinic, now, last_day)
        self.first_day = first_day
        # Days from the evening before the window to two days after it are read on demand
        # (``_steady_midnight``): past the calendar's ends, fail here as when read at once.
        _ = first_day - _DAY, self.last_day + 2 * _DAY
        self.zone = clinic.timezone
        self.closed_on = clinic.closed_on
        self.earliest = _micros(now + clinic.policy.minimum_notice)
        # The doctors and their busy time as they are now; decoded on the first question.
        self._snapshot = tuple((doctor, tuple(busy), length) for doctor, busy, length in doctors)
        self._schedules: tuple[_Schedule, ...] | None = None
        self._positions: dict[DoctorId, int] = {}
        self._midnights: dict[date, tuple[int, timedelta | None]] = {}
        self._steady: dict[date, int | None] = {}
        # Per local day: its free slots as integers (see ``_work_out``), then as slots.
        self._keys: dict[date, list[int]] = {}
        self._slots: dict[date, tuple[Slot, ...]] = {}

    def days(self) -> Iterator[date]:
        """The local days of the window, in order."""
        day = self.first_day
        while day <= self.last_day:
            yield day
            day += _DAY

    def all(self) -> tuple[Slot, ...]:
        """Every free slot of the window, by start time and then by the clinic's order of doctors."""
        days = list(self.days())
        self._work_out([day for day in days if day not in self._keys])
        return tuple(chain.from_iterable(self.on(day) for day in days))

    def on(self, day: date) -> tuple[Slot, ...]:
        """The free slots starting on local ``day``, by start time and then by the clinic's order."""
        found = self._slots.get(day)
        if found is None:
            keys = self._keys_on(day)
            if not keys:
                return ()
            found = self._slots[day] = self._build(keys)
        return found

    def has_slots(self, day: date, doctor_id: DoctorId | None) -> bool:
        """Whether local ``day`` has a free slot (of ``doctor_id`` when given)."""
        keys = self._keys_on(day)
        if doctor_id is None or not keys:
            return bool(keys)
        position = self._positions.get(doctor_id)
        if position is None:
            return False
        count = len(self._prepared())
        return any(key % count == position for key in keys)

    def _keys_on(self, day: date) -> list[int]:
        keys = self._keys.get(day)
        if keys is None:
            if not self.first_day <= day <= self.last_day:
                return []
            self._work_out([day])
            keys = self._keys[day]
        return keys

    def _prepared(self) -> tuple[_Schedule, ...]:
        schedules = self._schedules
        if schedules is None:
            schedules = self._schedules = tuple(_Schedule(d, busy, n) for d, busy, n in self._snapshot)
            self._positions = {schedule.doctor_id: n for n, schedule in enumerate(schedules)}
        return schedules

    def _work_out(self, days: list[date]) -> None:
        """Find the free slots of local ``days`` (ascending) for every doctor, as integers.

        One integer per slot, start * (number of doctors) + doctor's position, sorts as
        (start, position): the order of the slots.
        """
        if not days:
            return
        schedules = self._prepared()
        # A slot of these days ends before this instant (UTC offsets are under a day).
        limit = None if days[-1] > date.max - 3 * _DAY else _utc_midnight(days[-1] + 3 * _DAY)
        openings = [self._openings(day) for day in days]
        count = len(schedules)
        keys_by_day: list[list[int]] = [[] for _ in days]
        for position, schedule in enumerate(schedules):
            busy = schedule.busy
            busy.until(limit)
            busy_starts, busy_ends = busy.starts, busy.ends
            busy_count = len(busy_ends)
            step = schedule.step
            span = schedule.span
            stride = step * count
            days_off = schedule.days_off
            week = schedule.week
            overnight = schedule.overnight
            for day, keys, day_openings in zip(days, keys_by_day, openings, strict=True):
                for opening_day, weekday, late, midnight, lowest, beyond in day_openings:
                    if (late and not overnight) or not week[weekday] or opening_day in days_off:
                        continue
                    if midnight is None:
                        self._exact(keys, schedule, position, count, opening_day, day, late)
                        continue
                    # One offset all along: starts are midnight plus a clock reading.
                    for opens, length, crosses, _ in week[weekday]:
                        if late and not crosses:
                            continue
                        start = midnight + opens
                        # Starts on the slot grid in [lowest, beyond) whose visit ends by closing time.
                        stop = start + length - span + 1
                        if stop > beyond:
                            stop = beyond
                        if start < lowest:
                            start += -((start - lowest) // step) * step
                        index = bisect_right(busy_ends, start)  # the first busy span ending after start
                        while start < stop:
                            # Free: starts whose visit ends by the busy span's start; then blocked to its end.
                            free = stop if index == busy_count else busy_starts[index] - span + 1
                            if free >= stop:
                                keys.extend(range(start * count + position, stop * count, stride))
                                break
                            if start < free:
                                keys.extend(range(start * count + position, free * count, stride))
                            start += -((start - busy_ends[index]) // step) * step  # first start >= its end
                            index += 1
                            while index < busy_count and busy_ends[index] <= start:
                                index += 1
        for day, keys in zip(days, keys_by_day, strict=True):
            keys.sort()
            self._keys[day] = keys

    def _build(self, keys: list[int]) -> tuple[Slot, ...]:
        """Slots from their integers (see ``_work_out``)."""
        schedules = self._prepared()
        count = len(schedules)
        ids = [schedule.doctor_id for schedule in schedules]
        lengths = [schedule.length for schedule in schedules]
        epoch, make, delta = _EPOCH, Slot, timedelta
        slots: list[Slot] = []
        add = slots.append
        previous: int | None = None
        starts_at = epoch
        for key in keys:
            start = key // count
            if start != previous:  # doctors free at one time share its datetime
                previous = start
                starts_at = epoch + delta(microseconds=start)
            position = key - start * count
            add(make(starts_at, starts_at + lengths[position], ids[position]))
        return tuple(slots)

    def _openings(self, day: date) -> list[_Opening]:
        """The ranges a local day's slots can come from, on days the clinic is open."""
        found = []
        for opening_day, late in ((day - _DAY, True), (day, False)):
            if opening_day in self.closed_on:
                continue
            midnight = self._steady_midnight(opening_day)
            lowest = beyond = 0
            if midnight is not None:  # ``day`` is [its midnight, the next) in epoch microseconds
                lowest = midnight + _DAY_US if late else midnight
                beyond = lowest + _DAY_US
                lowest = max(lowest, self.earliest)
            found.append((opening_day, opening_day.weekday(), late, midnight, lowest, beyond))
        return found

    def _steady_midnight(self, day: date) -> int | None:
        """Local midnight of ``day`` (epoch microseconds) if it and the next two days keep one UTC offset.

        A range opening on such a day ends before the second midnight, so every wall time
        in it exists once and is midnight plus its clock reading: no per-slot conversion.
        Days the clocks change (or the day before) are left out and take the exact path.
        """
        if day in self._steady:
            return self._steady[day]
        micros, offset = self._midnight(day)
        steady = offset == self._midnight(day + _DAY)[1] == self._midnight(day + 2 * _DAY)[1]
        found = self._steady[day] = micros if steady else None
        return found

    def _midnight(self, day: date) -> tuple[int, timedelta | None]:
        found = self._midnights.get(day)
        if found is None:
            midnight = datetime.combine(day, time(), tzinfo=self.zone)
            found = self._midnights[day] = (_micros(midnight), midnight.utcoffset())
        return found

    def _exact(
        self,
        keys: list[int],
        schedule: _Schedule,
        position: int,
        count: int,
        opening_day: date,
        day: date,
        late: bool,
    ) -> None:
        """The clocks change: step in wall-clock time, converting each start that falls on ``day``."""
        zone = self.zone
        span = schedule.span
        earliest = self.earliest
        busy_starts, busy_ends = schedule.busy.starts, schedule.busy.ends
        busy_count = len(busy_ends)
        for _, _, crosses, hours in schedule.week[opening_day.weekday()]:
            if late and not crosses:
                continue
            cursor = datetime.combine(opening_day, hours.start)
            closing_wall = cursor + hours.length()
            closing = _utc_micros(closing_wall, zone)
            while cursor < closing_wall:
                if cursor.date() == day and _exists(cursor, zone):
                    start = _utc_micros(cursor, zone)
                    if start + span <= closing and start >= earliest:
                        index = bisect_right(busy_ends, start)  # first busy span ending after start
                        if index == busy_count or busy_starts[index] >= start + span:
                            keys.append(start * count + position)
                cursor += schedule.slot_length


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
    return list(_Plan(clinic, [(doctor, tuple(busy), doctor.slot_length)], now, first_day, last_day).all())


def one_per_start(slots: Iterable[Slot]) -> list[Slot]:
    """Each start time once (its first slot): with no doctor chosen, 10:00 is one choice, not three."""
    seen: set[datetime] = set()
    unique: list[Slot] = []
    for slot in slots:
        if slot.starts_at not in seen:
            seen.add(slot.starts_at)
            unique.append(slot)
    return unique


class Availability:
    """The clinic's free slots over a window, with the questions a booking asks of them.

    Immutable, and compared and hashed by ``clinic`` and ``slots`` as a frozen dataclass of
    those two fields would be. ``compute`` leaves each local day to the first question that
    needs it (``slots`` needs them all); the answers are the same.
    """

    __slots__ = ("_clinic", "_plan", "_service", "_siblings", "_slots", "_source")
    __match_args__ = ("clinic", "slots")

    _clinic: Clinic
    _slots: tuple[Slot, ...] | None
    # Set by ``compute``: the window's days, worked out on demand, each by start time.
    _plan: _Plan | None
    _service: Service | None
    # Set by ``compute``: what it was computed from, and the same window for other services.
    _source: tuple[Mapping[DoctorId, Sequence[Interval]], datetime, date, date] | None
    _siblings: dict[Service | None, Availability]

    def __init__(self, clinic: Clinic, slots: tuple[Slot, ...]) -> None:
        object.__setattr__(self, "_clinic", clinic)
        object.__setattr__(self, "_slots", slots)
        object.__setattr__(self, "_plan", None)
        object.__setattr__(self, "_service", None)
        object.__setattr__(self, "_source", None)
        object.__setattr__(self, "_siblings", {})

    @classmethod
    def compute(
        cls,
        clinic: Clinic,
        *,
        busy: Mapping[DoctorId, Sequence[Interval]],
        now: datetime,
        first_day: date,
        last_day: date,
        service: Service | None = None,
    ) -> Availability:
        """Free times for ``service`` (each doctor's plain slot when None), by start time and then by
        the clinic's order of doctors: the doctors who do it, each visit as long as it takes."""
        return cls._computed(clinic, (busy, now, first_day, last_day), service, {})

    @classmethod
    def _computed(
        cls,
        clinic: Clinic,
        source: tuple[Mapping[DoctorId, Sequence[Interval]], datetime, date, date],
        service: Service | None,
        siblings: dict[Service | None, Availability],
    ) -> Availability:
        busy, now, first_day, last_day = source
        doctors = [
            (d, busy.get(d.id, ()), clinic.visit_length(service, d)) for d in clinic.doctors_for(service)
        ]
        found = cls.__new__(cls)
        object.__setattr__(found, "_clinic", clinic)
        object.__setattr__(found, "_slots", None)
        object.__setattr__(found, "_plan", _Plan(clinic, doctors, now, first_day, last_day))
        object.__setattr__(found, "_service", service)
        object.__setattr__(found, "_source", source)
        object.__setattr__(found, "_siblings", siblings)
        siblings[service] = found
        return found

    def of(self, service: Service | None) -> Availability:
        """The same window's free times for ``service``, from the same busy time (worked out once)."""
        if service == self._service or self._source is None:
            return self
        found = self._siblings.get(service)
        if found is None:
            found = self._computed(self._clinic, self._source, service, self._siblings)
        return found

    @property
    def service(self) -> Service | None:
        """The service these free times are for (None: each doctor's plain slot)."""
        return self._service

    @property
    def clinic(self) -> Clinic:
        return self._clinic

    @property
    def slots(self) -> tuple[Slot, ...]:
        """Every free slot, by start time and then by the clinic's order of doctors."""
        slots = self._slots
        if slots is None:  # left to work out by ``compute``
            slots = self._plan.all() if self._plan is not None else ()
            object.__setattr__(self, "_slots", slots)
        return slots

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Availability) or other.__class__ is not self.__class__:
            return NotImplemented
        return (self.clinic, self.slots) == (other.clinic, other.slots)

    def __hash__(self) -> int:
        return hash((self.clinic, self.slots))

    def __repr__(self) -> str:
        return f"{type(self).__qualname__}(clinic={self.clinic!r}, slots={self.slots!r})"

    def _local_start(self, slot: Slot) -> datetime:
        return self._clinic.local(slot.starts_at)

    def matching(
        self,
        *,
        day: date | None = None,
        doctor_id: DoctorId | None = None,
        part: DayPart | None = None,
    ) -> list[Slot]:
        """Free slots, optionally of one local day, one doctor and one part of the day."""
        plan = self._plan
        if day is not None and plan is not None:
            candidates: Sequence[Slot] = plan.on(day)  # every one of them starts on ``day``
            day = None
        else:
            candidates = self.slots
        found = []
        for slot in candidates:
            if doctor_id is not None and slot.doctor_id != doctor_id:
                continue
            if day is not None or part is not None:
                local = self._local_start(slot)
                if day is not None and local.date() != day:
                    continue
                if part is not None and not self._clinic.day_parts.contains(part, local.time()):
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
        plan = self._plan
        if plan is None or slot.starts_at.utcoffset() is None:
            return slot in self.slots
        # An equal slot starts at the same instant, so on the same local day.
        return slot in plan.on(self._local_start(slot).date())

    def nearest(self, to: datetime, *, doctor_id: DoctorId | None = None, count: int = 3) -> list[Slot]:
        """The ``count`` free slots closest to ``to`` (before or after), in time order.

        One slot per start time, so three doctors free at 10:00 do not crowd out 10:30.
        """
        plan = self._plan
        if plan is None or count < 1 or to.utcoffset() is None:
            unique = one_per_start(self.matching(doctor_id=doctor_id))
        else:
            unique = self._near(plan, to, doctor_id, count)
        closest = sorted(unique, key=lambda s: (abs(s.starts_at - to), s.starts_at))[:count]
        return sorted(closest)

    def _near(self, plan: _Plan, to: datetime, doctor_id: DoctorId | None, count: int) -> list[Slot]:
        """One slot per start, of enough days around ``to`` to hold its ``count`` nearest.

        A slot of local day D starts in (D - 1, D + 2) at 00:00 UTC, offsets being under a
        day: days further out are only looked at while they could still hold a closer one.
        """
        first, last = plan.first_day, plan.last_day
        if last < first:
            return []
        low = high = min(max(self.clinic.local(to).date(), first), last)
        found = one_per_start(self.matching(day=low, doctor_id=doctor_id))
        while low > first or high < last:
            # Nothing on a day before ``low`` is nearer than ``before``, or after ``high`` than ``after``.
            before = to - _utc_midnight(low + _DAY) if low > first else None
            after = _utc_midnight(high) - to if high < last else None
            if len(found) >= count:
                nearest = sorted(abs(s.starts_at - to) for s in found)[count - 1]
                if (before is None or nearest < before) and (after is None or nearest < after):
                    break
            if after is None or (before is not None and before <= after):
                low -= _DAY
                found += one_per_start(self.matching(day=low, doctor_id=doctor_id))
            else:
                high += _DAY
                found += one_per_start(self.matching(day=high, doctor_id=doctor_id))
        return found

    def days_with_slots(self, *, doctor_id: DoctorId | None = None, count: int = 3) -> list[date]:
        """The first ``count`` local days that still have a free slot."""
        days: list[date] = []
        plan = self._plan
        if plan is not None:
            # Local days follow start times, so the days in order are the days in slot order.
            for day in plan.days():
                if plan.has_slots(day, doctor_id):
                    days.append(day)
                    if len(days) == count:
                        break
            return days
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
