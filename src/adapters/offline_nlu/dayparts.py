"""Which part of the day the patient prefers ("en la mañana", "después de almuerzo", "a la tardecita")."""

from __future__ import annotations

import re

from adapters.offline_nlu.negation import is_refused
from domain.when import DayPart

# Run after clock times are masked: in "a las 4 de la tarde" the "tarde" was the meridiem.
_PARTS = (
    (
        DayPart.MORNING,
        re.compile(
            r"\b(?:las?|esta|esa)\s+(?:mananas?|mananitas?)\b|\btempran(?:o|ito)\b|\bprimera\s+hora\b"
            # Before dawn is no clinic hour, but the patient who says it wants the earliest.
            r"|\b(?:la|de|esta)\s+madrugada\b"
            r"|\bantes\s+(?:de|del)\s+(?:almuerzo|almorzar|medio\s?dia)\b"
        ),
    ),
    (
        DayPart.AFTERNOON,
        re.compile(
            r"\b(?:las?|esta|esa)\s+tardes?\b|\btardecita\b"
            r"|\b(?:despues|luego)\s+(?:de|del)\s+(?:almuerzo|almorzar|medio\s?dia)\b|\bpost\s*almuerzo\b"
        ),
    ),
    (DayPart.EVENING, re.compile(r"\b(?:las?|esta|esa)\s+noches?\b|\bde\s+noche\b|\bnochecita\b")),
)


def read_part(text: str) -> DayPart | None:
    """The first part of the day a folded message asks for and does not rule out."""
    found: list[tuple[int, DayPart]] = []
    for part, pattern in _PARTS:
        found.extend(
            (match.start(), part) for match in pattern.finditer(text) if not is_refused(text, *match.span())
        )
    return min(found, key=lambda pair: pair[0], default=(0, None))[1]
