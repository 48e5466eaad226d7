"""The calendar's words as the folded text has them: weekdays and months, whole and abbreviated."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

# Monday first, as ``date.weekday()`` counts.
WEEKDAYS = ("lunes", "martes", "miercoles", "jueves", "viernes", "sabado", "domingo")
# "vie.", "sáb.", "mié", "jue.": calendar and chat shorthand. "mar" is left out: it is March too.
WEEKDAY_ABBREVIATIONS: Mapping[str, int] = MappingProxyType(
    {"lun": 0, "mie": 2, "mier": 2, "mierc": 2, "jue": 3, "juev": 3, "vie": 4, "vier": 4, "sab": 5, "dom": 6}
)
WEEKDAY_NAMES: Mapping[str, int] = MappingProxyType(
    {name: index for index, name in enumerate(WEEKDAYS)} | dict(WEEKDAY_ABBREVIATIONS)
)

_MONTH_NAMES = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)
# Whole names, with Peru's and Chile's "setiembre".
MONTHS: Mapping[str, int] = MappingProxyType(
    {name: index for index, name in enumerate(_MONTH_NAMES, start=1)} | {"setiembre": 9}
)
MONTH_ABBREVIATIONS: Mapping[str, int] = MappingProxyType(
    {
        "ene": 1,
        "feb": 2,
        "mar": 3,
        "abr": 4,
        "may": 5,
        "jun": 6,
        "jul": 7,
        "ago": 8,
        "sep": 9,
        "sept": 9,
        "set": 9,
        "oct": 10,
        "nov": 11,
        "dic": 12,
    }
)
MONTH_NAMES: Mapping[str, int] = MappingProxyType(dict(MONTHS) | dict(MONTH_ABBREVIATIONS))
