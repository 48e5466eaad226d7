"""The calendar file a patient gets with each booking, move and cancellation: one event, updated."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from icalendar import Calendar

from application.messages import DocumentReply
from domain.ids import ServiceId
from domain.services import Price, Service
from domain.understanding import Intent, Understanding
from domain.when import ClockTime
from tests.unit.application.conftest import TOMORROW, FakeApp

CLEANING = Service(
    ServiceId("limpieza"),
    "Limpieza dental",
    timedelta(minutes=60),
    price=Price(Decimal(35000), "CLP"),
    preparation="No necesitas venir en ayunas.",
)


def event_of(document: object) -> tuple[str, dict[str, object]]:
    """The calendar's method and its one event's fields, read back with a real iCalendar parser."""
    assert isinstance(document, DocumentReply)
    assert document.mime_type == "text/plain"  # the type Meta takes; the .ics name tells the phone
    assert document.filename.endswith(".ics")
    calendar = Calendar.from_ical(document.content)
    [event] = calendar.walk("VEVENT")
    fields = {key: event.decoded(key) for key in ("uid", "dtstart", "dtend", "sequence", "status", "summary")}
    fields["location"] = str(event["location"])
    fields["description"] = str(event["description"])
    return str(calendar["method"]), fields


async def test_booking_moving_and_cancelling_send_one_calendar_event_updated_each_time(app: FakeApp) -> None:
    app.clinic = replace(app.clinic, services=(CLEANING,))
    app.means(
        "una limpieza mañana a las 10 para mi hijo Mateo Rojas",
        Understanding(
            Intent.BOOK,
            day=TOMORROW,
            time=ClockTime(10),
            service_id=CLEANING.id,
            relation="hijo",
            patient_name="Mateo Rojas",
        ),
    )
    await app.say("una limpieza mañana a las 10 para mi hijo Mateo Rojas")
    [card, booked_file] = await app.press("CONFIRM_BOOKING")
    [appointment] = app.appointments()
    method, booked = event_of(booked_file)
    assert method == "PUBLISH"
    assert booked["uid"] == f"{appointment.id}@clinicflow"
    assert booked["dtstart"] == datetime(2026, 12, 1, 13, tzinfo=UTC)  # 10:00 in Santiago
    assert booked["dtend"] == datetime(2026, 12, 1, 14, tzinfo=UTC)  # the cleaning's hour
    assert booked["status"] == "CONFIRMED"
    assert booked["summary"] == "Limpieza dental, Clínica Dental Sonrisa"
    assert booked["location"] == "Clínica Dental Sonrisa, Av. Providencia 1234, Santiago"
    assert "Para: Mateo Rojas" in str(booked["description"])
    assert "Antes de venir: No necesitas venir en ayunas." in str(booked["description"])

    app.clock.advance(timedelta(minutes=5))
    await app.press(f"APPT_MOVE:{appointment.id}")
    app.means("el jueves a las 11", Understanding(Intent.BOOK, day=date(2026, 12, 3), time=ClockTime(11)))
    await app.say("el jueves a las 11")
    [_, moved_file] = await app.press("CONFIRM_BOOKING")
    method, moved = event_of(moved_file)
    assert method == "PUBLISH"
    assert moved["uid"] == booked["uid"]  # the same entry on the phone, updated
    assert moved["dtstart"] == datetime(2026, 12, 3, 14, tzinfo=UTC)
    assert int(str(moved["sequence"])) > int(str(booked["sequence"]))

    app.clock.advance(timedelta(minutes=5))
    [_, cancelling] = await app.press(f"APPT_CANCEL:{appointment.id}")
    method, cancelled = event_of(cancelling)
    assert method == "CANCEL"
    assert cancelled["uid"] == booked["uid"]
    assert cancelled["status"] == "CANCELLED"
    assert int(str(cancelled["sequence"])) > int(str(moved["sequence"]))
    assert isinstance(cancelling, DocumentReply)
    assert "quitarla de tu calendario" in cancelling.body
    assert card.body.startswith("✅ ¡Listo! La cita de Mateo Rojas quedó agendada")
