"""From what a patient said to a date: the next such day, a weekday of this or next week, a month ahead."""

from __future__ import annotations

from datetime import date, timedelta

SATURDAY = 5


def on_or_after(today: date, month: int, day: int, year: int | None = None) -> date | None:
    """``day``/``month`` of ``year``, or without a year the next one on or after today.

    "el 25 de noviembre" said on 25 November is today; "10 de noviembre" then is next year's.
    None for a day the month never has ("31 de abril").
    """
    if year is not None:
        try:
            return date(year, month, day)
        except ValueError:
            return None
    for candidate_year in range(today.year, today.year + 9):  # a 29 February may be up to 8 years away
        try:
            candidate = date(candidate_year, month, day)
        except ValueError:
            continue
        if candidate >= today:
            return candidate
    return None


def day_of_month(day: int, today: date, *, next_month: bool = False) -> date | None:
    """The next ``day``-th on or after today ("el 31" skips months without one), or next month's
    ("el 30 del mes que viene", None when next month has no such day)."""
    year, month = today.year, today.month
    if next_month:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return on_or_after(today, month, day, year)
    for _ in range(13):
        try:
            candidate = date(year, month, day)
        except ValueError:
            candidate = None
        if candidate is not None and candidate >= today:
            return candidate
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return None


def weekday_ahead(
    weekday: int, today: date, *, next_week: bool, this_week: bool, may_be_today: bool
) -> date | None:
    """The weekday the patient means.

    "el viernes": the next Friday strictly after today (a Thursday's "el jueves" is next week's);
    "este jueves" on a Thursday is today (``may_be_today``); "el viernes de la próxima semana":
    next week's (``next_week``); "el jueves de esta semana": this week's, None once it has passed
    (``this_week``).
    """
    monday = today - timedelta(days=today.weekday())
    if next_week:
        return monday + timedelta(days=7 + weekday)
    if this_week:
        day = monday + timedelta(days=weekday)
        return day if day >= today else None
    ahead = (weekday - today.weekday()) % 7
    if ahead == 0 and not may_be_today:
        ahead = 7
    return today + timedelta(days=ahead)


def weekend(today: date) -> date:
    """ "El finde": the coming Saturday, today on a Saturday (a Sunday's weekend has already begun:
    the next one)."""
    return today + timedelta(days=(SATURDAY - today.weekday()) % 7)


def full_year(said: str) -> int:
    """A year as written: "2027", or "27" in "del 27" and "7-1-27"."""
    year = int(said)
    return year + 2000 if year < 100 else year
