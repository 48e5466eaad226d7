"""The settings forms and the clinic file's tables, both ways: what a form shows of a table, and
the table a submitted form comes to.

A form's text goes into the table as written wherever it is not plainly a number or a date, so
the clinic file's parser is the one to refuse it, with its own message. A table keeps every key
the form does not show (``{**existing, **from_form}``): a form never drops what it cannot edit.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any, Final

from domain.language import Language

Form = Mapping[str, str]
Table = dict[str, Any]

WEEKDAYS: Final = (
    ("monday", "Lunes"),
    ("tuesday", "Martes"),
    ("wednesday", "Miércoles"),
    ("thursday", "Jueves"),
    ("friday", "Viernes"),
    ("saturday", "Sábado"),
    ("sunday", "Domingo"),
)

_INTEGER = re.compile(r"[0-9]+")
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_PRICE = re.compile(r"[0-9]+(?:\.[0-9]{1,2})?")  # "35.000" is thirty-five thousand to many: refused
_SPLIT = re.compile(r"[,\n]")
_LANGUAGE_CODES: Final = tuple(language.value for language in Language)


# --- Reading a form -------------------------------------------------------------------------


def text(form: Form, name: str) -> str:
    return form.get(name, "").strip()


def checked(form: Form, name: str) -> bool:
    return name in form


def words(form: Form, name: str) -> list[str]:
    """Items separated by commas or lines: ``"limpieza, profilaxis"``."""
    return [item.strip() for item in _SPLIT.split(form.get(name, "")) if item.strip()]


def integer(form: Form, name: str) -> int | str:
    """A whole number, or the text as typed for the parser to refuse."""
    value = text(form, name)
    return int(value) if _INTEGER.fullmatch(value) else value


def number(value: str) -> int | float | str:
    value = value.strip()
    if _INTEGER.fullmatch(value):
        return int(value)
    return float(value) if _NUMBER.fullmatch(value) else value


def price(value: str) -> int | Decimal | str:
    value = value.strip()
    if _INTEGER.fullmatch(value):
        return int(value)
    return Decimal(value) if _PRICE.fullmatch(value) else value


def dates(form: Form, name: str) -> list[date | str]:
    """Days like ``2026-12-25``, separated by commas, spaces or lines."""
    found: list[date | str] = []
    for item in re.split(r"[,\s]+", form.get(name, "")):
        if item:
            try:
                found.append(date.fromisoformat(item))
            except ValueError:
                found.append(item)
    return found


def new_id(name: str, taken: Iterable[str], fallback: str) -> str:
    """An id for a new entry from its name: ``"Dra. Inés López"`` -> ``"dra-ines-lopez"``."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")[:40].strip("-") or fallback
    used = set(taken)
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def ids(entries: Iterable[Mapping[str, Any]]) -> list[str]:
    return [str(entry.get("id", "")) for entry in entries]


# --- The sections ---------------------------------------------------------------------------


def clinic_values(table: Mapping[str, Any]) -> dict[str, str]:
    return {
        "name": table.get("name", ""),
        "address": table.get("address", ""),
        "phone": table.get("phone", ""),
        "timezone": table.get("timezone", ""),
        "minimum_notice_minutes": str(table.get("minimum_notice_minutes", "")),
        "booking_horizon_days": str(table.get("booking_horizon_days", "")),
        "closed_on": ", ".join(str(day) for day in table.get("closed_on", [])),
    }


def clinic_table(existing: Mapping[str, Any], form: Form) -> Table:
    table: Table = {
        **existing,
        "name": text(form, "name"),
        "address": text(form, "address"),
        "timezone": text(form, "timezone"),
        "minimum_notice_minutes": integer(form, "minimum_notice_minutes"),
        "booking_horizon_days": integer(form, "booking_horizon_days"),
        "closed_on": dates(form, "closed_on"),
    }
    table.pop("phone", None)
    if text(form, "phone"):
        table["phone"] = text(form, "phone")
    return table


def opening_values(table: Mapping[str, Any] | None) -> dict[str, str]:
    """The clinic's opening hours as the "Clínica" form shows them, one field per weekday."""
    hours: Mapping[str, list[str]] = table or {}
    return {f"opening_{key}": ", ".join(hours.get(key, [])) for key, _ in WEEKDAYS}


def opening_table(existing: Mapping[str, Any] | None, form: Form) -> Table | None:
    """The ``[opening_hours]`` table the form comes to, written as a doctor's hours are; None (no
    table: the bot says nothing of when a person answers) when no day has hours. A table the file
    had with no day in it (closed every day) stays as it was while the form leaves every day empty,
    and a form without the opening hours' fields leaves them as they were."""
    if not any(f"opening_{key}" in form for key, _ in WEEKDAYS):
        return None if existing is None else dict(existing)
    hours = {key: words(form, f"opening_{key}") for key, _ in WEEKDAYS if words(form, f"opening_{key}")}
    if hours:
        return hours
    return {} if existing is not None and not any(existing.values()) else None


def doctor_values(table: Mapping[str, Any]) -> dict[str, str]:
    hours: Mapping[str, list[str]] = table.get("hours", {})
    return {
        "name": table.get("name", ""),
        "specialty": table.get("specialty", ""),
        "slot_minutes": str(table.get("slot_minutes", "")),
        "days_off": ", ".join(str(day) for day in table.get("days_off", [])),
        **{f"hours_{key}": ", ".join(hours.get(key, [])) for key, _ in WEEKDAYS},
    }


def doctor_table(existing: Mapping[str, Any], doctor_id: str, form: Form) -> Table:
    return {
        **existing,
        "id": doctor_id,
        "name": text(form, "name"),
        "specialty": text(form, "specialty"),
        "slot_minutes": integer(form, "slot_minutes"),
        "days_off": dates(form, "days_off"),
        # Every weekday the document had under another spelling (lunes) is replaced here.
        "hours": {key: words(form, f"hours_{key}") for key, _ in WEEKDAYS if words(form, f"hours_{key}")},
    }


def service_values(table: Mapping[str, Any], currency: str) -> dict[str, str]:
    values = {
        "name": table.get("name", ""),
        "minutes": str(table.get("minutes", "")),
        "price": str(table.get("price", "")),
        "currency": table.get("currency", currency),
        "synonyms": ", ".join(table.get("synonyms", [])),
        "preparation": table.get("preparation", ""),
    }
    if table.get("price_from"):
        values["price_from"] = "on"
    if table.get("bookable", True):
        values["bookable"] = "on"
    for doctor_id in table.get("doctors", []):
        values[f"doctor_{doctor_id}"] = "on"
    return values


def service_table(
    existing: Mapping[str, Any], service_id: str, doctor_ids: Iterable[str], form: Form
) -> Table:
    table: Table = {
        key: value
        for key, value in existing.items()
        if key not in ("minutes", "price", "price_from", "currency", "doctors", "preparation")
    }
    table |= {
        "id": service_id,
        "name": text(form, "name"),
        "synonyms": words(form, "synonyms"),
        "bookable": checked(form, "bookable"),
    }
    if text(form, "minutes"):
        table["minutes"] = integer(form, "minutes")
    if text(form, "price"):
        table["price"] = price(text(form, "price"))
        if checked(form, "price_from"):
            table["price_from"] = True
    if text(form, "currency") and (text(form, "price") or "currency" in existing):
        table["currency"] = text(form, "currency").upper()
    chosen = [doctor_id for doctor_id in doctor_ids if checked(form, f"doctor_{doctor_id}")]
    if chosen:
        table["doctors"] = chosen
    if text(form, "preparation"):
        table["preparation"] = text(form, "preparation")
    return table


def faq_values(table: Mapping[str, Any]) -> dict[str, str]:
    return {
        "question": table.get("question", ""),
        "answer": table.get("answer", ""),
        "keywords": ", ".join(table.get("keywords", [])),
    }


def faq_table(existing: Mapping[str, Any], form: Form) -> Table:
    return {
        **existing,
        "question": text(form, "question"),
        "answer": text(form, "answer"),
        "keywords": words(form, "keywords"),
    }


def reminder_values(table: Mapping[str, Any]) -> dict[str, str]:
    values = {
        "hours_before": ", ".join(f"{hours:g}" for hours in table.get("hours_before", [])),
        "template": table.get("template", ""),
        "language": table.get("language", ""),
        "waitlist_template": table.get("waitlist_template", ""),
    }
    if table.get("stop_on_opt_out"):
        values["stop_on_opt_out"] = "on"
    return values


def reminder_table(existing: Mapping[str, Any], form: Form) -> Table:
    table: Table = {
        **existing,
        "hours_before": [number(item) for item in words(form, "hours_before")],
        "template": text(form, "template"),
        "language": text(form, "language"),
        "stop_on_opt_out": checked(form, "stop_on_opt_out"),
    }
    if text(form, "waitlist_template"):
        table["waitlist_template"] = text(form, "waitlist_template")
    else:  # left empty: the file's default
        table.pop("waitlist_template", None)
    return table


def handoff_values(table: Mapping[str, Any]) -> dict[str, str]:
    return {
        "alert_webhook_url": table.get("alert_webhook_url", ""),
        "return_after_minutes": str(table.get("return_after_minutes", "")),
    }


def handoff_table(existing: Mapping[str, Any], form: Form) -> Table:
    """The ``[handoff]`` table: no alert URL when the field is left empty."""
    table: Table = {**existing, "return_after_minutes": integer(form, "return_after_minutes")}
    table.pop("alert_webhook_url", None)
    if text(form, "alert_webhook_url"):
        table["alert_webhook_url"] = text(form, "alert_webhook_url")
    return table


def campaign_values(table: Mapping[str, Any]) -> dict[str, str]:
    """The campaign's fields, and its template in each other language (``template_en``)."""
    values = {
        "service": table.get("service", ""),
        "after_months": str(table.get("after_months", "")),
        "template": table.get("template", ""),
        "language": table.get("language", "es"),
    }
    for code in _LANGUAGE_CODES:
        if isinstance(table.get(code), Mapping):
            values[f"template_{code}"] = table[code].get("template", "")
            values[f"language_{code}"] = table[code].get("language", "")
    return values


def campaign_table(existing: Mapping[str, Any], campaign_id: str, form: Form) -> Table:
    """A campaign's table; its template in a language whose fields the form has (one the clinic
    serves after its first) as typed, removed when both are left empty."""
    table: Table = {
        **existing,
        "id": campaign_id,
        "service": text(form, "service"),
        "after_months": integer(form, "after_months"),
        "template": text(form, "template"),
        "language": text(form, "language") or "es",
    }
    for code in _LANGUAGE_CODES:
        if f"template_{code}" not in form and f"language_{code}" not in form:
            continue
        typed = {"template": text(form, f"template_{code}"), "language": text(form, f"language_{code}")}
        if any(typed.values()):
            table[code] = typed
        else:
            table.pop(code, None)
    return table


# --- Where a refusal points ---------------------------------------------------------------

_LABELS: Final = {
    **dict(WEEKDAYS),
    "name": "Nombre",
    "address": "Dirección",
    "phone": "Teléfono",
    "timezone": "Zona horaria",
    "minimum_notice_minutes": "Aviso mínimo",
    "booking_horizon_days": "Días hacia adelante que se pueden reservar",
    "closed_on": "Días cerrados",
    "specialty": "Especialidad",
    "slot_minutes": "Duración de cada cita",
    "hours": "Horario semanal",
    "days_off": "Días libres",
    "minutes": "Duración",
    "price": "Precio",
    "price_from": "Precio desde",
    "currency": "Moneda",
    "doctors": "Doctores que lo hacen",
    "synonyms": "Cómo lo piden los pacientes",
    "preparation": "Preparación",
    "question": "Pregunta",
    "answer": "Respuesta",
    "keywords": "Palabras clave",
    "hours_before": "Horas antes de la cita",
    "template": "Plantilla",
    "language": "Idioma",
    "snooze_days": "Días hasta invitar de nuevo",
    "service": "Especialidad",
    "after_months": "Meses desde la última visita",
    "opening_hours": "Horario de atención",
    "waitlist_template": "Plantilla para la lista de espera",
    "alert_webhook_url": "Dirección para los avisos (webhook)",
    "return_after_minutes": "Minutos sin respuesta antes de que el bot retome la conversación",
    "languages": "Idiomas",
    "es": "Plantillas en español",
    "en": "Plantillas en inglés",
    "pt": "Plantillas en portugués (Brasil)",
}
_PLACE = re.compile(r"^([A-Za-z_][\w.\[\]\"]*):|at `\$\.([\w.\[\]\"]+)`")


def field_of(detail: str) -> str | None:
    """The form's label for the place a refusal names (``doctors[3].hours.thursday[0]`` ->
    ``Jueves``), when the form has one."""
    found = _PLACE.search(detail)
    if found is None:
        return None
    keys = [k for k in re.split(r"[.\[\]\"]+", found[1] or found[2]) if k and not k.isdigit()]
    return next((_LABELS[k] for k in reversed(keys) if k in _LABELS), None)
