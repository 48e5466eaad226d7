"""Clinics in PostgreSQL: read as the live context of every message, written from a clinic file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import asyncpg
import msgspec

from adapters.postgres.database import Connection, Database
from application.ports import InvalidClinicFile
from domain.clinic import BookingPolicy, Clinic, Doctor, FaqEntry, TimeRange, WeeklyHours
from domain.handoff import HandoffSettings, OpeningHours
from domain.ids import ClinicId, DoctorId, ServiceId
from domain.language import SPANISH_ONLY, Language
from domain.locale import NEUTRAL, Register
from domain.outreach import (
    RecallCampaign,
    RecallSettings,
    Reengagement,
    ReminderPolicy,
    ReminderTemplates,
    Template,
    Translated,
)
from domain.privacy import PrivacyNotice, PrivacySettings, Retention
from domain.services import Price, Service

# One round trip per clinic: Postgres assembles the whole clinic as one JSON document.
_CLINIC_DOCUMENT = """
SELECT json_build_object(
    'id', c.id, 'name', c.name, 'address', c.address, 'timezone', c.timezone,
    'phone_number_id', c.phone_number_id, 'phone', c.phone, 'bot_enabled', c.bot_enabled,
    'locale', c.locale, 'register', c.register, 'languages', c.languages, 'privacy', c.privacy,
    'minimum_notice_seconds', extract(epoch FROM c.minimum_notice)::bigint,
    'horizon_days', c.horizon_days,
    'reminders', c.reminder_policy, 'recalls', c.recall_settings, 'reengagement', c.reengagement,
    'closed_on', coalesce(
        (SELECT json_agg(x.day ORDER BY x.day) FROM clinic_closed_days x WHERE x.clinic_id = c.id), '[]'),
    'blocked', coalesce(
        (SELECT json_agg(b.address ORDER BY b.address)
         FROM blocked_numbers b WHERE b.clinic_id = c.id), '[]'),
    'faq', coalesce(
        (SELECT json_agg(json_build_object('question', f.question, 'answer', f.answer, 'keywords', f.keywords)
                         ORDER BY f.position)
         FROM faq_entries f WHERE f.clinic_id = c.id), '[]'),
    'doctors', coalesce(
        (SELECT json_agg(json_build_object(
            'id', d.id, 'name', d.name, 'specialty', d.specialty,
            'slot_seconds', extract(epoch FROM d.slot_length)::bigint,
            'hours', coalesce(
                (SELECT json_agg(json_build_object('weekday', s.weekday,
                                                   'start', s.starts_at, 'end', s.ends_at)
                                 ORDER BY s.weekday, s.starts_at)
                 FROM doctor_schedules s WHERE s.clinic_id = d.clinic_id AND s.doctor_id = d.id), '[]'),
            'days_off', coalesce(
                (SELECT json_agg(o.day ORDER BY o.day)
                 FROM doctor_days_off o WHERE o.clinic_id = d.clinic_id AND o.doctor_id = d.id), '[]')
         ) ORDER BY d.position)
         FROM doctors d WHERE d.clinic_id = c.id AND d.active), '[]'),
    -- The amount as text: a JSON number would reach Python as a float, not the exact Decimal.
    'services', coalesce(
        (SELECT json_agg(json_build_object(
            'id', v.id, 'name', v.name,
            'duration_seconds', extract(epoch FROM v.duration)::bigint,
            'synonyms', v.synonyms, 'price_amount', v.price_amount::text,
            'price_currency', v.price_currency, 'price_from', v.price_from,
            'doctor_ids', v.doctor_ids, 'preparation', v.preparation, 'bookable', v.bookable
         ) ORDER BY v.position)
         FROM services v WHERE v.clinic_id = c.id AND v.active), '[]'),
    'default_service_id', c.default_service_id,
    'opening_hours', c.opening_hours, 'alert_webhook_url', c.alert_webhook_url,
    'return_after_minutes', c.return_after_minutes
)::text
FROM clinics c
"""


class _Hours(msgspec.Struct, frozen=True):
    weekday: int
    start: time
    end: time


class _Doctor(msgspec.Struct, frozen=True):
    id: str
    name: str
    specialty: str
    slot_seconds: int
    hours: list[_Hours]
    days_off: list[date]


class _Service(msgspec.Struct, frozen=True):
    id: str
    name: str
    duration_seconds: int | None
    synonyms: list[str]
    price_amount: Decimal | None  # sent as a JSON string, so decoded exactly
    price_currency: str | None
    price_from: bool
    doctor_ids: list[str]
    preparation: str
    bookable: bool


class _Faq(msgspec.Struct, frozen=True):
    question: str
    answer: str
    keywords: list[str]


# The jsonb documents of reminder_policy and recall_settings. Every field has the domain's
# default, so '{}' (a clinic loaded before these columns existed) reads as the defaults.
_REMINDER_DEFAULTS = ReminderPolicy()
_RECALL_DEFAULTS = RecallSettings()


def _seconds(span: timedelta) -> int:
    return int(span.total_seconds())


class _Reminders(msgspec.Struct, frozen=True):
    offset_seconds: list[int] = msgspec.field(
        default_factory=lambda: [_seconds(o) for o in _REMINDER_DEFAULTS.offsets]
    )
    template: str = _REMINDER_DEFAULTS.template
    language: str = _REMINDER_DEFAULTS.language
    stop_on_opt_out: bool = _REMINDER_DEFAULTS.stop_on_opt_out
    waitlist_template: str = _REMINDER_DEFAULTS.waitlist_template
    # [language, reminder, waitlist offer, Meta's code] per language after the clinic's first.
    translated: list[tuple[Language, str, str, str]] = msgspec.field(default_factory=list)


class _Campaign(msgspec.Struct, frozen=True):
    id: str
    service: str
    after_months: int
    template: str
    language: str
    translated: list[tuple[Language, str, str]] = msgspec.field(default_factory=list)


class _Recalls(msgspec.Struct, frozen=True):
    campaigns: list[_Campaign] = msgspec.field(default_factory=list)
    book_id: str = _RECALL_DEFAULTS.book_id
    later_id: str = _RECALL_DEFAULTS.later_id
    stop_id: str = _RECALL_DEFAULTS.stop_id
    snooze_seconds: int = _seconds(_RECALL_DEFAULTS.snooze)


class _Reengagement(msgspec.Struct, frozen=True):
    template: str = ""
    language: str = "es"
    translated: list[tuple[Language, str, str]] = msgspec.field(default_factory=list)


# The jsonb document of privacy; '{}' (a clinic loaded before issue 24) reads as the defaults.
_NOTICE_DEFAULTS = PrivacyNotice()
_RETENTION_DEFAULTS = Retention()


class _Notice(msgspec.Struct, frozen=True):
    version: str = _NOTICE_DEFAULTS.version
    text: str = _NOTICE_DEFAULTS.text
    url: str | None = _NOTICE_DEFAULTS.url


class _Retention(msgspec.Struct, frozen=True):
    messages_seconds: int = _seconds(_RETENTION_DEFAULTS.messages)
    receipts_seconds: int = _seconds(_RETENTION_DEFAULTS.receipts)
    outbound_seconds: int = _seconds(_RETENTION_DEFAULTS.outbound)
    clinical_records_seconds: int = _seconds(_RETENTION_DEFAULTS.clinical_records)


class _Privacy(msgspec.Struct, frozen=True):
    notice: _Notice = _Notice()
    retention: _Retention = _Retention()


class _Clinic(msgspec.Struct, frozen=True):
    id: str
    name: str
    address: str
    timezone: str
    phone_number_id: str
    phone: str | None
    bot_enabled: bool
    minimum_notice_seconds: int
    horizon_days: int
    closed_on: list[date]
    blocked: list[str]
    faq: list[_Faq]
    doctors: list[_Doctor]
    services: list[_Service]
    default_service_id: str | None
    reminders: _Reminders
    recalls: _Recalls
    reengagement: _Reengagement = _Reengagement()
    locale: str = NEUTRAL
    register: Register = Register.TU
    languages: list[Language] = msgspec.field(default_factory=lambda: list(SPANISH_ONLY))
    privacy: _Privacy = _Privacy()
    opening_hours: list[_Hours] | None = None
    alert_webhook_url: str | None = None
    return_after_minutes: int = 120


_decoder = msgspec.json.Decoder(_Clinic)
_encoder = msgspec.json.Encoder()


class ClinicConflict(Exception):
    """A clinic file clashes with another clinic already in the database."""


@dataclass(frozen=True, slots=True)
class ClinicLoad:
    """What loading a clinic file changed."""

    created: bool
    doctors: int
    deactivated_doctors: tuple[str, ...]
    services: int = 0
    deactivated_services: tuple[str, ...] = ()
    # Appointments stored without a service that this load gave one (see ``_assign_services``).
    assigned_appointments: int = 0


class PostgresClinicDirectory:
    """Implements ``ClinicDirectory``, ``ClinicSwitches`` and ``ClinicStore`` over the clinics
    tables; ``put`` writes a clinic file's content."""

    def __init__(self, database: Database) -> None:
        self._database = database

    async def get(self, clinic_id: ClinicId) -> Clinic | None:
        return await self._one("WHERE c.id = $1", clinic_id)

    async def by_phone_number_id(self, phone_number_id: str) -> Clinic | None:
        return await self._one("WHERE c.phone_number_id = $1", phone_number_id)

    async def all(self) -> list[Clinic]:
        async with self._database.pool.acquire() as connection:
            rows = await connection.fetch(_CLINIC_DOCUMENT + "ORDER BY c.id")
        return [_to_clinic(_decoder.decode(row[0])) for row in rows]

    async def _one(self, where: str, value: str) -> Clinic | None:
        async with self._database.pool.acquire() as connection:
            document = await connection.fetchval(_CLINIC_DOCUMENT + where, value)
        return _to_clinic(_decoder.decode(document)) if document is not None else None

    # ClinicSwitches: run-time changes by staff. A reload of the clinic's file keeps them: it
    # replaces only the numbers the file blocks, and the file's bot_enabled is the switch's start.

    async def set_bot_enabled(self, clinic_id: ClinicId, enabled: bool) -> None:
        async with self._database.pool.acquire() as connection:
            await connection.execute("UPDATE clinics SET bot_enabled = $2 WHERE id = $1", clinic_id, enabled)

    async def block(self, clinic_id: ClinicId, address: str) -> None:
        async with self._database.pool.acquire() as connection:
            await connection.execute(
                "INSERT INTO blocked_numbers (clinic_id, address, source) VALUES ($1, $2, 'staff') "
                "ON CONFLICT (clinic_id, address) DO NOTHING",
                clinic_id,
                address,
            )

    async def unblock(self, clinic_id: ClinicId, address: str) -> bool:
        async with self._database.pool.acquire() as connection:
            status = await connection.execute(
                "DELETE FROM blocked_numbers WHERE clinic_id = $1 AND address = $2 AND source = 'staff'",
                clinic_id,
                address,
            )
        return bool(status.endswith(" 1"))

    async def save(self, clinic: Clinic) -> None:
        """``ClinicStore``: as ``put``, a conflict named as the file names it."""
        try:
            await self.put(clinic)
        except ClinicConflict as exc:
            raise InvalidClinicFile(f"clinic.whatsapp_phone_number_id: {exc}") from exc

    async def put(self, clinic: Clinic) -> ClinicLoad:
        """Create or update a clinic from its configuration, in one transaction (idempotent).

        Doctors and services missing from the configuration are deactivated, not deleted,
        because appointments keep pointing at them. Numbers blocked by the file are replaced;
        numbers that staff blocked stay blocked. Appointments stored without a service (booked
        before the clinic listed any) get the service a booking without one would get now.
        """
        async with self._database.pool.acquire() as connection, connection.transaction():
            try:
                created = await _upsert_clinic(connection, clinic)
            except asyncpg.UniqueViolationError:
                raise ClinicConflict(
                    f"WhatsApp phone number id {clinic.phone_number_id} already belongs to another clinic"
                ) from None
            deactivated = await _replace_doctors(connection, clinic)
            deactivated_services = await _replace_services(connection, clinic)
            await _replace_details(connection, clinic)
            assigned = await _assign_services(connection, clinic)
        return ClinicLoad(
            created=created,
            doctors=len(clinic.doctors),
            deactivated_doctors=deactivated,
            services=len(clinic.services),
            deactivated_services=deactivated_services,
            assigned_appointments=assigned,
        )


async def _upsert_clinic(connection: Connection, clinic: Clinic) -> bool:
    inserted = await connection.fetchval(
        """
        INSERT INTO clinics (id, name, address, timezone, phone_number_id, phone,
                             minimum_notice, horizon_days, bot_enabled, reminder_policy, recall_settings,
                             reengagement, default_service_id, locale, register, privacy,
                             opening_hours, alert_webhook_url, return_after_minutes, languages)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11::jsonb, $12::jsonb, $13, $14, $15,
                $16::jsonb, $17::jsonb, $18, $19, $20)
        ON CONFLICT (id) DO UPDATE SET
            name = EXCLUDED.name, address = EXCLUDED.address, timezone = EXCLUDED.timezone,
            phone_number_id = EXCLUDED.phone_number_id, phone = EXCLUDED.phone,
            minimum_notice = EXCLUDED.minimum_notice, horizon_days = EXCLUDED.horizon_days,
            bot_enabled = EXCLUDED.bot_enabled, reminder_policy = EXCLUDED.reminder_policy,
            recall_settings = EXCLUDED.recall_settings, reengagement = EXCLUDED.reengagement,
            default_service_id = EXCLUDED.default_service_id, locale = EXCLUDED.locale,
            register = EXCLUDED.register, privacy = EXCLUDED.privacy,
            opening_hours = EXCLUDED.opening_hours, alert_webhook_url = EXCLUDED.alert_webhook_url,
            return_after_minutes = EXCLUDED.return_after_minutes, languages = EXCLUDED.languages,
            updated_at = now()
        RETURNING xmax = 0
        """,
        clinic.id,
        clinic.name,
        clinic.address,
        clinic.timezone.key,
        clinic.phone_number_id,
        clinic.phone,
        clinic.policy.minimum_notice,
        clinic.policy.horizon_days,
        clinic.bot_enabled,
        _encode_reminders(clinic.reminders),
        _encode_recalls(clinic.recalls),
        _encoder.encode(
            _Reengagement(
                clinic.reengagement.template,
                clinic.reengagement.language,
                _stored(clinic.reengagement.translated),
            )
        ).decode(),
        clinic.default_service_id,
        clinic.locale,
        clinic.register.value,
        _encode_privacy(clinic.privacy),
        _encode_opening_hours(clinic.opening_hours),
        clinic.handoff.alert_webhook_url,
        int(clinic.handoff.return_after.total_seconds() // 60),
        [language.value for language in clinic.languages],
    )
    return bool(inserted)


def _encode_opening_hours(opening: OpeningHours | None) -> str | None:
    if opening is None:
        return None
    ranges = sorted(opening.hours.ranges.items())
    hours = [_Hours(weekday, r.start, r.end) for weekday, day in ranges for r in day]
    return _encoder.encode(hours).decode()


def _weekly(hours: list[_Hours]) -> WeeklyHours:
    ranges: dict[int, list[TimeRange]] = {}
    for stored in hours:
        ranges.setdefault(stored.weekday, []).append(TimeRange(stored.start, stored.end))
    return WeeklyHours({weekday: tuple(r) for weekday, r in ranges.items()})


def _encode_privacy(privacy: PrivacySettings) -> str:
    notice, retention = privacy.notice, privacy.retention
    stored = _Privacy(
        _Notice(notice.version, notice.text, notice.url),
        _Retention(
            _seconds(retention.messages),
            _seconds(retention.receipts),
            _seconds(retention.outbound),
            _seconds(retention.clinical_records),
        ),
    )
    return _encoder.encode(stored).decode()


def _to_privacy(stored: _Privacy) -> PrivacySettings:
    notice, retention = stored.notice, stored.retention
    return PrivacySettings(
        notice=PrivacyNotice(notice.version, notice.text, notice.url),
        retention=Retention(
            messages=timedelta(seconds=retention.messages_seconds),
            receipts=timedelta(seconds=retention.receipts_seconds),
            outbound=timedelta(seconds=retention.outbound_seconds),
            clinical_records=timedelta(seconds=retention.clinical_records_seconds),
        ),
    )


def _encode_reminders(policy: ReminderPolicy) -> str:
    stored = _Reminders(
        [_seconds(o) for o in policy.offsets],
        policy.template,
        policy.language,
        policy.stop_on_opt_out,
        policy.waitlist_template,
        [(language, t.reminder, t.waitlist, t.code) for language, t in policy.translated],
    )
    return _encoder.encode(stored).decode()


def _encode_recalls(settings: RecallSettings) -> str:
    campaigns = [
        _Campaign(c.id, c.service, c.after_months, c.template, c.language, _stored(c.translated))
        for c in settings.campaigns
    ]
    stored = _Recalls(
        campaigns, settings.book_id, settings.later_id, settings.stop_id, _seconds(settings.snooze)
    )
    return _encoder.encode(stored).decode()


async def _replace_doctors(connection: Connection, clinic: Clinic) -> tuple[str, ...]:
    keep = [doctor.id for doctor in clinic.doctors]
    deactivated = await connection.fetch(
        "UPDATE doctors SET active = false WHERE clinic_id = $1 AND active AND NOT (id = ANY($2::text[])) "
        "RETURNING id",
        clinic.id,
        keep,
    )
    await connection.executemany(
        """
        INSERT INTO doctors (clinic_id, id, name, specialty, slot_length, position, active)
        VALUES ($1, $2, $3, $4, $5, $6, true)
        ON CONFLICT (clinic_id, id) DO UPDATE SET
            name = EXCLUDED.name, specialty = EXCLUDED.specialty, slot_length = EXCLUDED.slot_length,
            position = EXCLUDED.position, active = true
        """,
        [(clinic.id, d.id, d.name, d.specialty, d.slot_length, n) for n, d in enumerate(clinic.doctors)],
    )
    await connection.execute("DELETE FROM doctor_schedules WHERE clinic_id = $1", clinic.id)
    await connection.executemany(
        "INSERT INTO doctor_schedules (clinic_id, doctor_id, weekday, starts_at, ends_at) "
        "VALUES ($1, $2, $3, $4, $5)",
        [
            (clinic.id, d.id, weekday, r.start, r.end)
            for d in clinic.doctors
            for weekday, ranges in sorted(d.hours.ranges.items())
            for r in ranges
        ],
    )
    await connection.execute("DELETE FROM doctor_days_off WHERE clinic_id = $1", clinic.id)
    await connection.executemany(
        "INSERT INTO doctor_days_off (clinic_id, doctor_id, day) VALUES ($1, $2, $3)",
        [(clinic.id, d.id, day) for d in clinic.doctors for day in sorted(d.days_off)],
    )
    return tuple(row["id"] for row in deactivated)


async def _replace_services(connection: Connection, clinic: Clinic) -> tuple[str, ...]:
    keep = [service.id for service in clinic.services]
    deactivated = await connection.fetch(
        "UPDATE services SET active = false WHERE clinic_id = $1 AND active AND NOT (id = ANY($2::text[])) "
        "RETURNING id",
        clinic.id,
        keep,
    )
    await connection.executemany(
        """
        INSERT INTO services (clinic_id, id, name, duration, synonyms, price_amount, price_currency,
                              price_from, doctor_ids, preparation, bookable, position, active)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, true)
        ON CONFLICT (clinic_id, id) DO UPDATE SET
            name = EXCLUDED.name, duration = EXCLUDED.duration, synonyms = EXCLUDED.synonyms,
            price_amount = EXCLUDED.price_amount, price_currency = EXCLUDED.price_currency,
            price_from = EXCLUDED.price_from, doctor_ids = EXCLUDED.doctor_ids,
            preparation = EXCLUDED.preparation, bookable = EXCLUDED.bookable,
            position = EXCLUDED.position, active = true
        """,
        [
            (
                clinic.id,
                s.id,
                s.name,
                s.duration,
                list(s.synonyms),
                s.price.amount if s.price else None,
                s.price.currency if s.price else None,
                s.price.from_price if s.price else False,
                list(s.doctor_ids),
                s.preparation,
                s.bookable,
                n,
            )
            for n, s in enumerate(clinic.services)
        ],
    )
    return tuple(row["id"] for row in deactivated)


async def _assign_services(connection: Connection, clinic: Clinic) -> int:
    """Give the clinic's appointments stored without a service the one they would be booked for now.

    They were booked before the clinic listed services, as plain visits. Each doctor's is what
    ``Clinic.service_for`` picks for a booking that names none: the clinic's default, or the
    first service that doctor does; a doctor no longer in the file gets the default.
    """
    default = clinic.default_service
    if default is None:
        return 0
    per_doctor = [(d.id, clinic.service_for(None, d.id)) for d in clinic.doctors]
    status = await connection.execute(
        """
        UPDATE appointments a
           SET service_id = coalesce(
                   (SELECT p.service_id FROM unnest($2::text[], $3::text[]) AS p (doctor_id, service_id)
                    WHERE p.doctor_id = a.doctor_id),
                   $4)
        WHERE a.clinic_id = $1 AND a.service_id IS NULL
        """,
        clinic.id,
        [doctor_id for doctor_id, _ in per_doctor],
        [service.id if service else default.id for _, service in per_doctor],
        default.id,
    )
    return int(status.rsplit(" ", 1)[-1])


async def _replace_details(connection: Connection, clinic: Clinic) -> None:
    await connection.execute("DELETE FROM clinic_closed_days WHERE clinic_id = $1", clinic.id)
    await connection.executemany(
        "INSERT INTO clinic_closed_days (clinic_id, day) VALUES ($1, $2)",
        [(clinic.id, day) for day in sorted(clinic.closed_on)],
    )
    await connection.execute("DELETE FROM faq_entries WHERE clinic_id = $1", clinic.id)
    await connection.executemany(
        "INSERT INTO faq_entries (clinic_id, position, question, answer, keywords) "
        "VALUES ($1, $2, $3, $4, $5)",
        [(clinic.id, n, f.question, f.answer, list(f.keywords)) for n, f in enumerate(clinic.faq)],
    )
    await connection.execute(
        "DELETE FROM blocked_numbers WHERE clinic_id = $1 AND source = 'config'", clinic.id
    )
    await connection.executemany(
        "INSERT INTO blocked_numbers (clinic_id, address, source) VALUES ($1, $2, 'config') "
        "ON CONFLICT (clinic_id, address) DO NOTHING",
        [(clinic.id, number) for number in sorted(clinic.blocked_numbers)],
    )


def _to_clinic(stored: _Clinic) -> Clinic:
    return Clinic(
        id=ClinicId(stored.id),
        name=stored.name,
        address=stored.address,
        timezone=ZoneInfo(stored.timezone),
        phone_number_id=stored.phone_number_id,
        doctors=tuple(_to_doctor(d) for d in stored.doctors),
        services=tuple(_to_service(s) for s in stored.services),
        default_service_id=ServiceId(stored.default_service_id) if stored.default_service_id else None,
        faq=tuple(FaqEntry(f.question, f.answer, tuple(f.keywords)) for f in stored.faq),
        policy=BookingPolicy(timedelta(seconds=stored.minimum_notice_seconds), stored.horizon_days),
        closed_on=frozenset(stored.closed_on),
        phone=stored.phone,
        bot_enabled=stored.bot_enabled,
        blocked_numbers=frozenset(stored.blocked),
        reminders=ReminderPolicy(
            offsets=tuple(timedelta(seconds=s) for s in stored.reminders.offset_seconds),
            template=stored.reminders.template,
            language=stored.reminders.language,
            stop_on_opt_out=stored.reminders.stop_on_opt_out,
            waitlist_template=stored.reminders.waitlist_template,
            translated=tuple(
                (language, ReminderTemplates(reminder, waitlist, code))
                for language, reminder, waitlist, code in stored.reminders.translated
            ),
        ),
        recalls=_to_recalls(stored.recalls),
        reengagement=Reengagement(
            stored.reengagement.template,
            stored.reengagement.language,
            _translated(stored.reengagement.translated),
        ),
        locale=stored.locale,
        register=stored.register,
        languages=tuple(stored.languages),
        privacy=_to_privacy(stored.privacy),
        opening_hours=None if stored.opening_hours is None else OpeningHours(_weekly(stored.opening_hours)),
        handoff=HandoffSettings(stored.alert_webhook_url, timedelta(minutes=stored.return_after_minutes)),
    )


def _to_recalls(stored: _Recalls) -> RecallSettings:
    return RecallSettings(
        campaigns=tuple(
            RecallCampaign(c.id, c.service, c.after_months, c.template, c.language, _translated(c.translated))
            for c in stored.campaigns
        ),
        book_id=stored.book_id,
        later_id=stored.later_id,
        stop_id=stored.stop_id,
        snooze=timedelta(seconds=stored.snooze_seconds),
    )


def _to_service(stored: _Service) -> Service:
    price = None
    if stored.price_amount is not None and stored.price_currency is not None:
        price = Price(stored.price_amount, stored.price_currency, stored.price_from)
    return Service(
        id=ServiceId(stored.id),
        name=stored.name,
        duration=timedelta(seconds=stored.duration_seconds) if stored.duration_seconds is not None else None,
        synonyms=tuple(stored.synonyms),
        price=price,
        doctor_ids=tuple(DoctorId(d) for d in stored.doctor_ids),
        preparation=stored.preparation,
        bookable=stored.bookable,
    )


def _to_doctor(stored: _Doctor) -> Doctor:
    return Doctor(
        id=DoctorId(stored.id),
        name=stored.name,
        specialty=stored.specialty,
        slot_length=timedelta(seconds=stored.slot_seconds),
        hours=_weekly(stored.hours),
        days_off=frozenset(stored.days_off),
    )


def _stored(translated: Translated) -> list[tuple[Language, str, str]]:
    return [(language, template.name, template.code) for language, template in translated]


def _translated(stored: list[tuple[Language, str, str]]) -> Translated:
    return tuple((language, Template(name, code)) for language, name, code in stored)
