"""Availability computation time for 20 doctors over a 60-day horizon (target: under 10 ms).

Run from the repository root: ``.venv/bin/python -m bench.availability``.

The clinic has 20 doctors with realistic weeks (mornings and afternoons Monday to
Friday, some Saturday mornings, 30/45/60-minute slots, a few days off each, the
clinic's holidays) and 40% of their slots booked (seeded, so every run measures the
same calendar). Three figures are timed:

- ``Availability.compute`` over the window the app uses (today to today + horizon),
  followed by the questions a turn asks of the result (the NLU context's free days and the
  slots of the day being discussed, the bot's list of days and its offer of times).
  ``compute`` works each day out when a question first needs it, so timing it alone would
  time less than a turn does: the target is on this figure;
- a turn's availability work as ``ConversationService`` does it: ``application.booking.
  availability`` (busy time from the store, then ``compute``) and the same questions;
- for information, ``compute`` followed by every slot of the window (``slots``): what
  ``compute`` alone did before it worked days out on demand, and what a question needing
  every day (``matching`` with no day) costs.
"""

from __future__ import annotations

import random
import statistics
import sys
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import cast
from zoneinfo import ZoneInfo

from application.booking import availability
from application.ports import UnitOfWork
from bench._common import Figures, median_p95, print_table, time_ms, verdict
from domain.availability import Availability, Interval, free_slots
from domain.clinic import BookingPolicy, Clinic, Doctor, TimeRange, WeeklyHours
from domain.ids import ClinicId, DoctorId, PatientAddress
from domain.when import DayPart

TARGET_MS = 10.0
DOCTORS = 20
HORIZON_DAYS = 60
BOOKED_SHARE = 0.4
SEED = 20261130
REPEAT = 100
WARMUP = 10

SANTIAGO = ZoneInfo("America/Santiago")
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=SANTIAGO)  # a Monday morning
HOLIDAYS = frozenset({date(2026, 12, 25), date(2027, 1, 1)})

MON_TO_FRI = range(5)
SATURDAY = 5


def _span(start: str, end: str) -> TimeRange:
    return TimeRange(time.fromisoformat(start), time.fromisoformat(end))


# Weeks a dental clinic's staff really keep, dealt out in turn to the 20 doctors.
WEEKS: tuple[tuple[int, dict[int, tuple[TimeRange, ...]]], ...] = (
    (  # full time, Saturday morning, 30 minutes
        30,
        {
            **{d: (_span("09:00", "13:00"), _span("15:00", "19:00")) for d in MON_TO_FRI},
            SATURDAY: (_span("09:00", "13:00"),),
        },
    ),
    (  # orthodontist, two long days, 45 minutes
        45,
        {d: (_span("10:00", "14:00"), _span("16:00", "20:00")) for d in (1, 3)},
    ),
    (  # mornings, 60 minutes
        60,
        {d: (_span("08:30", "13:30"),) for d in MON_TO_FRI},
    ),
    (  # afternoons and Saturday, 30 minutes
        30,
        {**{d: (_span("14:00", "20:00"),) for d in range(4)}, SATURDAY: (_span("09:00", "14:00"),)},
    ),
    (  # alternate days, 45 minutes
        45,
        {d: (_span("09:00", "13:00"), _span("14:30", "18:30")) for d in (0, 2, 4)},
    ),
)


def build_clinic(rng: random.Random) -> Clinic:
    """Twenty doctors over the five kinds of week, each with up to five days off in the horizon."""
    today = NOW.date()
    doctors = []
    for number in range(DOCTORS):
        minutes, week = WEEKS[number % len(WEEKS)]
        days_off = {today + timedelta(days=rng.randrange(HORIZON_DAYS)) for _ in range(rng.randrange(6))}
        doctors.append(
            Doctor(
                id=DoctorId(f"doctor-{number:02d}"),
                name=f"Dr. {number:02d}",
                specialty="Odontología general",
                slot_length=timedelta(minutes=minutes),
                hours=WeeklyHours(week),
                days_off=frozenset(days_off),
            )
        )
    return Clinic(
        id=ClinicId("bench"),
        name="Clínica de prueba",
        address="Av. Providencia 1234, Santiago",
        timezone=SANTIAGO,
        phone_number_id="bench",
        doctors=tuple(doctors),
        policy=BookingPolicy(minimum_notice=timedelta(hours=2), horizon_days=HORIZON_DAYS),
        closed_on=HOLIDAYS,
    )


def window(clinic: Clinic) -> tuple[date, date]:
    """The days the app asks about (``application.respond.availability``): today to today + horizon."""
    today = clinic.today(NOW)
    return today, today + timedelta(days=clinic.policy.horizon_days)


def book_share(clinic: Clinic, rng: random.Random) -> dict[DoctorId, list[Interval]]:
    """Busy time: ``BOOKED_SHARE`` of every doctor's slots in the window, chosen at random."""
    first_day, last_day = window(clinic)
    busy: dict[DoctorId, list[Interval]] = {}
    for doctor in clinic.doctors:
        open_slots = free_slots(clinic, doctor, busy=(), now=NOW, first_day=first_day, last_day=last_day)
        booked = rng.sample(open_slots, round(len(open_slots) * BOOKED_SHARE))
        busy[doctor.id] = [slot.interval for slot in booked]
    return busy


class _Appointments:
    """The store's busy-time query, answered from memory: what ``availability()`` reads."""

    def __init__(self, busy: dict[DoctorId, list[Interval]]) -> None:
        self._busy = busy

    async def busy(
        self, clinic_id: ClinicId, doctor_ids: Sequence[DoctorId], first_day: datetime, last_day: datetime
    ) -> dict[DoctorId, list[Interval]]:
        return {d: self._busy.get(d, []) for d in doctor_ids}


class _NoHolds:
    """The store's holds, none: a turn asks for them beside the busy time (issue 22)."""

    async def held(
        self,
        clinic_id: ClinicId,
        doctor_ids: Sequence[DoctorId],
        start: datetime,
        end: datetime,
        now: datetime,
        *,
        excluding: PatientAddress | None = None,
    ) -> dict[DoctorId, list[Interval]]:
        return {d: [] for d in doctor_ids}


class _BusyOnlyUnitOfWork:
    def __init__(self, busy: dict[DoctorId, list[Interval]]) -> None:
        self.appointments = _Appointments(busy)
        self.holds = _NoHolds()


def _compute(clinic: Clinic, busy: dict[DoctorId, list[Interval]]) -> Availability:
    first_day, last_day = window(clinic)
    return Availability.compute(clinic, busy=busy, now=NOW, first_day=first_day, last_day=last_day)


def _compute_and_ask(clinic: Clinic, busy: dict[DoctorId, list[Interval]]) -> int:
    """``compute`` and the questions a turn asks of it; returns a count so nothing is skipped."""
    return _questions(_compute(clinic, busy))


def _all_slots(clinic: Clinic, busy: dict[DoctorId, list[Interval]]) -> int:
    """``compute`` and every slot of the window, every day worked out."""
    return len(_compute(clinic, busy).slots)


def _turn(clinic: Clinic, uow: UnitOfWork) -> int:
    """One turn's availability work (see the module docstring); returns a count so nothing is skipped."""
    coroutine = availability(uow, clinic, NOW)
    try:
        coroutine.send(None)  # the in-memory query never waits: no event loop needed
    except StopIteration as done:
        found: Availability = done.value
    else:  # pragma: no cover - only if the query ever truly awaited
        raise RuntimeError("the busy-time query awaited")
    return _questions(found)


def _questions(found: Availability) -> int:
    """The questions a turn asks of its availability (see the module docstring)."""
    free_days = found.days_with_slots(count=5)  # NluContext.free_days
    discussed = found.matching(day=free_days[0])  # NluContext.free_slots
    listed = found.days_with_slots()  # BookingDesk.prompt, asking for a day
    offered = found.matching(day=free_days[0], part=DayPart.AFTERNOON)  # offering times
    return len(free_days) + len(discussed) + len(listed) + len(offered)


def _calibration_loop() -> int:
    total = 0
    for number in range(1_000_000):
        total += number
    return total


def run() -> Figures:
    """Build the clinic, time both figures, and return them with the free-slot count and verdict."""
    rng = random.Random(SEED)  # seeded: the same calendar every run
    clinic = build_clinic(rng)
    busy = book_share(clinic, rng)
    uow = cast(UnitOfWork, _BusyOnlyUnitOfWork(busy))
    result = _compute(clinic, busy)
    compute_median, compute_p95 = median_p95(
        time_ms(lambda: _compute_and_ask(clinic, busy), repeat=REPEAT, warmup=WARMUP)
    )
    turn_median, turn_p95 = median_p95(time_ms(lambda: _turn(clinic, uow), repeat=REPEAT, warmup=WARMUP))
    all_median, all_p95 = median_p95(time_ms(lambda: _all_slots(clinic, busy), repeat=REPEAT, warmup=WARMUP))
    first_day, last_day = window(clinic)
    return {
        "doctors": len(clinic.doctors),
        "days": (last_day - first_day).days + 1,
        "busy_intervals": sum(len(intervals) for intervals in busy.values()),
        "free_slots": len(result.slots),
        "availability_20x60_median_ms": compute_median,
        "availability_20x60_p95_ms": compute_p95,
        "availability_turn_median_ms": turn_median,
        "availability_turn_p95_ms": turn_p95,
        "availability_all_slots_median_ms": all_median,
        "availability_all_slots_p95_ms": all_p95,
        "target_ms": TARGET_MS,
        # The names bench.run reads.
        "compute_median_ms": compute_median,
        "compute_p95_ms": compute_p95,
        "verdict": verdict(compute_p95, TARGET_MS),
        "verdict_turn": verdict(turn_p95, TARGET_MS),
        # How fast this machine runs plain Python, to compare figures taken on different machines.
        "calibration_loop_1m_ms": statistics.median(time_ms(_calibration_loop, repeat=5, warmup=1)),
        "python": sys.version.split()[0],
    }


def main() -> None:
    figures = run()
    shown = {key: value for key, value in figures.items() if not key.startswith("compute_")}
    print_table(f"Availability, {DOCTORS} doctors x {HORIZON_DAYS} days (target < {TARGET_MS:g} ms)", shown)
    if figures["verdict"] != "met" or figures["verdict_turn"] != "met":
        raise SystemExit(1)


if __name__ == "__main__":
    main()
