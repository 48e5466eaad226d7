"""A clinic's configuration, read from a TOML file that clinic staff can edit by hand.

Why TOML: it is readable, allows comments, and has real dates and integers, so a typo
surfaces here, at start-up, with the file and the place named, rather than as a wrong
reply to a patient weeks later.

The file::

    [clinic]
    id = "sonrisa"                        # required, lowercase letters, digits, "_" and "-"
    name = "Clínica Dental Sonrisa"       # required
    address = "Av. Providencia 1234, Providencia, Santiago"   # required
    timezone = "America/Santiago"         # required, an IANA time zone
    locale = "es-CL"                      # optional: the Spanish the bot writes (cita, hora or
                                          #   turno; how dates read); default the country's
    country = "CL"                        # optional, ISO 3166 code: gives the locale when it is
                                          #   unsaid; without either, the time zone's country does
    register = "tú"                       # optional, "tú" (default; vos in es-AR) or "usted"
    whatsapp_phone_number_id = "100000000000001"   # required, digits (Meta's phone-number id)
    phone = "+56 2 2345 6789"             # optional
    minimum_notice_minutes = 120          # optional, default 120, 0..525600 (one year)
    booking_horizon_days = 60             # optional, default 60, 1..3660 (ten years)
    closed_on = [2026-12-25, 2027-01-01]  # optional, TOML dates (unquoted)
    bot_enabled = true                    # optional, default true
    blocked_numbers = []                  # optional, WhatsApp ids the bot ignores
    languages = ["es", "en", "pt"]        # optional, default ["es"]: the languages patients are
                                          #   answered in, the first until one writes in another;
                                          #   each after the first needs its own templates (below)

    [[doctors]]                           # at least one
    id = "perez"                          # required, unique, same characters as clinic.id
    name = "Dra. Camila Pérez"            # required
    specialty = "Odontología general"     # required
    slot_minutes = 30                     # required, 5..480
    days_off = [2026-12-24]               # optional, TOML dates
    [doctors.hours]                       # required; a missing day means not working
    monday = ["09:00-13:00", "15:00-19:00"]

    [[services]]                          # optional, any number: what the clinic sells; without
                                          #   any, a visit is one plain visit of the doctor's slot
    id = "limpieza"                       # required, unique, same characters as clinic.id
    name = "Limpieza dental"              # required
    synonyms = ["limpieza", "profilaxis"] # optional, the words patients use for it
    minutes = 60                          # optional, 5..480; default each doctor's slot_minutes
    price = 35000                         # optional, a number >= 0; decimals (49.90) read exactly
    price_from = false                    # optional, default false; true: the least it costs ("desde")
    currency = "CLP"                      # required with a price and refused without one; ISO 4217
    doctors = ["perez"]                   # optional, doctor ids of this file; default every doctor
    preparation = "No necesitas ir en ayunas."   # optional, what to know before coming
    bookable = true                       # optional, default true; false: a person talks to the
                                          #   patient first, so the bot never books it
    default = false                       # optional; at most one true: what a patient who names no
                                          #   service books; without one, the first service

    [[faq]]                               # optional, any number
    question = "¿Dónde están ubicados?"
    answer = "Estamos en Av. Providencia 1234, a pasos del metro Pedro de Valdivia."
    keywords = ["dirección", "ubicados", "llegar", "metro"]

    [reminders]                           # optional
    hours_before = [24, 1]                # optional, default [24, 1]; hours > 0 (1.5 too), no repeats;
                                          #   [] sends no reminders
    template = "recordatorio_cita"        # optional, the Meta-approved template; default as shown
    language = "es"                       # optional, default "es"; Meta's code, like "es" or "es_MX"
    stop_on_opt_out = false               # optional, default false: an opt-out also stops reminders
    waitlist_template = "lista_espera_hora" # optional, default as shown: the approved template that
                                          #   offers a freed time to the waitlist after 24 hours

    [reminders.en]                        # required for each language served after the first: the
    template = "appointment_reminder"     #   same two templates approved in that language, with
    language = "en_US"                    #   Meta's code for it ("en", "en_US", "pt_BR")
    waitlist_template = "waitlist_offer"

    [reengagement]                        # optional: a staff reply 24 hours after the patient last
    template = "retomar_conversacion"     #   wrote goes as this Meta-approved template, its body's
    language = "es"                       #   {{1}} the clinic's name and {{2}} the reply; without
                                          #   it, such a reply is refused (WhatsApp would drop it)
    [reengagement.en]                     # with [reengagement]: required for each language served
    template = "resume_conversation"      #   after the first
    language = "en_US"

    [recalls]                             # optional
    snooze_days = 30                      # optional, default 30, 1..365: what "later" puts off
    book_reply_id = "RECALL_REPLY_BOOK"   # optional, the quick-reply payloads of the recall
    later_reply_id = "RECALL_REPLY_LATER" #   templates' buttons (book, later, stop); each starts
    stop_reply_id = "RECALL_REPLY_STOP"   #   with RECALL_REPLY_ and no two are the same

    [[recalls.campaigns]]                 # optional, any number
    id = "limpieza"                       # required, unique, same characters as clinic.id
    service = "Odontología general"       # required, some doctor's specialty (any capitalisation)
    after_months = 6                      # required, 1..120: months since the last visit
    template = "recordatorio_control"     # required, the Meta-approved template
    language = "es"                       # optional, default "es"
    [recalls.campaigns.en]                # required for each language served after the first,
    template = "checkup_reminder"         #   right after the campaign's [[recalls.campaigns]]
    language = "en_US"

    [privacy]                             # optional: the notice a patient gets on first contact
    notice_version = "2026-12"            # optional, default "1"; a new one is shown to everyone again
    notice_text = "..."                   # optional, a short text; default the catalogs' standard
                                          #   wording with the clinic's name
    notice_url = "https://..."            # optional, https://: the full notice

    [privacy.retention]                   # optional: how long each kind of data is kept
    messages_days = 90                    # optional, default 90, 1..3650: message texts, transcripts
                                          #   and conversation history
    receipts_days = 30                    # optional, default 30, 1..3650: delivery receipts
    outbound_days = 90                    # optional, default 90, 1..3650: the log of what was sent
    clinical_records_years = 15           # optional, 1..100; default what the country's law asks
                                          #   (CL 15, MX 5, ES 5, AR 10, CO 15, PE 20; else 15)

    [opening_hours]                       # optional: when a person of the clinic answers, written as
    monday = ["09:00-13:00", "15:00-19:00"]   # a doctor's hours (closed_on applies); outside them the
    saturday = ["10:00-14:00"]            #   bot still books and tells when a person will answer

    [handoff]                             # optional: when a conversation needs a person
    alert_webhook_url = "https://..."     # optional, https://: the alert is POSTed there as JSON,
                                          #   signed with CLINICFLOW_ALERT_WEBHOOK_SECRET
    return_after_minutes = 120            # optional, default 120, 1..43200 (30 days): a conversation
                                          #   paused for a person with no word from staff or patient
                                          #   this long goes back to the bot

Template names are as Meta allows them (lowercase letters, digits and "_"), so a misspelt one
fails here rather than at Meta when the first reminder goes out. A template's language code is
its language's: the keys of ``[reminders]`` are the first language's ("es" or "es_MX" for
Spanish), those of ``[reminders.en]`` English's. A table for a language the clinic does not serve
(yet) is checked and kept, unused (``languages.py``).

Weekday keys are ``monday`` .. ``sunday`` or, for Spanish-speaking staff, ``lunes`` ..
``domingo``: ``miercoles`` and ``sabado``, or ``"miércoles"`` and ``"sábado"`` in quotes, because
TOML bare keys are ASCII only. A range is
``"HH:MM-HH:MM"``; ``"24:00"`` may end a range (midnight), and an end at or before the start
runs past midnight (``"22:00-02:00"``).

Unknown keys are errors: a misspelt ``slot_minuts`` would otherwise be ignored silently and
the default used instead. Every error is a :class:`ClinicConfigError` whose message is one
line naming the file and the place, e.g.
``demo.toml: doctors[1].hours.monday[0]: "9-13" is not a range like "09:00-13:00"``.
"""

from __future__ import annotations

import os
import re
import tomllib
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Annotated, Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import msgspec

from adapters.clinic_config.fields import FieldError, quote
from adapters.clinic_config.languages import (
    ReminderLanguageTable,
    TemplateLanguageTable,
    by_language,
    reminder_translations,
    require_each,
    served_languages,
    template_code,
    template_name,
    translations,
)
from adapters.clinic_config.locales import clinic_locale
from adapters.clinic_config.privacy import clinical_records_default
from domain.clinic import BookingPolicy, Clinic, Doctor, FaqEntry, TimeRange, WeeklyHours
from domain.errors import InvalidClinic
from domain.handoff import HandoffSettings, OpeningHours
from domain.ids import ClinicId, DoctorId, ServiceId
from domain.language import Language
from domain.locale import Register
from domain.outreach import RECALL_REPLY_PREFIX, RecallCampaign, RecallSettings, Reengagement, ReminderPolicy
from domain.privacy import DAYS_PER_YEAR, InvalidPrivacySettings, PrivacyNotice, PrivacySettings, Retention
from domain.services import Price, Service

__all__ = ["ClinicConfigError", "demo_clinic_path", "load_clinic", "load_demo_clinic", "parse_clinic"]

_PACKAGE: Final = "adapters.clinic_config"
_DEMO_FILE: Final = "demo_clinic.toml"

_ID_PATTERN: Final = re.compile(r"[a-z0-9_-]+")
_DIGITS_PATTERN: Final = re.compile(r"[0-9]+")
_RANGE_PATTERN: Final = re.compile(r"([0-9]{2}):([0-9]{2})\s*-\s*([0-9]{2}):([0-9]{2})")
_CURRENCY_PATTERN: Final = re.compile(r"[A-Z]{3}")

_WEEKDAYS: Final[Mapping[str, int]] = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
    "lunes": 0,
    "martes": 1,
    "miércoles": 2,
    "miercoles": 2,
    "jueves": 3,
    "viernes": 4,
    "sábado": 5,
    "sabado": 5,
    "domingo": 6,
}

# Caps keep absurd values (a typo of a few extra digits) from overflowing ``timedelta``/``date``
# arithmetic later, far from the file that caused them.
_MAX_NOTICE_MINUTES: Final = 365 * 24 * 60
_MAX_HORIZON_DAYS: Final = 3660
_MAX_REMINDER_HOURS: Final = 365 * 24
_MAX_RETURN_MINUTES: Final = 30 * 24 * 60

_NonEmptyText = Annotated[str, msgspec.Meta(min_length=1)]


class ClinicConfigError(Exception):
    """A clinic file that cannot be read or breaks a rule; the message is one line for the operator."""

    def __init__(self, source: str, detail: str) -> None:
        self.source = source
        self.detail = " ".join(detail.splitlines())
        super().__init__(f"{source}: {self.detail}")


# --- The file's shape, as msgspec checks it -------------------------------------------------


class _ClinicTable(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    id: str
    name: _NonEmptyText
    address: _NonEmptyText
    timezone: str
    whatsapp_phone_number_id: str
    locale: str | None = None
    country: str | None = None
    register: str = Register.TU.value
    phone: _NonEmptyText | None = None
    minimum_notice_minutes: Annotated[int, msgspec.Meta(ge=0, le=_MAX_NOTICE_MINUTES)] = 120
    booking_horizon_days: Annotated[int, msgspec.Meta(ge=1, le=_MAX_HORIZON_DAYS)] = 60
    closed_on: tuple[date, ...] = ()
    bot_enabled: bool = True
    blocked_numbers: tuple[_NonEmptyText, ...] = ()
    languages: tuple[str, ...] = (Language.SPANISH.value,)


class _DoctorTable(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    id: str
    name: _NonEmptyText
    specialty: _NonEmptyText
    slot_minutes: Annotated[int, msgspec.Meta(ge=5, le=480)]
    hours: dict[str, tuple[str, ...]]
    days_off: tuple[date, ...] = ()


class _ServiceTable(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    id: str
    name: _NonEmptyText
    synonyms: tuple[_NonEmptyText, ...] = ()
    minutes: Annotated[int, msgspec.Meta(ge=5, le=480)] | None = None
    # Any TOML number, a decimal arriving as an exact Decimal (see ``_decode``); ``_price`` checks it.
    price: object = None
    price_from: bool | None = None
    currency: str | None = None
    doctors: Annotated[tuple[str, ...], msgspec.Meta(min_length=1)] | None = None
    preparation: str = ""
    bookable: bool = True
    default: bool = False


class _FaqTable(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    question: _NonEmptyText
    answer: _NonEmptyText
    keywords: tuple[_NonEmptyText, ...] = ()


# A float takes integers too, so "hours_before = [24, 1.5]" reads as written.
_ReminderHours = Annotated[float, msgspec.Meta(gt=0, le=_MAX_REMINDER_HOURS)]


class _RemindersTable(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    hours_before: tuple[_ReminderHours, ...] = (24, 1)
    template: str = "recordatorio_cita"
    language: str = "es"
    stop_on_opt_out: bool = False
    waitlist_template: str = "lista_espera_hora"
    # The same templates in each other language (``languages.by_language``; one field per Language).
    es: ReminderLanguageTable | None = None
    en: ReminderLanguageTable | None = None
    pt: ReminderLanguageTable | None = None


class _CampaignTable(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    id: str
    service: _NonEmptyText
    after_months: Annotated[int, msgspec.Meta(ge=1, le=120)]
    template: str
    language: str = "es"
    es: TemplateLanguageTable | None = None
    en: TemplateLanguageTable | None = None
    pt: TemplateLanguageTable | None = None


class _RecallsTable(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    snooze_days: Annotated[int, msgspec.Meta(ge=1, le=365)] = 30
    book_reply_id: str = "RECALL_REPLY_BOOK"
    later_reply_id: str = "RECALL_REPLY_LATER"
    stop_reply_id: str = "RECALL_REPLY_STOP"
    campaigns: tuple[_CampaignTable, ...] = ()


class _ReengagementTable(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    template: str
    language: str = "es"
    es: TemplateLanguageTable | None = None
    en: TemplateLanguageTable | None = None
    pt: TemplateLanguageTable | None = None


_RetentionDays = Annotated[int, msgspec.Meta(ge=1, le=3650)]


class _RetentionTable(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    messages_days: _RetentionDays = 90
    receipts_days: _RetentionDays = 30
    outbound_days: _RetentionDays = 90
    clinical_records_years: Annotated[int, msgspec.Meta(ge=1, le=100)] | None = None


class _PrivacyTable(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    notice_version: _NonEmptyText = "1"
    notice_text: str = ""
    notice_url: str | None = None
    retention: _RetentionTable = msgspec.field(default_factory=_RetentionTable)


class _HandoffTable(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    alert_webhook_url: str | None = None
    return_after_minutes: Annotated[int, msgspec.Meta(ge=1, le=_MAX_RETURN_MINUTES)] = 120


class _ConfigFile(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    clinic: _ClinicTable
    doctors: Annotated[tuple[_DoctorTable, ...], msgspec.Meta(min_length=1)]
    services: tuple[_ServiceTable, ...] = ()
    faq: tuple[_FaqTable, ...] = ()
    reminders: _RemindersTable = msgspec.field(default_factory=_RemindersTable)
    recalls: _RecallsTable = msgspec.field(default_factory=_RecallsTable)
    reengagement: _ReengagementTable | None = None
    privacy: _PrivacyTable = msgspec.field(default_factory=_PrivacyTable)
    opening_hours: dict[str, tuple[str, ...]] | None = None
    handoff: _HandoffTable = msgspec.field(default_factory=_HandoffTable)


# --- Public API ------------------------------------------------------------------------------


def parse_clinic(data: bytes | str, source: str = "<config>") -> Clinic:
    """The clinic described by TOML text; ``source`` names it in error messages."""
    config = _decode(data, source)
    try:
        return _to_clinic(config)
    except (FieldError, InvalidClinic, ValueError) as exc:
        raise ClinicConfigError(source, str(exc)) from exc


def load_clinic(path: str | os.PathLike[str]) -> Clinic:
    """The clinic described by a TOML file; a missing or unreadable file is a ClinicConfigError too."""
    source = os.fspath(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ClinicConfigError(source, f"cannot read the file: {exc.strerror or exc}") from exc
    return parse_clinic(data, source)


def demo_clinic_path() -> Path:
    """Where the demo clinic shipped with the package lives on disk (for showing or copying it)."""
    resource = _demo_resource()
    if not isinstance(resource, Path):
        # Only a zipped install gets here; load_demo_clinic() still works there.
        raise FileNotFoundError(f"{_DEMO_FILE} is inside an archive, not on the file system")
    return resource


def load_demo_clinic() -> Clinic:
    """The demo clinic, read through importlib.resources so it works however the package is installed."""
    return parse_clinic(_demo_resource().read_bytes(), source=_DEMO_FILE)


# --- Decoding --------------------------------------------------------------------------------


def _demo_resource() -> Traversable:
    return files(_PACKAGE) / _DEMO_FILE


def _decode(data: bytes | str, source: str) -> _ConfigFile:
    """The file's tables, or msgspec's own message, which already names the place (``$.a.b``).

    The TOML is read here as ``msgspec.toml.decode`` would, but with decimals as ``Decimal``:
    a price of 49.90 stays exactly that, and msgspec still makes a float where one is wanted.
    """
    try:
        # Bytes are decoded here, so bad ones are reported as such rather than as bad TOML.
        text = data.decode("utf-8") if isinstance(data, bytes) else data
        tables = tomllib.loads(text, parse_float=Decimal)
        return msgspec.convert(tables, type=_ConfigFile, builtin_types=(datetime, date, time), str_keys=True)
    except msgspec.ValidationError as exc:
        raise ClinicConfigError(source, str(exc)) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ClinicConfigError(source, f"not valid TOML: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise ClinicConfigError(source, f"not UTF-8 text: {exc}") from exc


# --- From the file's tables to the domain ---------------------------------------------------


def _to_clinic(config: _ConfigFile) -> Clinic:
    table = config.clinic
    doctors = _doctors(config.doctors)
    services, default_service_id = _services(config.services, doctors)
    locale = _locale(table)
    languages = served_languages(table.languages)
    return Clinic(
        id=ClinicId(_identifier(table.id, "clinic.id")),
        name=table.name,
        address=table.address,
        timezone=_zone(table.timezone),
        phone_number_id=_phone_number_id(table.whatsapp_phone_number_id),
        doctors=doctors,
        faq=tuple(_faq_entry(entry) for entry in config.faq),
        policy=BookingPolicy(
            minimum_notice=timedelta(minutes=table.minimum_notice_minutes),
            horizon_days=table.booking_horizon_days,
        ),
        closed_on=frozenset(table.closed_on),
        phone=table.phone,
        bot_enabled=table.bot_enabled,
        blocked_numbers=frozenset(table.blocked_numbers),
        reminders=_reminders(config.reminders, languages),
        recalls=_recalls(config.recalls, doctors, languages),
        reengagement=_reengagement(config.reengagement, languages),
        services=services,
        default_service_id=default_service_id,
        locale=locale,
        register=_register(table.register),
        languages=languages,
        privacy=_privacy(config.privacy, table.country or _region(locale)),
        opening_hours=_opening_hours(config.opening_hours),
        handoff=_handoff(config.handoff),
    )


def _opening_hours(hours: Mapping[str, Sequence[str]] | None) -> OpeningHours | None:
    """The clinic's opening hours, written as a doctor's hours are; none: nothing said about them."""
    if hours is None:
        return None
    where = "opening_hours"
    weekly = _weekly_hours(hours, where)
    try:
        return OpeningHours(weekly)
    except InvalidClinic as exc:
        raise FieldError(where, f"{exc} (weekdays count from 0 = monday)") from exc


def _handoff(table: _HandoffTable) -> HandoffSettings:
    """Where the alert goes when a conversation needs a person, and the quiet time before the bot
    takes a conversation back."""
    url = table.alert_webhook_url.strip() if table.alert_webhook_url is not None else None
    if url is not None and (not url.startswith("https://") or len(url) <= len("https://") or " " in url):
        raise FieldError(
            "handoff.alert_webhook_url",
            f'{quote(url)} is not an https link like "https://example.org/alerts"',
        )
    return HandoffSettings(alert_webhook_url=url, return_after=timedelta(minutes=table.return_after_minutes))


def _region(locale: str) -> str | None:
    """The country of a locale ("CL" of "es-CL"); None for neutral Spanish."""
    _, _, region = locale.partition("-")
    return region or None


def _privacy(table: _PrivacyTable, country: str | None) -> PrivacySettings:
    """The notice and the retention periods; clinical records default to the country's law."""
    where = "privacy"
    url = table.notice_url.strip() if table.notice_url is not None else None
    if url is not None and (not url.startswith("https://") or len(url) <= len("https://") or " " in url):
        raise FieldError(f"{where}.notice_url", f'{quote(url)} is not a link like "https://..."')
    if not table.notice_version.strip():
        raise FieldError(f"{where}.notice_version", "must not be blank")
    retention = table.retention
    records = (
        clinical_records_default(country)
        if retention.clinical_records_years is None
        else timedelta(days=retention.clinical_records_years * DAYS_PER_YEAR)
    )
    try:
        return PrivacySettings(
            notice=PrivacyNotice(table.notice_version.strip(), table.notice_text.strip(), url),
            retention=Retention(
                messages=timedelta(days=retention.messages_days),
                receipts=timedelta(days=retention.receipts_days),
                outbound=timedelta(days=retention.outbound_days),
                clinical_records=records,
            ),
        )
    except InvalidPrivacySettings as exc:
        raise FieldError(where, str(exc)) from exc


def _locale(table: _ClinicTable) -> str:
    try:
        return clinic_locale(table.locale, table.country, _zone(table.timezone))
    except InvalidClinic as exc:
        raise FieldError("clinic.locale" if table.locale else "clinic.country", str(exc)) from exc


# "tu" as staff type it without the accent; "vos" is how tú is written in Argentina and Uruguay.
_REGISTERS: Final = {"tú": Register.TU, "tu": Register.TU, "vos": Register.TU, "usted": Register.USTED}


def _register(text: str) -> Register:
    register = _REGISTERS.get(unicodedata.normalize("NFC", text.strip().casefold()))
    if register is None:
        raise FieldError("clinic.register", f'{quote(text)} is not "tú" or "usted"')
    return register


def _reengagement(table: _ReengagementTable | None, languages: tuple[Language, ...]) -> Reengagement:
    if table is None:
        return Reengagement()
    where, first = "reengagement", languages[0]
    tables = by_language(table, TemplateLanguageTable)
    require_each(
        languages,
        tables,
        where,
        "a staff reply after 24 hours needs its {name} template",
        "[reengagement.{code}] with template and language",
    )
    return Reengagement(
        template_name(table.template, f"{where}.template"),
        template_code(table.language, f"{where}.language", first, first=True),
        translations(tables, where, first),
    )


def _identifier(text: str, where: str) -> str:
    """Ids end up in logs, URLs and storage keys, so they are kept to a safe, boring alphabet."""
    if not _ID_PATTERN.fullmatch(text):
        raise FieldError(where, f'{quote(text)} must use only lowercase letters, digits, "_" and "-"')
    return text


def _phone_number_id(text: str) -> str:
    """Meta's phone-number id routes incoming webhooks to this clinic; it is all digits."""
    if not _DIGITS_PATTERN.fullmatch(text):
        raise FieldError("clinic.whatsapp_phone_number_id", f"{quote(text)} must be digits only")
    return text


def _zone(name: str) -> ZoneInfo:
    """Every date and time a patient reads is in this zone, so an unknown one must stop start-up."""
    try:
        return ZoneInfo(name)
    # ZoneInfo raises ValueError for malformed keys and OSError for folders such as "America".
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise FieldError(
            "clinic.timezone", f'{quote(name)} is not an IANA time zone like "America/Santiago"'
        ) from exc


def _doctors(tables: Sequence[_DoctorTable]) -> tuple[Doctor, ...]:
    """The doctors, refusing a repeated id: bookings refer to doctors by id."""
    first_index: dict[str, int] = {}
    doctors: list[Doctor] = []
    for index, table in enumerate(tables):
        where = f"doctors[{index}]"
        if table.id in first_index:
            raise FieldError(
                f"{where}.id", f"{quote(table.id)} is already the id of doctors[{first_index[table.id]}]"
            )
        first_index[table.id] = index
        doctors.append(_doctor(table, where))
    return tuple(doctors)


def _doctor(table: _DoctorTable, where: str) -> Doctor:
    doctor_id = DoctorId(_identifier(table.id, f"{where}.id"))
    hours = _weekly_hours(table.hours, f"{where}.hours")
    try:
        return Doctor(
            id=doctor_id,
            name=table.name,
            specialty=table.specialty,
            slot_length=timedelta(minutes=table.slot_minutes),
            hours=hours,
            days_off=frozenset(table.days_off),
        )
    except InvalidClinic as exc:
        # The slot length is already in range, so the domain can only be refusing the hours
        # (overlapping ranges on one day); its weekday numbers need a key to be read.
        raise FieldError(f"{where}.hours", f"{exc} (weekdays count from 0 = monday)") from exc


def _weekly_hours(hours: Mapping[str, Sequence[str]], where: str) -> WeeklyHours:
    """Ranges per weekday number; two keys naming the same day (``monday`` and ``lunes``) are refused."""
    ranges: dict[int, tuple[TimeRange, ...]] = {}
    key_of_day: dict[int, str] = {}
    for key, texts in hours.items():
        key_where = f"{where}.{_key_path(key)}"
        weekday = _weekday(key, key_where)
        if weekday in key_of_day:
            raise FieldError(key_where, f"the same day as {quote(key_of_day[weekday])}")
        key_of_day[weekday] = key
        day_ranges = tuple(_time_range(text, f"{key_where}[{i}]") for i, text in enumerate(texts))
        if day_ranges:
            ranges[weekday] = day_ranges
    return WeeklyHours(ranges)


def _weekday(key: str, where: str) -> int:
    # NFC: an editor may store "miércoles" with a combining accent, which would not match otherwise.
    weekday = _WEEKDAYS.get(unicodedata.normalize("NFC", key))
    if weekday is None:
        raise FieldError(where, "not a weekday; use monday..sunday or lunes..domingo")
    return weekday


def _time_range(text: str, where: str) -> TimeRange:
    """``"09:00-13:00"``; ``"24:00"`` ends at midnight; an end at or before the start is the next day."""
    match = _RANGE_PATTERN.fullmatch(text.strip())
    if match is None:
        raise FieldError(where, f'{quote(text)} is not a range like "09:00-13:00"')
    start_hh, start_mm, end_hh, end_mm = (int(group) for group in match.groups())
    if (start_hh, start_mm) == (end_hh, end_mm):
        raise FieldError(where, f"{quote(text)} starts and ends at the same time")
    start = _clock(start_hh, start_mm, text, where, may_be_midnight_end=False)
    end = _clock(end_hh, end_mm, text, where, may_be_midnight_end=True)
    return TimeRange(start, end)


def _clock(hour: int, minute: int, text: str, where: str, *, may_be_midnight_end: bool) -> time:
    """A wall-clock time; 24:00 is midnight, written as 00:00 because the domain reads it as next day."""
    if (hour, minute) == (24, 0):
        if may_be_midnight_end:
            return time(0, 0)
        raise FieldError(where, f"{quote(text)}: 24:00 can only end a range")
    if hour > 23 or minute > 59:
        raise FieldError(where, f"{quote(text)}: {hour:02d}:{minute:02d} is not a time of day")
    return time(hour, minute)


def _services(
    tables: Sequence[_ServiceTable], doctors: Sequence[Doctor]
) -> tuple[tuple[Service, ...], ServiceId | None]:
    """The services and the one marked default (None: the first is); bookings refer to them by id."""
    first_index: dict[str, int] = {}
    default_index: int | None = None
    services: list[Service] = []
    for index, table in enumerate(tables):
        where = f"services[{index}]"
        if table.id in first_index:
            raise FieldError(
                f"{where}.id", f"{quote(table.id)} is already the id of services[{first_index[table.id]}]"
            )
        first_index[table.id] = index
        if table.default:
            if default_index is not None:
                raise FieldError(f"{where}.default", f"services[{default_index}] is already the default")
            default_index = index
        services.append(_service_entry(table, doctors, where))
    default_id = services[default_index].id if default_index is not None else None
    return tuple(services), default_id


def _service_entry(table: _ServiceTable, doctors: Sequence[Doctor], where: str) -> Service:
    service_id = ServiceId(_identifier(table.id, f"{where}.id"))
    price = _price(table, where)
    doctor_ids = _service_doctors(table.doctors or (), doctors, f"{where}.doctors")
    try:
        return Service(
            id=service_id,
            name=table.name,
            duration=None if table.minutes is None else timedelta(minutes=table.minutes),
            synonyms=table.synonyms,
            price=price,
            doctor_ids=doctor_ids,
            preparation=table.preparation.strip(),
            bookable=table.bookable,
        )
    except InvalidClinic as exc:
        # Left for rules the checks here do not repeat (a name of spaces only).
        raise FieldError(where, str(exc)) from exc


def _price(table: _ServiceTable, where: str) -> Price | None:
    """The price exactly as written: a decimal arrives as a Decimal, never through a float."""
    value = table.price
    if value is None:
        for key, given in (("price_from", table.price_from), ("currency", table.currency)):
            if given is not None:
                raise FieldError(f"{where}.{key}", "given without a price; add the price or remove it")
        return None
    if isinstance(value, str):
        raise FieldError(
            f"{where}.price", f"{quote(value)} is not a number; write it without quotes, like 35000 or 49.90"
        )
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise FieldError(f"{where}.price", "must be a number like 35000 or 49.90")
    amount = Decimal(value)
    if not amount.is_finite() or amount < 0:
        raise FieldError(f"{where}.price", f"{value} is not an amount of 0 or more")
    if table.currency is None:
        raise FieldError(f"{where}.currency", 'required with a price, an ISO 4217 code like "CLP"')
    if not _CURRENCY_PATTERN.fullmatch(table.currency):
        raise FieldError(
            f"{where}.currency",
            f'{quote(table.currency)} is not an ISO 4217 currency code like "CLP" or "MXN"',
        )
    try:
        return Price(amount=amount, currency=table.currency, from_price=bool(table.price_from))
    except InvalidClinic as exc:
        raise FieldError(f"{where}.price", str(exc)) from exc


def _service_doctors(ids: Sequence[str], doctors: Sequence[Doctor], where: str) -> tuple[DoctorId, ...]:
    """Doctor ids of this file, each once; none given means every doctor."""
    known = [doctor.id for doctor in doctors]
    chosen: list[DoctorId] = []
    for index, text in enumerate(ids):
        doctor_id = DoctorId(text)
        if doctor_id not in known:
            names = ", ".join(quote(known_id) for known_id in known)
            raise FieldError(f"{where}[{index}]", f"{quote(text)} is no doctor of this file ({names})")
        if doctor_id in chosen:
            raise FieldError(
                f"{where}[{index}]", f"{quote(text)} is already {where}[{chosen.index(doctor_id)}]"
            )
        chosen.append(doctor_id)
    return tuple(chosen)


def _faq_entry(table: _FaqTable) -> FaqEntry:
    return FaqEntry(question=table.question, answer=table.answer, keywords=table.keywords)


def _reminders(table: _RemindersTable, languages: tuple[Language, ...]) -> ReminderPolicy:
    """When reminders go out; a repeated offset is refused, since it would send the same reminder twice."""
    where = "reminders"
    offsets: list[timedelta] = []
    for index, hours in enumerate(table.hours_before):
        offset = timedelta(hours=hours)
        if offset in offsets:
            first = offsets.index(offset)
            raise FieldError(
                f"{where}.hours_before[{index}]", f"{hours:g} is already {where}.hours_before[{first}]"
            )
        offsets.append(offset)
    tables = by_language(table, ReminderLanguageTable)
    require_each(
        languages,
        tables,
        where,
        "reminders and waitlist offers need their {name} templates",
        "[reminders.{code}] with template, language and waitlist_template",
    )
    template = template_name(table.template, f"{where}.template")
    code = template_code(table.language, f"{where}.language", languages[0], first=True)
    waitlist_template = template_name(table.waitlist_template, f"{where}.waitlist_template")
    translated = reminder_translations(tables, languages[0])
    try:
        return ReminderPolicy(
            offsets=tuple(offsets),
            template=template,
            language=code,
            stop_on_opt_out=table.stop_on_opt_out,
            waitlist_template=waitlist_template,
            translated=translated,
        )
    except InvalidClinic as exc:
        # Left for rules the checks above do not repeat (an offset under a microsecond rounds to 0).
        raise FieldError(where, str(exc)) from exc


def _recalls(
    table: _RecallsTable, doctors: Sequence[Doctor], languages: tuple[Language, ...]
) -> RecallSettings:
    """The recall campaigns and their quick-reply ids; a repeated id would make a tapped button ambiguous."""
    where = "recalls"
    reply_ids: dict[str, str] = {}
    for key, reply_id in (
        ("book_reply_id", table.book_reply_id),
        ("later_reply_id", table.later_reply_id),
        ("stop_reply_id", table.stop_reply_id),
    ):
        key_where = f"{where}.{key}"
        if not reply_id.startswith(RECALL_REPLY_PREFIX) or reply_id == RECALL_REPLY_PREFIX:
            raise FieldError(key_where, f"{quote(reply_id)} must start with {RECALL_REPLY_PREFIX} and go on")
        if reply_id in reply_ids:
            raise FieldError(key_where, f"{quote(reply_id)} is already {reply_ids[reply_id]}")
        reply_ids[reply_id] = key_where
    try:
        return RecallSettings(
            campaigns=_campaigns(table.campaigns, doctors, languages, f"{where}.campaigns"),
            book_id=table.book_reply_id,
            later_id=table.later_reply_id,
            stop_id=table.stop_reply_id,
            snooze=timedelta(days=table.snooze_days),
        )
    except InvalidClinic as exc:
        raise FieldError(where, str(exc)) from exc


def _campaigns(
    tables: Sequence[_CampaignTable], doctors: Sequence[Doctor], languages: tuple[Language, ...], where: str
) -> tuple[RecallCampaign, ...]:
    first_index: dict[str, int] = {}
    campaigns: list[RecallCampaign] = []
    for index, table in enumerate(tables):
        item = f"{where}[{index}]"
        campaign_id = _identifier(table.id, f"{item}.id")
        if campaign_id in first_index:
            raise FieldError(
                f"{item}.id",
                f"{quote(campaign_id)} is already the id of {where}[{first_index[campaign_id]}]",
            )
        first_index[campaign_id] = index
        service = _service(table.service, doctors, f"{item}.service")
        template = template_name(table.template, f"{item}.template")
        code = template_code(table.language, f"{item}.language", languages[0], first=True)
        in_languages = by_language(table, TemplateLanguageTable)
        require_each(
            languages,
            in_languages,
            item,
            f"recall {quote(campaign_id)} needs its {{name}} template",
            "[recalls.campaigns.{code}] with template and language after its [[recalls.campaigns]]",
        )
        translated = translations(in_languages, item, languages[0])
        try:
            campaigns.append(
                RecallCampaign(
                    id=campaign_id,
                    service=service,
                    after_months=table.after_months,
                    template=template,
                    language=code,
                    translated=translated,
                )
            )
        except InvalidClinic as exc:
            raise FieldError(item, str(exc)) from exc
    return tuple(campaigns)


def _service(text: str, doctors: Sequence[Doctor], where: str) -> str:
    """The doctor's own spelling of the specialty: a booking records exactly that, and recalls compare it."""
    wanted = _caseless(text)
    for doctor in doctors:
        if _caseless(doctor.specialty) == wanted:
            return doctor.specialty
    known = ", ".join(quote(s) for s in dict.fromkeys(d.specialty for d in doctors))
    raise FieldError(where, f"{quote(text)} is no doctor's specialty in this file ({known})")


def _caseless(text: str) -> str:
    # NFC as for weekday keys: one editor's "í" may be another's "i" plus a combining accent.
    return unicodedata.normalize("NFC", text).casefold()


def _key_path(key: str) -> str:
    """A table key as it appears in a path: bare when it is a word, quoted otherwise."""
    return key if re.fullmatch(r"\w+", key) else quote(key)
