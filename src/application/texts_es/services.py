"""What a patient reads about the clinic's services: their length, price and preparation.

Every fact comes from the clinic's data (``domain.services``), never from a model's words.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from functools import lru_cache

from babel import Locale
from babel.numbers import format_currency

from application.messages import TextReply
from domain.clinic import Clinic, Doctor
from domain.services import Price, Service
from domain.understanding import ServiceQuestion

# The locale prices are written in until clinics carry their own (the locale issue).
LOCALE = "es_CL"


@lru_cache(maxsize=16)
def _whole_pattern(locale: str) -> str:
    """The locale's currency pattern without decimals: "$35.000", not "$35.000,00"."""
    pattern = Locale.parse(locale).currency_formats["standard"].pattern
    return str(pattern).replace(".00", "")


def price(amount: Price) -> str:
    """'$35.000', 'desde $120.000', '49,90 €': Babel's formatting, without ",00" on whole amounts."""
    whole = amount.amount == amount.amount.to_integral_value()
    written = format_currency(
        amount.amount,
        amount.currency,
        format=_whole_pattern(LOCALE) if whole else None,
        locale=LOCALE,
        currency_digits=not whole,
    )
    return f"desde {written}" if amount.from_price else written


def minutes(length: timedelta) -> str:
    """'60 min', '1 h 30 min'... kept short: it goes on cards and buttons."""
    total = int(length.total_seconds()) // 60
    return f"{total} min"


def lengths(clinic: Clinic, service: Service) -> str:
    """How long the service takes: '60 min', or '30 a 45 min' when it is each doctor's plain slot."""
    found = sorted({clinic.visit_length(service, d) for d in clinic.doctors_for(service)})
    if not found:
        return ""
    if len(found) == 1:
        return minutes(found[0])
    return f"{int(found[0].total_seconds()) // 60} a {minutes(found[-1])}"


def label(clinic: Clinic, service: Service) -> str:
    """'«Limpieza dental» (60 min)': the service the patient asked for, inside a sentence."""
    length = lengths(clinic, service)
    return f"«{service.name}» ({length})" if length else f"«{service.name}»"


def answer(clinic: Clinic, service: Service, asks: ServiceQuestion) -> TextReply:
    """The answer to a question about one service, from its data."""
    if asks is ServiceQuestion.PREPARATION:
        if service.preparation:
            return TextReply(f"{service.name}: {service.preparation}")
        return TextReply(f"{service.name}: no necesitas ninguna preparación especial.")
    length = lengths(clinic, service)
    lasts = f"dura unos {length}" if length else ""
    if asks is ServiceQuestion.DURATION:
        return TextReply(f"{service.name} {lasts}." if length else f"{service.name}.")
    if service.price is None:
        return TextReply(
            f"{service.name}{f': {lasts}' if lasts else ''}. Su valor depende de cada caso: te lo "
            "confirmamos antes de empezar."
        )
    cost = price(service.price)  # "desde $120.000" or "$35.000"
    worth = cost if service.price.from_price else f"de {cost}"
    return TextReply(f"{service.name} tiene un valor {worth}{f' y {lasts}' if lasts else ''}.")


def catalogue(clinic: Clinic, asks: ServiceQuestion) -> TextReply:
    """A question with no service named: the clinic's services with what was asked of each."""
    if asks is ServiceQuestion.PREPARATION:
        prepared = [s for s in clinic.services if s.preparation]
        if not prepared:
            return TextReply("Para nuestras atenciones no necesitas ninguna preparación especial.")
        listed = "\n".join(f"• {s.name}: {s.preparation}" for s in prepared)
        return TextReply(
            f"Depende de la atención:\n{listed}\n\nPara las demás no necesitas preparación especial."
        )
    rows = [_row(clinic, s, asks) for s in clinic.services]
    heading = "Estos son nuestros valores:" if asks is ServiceQuestion.PRICE else "Esto dura cada atención:"
    return TextReply(heading + "\n" + "\n".join(f"• {row}" for row in rows))


def _row(clinic: Clinic, service: Service, asks: ServiceQuestion) -> str:
    length = lengths(clinic, service)
    if asks is ServiceQuestion.DURATION:
        return f"{service.name}: {length}"
    cost = price(service.price) if service.price is not None else "según evaluación"
    return f"{service.name} ({length}): {cost}" if length else f"{service.name}: {cost}"


def needs_a_person(clinic: Clinic, service: Service) -> TextReply:
    """A service the bot may not book: a person of the clinic talks to the patient first."""
    cost = f" (valor {price(service.price)})" if service.price is not None else ""
    return TextReply(
        f"Para agendar «{service.name}»{cost} primero conversas con una persona del equipo. Le pasé tu "
        f"conversación a alguien de {clinic.name}, que te escribirá por este mismo chat."
    )


def done_by(service: Service, doctors: Sequence[Doctor]) -> str:
    """The lead when the doctor chosen does not do the service: who does."""
    names = [d.name for d in doctors]
    if len(names) == 1:
        return f"«{service.name}» lo atiende {names[0]}."
    return f"«{service.name}» lo atienden {', '.join(names[:-1])} y {names[-1]}."
