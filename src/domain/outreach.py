"""What a clinic sends on its own initiative: appointment reminders and recall campaigns.

Both go out as WhatsApp templates the clinic had approved by Meta, because they
usually reach a patient more than 24 hours after their last message. Meta approves a
template in one language, so a clinic serving more than one has a template of each kind
per language: its first language's are the policy's own fields, the others' are
``translated`` (the clinic file's ``[reminders.en]``).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TypeVar

from domain.errors import InvalidClinic
from domain.language import Language

RECALL_REPLY_PREFIX = "RECALL_REPLY_"


@dataclass(frozen=True, slots=True)
class Template:
    """A message template Meta approved: its name, and Meta's code for the language it is
    approved in ("es", "es_MX", "en_US", "pt_BR"). A send names both."""

    name: str
    code: str


@dataclass(frozen=True, slots=True)
class ReminderTemplates:
    """The reminder's and the waitlist offer's templates in one more language than the clinic's
    first, both approved in the same language (``code``)."""

    reminder: str
    waitlist: str
    code: str

    def __post_init__(self) -> None:
        if not self.reminder or not self.waitlist or not self.code:
            raise InvalidClinic("reminder templates need a reminder, a waitlist offer and a language code")


Translated = tuple[tuple[Language, Template], ...]
_Entry = TypeVar("_Entry", Template, ReminderTemplates)


def _own(translated: tuple[tuple[Language, _Entry], ...], language: Language | None) -> _Entry | None:
    return next((entry for known, entry in translated if known is language), None)


def _check_translated(translated: tuple[tuple[Language, object], ...], what: str) -> None:
    languages = [language for language, _ in translated]
    if len(set(languages)) != len(languages):
        raise InvalidClinic(f"{what}: a language has two templates")
    for language, entry in translated:
        if isinstance(entry, Template) and (not entry.name or not entry.code):
            raise InvalidClinic(f"{what}: the {language.value!r} template needs a name and a language code")


@dataclass(frozen=True, slots=True)
class ReminderPolicy:
    """When reminders go out, which template carries them, and whether an opt-out stops them."""

    offsets: tuple[timedelta, ...] = (timedelta(hours=24), timedelta(hours=1))
    template: str = "recordatorio_cita"
    language: str = "es"
    stop_on_opt_out: bool = False  # reminders of a booked visit are essential unless the clinic says not
    # The approved template that offers a freed time to a waitlisted patient outside the 24-hour
    # window: the first name, the day, the time and the doctor; quick replies take and pass.
    waitlist_template: str = "lista_espera_hora"
    # The same two templates in each other language the clinic serves, approved in that language.
    translated: tuple[tuple[Language, ReminderTemplates], ...] = ()

    def __post_init__(self) -> None:
        if any(offset <= timedelta(0) for offset in self.offsets):
            raise InvalidClinic("reminder offsets must be positive")
        if len(set(self.offsets)) != len(self.offsets):
            raise InvalidClinic("a reminder offset is listed twice")
        if not self.template or not self.language:
            raise InvalidClinic("a reminder template needs a name and a language")
        _check_translated(self.translated, "reminders")

    def template_for(self, language: Language | None) -> Template:
        """The reminder's template in the patient's language; the first language's when the
        clinic gave none in that one (or no language is known)."""
        own = _own(self.translated, language)
        return Template(own.reminder, own.code) if own else Template(self.template, self.language)

    def waitlist_template_for(self, language: Language | None) -> Template:
        """The waitlist offer's template in the patient's language, as ``template_for``."""
        own = _own(self.translated, language)
        return Template(own.waitlist, own.code) if own else Template(self.waitlist_template, self.language)


@dataclass(frozen=True, slots=True)
class Reengagement:
    """The approved template that carries a staff reply once 24 hours passed since the patient
    last wrote (Meta's customer-service window, error 131047): WhatsApp delivers nothing else then.
    Its body takes two parameters: the clinic's name, and the reply on one line."""

    template: str = ""  # none approved: such a reply is refused, never lost quietly
    language: str = "es"
    # The same template in each other language the clinic serves.
    translated: Translated = ()

    def __post_init__(self) -> None:
        _check_translated(self.translated, "reengagement")

    @property
    def approved(self) -> bool:
        return bool(self.template)

    def template_for(self, language: Language | None) -> Template:
        """The template in the patient's language; the first language's when none is given."""
        return _own(self.translated, language) or Template(self.template, self.language)


@dataclass(frozen=True, slots=True)
class RecallCampaign:
    """Invite back patients whose last visit for ``service`` is ``after_months`` old or more."""

    id: str
    service: str  # a doctor's specialty, as the clinic file names it
    after_months: int
    template: str
    language: str = "es"
    # The same invitation in each other language the clinic serves.
    translated: Translated = ()

    def __post_init__(self) -> None:
        if not self.id or not self.service or not self.template or not self.language:
            raise InvalidClinic("a recall campaign needs an id, a service, a template and a language")
        if not 1 <= self.after_months <= 120:
            raise InvalidClinic(f"recall {self.id}: after_months must be 1..120")
        _check_translated(self.translated, f"recall {self.id}")

    def template_for(self, language: Language | None) -> Template:
        """The invitation's template in the patient's language; the first language's when none is given."""
        return _own(self.translated, language) or Template(self.template, self.language)

    def offers(self, service: str) -> bool:
        return service.casefold() == self.service.casefold()

    def last_visit_before(self, now: datetime) -> datetime:
        """A last visit ending before this instant is old enough to be recalled."""
        return months_before(now, self.after_months)


class RecallReply(StrEnum):
    BOOK = "book"
    LATER = "later"
    STOP = "stop"


@dataclass(frozen=True, slots=True)
class RecallSettings:
    """A clinic's recall campaigns and the quick-reply ids their templates carry."""

    campaigns: tuple[RecallCampaign, ...] = ()
    book_id: str = "RECALL_REPLY_BOOK"
    later_id: str = "RECALL_REPLY_LATER"
    stop_id: str = "RECALL_REPLY_STOP"
    snooze: timedelta = timedelta(days=30)  # what LATER buys before the next recall

    def __post_init__(self) -> None:
        ids = (self.book_id, self.later_id, self.stop_id)
        for reply_id in ids:
            if not reply_id.startswith(RECALL_REPLY_PREFIX) or reply_id == RECALL_REPLY_PREFIX:
                raise InvalidClinic(f"recall reply id {reply_id!r} must start with {RECALL_REPLY_PREFIX}")
        if len(set(ids)) != len(ids):
            raise InvalidClinic("the recall reply ids must differ")
        if self.snooze <= timedelta(0):
            raise InvalidClinic("the recall snooze must be positive")
        names = [c.id for c in self.campaigns]
        if len(set(names)) != len(names):
            raise InvalidClinic("a recall campaign id is listed twice")

    def reply(self, button_id: str) -> RecallReply | None:
        return {
            self.book_id: RecallReply.BOOK,
            self.later_id: RecallReply.LATER,
            self.stop_id: RecallReply.STOP,
        }.get(button_id)

    def payloads(self) -> tuple[str, str, str]:
        """The quick-reply payloads, in the template's button order: book, later, stop."""
        return (self.book_id, self.later_id, self.stop_id)

    def campaign(self, campaign_id: str) -> RecallCampaign | None:
        return next((c for c in self.campaigns if c.id == campaign_id), None)


def months_before(moment: datetime, months: int) -> datetime:
    """The same wall-clock moment ``months`` calendar months earlier (31 March - 1 month = 28/29 Feb)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)
