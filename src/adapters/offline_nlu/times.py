"""Which clock time the patient asks for ("a las 4 y media", "16 hrs", "cuarto para las cinco")."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from adapters.offline_nlu.calendar_words import WEEKDAY_NAMES
from adapters.offline_nlu.negation import is_refused
from adapters.offline_nlu.numbers import NUMBER_WORDS, alternation, number_value
from adapters.offline_nlu.text import Span
from domain.when import ClockTime, Meridiem

# Hours up to 23 ("a las quince horas"), minutes up to 59 ("y cuarenta y cinco"). "Una" is an hour
# only where an hour is announced: "a las 4 y una consulta", "una de la tarde" may be an appointment.
_ONE = ("un", "una", "uno")
_HOUR_WORDS = [word for word, value in NUMBER_WORDS.items() if value <= 23 and " " not in word]
_MINUTE_WORDS = alternation(word for word in NUMBER_WORDS if word not in _ONE)
# Spelled-out hours only after "a las"/"las", never "tipo": "tipo una limpieza" has no time.
_HOUR = rf"(?P<hour>\d{{1,2}}(?!\d)|(?<!tipo\s)(?:{alternation(_HOUR_WORDS)})\b)"
_MINUTES = (
    r"(?:\s*[:.h]\s*(?P<minute>\d{2})"
    r"|\s+y\s+(?P<half>media)\b"
    r"|\s+y\s+(?P<quarter>cuarto)\b"
    r"|\s+y\s+(?P<some>pico)\b"  # "a las 3 y pico": the hour is what counts
    r"|\s+en\s+(?P<sharp>punto)\b"
    rf"|\s+menos\s+(?P<to>cuarto|\d{{1,2}}|{_MINUTE_WORDS})\b"
    rf"|\s+y\s+(?P<plus>\d{{1,2}}|{_MINUTE_WORDS})\b(?:\s+minutos\b)?"
    # "a las nueve veinte", as a clock reads: only tens, so "a las 9 dos personas" stays 9:00.
    r"|\s+(?P<tens>diez|veinte|treinta|cuarenta|cincuenta)\b(?!\s+(?:minutos\s+)?(?:para|pa)\b))?"
)
_PARTS = r"(?P<day_part>manana|mananita|madrugada|tarde|tardecita|noche|dia)"
_SUFFIX = (
    r"(?:\s*(?P<am>a\.?\s?m\b\.?)"
    r"|\s*(?P<pm>p\.?\s?m\b\.?)"
    r"|\s*(?P<hrs>hrs?\b\.?|hs\b\.?|h\b|horas\b)"
    rf"|\s+(?:de\s+la|en\s+la|por\s+la|a\s+la|del)\s+{_PARTS}\b)?"
)
# A bare number is a time only after words that announce one ("a las 4", "pa las 4", "alas 10",
# "a las10", "tipo 4"); otherwise "el 15" or a phone number would read as times.
_ANNOUNCED = re.compile(rf"\b(?:a\s*las?|las|la|tipo)(?:\s+|(?=\d)){_HOUR}{_MINUTES}{_SUFFIX}")
# Numbers that say they are times on their own: "4:30", "4.30", "16h", "4pm", "4 y media",
# "10 de la mañana", "ocho de la noche" ("una de la tarde" may be one appointment in the afternoon).
_SPELLED_HOUR = rf"(?:{alternation(word for word in _HOUR_WORDS if word not in _ONE)})\b(?=\s+de\s+la\s)"
_SELF_EVIDENT = re.compile(
    rf"(?<![\d/.:-])(?P<hour>\d{{1,2}}|{_SPELLED_HOUR})(?:"
    r"\s*[:.]\s*(?P<minute>\d{2})(?![\d/.-])"
    r"|\s*h(?P<hminute>\d{2})\b"
    r"|\s+y\s+(?P<half>media)\b"
    r"|\s+y\s+(?P<quarter>cuarto)\b"
    r"|(?=\s*(?:[ap]\.?\s?m\b|hrs?\b|hs\b|h\b)|\s+de\s+la\s+(?:manana|madrugada|tarde|noche)\b)"
    rf"){_SUFFIX}"
)
# "cuarto para las cinco" (4:45), "diez para las cuatro" (3:50), as Mexico and the Andes tell time.
_BEFORE_THE_HOUR = re.compile(
    r"\b(?P<before>cuarto|cinco|diez|quince|veinte|veinticinco|5|10|15|20|25)\s+(?:minutos?\s+)?"
    rf"(?:para|pa)\s+(?:las?\s+)?{_HOUR}{_SUFFIX}"
)
# "pasado mañana a 9", "el lunes a 10": after a day, a bare "a" announces the hour.
_AFTER_A_DAY = re.compile(
    rf"\b(?:manana|hoy|{alternation(WEEKDAY_NAMES)})s?\s+(?P<at>a\s+(?P<hour>\d{{1,2}})\b(?![/.-]\d){_MINUTES}{_SUFFIX})"
)
# "después del mediodía" / "antes del mediodía" are parts of the day, read by dayparts.
_NOON = re.compile(
    r"(?<!despues del )(?<!despues de )(?<!antes del )(?<!antes de )"  # fixed-width look-behinds only
    r"\b(?:al?\s+)?(?P<noon>medio\s?dia)\b|\b(?:a\s+la\s+)?(?P<midnight>media\s?noche)\b"
)

_MERIDIEM_OF_PART: Mapping[str, Meridiem] = MappingProxyType(
    {
        "manana": Meridiem.AM,
        "mananita": Meridiem.AM,
        "madrugada": Meridiem.AM,
        "tarde": Meridiem.PM,
        "tardecita": Meridiem.PM,
        "noche": Meridiem.PM,
    }
)
# The hours "del día" (daytime) takes as morning; the rest of a clinic's day is afternoon.
_DAYTIME_MORNING = range(7, 12)


@dataclass(frozen=True, slots=True)
class TimeReading:
    """The time asked for (if any) and the spans read as times, which say nothing more."""

    time: ClockTime | None
    spans: tuple[Span, ...]


def read_time(text: str) -> TimeReading:
    """The first clock time in a folded message (date digits already masked) that is not refused."""
    wanted: list[tuple[int, ClockTime]] = []
    spans: list[Span] = []
    for pattern in (_NOON, _BEFORE_THE_HOUR, _ANNOUNCED, _AFTER_A_DAY, _SELF_EVIDENT):
        for found in pattern.finditer(text):
            span = found.span("at") if pattern is _AFTER_A_DAY else found.span()
            if any(span[0] < end and start < span[1] for start, end in spans):
                continue
            spans.append(span)
            clock = _noon(found) if pattern is _NOON else _clock(found.groupdict())
            if clock is not None and not is_refused(text, *span):
                wanted.append((span[0], clock))
    first = min(wanted, key=lambda pair: pair[0], default=None)
    return TimeReading(first[1] if first else None, tuple(spans))


def _noon(found: re.Match[str]) -> ClockTime:
    return ClockTime(12) if found["noon"] else ClockTime(12, 0, Meridiem.AM)


def _clock(groups: Mapping[str, str | None]) -> ClockTime | None:
    hour = number_value(groups["hour"] or "")
    minutes = groups.get("minute") or groups.get("hminute") or groups.get("plus") or groups.get("tens")
    minute = number_value(minutes) if minutes else 0
    if hour is None or minute is None:
        return None
    if groups.get("half"):
        minute = 30
    elif groups.get("quarter"):
        minute = 15
    before = groups.get("to") or groups.get("before")
    if before:
        # "las 5 menos cuarto" is 4:45, "la una menos cuarto" 12:45, "diez para las cuatro" 3:50.
        early = 15 if before == "cuarto" else number_value(before)
        if early is None or not 0 < early < 60:
            return None
        hour, minute = (hour - 1) % 24 or 12, 60 - early
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return ClockTime(hour, minute, _meridiem(groups, hour))


def _meridiem(groups: Mapping[str, str | None], hour: int) -> Meridiem | None:
    day_part = groups["day_part"]
    if hour == 12 and day_part is not None:
        # "las 12 de la noche" is midnight; "las 12 de la tarde" and "las doce del día" plain noon.
        return Meridiem.AM if day_part in ("noche", "madrugada") else None
    if groups["am"]:
        meridiem = Meridiem.AM
    elif groups["pm"]:
        meridiem = Meridiem.PM
    elif day_part == "dia":
        meridiem = Meridiem.AM if hour in _DAYTIME_MORNING else Meridiem.PM
    elif day_part is not None:
        meridiem = _MERIDIEM_OF_PART[day_part]
    else:
        return None
    # "16 pm" already says it all; ClockTime refuses a meridiem outside 1..12.
    return meridiem if 1 <= hour <= 12 else None
