"""Which clock time an English message asks for ("at 4", "4:30pm", "half past 4", "quarter to 5")."""

from __future__ import annotations

import re
from collections.abc import Mapping

from adapters.offline_nlu.english.calendar import NUMBER_WORDS
from adapters.offline_nlu.english.negation import is_refused
from adapters.offline_nlu.numbers import alternation
from adapters.offline_nlu.text import Span
from adapters.offline_nlu.times import TimeReading
from domain.when import ClockTime, Meridiem

_HOUR_WORDS = alternation(word for word, value in NUMBER_WORDS.items() if value <= 12)
_MINUTE_WORDS = alternation(word for word, value in NUMBER_WORDS.items() if value >= 10)
_HOUR = rf"(?P<hour>\d{{1,2}}(?!\d)|(?:{_HOUR_WORDS})\b)"
_HOUR_START = rf"(?:\d{{1,2}}(?!\d)|(?:{_HOUR_WORDS})\b)"
# "4:30", "4.30", "4 30" (only after "at"), "four thirty", "4 o'clock", "4ish".
_MINUTES = (
    r"(?:\s*[:.]\s*(?P<minute>\d{2})(?!\d)"
    r"|\s+(?P<spaced>[0-5]\d)(?![\d/.:-])(?!\s*(?:days?|weeks?|minutes?|mins?|people|ppl|years?|yrs?|kids|of\b))"
    rf"|\s+(?P<spelled>{_MINUTE_WORDS})\b(?!\s+(?:days?|weeks?|minutes?|mins?))"
    r"|\s+(?P<oh>o|oh)\s+(?P<oh_minute>[1-9]|one|two|three|four|five|six|seven|eight|nine)\b"
    r"|\s*o'?\s?clock\b|\s*ish\b)?"
)
_SUFFIX = (
    r"(?:\s*(?P<am>a\.?\s?m\b\.?)|(?<=\d)(?P<am_short>a)\b"
    r"|\s*(?P<pm>p\.?\s?m\b\.?)|(?<=\d)(?P<pm_short>p)\b"
    r"|\s+(?:in\s+the|this|tomorrow|at)\s+(?P<day_part>morning|afternoon|evening|night|arvo)\b"
    r"|\s+(?P<tonight>tonight)\b)?"
)
# A bare number is a time only after words that announce one: "at 4", "around 4", "by 5", "@4".
_ANNOUNCED = re.compile(
    rf"(?:\b(?:at|around|about|by|from|after|before|till|until|like|maybe|approx|approximately|say|do|make\s+it)\s+(?:around\s+|about\s+)?"
    rf"|@\s*){_HOUR}{_MINUTES}{_SUFFIX}(?!\s*(?:/|-\d|days?|weeks?|people|ppl|kids|children|of\b|years?|yrs?|months?|appointments|appts"
    r"|slots|spots|teeth|times|x\b|more|others?|persons|patients))"
)
# A bare number asked about: "is 3 ok?", "4 works", "would 10 be possible".
_ASKED_ABOUT = re.compile(
    r"(?<![\d/.:-])(?P<hour>\d{1,2})(?![\d/.:-])(?=\s+(?:ok|okay|good|fine|works?|possible|available|free"
    r"|is\s+(?:ok|okay|good|fine|better|great|perfect)|would\s+(?:work|be)|be\s+(?:ok|okay|possible)|instead)\b)"
)
# Numbers that say they are times on their own: "4pm", "4:30", "16:30", "4 o'clock", "10 in the morning".
_SELF_EVIDENT = re.compile(
    r"(?<![\d/.:-])(?P<hour>\d{1,2})(?:"
    r"\s*[:.]\s*(?P<minute>\d{2})(?![\d/.-])"
    r"|(?=\s*(?:[ap]\.?\s?m\b|o'?\s?clock\b|ish\b)|[ap]\b)"
    r"|(?=\s+(?:(?:in\s+the|this)\s+(?:morning|afternoon|evening)|at\s+night|tonight)\b)"
    r")"
    rf"(?:\s*o'?\s?clock\b|\s*ish\b)?{_SUFFIX}"
)
# Spelled hours that say they are times: "ten o'clock", "four pm", "seven tonight".
_SPELLED_EVIDENT = re.compile(
    rf"\b(?P<hour>{_HOUR_WORDS})(?:\s*o'?\s?clock\b|(?=\s*(?:[ap]\.?\s?m\b|tonight\b|at\s+night\b)))"
    rf"{_SUFFIX}"
)
# Digits run together: "at 1230", "930am", "@1045"; a time only with am/pm or after a word announcing
# one (``_COMPACT_ANNOUNCED``), since "2027" or "1500 dollars" are none.
_COMPACT = re.compile(
    r"(?<![\d/.:-])(?P<hour>0?[1-9]|1\d|2[0-3])(?P<minute>[0-5]\d)(?![\d/.:,-])"
    r"(?:\s*(?P<am>a\.?\s?m\b\.?)|\s*(?P<pm>p\.?\s?m\b\.?))?"
)
_COMPACT_ANNOUNCED = re.compile(r"(?:\b(?:at|around|about|by|say)\s+|@\s*)$")
# Minutes in digits only as people say them before "past" or "to" ("10 to 5", "25 past 3"), or with
# their unit ("7 minutes past 4"): "from 3 to 5" is a range, not 4:57.
_QUARTERS = (
    r"(?P<portion>half|quarter|a\s+quarter|(?:5|05|10|15|20|25)(?!\d)|\d{1,2}(?=\s+(?:minutes?|mins?)\b)"
    r"|five|ten|twenty|twenty\s+five|twenty-five)"
)
# "half past 4", "quarter past 4", "10 past 4", "quarter to 5", "20 to 5", "quarter til 5".
_PAST_OR_TO = re.compile(
    rf"\b{_QUARTERS}(?:\s+(?:minutes?|mins?))?\s+(?P<way>past|after|to|til|till|before)\s+{_HOUR}{_SUFFIX}"
)
# "half 4" is 4:30 in Britain.
_HALF_HOUR = re.compile(rf"\bhalf\s+(?!past\b|an?\b|hour\b){_HOUR}{_SUFFIX}")
# A window: "between 2 and 4", "from 3 to 5pm", "anytime 10-12", "2-4pm"; the time is its start, the
# first the patient would take (as "after 4"), with the end's am/pm when the start has none.
_RANGE = re.compile(
    rf"(?:\b(?:between|from|btwn|btw|anytime|any\s+time|sometime|some\s+time)\s+(?:the\s+hours\s+of\s+)?(?={_HOUR_START})"
    r"|(?<![\d/.:-])(?=\d{1,2}(?::\d{2})?\s*(?:[ap]\.?\s?m\b\.?)?\s*-\s*\d{1,2}(?::\d{2})?\s*[ap]\.?\s?m\b))"
    rf"{_HOUR}(?:\s*[:.]\s*(?P<minute>\d{{2}})(?!\d))?{_SUFFIX}"
    rf"\s*(?:and|to|till|until|til|-|&)\s*(?P<end>\d{{1,2}}(?!\d)|(?:{_HOUR_WORDS})\b)"
    r"(?:\s*[:.]\s*\d{2}(?!\d))?(?:\s*(?P<end_am>a\.?\s?m\b\.?)|\s*(?P<end_pm>p\.?\s?m\b\.?))?"
    r"(?!\s*(?:people|ppl|persons|kids|children|of\s+us|patients|minutes?|mins?|hours?|hrs?|days?|weeks?|months?"
    r"|years?|yrs?|times|teeth|x\b))"
)
_NOON = re.compile(
    r"\b(?:at\s+|around\s+)?(?:12\s+)?(?P<noon>noon|midday|mid-day|mid\s+day)(?:ish)?\b|\bmidnight\b"
)

_MERIDIEM_OF_PART: Mapping[str, Meridiem] = {
    "morning": Meridiem.AM,
    "afternoon": Meridiem.PM,
    "arvo": Meridiem.PM,
    "evening": Meridiem.PM,
    "night": Meridiem.PM,
}


_PATTERNS = (
    _RANGE,
    _NOON,
    _PAST_OR_TO,
    _HALF_HOUR,
    _COMPACT,
    _ANNOUNCED,
    _SELF_EVIDENT,
    _SPELLED_EVIDENT,
    _ASKED_ABOUT,
)


def read_time(text: str) -> TimeReading:
    """The first clock time in a folded message (date digits already masked) that is not refused.

    A bare hour keeps no meridiem, as the Spanish reader leaves "a las 4": ``ClockTime`` offers
    4:00 and 16:00, and the clinic's hours choose.
    """
    wanted: list[tuple[int, ClockTime]] = []
    spans: list[Span] = []
    for pattern in _PATTERNS:
        for found in pattern.finditer(text):
            span = found.span()
            if any(span[0] < end and start < span[1] for start, end in spans):
                continue
            if pattern is _COMPACT and not (
                found["am"] or found["pm"] or _COMPACT_ANNOUNCED.search(text, 0, span[0])
            ):
                continue
            clock = _read_clock(pattern, found)
            if clock is None:
                continue
            spans.append(span)
            if not is_refused(text, *span):
                wanted.append((span[0], clock))
    first = min(wanted, key=lambda pair: pair[0], default=None)
    return TimeReading(first[1] if first else None, tuple(spans))


def _read_clock(pattern: re.Pattern[str], found: re.Match[str]) -> ClockTime | None:
    if pattern is _NOON:
        return _noon(found)
    if pattern is _RANGE:
        return _window_start(found)
    return _clock(found.groupdict(), pattern is _HALF_HOUR)


def _window_start(found: re.Match[str]) -> ClockTime | None:
    """The start of "between 2 and 4pm": 2pm, the end's meridiem carried back when the start says
    none and comes before the end ("10-2pm" leaves 10 to the clinic's hours)."""
    clock = _clock(found.groupdict())
    start, end = _value(found["hour"]), _value(found["end"])
    if clock is None or clock.meridiem is not None or start is None or end is None:
        return clock
    if start > 12 or end > 12 or start >= end or not (found["end_am"] or found["end_pm"]):
        return clock
    return ClockTime(clock.hour, clock.minute, Meridiem.AM if found["end_am"] else Meridiem.PM)


def _noon(found: re.Match[str]) -> ClockTime:
    return ClockTime(12) if found["noon"] else ClockTime(12, 0, Meridiem.AM)


def _value(said: str | None) -> int | None:
    if said is None:
        return None
    said = " ".join(said.split())
    if said.isdigit():
        return int(said)
    return NUMBER_WORDS.get(said)


def _clock(groups: Mapping[str, str | None], half: bool = False) -> ClockTime | None:
    hour = _value(groups["hour"])
    said_minute = (
        groups.get("minute") or groups.get("spaced") or groups.get("spelled") or groups.get("oh_minute")
    )
    minute = 30 if half else _value(said_minute) or 0
    if hour is None:
        return None
    portion = groups.get("portion")
    if portion is not None:
        portion = " ".join(portion.split())
        amount = 30 if portion == "half" else 15 if portion.endswith("quarter") else _value(portion)
        if amount is None or not 0 < amount < 60:
            return None
        if groups["way"] in ("past", "after"):
            minute = amount
        else:
            hour, minute = (hour - 1) % 24 or 12, 60 - amount
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return ClockTime(hour, minute, _meridiem(groups, hour))


def _meridiem(groups: Mapping[str, str | None], hour: int) -> Meridiem | None:
    if groups.get("am") or groups.get("am_short"):
        meridiem = Meridiem.AM
    elif groups.get("pm") or groups.get("pm_short") or groups.get("tonight"):
        meridiem = Meridiem.PM
    elif groups.get("day_part"):
        meridiem = _MERIDIEM_OF_PART[groups["day_part"] or ""]
    else:
        return None
    if hour == 12:
        return None if meridiem is Meridiem.PM else Meridiem.AM  # "12pm" is noon
    return meridiem if 1 <= hour <= 12 else None
