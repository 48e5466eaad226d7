"""A clinic as the booking conversation needs it: doctors, their hours, rules and FAQ."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from domain.errors import InvalidClinic
from domain.handoff import HandoffSettings, OpeningHours, check_weekly_hours
from domain.hours import DecodedRange as DecodedRange
from domain.hours import TimeRange as TimeRange
from domain.hours import WeeklyHours as WeeklyHours
from domain.ids import ClinicId, DoctorId, PatientAddress, ServiceId
from domain.language import SPANISH_ONLY, Language, served
from domain.locale import NEUTRAL, DayParts, Register, day_parts, locale_tag
from domain.outreach import RecallSettings, Reengagement, ReminderPolicy
from domain.privacy import PrivacySettings
from domain.services import Service


@dataclass(frozen=True, slots=True)
class Doctor:
    id: DoctorId
    name: str
    specialty: str
    slot_length: timedelta
    hours: WeeklyHours
    days_off: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        if self.slot_length <= timedelta(0):
            raise InvalidClinic(f"doctor {self.id}: the slot length must be positive")
        check_weekly_hours(self.hours, f"doctor {self.id}")


@dataclass(frozen=True, slots=True)
class FaqEntry:
    question: str
    answer: str
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class BookingPolicy:
    """How close and how far ahead the clinic accepts bookings."""

    minimum_notice: timedelta = timedelta(hours=2)
    horizon_days: int = 60

    def __post_init__(self) -> None:
        if self.minimum_notice < timedelta(0) or self.horizon_days < 1:
            raise InvalidClinic("minimum notice must be >= 0 and the horizon at least one day")


@dataclass(frozen=True, slots=True)
class Clinic:
    id: ClinicId
    name: str
    address: str
    timezone: ZoneInfo
    phone_number_id: str
    doctors: tuple[Doctor, ...]
    faq: tuple[FaqEntry, ...] = ()
    policy: BookingPolicy = BookingPolicy()
    closed_on: frozenset[date] = frozenset()
    phone: str | None = None
    bot_enabled: bool = True
    blocked_numbers: frozenset[str] = frozenset()
    reminders: ReminderPolicy = ReminderPolicy()
    recalls: RecallSettings = RecallSettings()
    reengagement: Reengagement = Reengagement()
    # What the clinic sells; none: one plain visit, as long as each doctor's slot.
    services: tuple[Service, ...] = ()
    default_service_id: ServiceId | None = None  # booked when the patient names none; else the first
    # How the clinic speaks: a BCP 47 locale ("es-MX"; the clinic file derives it from the
    # country or the time zone when unsaid) and tú or usted.
    locale: str = NEUTRAL
    register: Register = Register.TU
    # The languages its patients are answered in, the first until a patient writes in another.
    languages: tuple[Language, ...] = SPANISH_ONLY
    # The language of the conversation at hand (``speaking``); None: the clinic's first.
    speaks: Language | None = None
    # Its privacy notice and how long it keeps each kind of data (domain/privacy.py).
    privacy: PrivacySettings = PrivacySettings()
    # When a person of the clinic answers; None: no hours given, and nothing is said about it.
    opening_hours: OpeningHours | None = None
    # Where the alert goes when a conversation needs a person, and when the bot takes it back.
    handoff: HandoffSettings = HandoffSettings()

    def __post_init__(self) -> None:
        if not self.doctors:
            raise InvalidClinic(f"clinic {self.id} has no doctors")
        ids = [doctor.id for doctor in self.doctors]
        if len(set(ids)) != len(ids):
            raise InvalidClinic(f"clinic {self.id} lists a doctor id twice")
        service_ids = [service.id for service in self.services]
        if len(set(service_ids)) != len(service_ids):
            raise InvalidClinic(f"clinic {self.id} lists a service id twice")
        for service in self.services:
            unknown = [d for d in service.doctor_ids if d not in ids]
            if unknown:
                raise InvalidClinic(f"service {service.id}: {', '.join(unknown)} is no doctor of this clinic")
        if self.default_service_id is not None and self.default_service_id not in service_ids:
            raise InvalidClinic(f"the default service {self.default_service_id} is not one of the services")
        if locale_tag(self.locale) != self.locale:
            raise InvalidClinic(f'locale {self.locale!r} is not written as "es-MX" is')
        served(self.languages)
        if self.speaks is not None and self.speaks not in self.languages:
            raise InvalidClinic(f"the clinic does not serve {self.speaks.value!r}")
        self._check_translated_templates()

    def _check_translated_templates(self) -> None:
        """The first language's templates are each policy's own; one translated into it too would
        leave two templates for the same patients. (A language served without its own templates
        falls back to the first language's: the clinic file insists on them, a test clinic need not.)"""
        first = self.languages[0]
        policies: list[tuple[str, tuple[tuple[Language, object], ...]]] = [
            ("reminders", self.reminders.translated),
            ("reengagement", self.reengagement.translated),
            *((f"recall {campaign.id}", campaign.translated) for campaign in self.recalls.campaigns),
        ]
        for what, translated in policies:
            if any(language is first for language, _ in translated):
                raise InvalidClinic(
                    f"{what}: {first.value!r} is the clinic's first language, whose template is its own"
                )

    @property
    def language(self) -> Language:
        """The language this view of the clinic speaks: the conversation's, else its first."""
        return self.speaks or self.languages[0]

    def speaking(self, language: Language | None) -> Clinic:
        """The clinic as it speaks to one patient: in ``language`` when it serves it, else in its
        first language. Every text written for the patient then comes from that language."""
        chosen = language if language in self.languages else None
        return self if chosen == self.speaks else replace(self, speaks=chosen)

    @property
    def day_parts(self) -> DayParts:
        """The hours "la mañana", "la tarde" and "la noche" cover for this clinic's patients."""
        return day_parts(self.locale)

    def doctor(self, doctor_id: DoctorId | str | None) -> Doctor | None:
        return next((d for d in self.doctors if d.id == doctor_id), None)

    def service(self, service_id: ServiceId | str | None) -> Service | None:
        return next((s for s in self.services if s.id == service_id), None)

    @property
    def default_service(self) -> Service | None:
        """What a patient who names no service books: the clinic's default, else its first service."""
        return self.service(self.default_service_id) or next(iter(self.services), None)

    def service_for(self, service_id: ServiceId | None, doctor_id: DoctorId | None = None) -> Service | None:
        """The service a booking is for: the one chosen, else the default (or, with a doctor who
        does not do it, the first service that doctor does). None when the clinic lists none."""
        chosen = self.service(service_id)
        if chosen is not None:
            return chosen
        default = self.default_service
        if doctor_id is None or default is None or default.done_by(doctor_id):
            return default
        return next((s for s in self.services if s.done_by(doctor_id)), default)

    def doctors_for(self, service: Service | None) -> tuple[Doctor, ...]:
        """The doctors who do ``service`` (every doctor when it is None), in the clinic's order."""
        if service is None:
            return self.doctors
        return tuple(d for d in self.doctors if service.done_by(d.id))

    def visit_length(self, service: Service | None, doctor: Doctor) -> timedelta:
        """How long ``service`` takes with ``doctor``: its duration, else the doctor's slot."""
        return doctor.slot_length if service is None else service.length(doctor.slot_length)

    def is_blocked(self, patient: PatientAddress) -> bool:
        return patient.value in self.blocked_numbers

    def local(self, moment: datetime) -> datetime:
        """A moment as the patient reads it, in the clinic's zone."""
        if moment.tzinfo is None:
            raise ValueError("naive datetimes are not allowed")
        return moment.astimezone(self.timezone)

    def today(self, now: datetime) -> date:
        return self.local(now).date()

    def is_closed(self, doctor: Doctor, day: date) -> bool:
        return day in self.closed_on or day in doctor.days_off

    def person_answers_at(self, now: datetime) -> datetime | None:
        """When a person will answer, clinic-local, if the clinic is closed now; None while it is
        open, when it gives no opening hours, or when it opens on no day of the next month."""
        if self.opening_hours is None:
            return None
        opening = self.opening_hours.next_opening(now, self.timezone, self.closed_on)
        return None if opening is None or opening <= now else opening
