"""Which day the patient asks for, relative to the clinic's today."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import IntEnum

import dateparser

from adapters.offline_nlu.negation import is_refused
from adapters.offline_nlu.text import Span, unaccented
from application import texts_es

# The weekdays as the folded text has them (lowercase, without accents), Monday first.
WEEKDAYS = tuple(unaccented(day) for day in texts_es.WEEKDAYS)

# Only recognises that a word is a month; dateparser says which one.
_MONTH = (
    r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|"
    r"diciembre|ene|feb|mar|abr|may|jun|jul|ago|sept|sep|set|oct|nov|dic"
)
_WRITTEN_DATE = re.compile(
    rf"\b(?P<day>\d{{1,2}})(?:\s*(?:ro|er|°|º))?\s*(?:de\s+)?(?P<month>{_MONTH})\b\.?"
    r"(?:\s*,?\s*(?:de|del)?\s*(?P<year>\d{4})\b)?"
)
_NUMERIC_DATE = re.compile(
    r"(?<![\d/.:-])(?P<day>\d{1,2})(?P<sep>[/-])(?P<month>\d{1,2})(?:(?P=sep)(?P<year>\d{4}|\d{2}))?(?![\d/:-])"
)
# "el 15", "el día 15", "viernes 27": a day of the month, unless a time follows ("el 4 de la tarde").
_DAY_OF_MONTH = re.compile(
    rf"\b(?:el|dia|{'|'.join(WEEKDAYS)})\s+(?:dia\s+)?(?P<day>\d{{1,2}})\b"
    r"(?!\s*(?:[:.]\d|h\b|hs\b|hrs?\b|horas?\b|am\b|pm\b|[ap]\.\s?m|y\s+(?:media|cuarto|\d)|de\s+la\b))"
)
_DAY_AFTER_TOMORROW = re.compile(r"\bpasado\s+manana\b")
_TOMORROW = re.compile(r"\bmanana\b")
_TODAY = re.compile(r"\bhoy\b|\besta\s+(?:manana|tarde|noche)\b")
_WEEKDAY = re.compile(rf"\b(?P<name>{'|'.join(WEEKDAYS)})s?\b")
_NEXT_WEEK = re.compile(r"\b(?:(?:proxima|otra)\s+semana|semana\s+(?:que\s+viene|siguiente|proxima))\b")
# "la mañana", "esta mañana" are a morning, not tomorrow.
_MORNING_BEFORE = re.compile(r"\b(?:la|las|esta|esa|cada|una|media)\s+$")
# "hasta mañana", "nos vemos el lunes" say goodbye; read as a request they would start a new booking.
_FAREWELL_BEFORE = re.compile(r"\b(?:hasta|vemos)\s+(?:(?:el|este|esta|la)\s+)?$")


class _Kind(IntEnum):
    """How much a kind of mention is trusted when a message holds several: numbers win."""

    WEEKDAY = 0
    RELATIVE = 1
    DAY_OF_MONTH = 2
    WRITTEN = 3


@dataclass(frozen=True, slots=True)
class _Mention:
    start: int
    end: int
    kind: _Kind
    day: date


@dataclass(frozen=True, slots=True)
class DayReading:
    """The day asked for (if any) and the spans whose digits belong to dates, not times."""

    day: date | None
    numeric_spans: tuple[Span, ...]


def read_day(text: str, today: date) -> DayReading:
    """Find the day a folded message asks for; ``None`` if it names none or only refuses days."""
    mentions: list[_Mention] = []
    taken: list[Span] = []
    for found in _WRITTEN_DATE.finditer(text):
        span = f"{found['day']} de {found['month']}" + (f" de {found['year']}" if found["year"] else "")
        _add(mentions, taken, found.span(), _Kind.WRITTEN, _parse(span, today, bool(found["year"])))
    for found in _NUMERIC_DATE.finditer(text):
        if _free(found.span(), taken):
            _add(mentions, taken, found.span(), _Kind.WRITTEN, _parse(found[0], today, bool(found["year"])))
    for found in _DAY_OF_MONTH.finditer(text):
        if _free(found.span(), taken):
            _add(
                mentions,
                taken,
                found.span("day"),
                _Kind.DAY_OF_MONTH,
                _day_of_month(int(found["day"]), today),
            )
    numeric_spans = tuple(taken)
    for found in _DAY_AFTER_TOMORROW.finditer(text):
        _add(mentions, taken, found.span(), _Kind.RELATIVE, today + timedelta(days=2))
    for found in _TODAY.finditer(text):
        _add(mentions, taken, found.span(), _Kind.RELATIVE, today)
    for found in _TOMORROW.finditer(text):
        if _free(found.span(), taken) and not _MORNING_BEFORE.search(text, 0, found.start()):
            _add(mentions, taken, found.span(), _Kind.RELATIVE, today + timedelta(days=1))
    next_week = _NEXT_WEEK.search(text) is not None
    for found in _WEEKDAY.finditer(text):
        weekday = WEEKDAYS.index(found["name"])
        _add(mentions, taken, found.span(), _Kind.WEEKDAY, _weekday(weekday, today, next_week=next_week))
    wanted = [
        m
        for m in mentions
        if not is_refused(text, m.start, m.end) and not _FAREWELL_BEFORE.search(text, 0, m.start)
    ]
    if not wanted:
        return DayReading(None, numeric_spans)
    best = max(wanted, key=lambda m: (m.kind, -m.start))
    return DayReading(best.day, numeric_spans)


def _add(mentions: list[_Mention], taken: list[Span], span: Span, kind: _Kind, day: date | None) -> None:
    taken.append(span)
    if day is not None:
        mentions.append(_Mention(span[0], span[1], kind, day))


def _free(span: Span, taken: list[Span]) -> bool:
    return all(span[1] <= start or span[0] >= end for start, end in taken)


def _parse(span: str, today: date, has_year: bool) -> date | None:
    """A written date via dateparser, given only the short span (it is slow and loose on sentences)."""
    midnight = datetime.combine(today, datetime.min.time())
    settings = {"RELATIVE_BASE": midnight, "PREFER_DATES_FROM": "future", "DATE_ORDER": "DMY"}
    parsed = dateparser.parse(span, languages=["es"], settings=settings)
    if parsed is None:
        return None
    if has_year:
        return parsed.date()
    # dateparser moves today's own date to next year; the patient means the next one on/after today.
    return _next_on_or_after(today, parsed.month, parsed.day)


def _next_on_or_after(today: date, month: int, day: int) -> date | None:
    for year in range(today.year, today.year + 9):  # a 29 February may be up to 8 years away
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate >= today:
            return candidate
    return None


def _day_of_month(day: int, today: date) -> date | None:
    """The next ``day``-th on or after today ("el 31" skips months without one)."""
    year, month = today.year, today.month
    for _ in range(13):
        try:
            candidate = date(year, month, day)
        except ValueError:
            candidate = None
        if candidate is not None and candidate >= today:
            return candidate
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return None


def _weekday(weekday: int, today: date, *, next_week: bool) -> date:
    """The next such weekday strictly after today, or that weekday of next week if the patient said so."""
    if next_week:
        next_monday = today + timedelta(days=7 - today.weekday())
        return next_monday + timedelta(days=weekday)
    ahead = (weekday - today.weekday()) % 7 or 7
    return today + timedelta(days=ahead)
