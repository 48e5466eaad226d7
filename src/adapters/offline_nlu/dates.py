"""Which day the patient asks for, relative to the clinic's today."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import IntEnum

from adapters.offline_nlu.calendar_words import MONTH_NAMES, WEEKDAY_NAMES, WEEKDAYS
from adapters.offline_nlu.day_math import day_of_month, full_year, on_or_after, weekday_ahead, weekend
from adapters.offline_nlu.negation import is_refused
from adapters.offline_nlu.numbers import NUMBER_WORDS, alternation, number_value
from adapters.offline_nlu.text import Span

__all__ = ["WEEKDAYS", "DayReading", "read_day"]

_DAYS_IN_WORDS = [word for word, value in NUMBER_WORDS.items() if value <= 31 and word not in ("un", "una")]
# "el uno" is rarely a date ("el uno o el otro"), "el primero" even less ("el primero que haya"):
# both count only with a month ("el primero de abril").
_BARE_DAYS_IN_WORDS = alternation(word for word in _DAYS_IN_WORDS if word != "uno")
# A day of the month as written: "7", "07", "1ro", "1°", "siete", "veintiuno", "primero".
_DAY = rf"(?P<day>\d{{1,2}}(?:ro|ero|er)?\b(?:\s*[°º])?|(?:primero|primer|{alternation(_DAYS_IN_WORDS)})\b)"
_YEAR = r"(?:\s*,?\s*(?:de|del)?\s*(?P<year>\d{4})\b|\s+del\s+(?P<short_year>\d{2})\b)?"
# What makes a number after "el" a clock time instead: "el 4 de la tarde", "el 5 y media".
_TIME_AFTER = (
    r"\s*(?:[:.]\d|h\b|hs\b|hrs?\b|horas?\b|am\b|pm\b|[ap]\.\s?m|menos\b|en\s+punto\b|de\s+la\b|del\s+dia\b"
    rf"|y\s+(?:media|cuarto|pico|\d|{alternation(_DAYS_IN_WORDS)})\b)"
)
_WRITTEN_DATE = re.compile(rf"\b{_DAY}\s*(?:de\s+)?(?P<month>{alternation(MONTH_NAMES)})\b\.?{_YEAR}")
# "abril 7", "Enero 15", "junio 2 del 2027": the month first, as calendars and Argentines write it.
# Only whole names and clear abbreviations: "mar 3" may be Tuesday, "set 5" anything.
_MONTH_FIRST = re.compile(
    rf"\b(?P<month>{alternation(m for m in MONTH_NAMES if m not in ('mar', 'may', 'set'))})\.?\s+"
    rf"(?P<day>\d{{1,2}}|primero)\b(?!{_TIME_AFTER}|\s*[/.-]\d){_YEAR}"
)
_NUMERIC_DATE = re.compile(
    r"(?<![\d/.:-])(?P<day>\d{1,2})(?P<sep>[/-])(?P<month>\d{1,2})(?:(?P=sep)(?P<year>\d{4}|\d{2}))?(?![\d/:-])"
)
# "7.1.2027", "7.1.": with dots a date needs the dot after the month, or "4.30" would be one.
_DOTTED_DATE = re.compile(
    r"(?<![\d/.:-])(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?:(?P<year>\d{4}|\d{2})\b)?(?![\d])"
)
_TIME_BEFORE = re.compile(r"\b(?:las?|tipo)\s+$")
# "el 15", "el día 15", "viernes 27", "pa'l 15", "el veintiuno": a day of the month, unless a time
# follows ("el 4 de la tarde"); "el 30 del mes que viene" is next month's.
_DAY_OF_MONTH = re.compile(
    rf"\b(?:el|dia|pa'?l|{alternation(WEEKDAY_NAMES)})\.?\s+(?:dia\s+)?"
    rf"(?P<day>\d{{1,2}}(?:ro|ero|er)?\b(?:\s*[°º])?|(?:{_BARE_DAYS_IN_WORDS})\b)(?!{_TIME_AFTER})"
    r"(?P<next_month>\s+del?\s+(?:mes\s+(?:que\s+viene|proximo|siguiente|entrante)|(?:proximo|siguiente|otro)\s+mes))?"
)
# "en tres semanas", "dentro de 10 días", "de aquí a dos semanas", "en una semana más".
_OFFSET = re.compile(
    r"\b(?:en|dentro\s+de|de\s+(?:aqui|aca)\s+a)\s+"
    rf"(?P<count>\d{{1,2}}|un|una|{alternation(_DAYS_IN_WORDS)})\s+(?P<unit>dias?|semanas?)\b(?:\s+mas\b)?"
)
# "En ocho días" and "en quince días" are a week and two weeks in every country, as "de hoy en
# ocho" is: the day counted twice, today and the day itself.
_WEEKS_IN_DAYS = {8: 7, 15: 14}
# "de hoy en ocho" (Spain, Mexico): a week from today; "de mañana en quince", two weeks from tomorrow.
_HENCE = re.compile(r"\bde\s+(?P<start>hoy|manana)\s+en\s+(?P<count>ocho|8|quince|15)\b(?:\s+dias\b)?")
_DAY_AFTER_TOMORROW = re.compile(r"\bpasado\s+manana\b")
_TOMORROW = re.compile(r"\bmanana\b")
# "ahorita" alone is now, not a day to book; "ahorita en la tarde" is this afternoon.
_TODAY = re.compile(
    r"\bhoy\b|\besta\s+(?:manana|tarde|noche)\b|\bahorita?\s+(?:en|por|a)\s+la\s+(?:manana|tarde|noche)\b"
)
_WEEKDAY = re.compile(rf"\b(?P<this>(?:este|esta)\s+)?(?P<name>{alternation(WEEKDAY_NAMES)})s?\b")
# "el finde", "el fin de semana": the clinic's weekend day, Saturday.
_WEEKEND = re.compile(r"\b(?:finde|fin\s+de\s+semana)\b")
_NEXT_WEEK = re.compile(
    r"\b(?:(?:proxima|otra)\s+semana|semana\s+(?:que\s+viene|siguiente|proxima|entrante))\b"
)
_THIS_WEEK = re.compile(r"\besta\s+semana\b")
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
    """The day asked for (if any) and the spans whose numbers belong to dates, not times."""

    day: date | None
    numeric_spans: tuple[Span, ...]


class _Mentions:
    """The days a message mentions so far, and the spans already read."""

    def __init__(self) -> None:
        self.found: list[_Mention] = []
        self.taken: list[Span] = []

    def free(self, span: Span) -> bool:
        return all(span[1] <= start or span[0] >= end for start, end in self.taken)

    def add(self, span: Span, kind: _Kind, day: date | None) -> None:
        self.taken.append(span)
        if day is not None:
            self.found.append(_Mention(span[0], span[1], kind, day))


def read_day(text: str, today: date) -> DayReading:
    """Find the day a folded message asks for; ``None`` if it names none or only refuses days."""
    mentions = _Mentions()
    _read_numbers(text, today, mentions)
    numeric_spans = tuple(mentions.taken)
    _read_relative(text, today, mentions)
    next_week, this_week = _NEXT_WEEK.search(text) is not None, _THIS_WEEK.search(text) is not None
    for found in _WEEKDAY.finditer(text):
        weekday = WEEKDAY_NAMES[found["name"]]
        day = weekday_ahead(
            weekday, today, next_week=next_week, this_week=this_week, may_be_today=found["this"] is not None
        )
        mentions.add(found.span(), _Kind.WEEKDAY, day)
    for found in _WEEKEND.finditer(text):
        mentions.add(found.span(), _Kind.WEEKDAY, weekend(today))
    wanted = [
        m
        for m in mentions.found
        if not is_refused(text, m.start, m.end) and not _FAREWELL_BEFORE.search(text, 0, m.start)
    ]
    if not wanted:
        return DayReading(None, numeric_spans)
    best = max(wanted, key=lambda m: (m.kind, -m.start))
    return DayReading(best.day, numeric_spans)


def _read_numbers(text: str, today: date, mentions: _Mentions) -> None:
    """Dates written with numbers, in digits or words, and offsets counted in days or weeks."""
    for pattern in (_WRITTEN_DATE, _MONTH_FIRST, _NUMERIC_DATE):
        for found in pattern.finditer(text):
            if mentions.free(found.span()):
                mentions.add(found.span(), _Kind.WRITTEN, _dated(today, found))
    for found in _DOTTED_DATE.finditer(text):
        at_time = _TIME_BEFORE.search(text, 0, found.start()) is not None
        if 1 <= int(found["month"]) <= 12 and not at_time and mentions.free(found.span()):
            mentions.add(found.span(), _Kind.WRITTEN, _dated(today, found))
    for found in _DAY_OF_MONTH.finditer(text):
        if mentions.free(found.span("day")):
            number, next_month = _day_number(found["day"]), found["next_month"] is not None
            mentions.add(
                found.span("day"), _Kind.DAY_OF_MONTH, day_of_month(number, today, next_month=next_month)
            )
    for found in _OFFSET.finditer(text):
        count = number_value(found["count"]) or 1  # "un", "una"
        days = count * 7 if found["unit"].startswith("semana") else _WEEKS_IN_DAYS.get(count, count)
        mentions.add(found.span(), _Kind.RELATIVE, today + timedelta(days=days))
    for found in _HENCE.finditer(text):
        start = today + timedelta(days=0 if found["start"] == "hoy" else 1)
        weeks = 1 if found["count"] in ("ocho", "8") else 2
        mentions.add(found.span(), _Kind.RELATIVE, start + timedelta(weeks=weeks))


def _read_relative(text: str, today: date, mentions: _Mentions) -> None:
    """Today, tomorrow and the day after, unless already read as part of an offset."""
    relative = ((_DAY_AFTER_TOMORROW, 2), (_TODAY, 0), (_TOMORROW, 1))
    for pattern, days in relative:
        for found in pattern.finditer(text):
            if not mentions.free(found.span()):
                continue
            if pattern is _TOMORROW and _MORNING_BEFORE.search(text, 0, found.start()):
                continue
            mentions.add(found.span(), _Kind.RELATIVE, today + timedelta(days=days))


def _day_number(said: str) -> int:
    """ "7" -> 7, "1ro" / "1°" -> 1, "primero" -> 1, "veintiuno" -> 21."""
    digits = re.match(r"\d+", said)
    if digits:
        return int(digits[0])
    if said.startswith("primer"):
        return 1
    return number_value(said) or 0


def _dated(today: date, found: re.Match[str]) -> date | None:
    """The date a match of a written, numeric or dotted date says, None if there is no such day."""
    said_month, said_year = found["month"], found["year"] or found.groupdict().get("short_year")
    month = int(said_month) if said_month.isdigit() else MONTH_NAMES[said_month]
    day = _day_number(found["day"])
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        return None
    return on_or_after(today, month, day, full_year(said_year) if said_year else None)
