"""Patients' requests about their data (issue 24), and the date the clinic's law wants each answered.

Every request is kept in a register with its legal deadline, counted from the day it was received
(the clinic's own day) by the clinic's country. The terms, as the laws set the controller's
first answer (extensions the laws allow are not counted: a deadline here is never later than the
law's):

- Chile, Ley 21.719 (in force from 1 December 2026), which replaces the text of Ley 19.628, art. 11:
  summaries disagree. Most read 30 calendar days, extendable once (abogadosdigitales.site,
  legalprisma.cl); one reads 15 business days, extendable by 15 (anguitaosorio.cl). The register
  uses 15 business days, the earlier of the two, for every right, until someone reads the
  article as published in the Diario Oficial.
- Mexico, LFPDPPP (2010, art. 32; kept by the law of 20 March 2025): "un plazo máximo de veinte
  días, contados desde la fecha en que se recibió la solicitud". The article does not say business
  days, so they are counted here as calendar days, the reading that is never late.
- Spain and the rest of the EU, GDPR art. 12(3) (Spain's LOPDGDD art. 12 refers to it): one month
  from receipt, extendable by two; counted as the same day of the next month (the last day of a
  shorter month).
- Argentina, Ley 25.326: access within 10 calendar days (art. 14.2); rectification, update or
  suppression within 5 business days (art. 16.2); objection is read as suppression.
- Colombia, Ley 1581 de 2012: a query (access) within 10 business days (art. 14); a claim
  (rectification, erasure, objection) within 15 business days (art. 15).
- Peru, Ley 29733 and its Reglamento (D.S. 003-2013-JUS, art. 55): access within 20 business days;
  rectification, cancellation and objection within 10 business days.

Business days are Monday to Friday; public holidays are not known here and are counted as
business days, which can only bring a deadline earlier, never later. A clinic of another country,
or of none said, gets the strictest of the table for each right.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import StrEnum

from domain.ids import ClinicId, PatientAddress

WARN_BEFORE = timedelta(days=3)  # the worker warns of a pending request this close to its deadline


class Right(StrEnum):
    """What a request asks for. The values are stored: add new ones, never rename one."""

    ACCESS = "access"  # what is kept (a summary by chat, the full copy from staff)
    RECTIFICATION = "rectification"
    ERASURE = "erasure"
    OBJECTION = "objection"  # no more of the clinic's own messages (an opt-out)


class Channel(StrEnum):
    WHATSAPP = "whatsapp"
    API = "api"  # staff, through the staff API
    CONSOLE = "console"


@dataclass(frozen=True, slots=True)
class Term:
    """How long a law gives to answer: ``days`` calendar or business days, or ``months``."""

    days: int = 0
    business: bool = False
    months: int = 0

    def due(self, received: date) -> date:
        if self.months:
            return _months_after(received, self.months)
        if not self.business:
            return received + timedelta(days=self.days)
        day, left = received, self.days
        while left:
            day += timedelta(days=1)
            if day.weekday() < 5:
                left -= 1
        return day


def _same(term: Term) -> dict[Right, Term]:
    return dict.fromkeys(Right, term)


DEADLINES: dict[str, dict[Right, Term]] = {
    "CL": _same(Term(15, business=True)),
    "MX": _same(Term(20)),
    "ES": _same(Term(months=1)),
    "AR": {
        Right.ACCESS: Term(10),
        Right.RECTIFICATION: Term(5, business=True),
        Right.ERASURE: Term(5, business=True),
        Right.OBJECTION: Term(5, business=True),
    },
    "CO": {
        Right.ACCESS: Term(10, business=True),
        Right.RECTIFICATION: Term(15, business=True),
        Right.ERASURE: Term(15, business=True),
        Right.OBJECTION: Term(15, business=True),
    },
    "PE": {
        Right.ACCESS: Term(20, business=True),
        Right.RECTIFICATION: Term(10, business=True),
        Right.ERASURE: Term(10, business=True),
        Right.OBJECTION: Term(10, business=True),
    },
}
# The GDPR's month holds across the EU: other member states answer as Spain does.
EU = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FR",
        "GR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
    ]
)


def due_on(country: str | None, right: Right, received: date) -> date:
    """The last day to answer a request received on ``received`` (the clinic's day)."""
    code = (country or "").upper()
    if code in EU:
        code = "ES"
    terms = DEADLINES.get(code)
    if terms is not None:
        return terms[right].due(received)
    return min(table[right].due(received) for table in DEADLINES.values())  # the strictest


def country_of(locale: str) -> str | None:
    """The country of a BCP 47 locale: "es-MX" -> "MX"; None for a plain language ("es")."""
    _, _, region = locale.partition("-")
    return region.upper() or None


@dataclass(frozen=True, slots=True)
class PrivacyRequest:
    """One request in the register. ``patient`` is the patient's keyed hash, always; ``address``
    how staff reach them while that is kept (erasure clears it, leaving the hash alone)."""

    id: str
    clinic_id: ClinicId
    right: Right
    channel: Channel
    patient: str
    received_at: datetime
    due: date
    address: PatientAddress | None = None
    answered_at: datetime | None = None

    @property
    def pending(self) -> bool:
        return self.answered_at is None

    def answered(self, at: datetime) -> PrivacyRequest:
        return self if self.answered_at is not None else replace(self, answered_at=at)

    def needs_warning(self, today: date) -> bool:
        """Pending, and due within ``WARN_BEFORE`` (or past due)."""
        return self.pending and self.due - today <= WARN_BEFORE


def _months_after(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
