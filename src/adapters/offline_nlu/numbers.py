"""Numbers patients spell out in dates and times: "el siete", "el veintiuno", "y cuarenta y cinco"."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType

_UNITS = ("uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve")
_TEENS = ("diez", "once", "doce", "trece", "catorce", "quince")
_TWENTIES = (
    "veinte",
    "veintiuno",
    "veintidos",
    "veintitres",
    "veinticuatro",
    "veinticinco",
    "veintiseis",
    "veintisiete",
    "veintiocho",
    "veintinueve",
)
_TENS = {"treinta": 30, "cuarenta": 40, "cincuenta": 50}


def _spelled() -> dict[str, int]:
    """1..59 as folded words: "dieciseis" and "diez y seis", "treinta y uno", "cuarenta y cinco"."""
    values = {word: index for index, word in enumerate(_UNITS, start=1)}
    values |= {word: index for index, word in enumerate(_TEENS, start=10)}
    for unit, word in enumerate(_UNITS[5:], start=6):  # dieciseis .. diecinueve, also as three words
        values[f"dieci{word}"] = 10 + unit
        values[f"diez y {word}"] = 10 + unit
    values |= {word: index for index, word in enumerate(_TWENTIES, start=20)}
    for tens, value in _TENS.items():
        values[tens] = value
        values |= {f"{tens} y {unit}": value + index for index, unit in enumerate(_UNITS, start=1)}
    values |= {"una": 1, "un": 1, "veintiun": 21, "veintiuna": 21}
    return values


# Every spelled number a date or a time may use, folded.
NUMBER_WORDS: Mapping[str, int] = MappingProxyType(_spelled())
# The one-word numbers, for the spelling pass to respell ("sinco", "quinse", "beinte").
SINGLE_NUMBER_WORDS = frozenset(word for word in NUMBER_WORDS if " " not in word)
# "primero", "1ro", "1°": the first of a month, said as an ordinal.
ORDINAL_FIRST = frozenset({"primero", "primer", "1ro", "1ero", "1er", "1°", "1º"})


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of folded phrases, longest first so "treinta y uno" beats "treinta"."""
    phrases = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(phrase).replace(r"\ ", r"\s+") for phrase in phrases)


def number_value(said: str) -> int | None:
    """The value of digits or a spelled number as matched: "7" -> 7, "veinte  y uno" -> 21."""
    if said.isdigit():
        return int(said)
    return NUMBER_WORDS.get(" ".join(said.split()))
