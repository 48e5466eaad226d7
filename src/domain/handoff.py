"""When a conversation needs a person, when it goes back to the bot, and when a person answers.

A conversation needs a person when the patient asked for one, when turns kept failing, or when
a photo or document waits for staff to look at it (``NeedsPerson``). The clinic's opening hours
(``OpeningHours``) say when a person will answer; ``HandoffSettings`` say where the alert goes and
after how long without a word from staff or patient the bot takes the conversation back.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Set
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from itertools import pairwise
from zoneinfo import ZoneInfo

from domain.errors import InvalidClinic
from domain.hours import TimeRange, WeeklyHours

# How far ahead a next opening is looked for: a clinic closed longer says no time at all.
_LOOK_AHEAD_DAYS = 31
DEFAULT_RETURN_AFTER = timedelta(minutes=120)
MAX_RETURN_AFTER = timedelta(days=30)


class NeedReason(StrEnum):
    """Why a conversation needs a person. The values are stored: add new ones, never rename one."""

    ASKED = "asked"  # the patient asked for a person
    TURNS_FAILED = "turns_failed"  # the bot could not answer, again and again
    FILE_TO_REVIEW = "file_to_review"  # a photo or document waits for staff
    SERVICE = "service"  # the patient wants a service a person talks about first (not bookable by the bot)
    QUESTION = "question"  # a question the clinic's FAQ does not answer


@dataclass(frozen=True, slots=True)
class NeedsPerson:
    reason: NeedReason
    since: datetime

    def __post_init__(self) -> None:
        if self.since.tzinfo is None:
            raise ValueError("naive datetimes are not allowed")


@dataclass(frozen=True, slots=True)
class HandoffSettings:
    """Where a clinic's alerts go (an https URL, or nowhere) and when the bot takes a quiet
    conversation back."""

    alert_webhook_url: str | None = None
    return_after: timedelta = DEFAULT_RETURN_AFTER

    def __post_init__(self) -> None:
        url = self.alert_webhook_url
        if url is not None and (not url.startswith("https://") or len(url) <= len("https://") or " " in url):
            raise InvalidClinic(f"{url!r} is not an https link")
        if not timedelta(minutes=1) <= self.return_after <= MAX_RETURN_AFTER:
            raise InvalidClinic("the quiet time before the bot takes a conversation back is 1 min..30 days")


@dataclass(frozen=True, slots=True)
class OpeningHours:
    """When a person of the clinic answers: weekday ranges in the clinic's wall-clock time; the
    clinic's closed days have none."""

    hours: WeeklyHours

    def __post_init__(self) -> None:
        check_weekly_hours(self.hours, "the opening hours")

    def is_open(self, now: datetime, zone: ZoneInfo, closed_on: Set[date] = frozenset()) -> bool:
        return any(start <= now < end for start, end in self._openings(now, zone, closed_on, days=(-1, 0)))

    def next_opening(
        self, now: datetime, zone: ZoneInfo, closed_on: Set[date] = frozenset()
    ) -> datetime | None:
        """When a person answers next, in the clinic's zone: ``now`` itself while open; None when
        the clinic opens on no day of the next month."""
        if now.tzinfo is None:
            raise ValueError("naive datetimes are not allowed")
        if self.is_open(now, zone, closed_on):
            return now.astimezone(zone)
        starts = [
            start
            for start, _ in self._openings(now, zone, closed_on, days=range(_LOOK_AHEAD_DAYS))
            if start > now
        ]
        return min(starts).astimezone(zone) if starts else None

    def _openings(
        self, now: datetime, zone: ZoneInfo, closed_on: Set[date], days: Iterable[int]
    ) -> Iterator[tuple[datetime, datetime]]:
        """The (start, end) of each range on the days ``days`` after today (clinic-local), as
        aware datetimes; a day the clinic is closed has none."""
        today = now.astimezone(zone).date()
        for offset in days:
            day = today + timedelta(days=offset)
            if day in closed_on:
                continue
            for hours in self.hours.on(day):
                yield (
                    _wall(day, hours.start, zone),
                    _wall(day + timedelta(days=int(hours.crosses_midnight)), hours.end, zone),
                )


def _wall(day: date, at: time, zone: ZoneInfo) -> datetime:
    """A wall-clock time of a day in ``zone``; one skipped by a DST change is read after it."""
    moment = datetime.combine(day, at, tzinfo=zone)
    # A time in a spring-forward gap does not survive a round trip through UTC: move past the gap.
    back = moment.astimezone(UTC).astimezone(zone)
    return back if back.replace(tzinfo=None) != moment.replace(tzinfo=None) else moment


def check_weekly_hours(hours: WeeklyHours, what: str) -> None:
    """Weekdays 0..6 and no two ranges of a day overlapping."""
    for weekday, ranges in hours.ranges.items():
        if not 0 <= weekday <= 6:
            raise InvalidClinic(f"{what}: weekday {weekday} is not 0..6")
        ordered: list[TimeRange] = sorted(ranges, key=lambda r: r.start)
        for before, after in pairwise(ordered):
            if before.crosses_midnight or before.end > after.start:
                raise InvalidClinic(f"{what}: overlapping hours on weekday {weekday}")
