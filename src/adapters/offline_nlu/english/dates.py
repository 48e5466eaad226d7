"""Which day an English message asks for, relative to the clinic's today."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import IntEnum

from adapters.offline_nlu.dates import DayReading
from adapters.offline_nlu.day_math import day_of_month, full_year, on_or_after, weekday_ahead, weekend
from adapters.offline_nlu.english.calendar import (
    MONTH_NAMES,
    NUMBER_WORDS,
    ORDINAL_WORDS,
    SHY_WEEKDAYS,
    WEEKDAY_NAMES,
)
from adapters.offline_nlu.english.negation import is_refused
from adapters.offline_nlu.numbers import alternation
from adapters.offline_nlu.text import Span

_ORDINAL = alternation(ORDINAL_WORDS)
# A day of the month as written: "3", "03", "3rd", "21st", "third", "twenty-first".
_DAY = rf"(?P<day>\d{{1,2}}(?:st|nd|rd|th)?|{_ORDINAL})\b"
_YEAR = r"(?:\s*,?\s*(?P<year>\d{4})\b)?"
# Whole month names and clear abbreviations; "may" and "march" stay: a day number must stand beside.
_MONTH = rf"(?P<month>{alternation(MONTH_NAMES)})\b\.?"
# "3rd of December", "3 dec", "the 3rd of may".
_DAY_FIRST = re.compile(rf"\b{_DAY}\s*(?:of\s+)?{_MONTH}{_YEAR}")
# "December 3", "Dec 3rd, 2027", "may the 4th": not "may 4 people come" (no ordinal, no date words).
_MONTH_FIRST = re.compile(
    rf"\b{_MONTH}\s+(?:the\s+)?(?P<day>\d{{1,2}}(?:st|nd|rd|th)?|{_ORDINAL})\b"
    r"(?!\s*(?::\d|[ap]\.?\s?m\b|o'?clock|people|of\s+us|ppl|persons|kids))"
    rf"{_YEAR}"
)
# "12/3" is December 3rd (month first, as Americans write it) unless the first number cannot be a
# month: "13/3" is 13 March. "12/3/27", "12-3".
_NUMERIC_DATE = re.compile(
    r"(?<![\d/.:-])(?P<first>\d{1,2})(?P<sep>[/-])(?P<second>\d{1,2})(?:(?P=sep)(?P<year>\d{4}|\d{2}))?"
    r"(?![\d/:-])"
)
# After an ordinal, words that make it a place in a list, not a day: "the fourth one", "the fifth time".
_NOT_A_DAY = (
    r"(?:one|ones|option|choice|slot|time|appointment|opening|visit|tooth|molar|floor|person|kid|child)\b"
)
# "on the 15th", "the 15th", "15th", "the 15", "on the fifteenth", "the eighth".
_DAY_OF_MONTH = re.compile(
    rf"\b(?:(?:on\s+)?the\s+(?P<bare>\d{{1,2}})\b(?!\s*(?::\d|[ap]\.?\s?m\b|o'?clock|people|of\s+us))"
    rf"|(?P<suffixed>\d{{1,2}}(?:st|nd|rd|th))\b(?!\s+(?:one|option|slot|time|appointment)\b)"
    # Spelled, "the first" is more often an option offered ("the first one") than a date: after a
    # bare "the", only from "the fourth" on, or any followed by a time or a part of the day.
    rf"|on\s+the\s+(?P<spelled>{_ORDINAL})\b|the\s+(?P<spelled_of>{_ORDINAL})(?=\s+of\b)"
    rf"|the\s+(?P<spelled_the>(?!(?:first|second|third)\b)(?:{_ORDINAL}))\b(?!\s+{_NOT_A_DAY})"
    rf"|the\s+(?P<spelled_when>{_ORDINAL})(?=\s+(?:at|@|in\s+the|morning|afternoon|evening|am|pm)\b))"
    r"(?P<next_month>\s+(?:of\s+)?next\s+month)?"
)
_DAY_OF_MONTH_GROUPS = ("bare", "suffixed", "spelled", "spelled_of", "spelled_the", "spelled_when")
_COUNT = rf"(?:\d{{1,2}}|a|an|one|a\s+couple\s+of|couple\s+of|{alternation(NUMBER_WORDS)})"
_UNIT = r"(?:days?|weeks?|fortnights?|months?)"
# "in 3 days", "in a week", "in two weeks time", "in a month's time", "3 days from now", "a week from
# today", "a month from now".
_OFFSET = re.compile(
    rf"\b(?:in\s+(?P<count>{_COUNT})\s+(?P<unit>{_UNIT})\b(?:'?s?\s*time)?"
    rf"|(?P<count2>{_COUNT})\s+(?P<unit2>{_UNIT})\s+from\s+(?P<start>today|now|tomorrow))"
)
# "a week today", "a week tomorrow", "a fortnight today", "two weeks today" (Britain).
_WEEK_TODAY = re.compile(
    rf"\b(?:(?P<count>{_COUNT})\s+)?(?P<unit>weeks?|fortnights?)\s+(?P<start>today|tomorrow)\b"
)
_WEEKDAY_WORD = rf"(?P<weekday>{alternation(WEEKDAY_NAMES)})(?![a-z])"
# Offsets from a weekday, counted from the coming one: "a week from friday", "two weeks after monday",
# "a week on tuesday" (Britain); "thursday week", "monday fortnight" (Britain); "the tuesday after next".
_FROM_WEEKDAY = re.compile(
    rf"\b(?P<count>{_COUNT})\s+(?:(?P<unit>days?|weeks?|fortnights?)\s+(?:from|after)|(?P<unit_on>weeks?|fortnights?)\s+on)\s+"
    rf"(?:(?:this|next|on|coming|this\s+coming)\s+)?{_WEEKDAY_WORD}"
)
_WEEKDAY_WEEK = re.compile(rf"\b{_WEEKDAY_WORD}(?:'s)?\s+(?P<unit>week|fortnight)\b(?!\s*(?:'s|of\b))")
_AFTER_NEXT = re.compile(rf"\b{_WEEKDAY_WORD}\s+after\s+next\b")
# "a week today", "a week tomorrow", "a fortnight today" (Britain).

_DAY_AFTER_TOMORROW = re.compile(r"\b(?:the\s+)?day\s+after\s+tomorrow\b|\bovermorrow\b")
_TOMORROW = re.compile(r"\btomorrow\b")
_TODAY = re.compile(r"\btoday\b|\btonight\b|\bthis\s+(?:morning|afternoon|evening|arvo)\b|\blater\s+today\b")
_WEEKDAY = re.compile(
    rf"\b(?P<lead>(?:this|next|on|coming|this\s+coming|by)\s+)?(?P<name>{alternation(WEEKDAY_NAMES)})(?:s|'s)?\b"
)
_WEEKEND = re.compile(r"\bweekend\b")
_NEXT_WEEK = re.compile(r"\bnext\s+week\b|\bfollowing\s+week\b")
_WEEK_AFTER_NEXT = re.compile(r"\bweek\s+after\s+next\b")
_THIS_WEEK = re.compile(r"\bthis\s+week\b|\blater\s+this\s+week\b")
# After "sat" or "sun", what makes them days: a time, a part of the day, or the end of the message.
_SHY_DAY_AFTER = re.compile(r"\s*(?:\d|(?:morning|afternoon|evening|night|arvo)\b|or\s+[a-z]+day\b|\W*$)")
# "see you monday", "have a nice weekend": farewells, not requests.
_FAREWELL_BEFORE = re.compile(
    r"\b(?:see\s+(?:you|ya|u)|have\s+a\s+(?:good|nice|great))\s+(?:on\s+|this\s+)?$"
)


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
    other_reading: date | None = None  # "2/12" read day first, when month first is the rule


class _Mentions:
    def __init__(self) -> None:
        self.found: list[_Mention] = []
        self.taken: list[Span] = []

    def free(self, span: Span) -> bool:
        return all(span[1] <= start or span[0] >= end for start, end in self.taken)

    def add(self, span: Span, kind: _Kind, day: date | None, other_reading: date | None = None) -> None:
        self.taken.append(span)
        if day is not None:
            self.found.append(_Mention(span[0], span[1], kind, day, other_reading))


def read_day(text: str, today: date) -> DayReading:
    """The day a folded English message asks for; None if it names none or only refuses days."""
    mentions = _Mentions()
    _read_numbers(text, today, mentions)
    numeric_spans = tuple(mentions.taken)
    _read_relative(text, today, mentions)
    next_week, this_week = _NEXT_WEEK.search(text) is not None, _THIS_WEEK.search(text) is not None
    after_next = _WEEK_AFTER_NEXT.search(text) is not None
    for found in _WEEKDAY.finditer(text):
        if not mentions.free(found.span("name")):
            continue
        name, lead = found["name"], (found["lead"] or "").split()
        if name in SHY_WEEKDAYS and not lead and not _SHY_DAY_AFTER.match(text, found.end()):
            continue  # "I sat down", "the sun is out"; "sat morning?", "sun 10am" are days
        day = weekday_ahead(
            WEEKDAY_NAMES[name],
            today,
            next_week=next_week or after_next,  # "next friday" is the coming one, as "el próximo viernes"
            this_week=this_week,
            may_be_today="this" in lead,
        )
        if day is not None and after_next:
            day += timedelta(weeks=1)  # "the week after next on monday"
        mentions.add(found.span("name"), _Kind.WEEKDAY, day)
    for found in _WEEKEND.finditer(text):
        mentions.add(found.span(), _Kind.WEEKDAY, weekend(today) + timedelta(weeks=1 if next_week else 0))
    wanted = [
        m
        for m in mentions.found
        if not is_refused(text, m.start, m.end) and not _FAREWELL_BEFORE.search(text, 0, m.start)
    ]
    if not wanted:
        return DayReading(None, numeric_spans)
    best = max(wanted, key=lambda m: (m.kind, -m.start))
    return DayReading(_agreeing_with_weekday(best, wanted), numeric_spans)


def _agreeing_with_weekday(best: _Mention, wanted: list[_Mention]) -> date:
    """ "Wed 2/12" is 2 December when 12 February is no Wednesday: a weekday said beside a slashed
    date that could be read both ways settles which way (a British patient writes day first)."""
    if best.other_reading is None:
        return best.day
    weekdays = {m.day.weekday() for m in wanted if m.kind is _Kind.WEEKDAY}
    if best.day.weekday() not in weekdays and best.other_reading.weekday() in weekdays:
        return best.other_reading
    return best.day


def _read_numbers(text: str, today: date, mentions: _Mentions) -> None:
    for pattern in (_DAY_FIRST, _MONTH_FIRST):
        for found in pattern.finditer(text):
            if mentions.free(found.span()):
                mentions.add(found.span(), _Kind.WRITTEN, _written(today, found))
    for found in _NUMERIC_DATE.finditer(text):
        if _hours_window(text, found):
            continue
        if mentions.free(found.span()):
            mentions.add(
                found.span(), _Kind.WRITTEN, _numeric(today, found), _numeric(today, found, swap=True)
            )
    for found in _DAY_OF_MONTH.finditer(text):
        group = next(name for name in _DAY_OF_MONTH_GROUPS if found[name])
        said = found[group]
        if mentions.free(found.span(group)):
            day = day_of_month(_day_number(said), today, next_month=found["next_month"] is not None)
            mentions.add(found.span(group), _Kind.DAY_OF_MONTH, day)
    for found in _OFFSET.finditer(text):
        count = _count(found["count"] or found["count2"])
        unit = found["unit"] or found["unit2"]
        start = today + timedelta(days=1 if found["start"] == "tomorrow" else 0)
        mentions.add(found.span(), _Kind.RELATIVE, _ahead(start, count, unit))
    for found in _WEEK_TODAY.finditer(text):
        start = today + timedelta(days=1 if found["start"] == "tomorrow" else 0)
        count = _count(found["count"]) if found["count"] else 1
        mentions.add(found.span(), _Kind.RELATIVE, _ahead(start, count, found["unit"]))
    _read_from_weekday(text, today, mentions)


def _read_from_weekday(text: str, today: date, mentions: _Mentions) -> None:
    """Offsets counted from the coming weekday: "a week from friday", "thursday week", "the tuesday
    after next" (the coming Tuesday's next week)."""
    for found in _FROM_WEEKDAY.finditer(text):
        if mentions.free(found.span()):
            unit = found["unit"] or found["unit_on"]
            days = _count(found["count"]) * _UNIT_DAYS[unit[0]]
            mentions.add(found.span(), _Kind.RELATIVE, _coming(found, today) + timedelta(days=days))
    for found in _WEEKDAY_WEEK.finditer(text):
        if mentions.free(found.span()):
            days = _UNIT_DAYS[found["unit"][0]]
            mentions.add(found.span(), _Kind.RELATIVE, _coming(found, today) + timedelta(days=days))
    for found in _AFTER_NEXT.finditer(text):
        if mentions.free(found.span()):
            mentions.add(found.span(), _Kind.RELATIVE, _coming(found, today) + timedelta(weeks=1))


_UNIT_DAYS = {"d": 1, "w": 7, "f": 14}


def _coming(found: re.Match[str], today: date) -> date:
    ahead = (WEEKDAY_NAMES[found["weekday"]] - today.weekday()) % 7 or 7
    return today + timedelta(days=ahead)


def _ahead(start: date, count: int, unit: str) -> date:
    """``count`` days, weeks, fortnights or months after ``start`` ("a month from now": the same
    day next month, or that month's last when it has no such day)."""
    if unit[0] != "m":
        return start + timedelta(days=count * _UNIT_DAYS[unit[0]])
    months = start.month - 1 + count
    year, month = start.year + months // 12, months % 12 + 1
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(start.day, last))


# "2-4pm", "between 2-4", "any time 10-12": hours, not 4 February or 12 October.
_WINDOW_BEFORE = re.compile(r"\b(?:between|btwn|from|at|around|about|time|anytime|like|@)\s*$|@\s*$")
_WINDOW_AFTER = re.compile(r"\s*(?:[ap]\.?\s?m\b|o'?\s?clock\b|ish\b|hrs\b)")


def _hours_window(text: str, found: re.Match[str]) -> bool:
    """Whether a dashed "2-4" (no year) is a window of hours rather than a date."""
    if found["sep"] != "-" or found["year"]:
        return False
    return bool(_WINDOW_BEFORE.search(text, 0, found.start()) or _WINDOW_AFTER.match(text, found.end()))


def _read_relative(text: str, today: date, mentions: _Mentions) -> None:
    for pattern, days in ((_DAY_AFTER_TOMORROW, 2), (_TODAY, 0), (_TOMORROW, 1)):
        for found in pattern.finditer(text):
            if mentions.free(found.span()):
                mentions.add(found.span(), _Kind.RELATIVE, today + timedelta(days=days))


def _count(said: str) -> int:
    said = " ".join(said.split())
    if said.isdigit():
        return int(said)
    if "couple" in said:
        return 2
    return NUMBER_WORDS.get(said, 1)  # "a", "an", "one"


def _day_number(said: str) -> int:
    """ "3" / "3rd" -> 3, "third" -> 3, "twenty-first" -> 21."""
    digits = re.match(r"\d+", said)
    if digits:
        return int(digits[0])
    return ORDINAL_WORDS.get(" ".join(said.split()), 0)


def _written(today: date, found: re.Match[str]) -> date | None:
    month, day = MONTH_NAMES[found["month"]], _day_number(found["day"])
    if not 1 <= day <= 31:
        return None
    return on_or_after(today, month, day, full_year(found["year"]) if found["year"] else None)


def _numeric(today: date, found: re.Match[str], *, swap: bool = False) -> date | None:
    """Month first unless the first number cannot be a month; ``swap`` reads it the other way, None
    when there is no other way ("13/3", "3/3")."""
    first, second = int(found["first"]), int(found["second"])
    if swap:
        if first > 12 or second > 12 or first == second:
            return None
        first, second = second, first
    month, day = (first, second) if first <= 12 else (second, first)
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        return None
    return on_or_after(today, month, day, full_year(found["year"]) if found["year"] else None)
