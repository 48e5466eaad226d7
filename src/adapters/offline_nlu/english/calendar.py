"""The calendar's and the clock's words in English, folded: weekdays, months, numbers, ordinals."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

# Monday first, as ``date.weekday()`` counts.
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Chat shorthand. "sat" and "sun" are words too ("I sat", "the sun"): ``dates`` trusts them only
# after "on", "this", "next".
WEEKDAY_NAMES: Mapping[str, int] = MappingProxyType(
    {name: index for index, name in enumerate(WEEKDAYS)}
    | {"mon": 0, "tue": 1, "tues": 1, "weds": 2, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4}
    | {"sat": 5, "sun": 6}
)
SHY_WEEKDAYS = frozenset({"sat", "sun"})

MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
# "may" and "march" are words too: ``dates`` takes them only beside a day number.
MONTH_NAMES: Mapping[str, int] = MappingProxyType(
    {name: index for index, name in enumerate(MONTHS, start=1)}
    | {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9}
    | {"oct": 10, "nov": 11, "dec": 12}
)

_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen")
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}


def _spelled() -> dict[str, int]:
    """1..59 as folded words: "four", "twenty one", "twenty-one", "forty five"."""
    values = {word: index for index, word in enumerate(_UNITS, start=1)}
    values |= {word: index for index, word in enumerate(_TEENS, start=10)}
    values |= {"eighteen": 18, "nineteen": 19}
    for tens, value in _TENS.items():
        values[tens] = value
        for index, unit in enumerate(_UNITS, start=1):
            values[f"{tens} {unit}"] = value + index
            values[f"{tens}-{unit}"] = value + index
    return values


NUMBER_WORDS: Mapping[str, int] = MappingProxyType(_spelled())

_ORDINAL_UNITS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
_ORDINAL_TEENS = (
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
)


def _ordinals() -> dict[str, int]:
    """1st..31st spelled: "first", "fifteenth", "twenty-first", "thirty first"."""
    values = {word: index for index, word in enumerate(_ORDINAL_UNITS, start=1)}
    values |= {word: index for index, word in enumerate(_ORDINAL_TEENS, start=10)}
    values |= {"twentieth": 20, "thirtieth": 30}
    for index, unit in enumerate(_ORDINAL_UNITS, start=1):
        values[f"twenty {unit}"] = values[f"twenty-{unit}"] = 20 + index
    values["thirty first"] = values["thirty-first"] = 31
    return values


ORDINAL_WORDS: Mapping[str, int] = MappingProxyType(_ordinals())
