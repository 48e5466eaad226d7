"""An appointment as a calendar entry (iCalendar, RFC 5545) the patient adds to their phone in
one tap: sent as a WhatsApp document when booked, again when moved, and cancelling when cancelled.

One appointment is one event (its UID), so a phone's calendar updates the entry it has rather
than adding another; each file's SEQUENCE is later than the one before.
"""

from __future__ import annotations

from datetime import UTC, datetime

from icalendar import Calendar, Event

from application.messages import DocumentReply
from application.speech import speech
from domain.appointment import Appointment
from domain.clinic import Clinic

# Meta takes a short list of document types; an .ics goes as text, its name tells the phone.
MIME_TYPE = "text/plain"
_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def calendar_file(clinic: Clinic, appointment: Appointment, now: datetime) -> DocumentReply:
    """The appointment as it stands: booked (or moved), or cancelled."""
    cancelled = not appointment.holds_time
    calendar = Calendar()
    calendar.add("prodid", "-//ClinicFlow//Citas//ES")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    calendar.add_component(_event(clinic, appointment, now, cancelled))
    day = clinic.local(appointment.starts_at).date().isoformat()
    _ = speech(clinic)
    caption = (
        _("Tu cita fue cancelada: abre este archivo para quitarla de tu calendario.")
        if cancelled
        else _("Toca el archivo para agregar la cita a tu calendario.")
    )
    # TRANSLATORS: the calendar file's name before its day ("cita-2026-12-07.ics"): one word, no spaces.
    name = _.pgettext("file", "cita")
    return DocumentReply(f"{name}-{day}.ics", MIME_TYPE, calendar.to_ical(), caption)


def _event(clinic: Clinic, appointment: Appointment, now: datetime, cancelled: bool) -> Event:
    _ = speech(clinic)
    doctor = clinic.doctor(appointment.doctor_id)
    service = clinic.service(appointment.service_id)
    what = service.name if service is not None else _("Cita")
    details = [_("Para: {name}").format(name=appointment.patient_name)]
    if doctor is not None:
        details.append(
            _("Con: {doctor} ({specialty})").format(doctor=doctor.name, specialty=doctor.specialty)
        )
    if service is not None and service.preparation:
        details.append(_("Antes de venir: {preparation}").format(preparation=service.preparation))
    if clinic.phone:
        details.append(_("Teléfono de la clínica: {phone}").format(phone=clinic.phone))
    event = Event()
    event.add("uid", f"{appointment.id}@clinicflow")
    event.add("dtstamp", now.astimezone(UTC))
    event.add("dtstart", appointment.starts_at.astimezone(UTC))
    event.add("dtend", appointment.ends_at.astimezone(UTC))
    # Later than every file sent before for this appointment: minutes since 2000.
    event.add("sequence", int((now - _EPOCH).total_seconds()) // 60)
    summary = f"{what}, {clinic.name}"
    event.add("summary", _("Cancelada: {what}").format(what=summary) if cancelled else summary)
    event.add("location", f"{clinic.name}, {clinic.address}")
    event.add("description", "\n".join(details))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event
