"""How a clinic speaks: its locale ("es-MX"), its register (tú or usted), and what its patients
mean by "la mañana", "la tarde" and "la noche".

A locale is a BCP 47 tag: a language and, usually, a country ("es-CL", "es-ES"). Which words a
patient reads for it (cita, hora or turno) live in the message catalogs; how its dates and
times are written comes from CLDR (through Babel), both outside the domain. What stays here
is what the booking rules need: the clinic's country and the hours each part of the day covers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time
from enum import StrEnum

from domain.errors import InvalidClinic
from domain.when import DayPart

_TAG = re.compile(r"^(?P<language>[a-z]{2,3})(?:-(?P<country>[A-Z]{2}|\d{3}))?$")
NEUTRAL = "es"  # Spanish with no country's words: the catalogs' base


class Register(StrEnum):
    """How the bot addresses patients. In voseo countries (es-AR, es-UY) "tú" is written with vos."""

    TU = "tú"
    USTED = "usted"


def locale_tag(tag: str) -> str:
    """A locale tag in its canonical form ("es_mx", "ES-mx" -> "es-MX"), or InvalidClinic."""
    language, _, country = tag.strip().replace("_", "-").partition("-")
    canonical = f"{language.lower()}-{country.upper()}" if country else language.lower()
    if _TAG.match(canonical) is None:
        raise InvalidClinic(f'{tag!r} is not a locale like "es-MX" or "es"')
    return canonical


def country_of(tag: str) -> str | None:
    """'MX' from 'es-MX'; None for a locale without a country ('es', 'es-419')."""
    found = _TAG.match(tag)
    country = found["country"] if found else None
    return country if country and country.isalpha() else None


@dataclass(frozen=True, slots=True)
class DayParts:
    """The wall-clock hours each part of the day covers where the clinic is.

    "En la tarde" is after lunch, and lunch moves: 13-14 h in Chile, Colombia or Argentina,
    14-16 h in Mexico and Spain, where the morning lasts until lunch ("por la mañana" at 13:30
    is still the morning in Madrid). Noon to the end of lunch belongs to no part: a patient who
    asks for "la tarde" is not offered 12:30. Near the equator night falls at about 18 h.
    """

    morning_ends: time
    afternoon_starts: time
    evening_starts: time

    def __post_init__(self) -> None:
        if not self.morning_ends <= self.afternoon_starts < self.evening_starts:
            raise InvalidClinic("the parts of the day must follow one another")

    def contains(self, part: DayPart, moment: time) -> bool:
        """Whether a local wall-clock time falls in ``part`` of the day."""
        if part is DayPart.MORNING:
            return moment < self.morning_ends
        if part is DayPart.AFTERNOON:
            return self.afternoon_starts <= moment < self.evening_starts
        return moment >= self.evening_starts


_AFTER_LUNCH = DayParts(time(12), time(14), time(19))  # lunch about 13-14 h
_EQUATOR = DayParts(time(12), time(14), time(18))  # lunch about 12-14 h, dark by 18:30
_LATE_LUNCH = DayParts(time(14), time(16), time(21))  # Spain: lunch 14-16 h, dinner after 21 h
_DAY_PARTS = {
    "AR": DayParts(time(13), time(14), time(20)),  # dinner late; "a la mañana" until lunch at 13 h
    "UY": DayParts(time(13), time(14), time(20)),
    "CL": _AFTER_LUNCH,
    "MX": DayParts(time(12), time(15), time(20)),  # "la comida" 14-15 h, evening after 20 h
    "ES": _LATE_LUNCH,
    "CO": _EQUATOR,
    "PE": _EQUATOR,
    "EC": _EQUATOR,
    "VE": _EQUATOR,
    "BO": _EQUATOR,
    "PA": _EQUATOR,
    "CR": _EQUATOR,
}


def day_parts(tag: str) -> DayParts:
    """The parts of the day patients mean in the locale's country (after lunch, when unknown)."""
    return _DAY_PARTS.get(country_of(tag) or "", _AFTER_LUNCH)
