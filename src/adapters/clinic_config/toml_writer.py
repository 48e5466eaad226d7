"""A clinic written back as its TOML file, the format ``toml_file.parse_clinic`` reads.

``parse_clinic(clinic_toml(clinic)) == clinic`` for every clinic the parser accepts: what the
file leaves to a default (the locale from the country, clinical records from the country's law)
is written out as it came to be, so the file says the same thing anywhere it is loaded. The
document is also the form the console's settings edit (``clinic_document``), so the file's own
rules and messages judge every change.
"""

from __future__ import annotations

from datetime import time, timedelta
from decimal import Decimal
from typing import Any, Final

import tomli_w

from domain.clinic import Clinic, Doctor, TimeRange, WeeklyHours
from domain.handoff import HandoffSettings
from domain.outreach import Translated
from domain.privacy import DAYS_PER_YEAR
from domain.services import Service

__all__ = ["WEEKDAY_KEYS", "clinic_document", "clinic_toml", "range_text"]

WEEKDAY_KEYS: Final = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_HEADER: Final = (
    "# Archivo de la clínica, exportado por ClinicFlow.\n"
    "# El formato está descrito en adapters/clinic_config/toml_file.py.\n\n"
)


def clinic_toml(clinic: Clinic) -> str:
    """The clinic's file, as text."""
    return _HEADER + tomli_w.dumps(clinic_document(clinic))


def clinic_document(clinic: Clinic) -> dict[str, Any]:
    """The clinic's file as TOML tables (dicts and lists), ready for ``tomli_w`` or editing."""
    document: dict[str, Any] = {
        "clinic": _clinic_table(clinic),
        "doctors": [_doctor(doctor) for doctor in clinic.doctors],
        "services": [_service(service, clinic) for service in clinic.services],
        "faq": [
            {"question": entry.question, "answer": entry.answer, "keywords": list(entry.keywords)}
            for entry in clinic.faq
        ],
        "reminders": {
            "hours_before": [_hours(offset) for offset in clinic.reminders.offsets],
            "template": clinic.reminders.template,
            "language": clinic.reminders.language,
            "stop_on_opt_out": clinic.reminders.stop_on_opt_out,
            "waitlist_template": clinic.reminders.waitlist_template,
            **{
                language.value: {"template": t.reminder, "language": t.code, "waitlist_template": t.waitlist}
                for language, t in clinic.reminders.translated
            },
        },
        "recalls": {
            "snooze_days": clinic.recalls.snooze.days,
            "book_reply_id": clinic.recalls.book_id,
            "later_reply_id": clinic.recalls.later_id,
            "stop_reply_id": clinic.recalls.stop_id,
            "campaigns": [
                {
                    "id": campaign.id,
                    "service": campaign.service,
                    "after_months": campaign.after_months,
                    "template": campaign.template,
                    "language": campaign.language,
                    **_translated(campaign.translated),
                }
                for campaign in clinic.recalls.campaigns
            ],
        },
        "privacy": _privacy(clinic),
    }
    if clinic.reengagement.approved:
        document["reengagement"] = {
            "template": clinic.reengagement.template,
            "language": clinic.reengagement.language,
            **_translated(clinic.reengagement.translated),
        }
    if clinic.opening_hours is not None:
        document["opening_hours"] = _weekly(clinic.opening_hours.hours)
    document["handoff"] = _handoff(clinic.handoff)
    return document


def range_text(hours: TimeRange) -> str:
    """``"09:00-13:00"``; a range ending at midnight ends at ``"24:00"``."""
    end = "24:00" if hours.end == time(0, 0) else f"{hours.end:%H:%M}"
    return f"{hours.start:%H:%M}-{end}"


def _clinic_table(clinic: Clinic) -> dict[str, Any]:
    table: dict[str, Any] = {
        "id": clinic.id,
        "name": clinic.name,
        "address": clinic.address,
        "timezone": clinic.timezone.key,
        "locale": clinic.locale,
        "register": clinic.register.value,
        "languages": [language.value for language in clinic.languages],
        "whatsapp_phone_number_id": clinic.phone_number_id,
    }
    if clinic.phone is not None:
        table["phone"] = clinic.phone
    table |= {
        "minimum_notice_minutes": _whole(clinic.policy.minimum_notice, timedelta(minutes=1)),
        "booking_horizon_days": clinic.policy.horizon_days,
        "closed_on": sorted(clinic.closed_on),
        "bot_enabled": clinic.bot_enabled,
        "blocked_numbers": sorted(clinic.blocked_numbers),
    }
    return table


def _translated(translated: Translated) -> dict[str, Any]:
    """A template's tables in the other languages: ``{"en": {"template": ..., "language": "en_US"}}``."""
    return {language.value: {"template": t.name, "language": t.code} for language, t in translated}


def _doctor(doctor: Doctor) -> dict[str, Any]:
    return {
        "id": doctor.id,
        "name": doctor.name,
        "specialty": doctor.specialty,
        "slot_minutes": _whole(doctor.slot_length, timedelta(minutes=1)),
        "days_off": sorted(doctor.days_off),
        "hours": _weekly(doctor.hours),
    }


def _weekly(week: WeeklyHours) -> dict[str, list[str]]:
    """Ranges per weekday key (``monday``); a day without ranges is left out."""
    return {
        WEEKDAY_KEYS[weekday]: [range_text(hours) for hours in week.ranges[weekday]]
        for weekday in sorted(week.ranges)
        if week.ranges[weekday]
    }


def _handoff(handoff: HandoffSettings) -> dict[str, Any]:
    table: dict[str, Any] = {}
    if handoff.alert_webhook_url is not None:
        table["alert_webhook_url"] = handoff.alert_webhook_url
    table["return_after_minutes"] = _whole(handoff.return_after, timedelta(minutes=1))
    return table


def _service(service: Service, clinic: Clinic) -> dict[str, Any]:
    table: dict[str, Any] = {"id": service.id, "name": service.name, "synonyms": list(service.synonyms)}
    if service.duration is not None:
        table["minutes"] = _whole(service.duration, timedelta(minutes=1))
    if service.price is not None:
        table["price"] = _amount(service.price.amount)
        if service.price.from_price:
            table["price_from"] = True
        table["currency"] = service.price.currency
    if service.doctor_ids:
        table["doctors"] = list(service.doctor_ids)
    if service.preparation:
        table["preparation"] = service.preparation
    table["bookable"] = service.bookable
    if service.id == clinic.default_service_id:
        table["default"] = True
    return table


def _privacy(clinic: Clinic) -> dict[str, Any]:
    notice, retention = clinic.privacy.notice, clinic.privacy.retention
    table: dict[str, Any] = {"notice_version": notice.version}
    if notice.text:
        table["notice_text"] = notice.text
    if notice.url is not None:
        table["notice_url"] = notice.url
    table["retention"] = {
        "messages_days": retention.messages.days,
        "receipts_days": retention.receipts.days,
        "outbound_days": retention.outbound.days,
        "clinical_records_years": _whole(retention.clinical_records, timedelta(days=DAYS_PER_YEAR)),
    }
    return table


def _whole(span: timedelta, unit: timedelta) -> int:
    """A span the file writes in whole units; the parser makes no other kind."""
    count, rest = divmod(span, unit)
    if rest:
        raise ValueError(f"{span} is not a whole number of {unit}")
    return count


def _hours(offset: timedelta) -> int | float:
    """A reminder's offset in hours: ``24``, or ``1.5`` for an hour and a half."""
    hours = offset / timedelta(hours=1)
    return int(hours) if hours.is_integer() else hours


def _amount(amount: Decimal) -> int | Decimal:
    """A price as written: ``35000``, or ``49.90`` kept exact (TOML reads it back as a Decimal)."""
    return int(amount) if amount == amount.to_integral_value() and amount.as_tuple().exponent == 0 else amount
