"""Brazilian Portuguese words for days, months, numbers, clock times and parts of the day, each
with the Spanish words the Spanish readers (``dates``, ``times``, ``dayparts``) look for.

Keys are folded (lowercase, no accents), one space between words; a hyphen counts as a space
("segunda-feira", "meio-dia"). Values are Spanish as a patient would type it.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

_WEEKDAYS = {
    "segunda": "lunes", "terca": "martes", "quarta": "miércoles", "quinta": "jueves",
    "sexta": "viernes", "sabado": "sábado", "domingo": "domingo",
}  # fmt: skip
_WEEKDAY_ABBREVIATIONS = {
    "seg": "lunes",
    "sex": "viernes",
    "sab": "sábado",
    "dom": "domingo",
    "qua": "miércoles",
}

_MONTHS = {
    "janeiro": "enero", "fevereiro": "febrero", "marco": "marzo", "abril": "abril", "maio": "mayo",
    "junho": "junio", "julho": "julio", "agosto": "agosto", "setembro": "septiembre",
    "outubro": "octubre", "novembro": "noviembre", "dezembro": "diciembre",
    "jan": "ene", "fev": "feb", "abr": "abr", "mai": "may", "jun": "jun", "jul": "jul", "ago": "ago",
    "set": "sep", "out": "oct", "nov": "nov", "dez": "dic",
}  # fmt: skip

_NUMBERS = {
    "um": "un", "uma": "una", "dois": "dos", "duas": "dos", "tres": "tres", "quatro": "cuatro",
    "cinco": "cinco", "seis": "seis", "sete": "siete", "oito": "ocho", "nove": "nueve", "dez": "diez",
    "onze": "once", "doze": "doce", "treze": "trece", "catorze": "catorce", "quatorze": "catorce",
    "quinze": "quince", "dezesseis": "dieciséis", "dezasseis": "dieciséis", "dezessete": "diecisiete",
    "dezoito": "dieciocho", "dezenove": "diecinueve", "vinte": "veinte", "trinta": "treinta",
    "quarenta": "cuarenta", "cinquenta": "cincuenta",
}  # fmt: skip
_UNITS = ("um", "dois", "tres", "quatro", "cinco", "seis", "sete", "oito", "nove")
_SPANISH_UNITS = ("uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve")
_TWENTIES = {f"vinte e {pt}": f"veinti{es}" for pt, es in zip(_UNITS, _SPANISH_UNITS, strict=True)}
_TENS = {
    f"{pt_tens} e {pt}": f"{es_tens} y {es}"
    for pt_tens, es_tens in (("trinta", "treinta"), ("quarenta", "cuarenta"), ("cinquenta", "cincuenta"))
    for pt, es in zip(_UNITS, _SPANISH_UNITS, strict=True)
}

# Days said relative to today. "Sexta que vem" and "próxima sexta" stay "viernes que viene" and
# "próximo viernes": the next Friday after today, as the Spanish reader takes "el próximo viernes";
# "sexta da semana que vem" is next week's.
_RELATIVE_DAYS = {
    "hoje": "hoy", "amanha": "mañana", "depois de amanha": "pasado mañana",
    "semana que vem": "semana que viene", "proxima semana": "próxima semana",
    "semana seguinte": "semana siguiente", "outra semana": "otra semana",
    "essa semana": "esta semana", "nessa semana": "esta semana", "nesta semana": "esta semana",
    "mes que vem": "mes que viene", "proximo mes": "próximo mes", "fim de semana": "fin de semana",
    "daqui a": "dentro de", "daqui": "dentro de", "dentro de": "dentro de", "que vem": "que viene",
    "feira": "", "dia": "día", "dias": "días", "semana": "semana", "semanas": "semanas", "mes": "mes",
    "proxima": "próxima", "proximo": "próximo", "outro dia": "otro día",
}  # fmt: skip

# Clock times: "às 4" is "a las 4" (the hour as bare as in Spanish), "4 e meia", "meio-dia".
_TIMES = {
    "meio dia": "mediodía", "meiodia": "mediodía", "ao meio dia": "al mediodía",
    "meia noite": "medianoche", "e meia": "y media", "meia": "media", "em ponto": "en punto",
    "hora": "hora", "horas": "horas", "minutos": "minutos",
    "por volta das": "tipo", "por volta da": "tipo", "la pelas": "tipo", "pelas": "tipo",
    "perto das": "tipo", "umas": "tipo",
    "depois das": "después de las", "antes das": "antes de las", "a partir das": "desde las",
    "a partir de": "desde", "a partir da": "desde la", "ate as": "hasta las",
}  # fmt: skip

# Parts of the day. "manhã" alone is a morning: Spanish "mañana" alone would be tomorrow.
_PARTS = {
    "manha": "la mañana", "de manha": "en la mañana", "pela manha": "por la mañana",
    "na manha": "en la mañana", "a manha": "en la mañana", "da manha": "de la mañana",
    "de manhazinha": "en la mañana", "manhazinha": "en la mañana", "essa manha": "esta mañana",
    "esta manha": "esta mañana", "nessa manha": "esta mañana", "periodo da manha": "la mañana",
    "de tarde": "en la tarde", "a tarde": "en la tarde", "pela tarde": "por la tarde",
    "na tarde": "en la tarde", "da tarde": "de la tarde", "a tardinha": "en la tardecita",
    "de tardinha": "en la tardecita", "tardinha": "tardecita", "final da tarde": "la tardecita",
    "fim da tarde": "la tardecita", "essa tarde": "esta tarde", "nessa tarde": "esta tarde",
    "nesta tarde": "esta tarde", "periodo da tarde": "la tarde",
    "de noite": "de noche", "a noite": "en la noche", "pela noite": "por la noche",
    "na noite": "en la noche", "da noite": "de la noche", "essa noite": "esta noche",
    "noitinha": "nochecita", "a noitinha": "en la nochecita", "de noitinha": "en la nochecita",
    "cedo": "temprano", "cedinho": "temprano", "bem cedo": "temprano", "mais cedo": "temprano",
    "primeira hora": "primera hora", "primeiro horario": "primera hora",
    "almoco": "almuerzo", "depois do almoco": "después del almuerzo",
    "antes do almoco": "antes del almuerzo",
    # After school is the afternoon, after work the evening: "sexta depois da escola".
    "depois da escola": "en la tarde", "depois do colegio": "en la tarde", "depois da aula": "en la tarde",
    "depois das aulas": "en la tarde", "depois da creche": "en la tarde", "saida da escola": "la tarde",
    "saida do colegio": "la tarde", "depois do trabalho": "en la noche", "depois do servico": "en la noche",
    "depois do expediente": "en la noche", "saida do trabalho": "la noche",
    "saindo do trabalho": "en la noche",
}  # fmt: skip

# "essa quinta", "nesta sexta-feira", "esse sábado": this week's, as Spanish "este jueves" (a bare
# "esa jueves" is no Spanish); "a consulta dessa sexta" is "de este viernes".
_THIS = ("essa", "esta", "nessa", "nesta", "esse", "este", "nesse", "neste")
_OF_THIS = ("dessa", "desta", "desse", "deste")
_THIS_WEEKDAY = {
    f"{this} {day}{feira}": f"{'de este' if this in _OF_THIS else 'este'} {spanish}"
    for this in (*_THIS, *_OF_THIS)
    for day, spanish in _WEEKDAYS.items()
    for feira in (("", " feira") if day not in ("sabado", "domingo") else ("",))
}

CALENDAR: Mapping[str, str] = MappingProxyType(
    _WEEKDAYS
    | {f"{day} feira": spanish for day, spanish in _WEEKDAYS.items() if day not in ("sabado", "domingo")}
    | {f"{day}s": spanish for day, spanish in _WEEKDAYS.items() if day not in ("sabado", "domingo")}
    | _WEEKDAY_ABBREVIATIONS
    | _MONTHS
    | _NUMBERS
    | _TWENTIES
    | _TENS
    | _RELATIVE_DAYS
    | _THIS_WEEKDAY
    | _TIMES
    | _PARTS
)
# Weekday names, folded: what "2a", "3ª" spell out, and never a name to protect.
WEEKDAYS = ("segunda", "terca", "quarta", "quinta", "sexta", "sabado", "domingo")
