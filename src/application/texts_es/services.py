"""What a patient reads about the clinic's services: their length, price and preparation.

Every fact comes from the clinic's data (``domain.services``), never from a model's words.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from functools import lru_cache

from babel import Locale
from babel.numbers import format_currency

from application.messages import TextReply
from application.speech import speech
from domain.clinic import Clinic, Doctor
from domain.services import Price, Service
from domain.understanding import ServiceQuestion


def price(clinic: Clinic, amount: Price) -> str:
    """'$35.000', 'desde $120.000', '49,90 €': Babel's formatting in the clinic's locale, without
    ",00" on whole amounts."""
    _ = speech(clinic)
    whole = amount.amount == amount.amount.to_integral_value()
    written = format_currency(
        amount.amount,
        amount.currency,
        format=_whole_pattern(str(_.locale)) if whole else None,
        locale=_.locale,
        currency_digits=not whole,
    )
    return _("desde {price}").format(price=written) if amount.from_price else written


@lru_cache(maxsize=16)
def _whole_pattern(locale: str) -> str:
    """The locale's currency pattern without decimals: "$35.000", not "$35.000,00"."""
    pattern = Locale.parse(locale).currency_formats["standard"].pattern
    return str(pattern).replace(".00", "")


def minutes(length: timedelta) -> str:
    """'60 min', '1 h 30 min'... kept short: it goes on cards and buttons."""
    total = int(length.total_seconds()) // 60
    return f"{total} min"


def lengths(clinic: Clinic, service: Service) -> str:
    """How long the service takes: '60 min', or '30 a 45 min' when it is each doctor's plain slot."""
    _ = speech(clinic)
    found = sorted({clinic.visit_length(service, d) for d in clinic.doctors_for(service)})
    if not found:
        return ""
    if len(found) == 1:
        return minutes(found[0])
    return _("{shortest} a {longest}").format(
        shortest=int(found[0].total_seconds()) // 60, longest=minutes(found[-1])
    )


def label(clinic: Clinic, service: Service) -> str:
    """'«Limpieza dental» (60 min)': the service the patient asked for, inside a sentence."""
    length = lengths(clinic, service)
    return f"«{service.name}» ({length})" if length else f"«{service.name}»"


def answer(clinic: Clinic, service: Service, asks: ServiceQuestion) -> TextReply:
    """The answer to a question about one service, from its data."""
    _ = speech(clinic)
    name, length = service.name, lengths(clinic, service)
    if asks is ServiceQuestion.PREPARATION:
        if service.preparation:
            return TextReply(f"{name}: {service.preparation}")
        return TextReply(_("{service}: no necesitas ninguna preparación especial.").format(service=name))
    if asks is ServiceQuestion.DURATION:
        if not length:
            return TextReply(f"{name}.")
        return TextReply(_("{service} dura unos {length}.").format(service=name, length=length))
    if service.price is None:
        if not length:
            return TextReply(
                _("{service}: su precio depende de cada caso; te lo confirmamos antes de empezar.").format(
                    service=name
                )
            )
        return TextReply(
            _(
                "{service}: dura unos {length}. Su precio depende de cada caso; te lo confirmamos "
                "antes de empezar."
            ).format(service=name, length=length)
        )
    cost = price(clinic, service.price)
    if not length:
        return TextReply(_("{service} cuesta {price}.").format(service=name, price=cost))
    return TextReply(
        _("{service} cuesta {price} y dura unos {length}.").format(service=name, price=cost, length=length)
    )


def catalogue(clinic: Clinic, asks: ServiceQuestion) -> TextReply:
    """A question with no service named: the clinic's services with what was asked of each."""
    _ = speech(clinic)
    if asks is ServiceQuestion.PREPARATION:
        prepared = [s for s in clinic.services if s.preparation]
        if not prepared:
            return TextReply(_("Para nuestros servicios no necesitas ninguna preparación especial."))
        listed = "\n".join(f"• {s.name}: {s.preparation}" for s in prepared)
        return TextReply(
            _("Depende del servicio:\n{listed}\n\nPara los demás no necesitas preparación especial.").format(
                listed=listed
            )
        )
    rows = [_row(clinic, s, asks) for s in clinic.services]
    heading = (
        _("Estos son nuestros precios:") if asks is ServiceQuestion.PRICE else _("Esto dura cada servicio:")
    )
    return TextReply(heading + "\n" + "\n".join(f"• {row}" for row in rows))


def _row(clinic: Clinic, service: Service, asks: ServiceQuestion) -> str:
    _ = speech(clinic)
    length = lengths(clinic, service)
    if asks is ServiceQuestion.DURATION:
        return f"{service.name}: {length}"
    cost = price(clinic, service.price) if service.price is not None else _("según evaluación")
    return f"{service.name} ({length}): {cost}" if length else f"{service.name}: {cost}"


def needs_a_person(clinic: Clinic, service: Service, answers_at: datetime | None = None) -> TextReply:
    """A service the bot may not book: a person of the clinic talks to the patient first; outside
    the clinic's hours, when."""
    from application.texts_es import when_a_person_answers  # the package imports this module first

    _ = speech(clinic)
    cost = (
        _(" (precio {price})").format(price=price(clinic, service.price)) if service.price is not None else ""
    )
    return TextReply(
        _(
            "Para agendar «{service}»{price} primero tienes que hablar con una persona del equipo. "
            "Le pasé tu conversación a alguien de {clinic}, que te escribirá por este mismo chat."
        ).format(service=service.name, price=cost, clinic=clinic.name)
        + when_a_person_answers(clinic, answers_at)
    )


def done_by(clinic: Clinic, service: Service, doctors: Sequence[Doctor]) -> str:
    """The lead when the doctor chosen does not do the service: who does."""
    _ = speech(clinic)
    names = [d.name for d in doctors]
    if len(names) == 1:
        return _("«{service}» lo atiende {doctor}.").format(service=service.name, doctor=names[0])
    return _("«{service}» lo atienden {doctors} y {last}.").format(
        service=service.name, doctors=", ".join(names[:-1]), last=names[-1]
    )
