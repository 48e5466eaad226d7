"""Which clock time the patient asks for ("a las 4 y media", "16 hrs", "4 de la tarde")."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from adapters.offline_nlu.negation import is_refused
from adapters.offline_nlu.text import Span
from domain.when import ClockTime, Meridiem

_NUMBER_WORDS: Mapping[str, int] = MappingProxyType(
    {
        "una": 1,
        "uno": 1,
        "dos": 2,
        "tres": 3,
        "cuatro": 4,
        "cinco": 5,
        "seis": 6,
        "siete": 7,
        "ocho": 8,
        "nueve": 9,
        "diez": 10,
        "once": 11,
        "doce": 12,
    }
)
# Spelled-out hours only after "a las"/"las", never "tipo": "tipo una limpieza" has no time.
_HOUR = rf"(?P<hour>\d{{1,2}}|(?<!tipo\s)(?:{'|'.join(_NUMBER_WORDS)}))"
_MINUTES = (
    r"(?:\s*[:.h]\s*(?P<minute>\d{2})"
    r"|\s+y\s+(?P<half>media)"
    r"|\s+y\s+(?P<quarter>cuarto)"
    r"|\s+menos\s+(?P<to>cuarto)"
    r"|\s+y\s+(?P<plus>\d{1,2})\b)?"
)
_SUFFIX = (
    r"(?:\s*(?P<am>a\.?\s?m\b\.?)"
    r"|\s*(?P<pm>p\.?\s?m\b\.?)"
    r"|\s*(?P<hrs>hrs?\b\.?|hs\b\.?|h\b|horas\b)"
    r"|\s+(?:de\s+la|en\s+la|por\s+la)\s+(?P<day_part>manana|madrugada|tarde|noche)\b)?"
)
# A bare number is a time only after words that announce one ("a las 4", "como a las 4", "tipo 4");
# otherwise "el 15" or a phone number would read as times.
_ANNOUNCED = re.compile(rf"\b(?:a\s+las?|las|la|tipo)\s+{_HOUR}\b{_MINUTES}{_SUFFIX}")
# Numbers that say they are times on their own: "4:30", "4.30", "16h", "4pm", "4 y media",
# "10 de la mañana".
_SELF_EVIDENT = re.compile(
    r"(?<![\d/.:-])(?P<hour>\d{1,2})(?:"
    r"\s*[:.]\s*(?P<minute>\d{2})(?![\d/.-])"
    r"|\s*h(?P<hminute>\d{2})\b"
    r"|\s+y\s+(?P<half>media)\b"
    r"|\s+y\s+(?P<quarter>cuarto)\b"
    r"|(?=\s*(?:[ap]\.?\s?m\b|hrs?\b|hs\b|h\b)|\s+de\s+la\s+(?:manana|madrugada|tarde|noche)\b)"
    rf"){_SUFFIX}"
)
# "después del mediodía" / "antes del mediodía" are parts of the day, read by dayparts.
_NOON = re.compile(
    r"(?<!despues del )(?<!despues de )(?<!antes del )(?<!antes de )"  # fixed-width look-behinds only
    r"\b(?:al?\s+)?medio\s?dia\b"
)

_MERIDIEM_OF_PART: Mapping[str, Meridiem] = MappingProxyType(
    {"manana": Meridiem.AM, "madrugada": Meridiem.AM, "tarde": Meridiem.PM, "noche": Meridiem.PM}
)


@dataclass(frozen=True, slots=True)
class TimeReading:
    """The time asked for (if any) and the spans read as times, which say nothing more."""

    time: ClockTime | None
    spans: tuple[Span, ...]


def read_time(text: str) -> TimeReading:
    """The first clock time in a folded message (date digits already masked) that is not refused."""
    wanted: list[tuple[int, ClockTime]] = []
    spans: list[Span] = []
    for pattern in (_NOON, _ANNOUNCED, _SELF_EVIDENT):
        for found in pattern.finditer(text):
            if any(found.start() < end and start < found.end() for start, end in spans):
                continue
            spans.append(found.span())
            clock = ClockTime(12) if pattern is _NOON else _clock(found.groupdict())
            if clock is not None and not is_refused(text, *found.span()):
                wanted.append((found.start(), clock))
    first = min(wanted, key=lambda pair: pair[0], default=None)
    return TimeReading(first[1] if first else None, tuple(spans))


def _clock(groups: Mapping[str, str | None]) -> ClockTime | None:
    raw_hour = groups["hour"] or ""
    hour = _NUMBER_WORDS[raw_hour] if raw_hour in _NUMBER_WORDS else int(raw_hour)
    minutes = groups.get("minute") or groups.get("hminute") or groups.get("plus")
    minute = int(minutes) if minutes else 0
    if groups.get("half"):
        minute = 30
    elif groups.get("quarter"):
        minute = 15
    elif groups.get("to"):
        hour, minute = (hour - 1) % 24 or 12, 45  # "las 5 menos cuarto" is 4:45, "la una menos cuarto" 12:45
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return ClockTime(hour, minute, _meridiem(groups, hour))


def _meridiem(groups: Mapping[str, str | None], hour: int) -> Meridiem | None:
    day_part = groups["day_part"]
    if hour == 12 and day_part is not None:
        # "las 12 de la noche" is midnight; "las 12 de la tarde" is plain noon.
        return Meridiem.AM if day_part in ("noche", "madrugada") else None
    if groups["am"]:
        meridiem = Meridiem.AM
    elif groups["pm"]:
        meridiem = Meridiem.PM
    elif day_part is not None:
        meridiem = _MERIDIEM_OF_PART[day_part]
    else:
        return None
    # "16 pm" already says it all; ClockTime refuses a meridiem outside 1..12.
    return meridiem if 1 <= hour <= 12 else None
