"""A clinic's figures for the dashboard: per day as recorded, folded into weeks, and the shares and
costs that follow from them. Days are the clinic's own (its time zone); weeks start on Monday."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum


class Grain(StrEnum):
    """How the dashboard groups its figures."""

    DAY = "day"
    WEEK = "week"


@dataclass(frozen=True, slots=True)
class Counts:
    """What happened in a period (a day or a week), as counted."""

    conversations: int = 0  # patients who wrote (one each day they wrote)
    handoffs: int = 0  # conversations handed to staff
    booked_by_bot: int = 0  # appointments made in the chat (later cancelled or not)
    booked_by_staff: int = 0  # appointments made at the desk or through the staff API
    no_shows: int = 0  # visits noted as not attended, by the day they were due
    reminder_answers: int = 0  # patients who confirmed they will come (a reminder's button)
    model_calls: int = 0
    model_tokens: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(Counts)))

    @property
    def bookings(self) -> int:
        return self.booked_by_bot + self.booked_by_staff


@dataclass(frozen=True, slots=True)
class DayCounts:
    day: date
    counts: Counts


@dataclass(frozen=True, slots=True)
class TokenPrice:
    """What the model charges, in US dollars per million tokens, for every token the clinic's
    budget counts (read, cached or written)."""

    model: str
    dollars_per_million: Decimal

    def of(self, tokens: int) -> Decimal:
        return tokens * self.dollars_per_million / 1_000_000


@dataclass(frozen=True, slots=True)
class Period:
    """One bar of the charts: a day, or the week starting on ``start``."""

    start: date
    counts: Counts
    cost: Decimal  # the model's, in US dollars

    @property
    def handoff_share(self) -> float | None:
        """The share of conversations handed to staff; None without conversations."""
        c = self.counts
        return None if c.conversations == 0 else min(1.0, c.handoffs / c.conversations)

    @property
    def cost_per_booking(self) -> Decimal | None:
        """The model's cost per appointment the bot booked; None when it booked none."""
        booked = self.counts.booked_by_bot
        return None if booked == 0 else self.cost / booked


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def days_between(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def periods(
    recorded: Iterable[DayCounts], first: date, last: date, grain: Grain, price: TokenPrice
) -> list[Period]:
    """Every day (or every week touching ``first``..``last``) in order, days without a record
    counting zero; a week sums only the days inside the range."""
    by_day = {d.day: d.counts for d in recorded if first <= d.day <= last}
    totals: dict[date, Counts] = {}
    for day in days_between(first, last):
        start = day if grain is Grain.DAY else monday_of(day)
        totals[start] = totals.get(start, Counts()) + by_day.get(day, Counts())
    return [Period(start, counts, price.of(counts.model_tokens)) for start, counts in totals.items()]


def last_days(today: date, grain: Grain) -> tuple[date, date]:
    """The dashboard's range: the last 30 days by day, the last 12 weeks (this one so far) by week."""
    if grain is Grain.DAY:
        return today - timedelta(days=29), today
    return monday_of(today) - timedelta(weeks=11), today


def total(of: Sequence[Period]) -> Counts:
    summed = Counts()
    for period in of:
        summed = summed + period.counts
    return summed
