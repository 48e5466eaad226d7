"""What the console's templates show: conversations, messages and appointments as rows, in Spanish."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Final

from babel.dates import format_date

from application.texts_es.services import minutes
from domain.appointment import Appointment, AppointmentStatus, VisitOutcome
from domain.clinic import Clinic
from domain.conversation import ChatSession, ConversationState, Speaker, Turn
from domain.handoff import NeedReason
from domain.ids import AddressKind, PatientAddress
from domain.language import Language
from entrypoints.patient_files import player
from entrypoints.patient_paths import patient_path

STATES = {
    ConversationState.IDLE: "Sin reserva en curso",
    ConversationState.COLLECTING_DATE: "Eligiendo día",
    ConversationState.COLLECTING_TIME: "Eligiendo hora",
    ConversationState.COLLECTING_NAME: "Dando su nombre",
    ConversationState.CONFIRMING: "Confirmando",
    ConversationState.CONFIRMED: "Cita confirmada",
}
VISITS = {VisitOutcome.ATTENDED: "Asistió", VisitOutcome.NO_SHOW: "No asistió"}
SPEAKERS = {Speaker.PATIENT: "Paciente", Speaker.BOT: "Bot", Speaker.STAFF: "Personal"}


def shown_number(patient: PatientAddress) -> str:
    """A patient as the console writes them: ``+56911112222``, or their user id."""
    return f"+{patient.value}" if patient.kind is AddressKind.PHONE else patient.value


def _when(clinic: Clinic, moment: datetime | None) -> str:
    if moment is None:
        return ""
    local = clinic.local(moment)
    return f"{local:%d/%m %H:%M}"


def _weekday(day: date) -> str:
    """'miércoles': the console is in Spanish (CLDR's names, through Babel)."""
    return format_date(day, "EEEE", locale="es")


def day_title(day: date, today: date) -> str:
    name = f"{_weekday(day)} {day:%d/%m}"
    return f"Hoy, {name}" if day == today else name.capitalize()


@dataclass(frozen=True, slots=True)
class Said:
    speaker: str
    who: str
    text: str
    when: str
    note: str = ""  # what came with it besides text: "Foto", "Audio (transcripción)", "Reacción"...
    media: str = ""  # the message whose file staff may open, when there is one
    shown: str = ""  # how the page shows that file: image, audio, video, or file (a download)


# What staff read beside a message that is not a plain text; the text (a caption, a transcript,
# an emoji, a place, a contact card) follows it.
NOTES = {
    "audio": "🎤 Audio",
    "image": "📷 Foto",
    "video": "🎬 Video",
    "document": "📄 Documento",
    "sticker": "Sticker",
    "location": "📍 Ubicación",
    "contacts": "👤 Contacto",
    "welcome": "Abrió el chat por primera vez",
    "reaction": "Reaccionó a un mensaje",
    "edit": "✏️ Editó un mensaje",
    "deleted": "🗑 Borró un mensaje",
    "system": "Aviso de WhatsApp",
    "call": "Respuesta sobre llamadas",
    "flow": "Formulario completado",
    "unsupported": "Mensaje que WhatsApp no entrega a la API",
    # A staff reply 24 hours after the patient last wrote, carried by the clinic's template.
    "template": "Enviado en la plantilla aprobada (más de 24 horas desde su último mensaje)",
    # A reply WhatsApp refused later because 24 hours had passed: sent again, or not delivered.
    "resent": "WhatsApp rechazó la respuesta anterior (más de 24 horas): se envió de nuevo en la plantilla",
    "undelivered": "WhatsApp rechazó la respuesta anterior (más de 24 horas) y no hay plantilla: no llegó",
}


def said(clinic: Clinic, turn: Turn) -> Said:
    shown = Said(turn.speaker.value, SPEAKERS[turn.speaker], turn.text, _when(clinic, turn.at))
    attachment = turn.attachment
    if attachment is None:
        return shown
    note = NOTES.get(attachment.kind, attachment.kind)
    if attachment.filename:
        note = f"{note}: {attachment.filename}"
    if attachment.kind == "audio" and turn.text:
        note = f"{note} (transcripción)"
    if not attachment.message_id:
        return replace(shown, note=note)
    return replace(shown, note=note, media=attachment.message_id, shown=player(attachment.mime_type))


@dataclass(frozen=True, slots=True)
class ConversationRow:
    path: str
    shown: str
    state: str
    state_class: str
    bot_enabled: bool
    unread: int
    last: Said | None
    when: str
    needs: str = ""  # why it needs a person ("Pidió hablar con una persona"); empty: it does not
    needs_since: str = ""
    language: str = ""  # "inglés": the patient writes in a language other than the clinic's first


LANGUAGES: Final = {Language.SPANISH: "español", Language.ENGLISH: "inglés", Language.PORTUGUESE: "portugués"}


NEEDS: Final = {
    NeedReason.ASKED: "Pidió hablar con una persona",
    NeedReason.TURNS_FAILED: "El bot no pudo responder",
    NeedReason.FILE_TO_REVIEW: "Envió un archivo para revisar",
    NeedReason.SERVICE: "Pidió un servicio que agenda una persona",
    NeedReason.QUESTION: "Hizo una pregunta que el bot no sabe responder",
}


def conversation_row(clinic: Clinic, session: ChatSession, seen: datetime | None) -> ConversationRow:
    last = session.history[-1] if session.history else None
    unread = sum(
        1 for turn in session.history if turn.speaker is Speaker.PATIENT and (seen is None or turn.at > seen)
    )
    return ConversationRow(
        path=patient_path(session.patient),
        shown=shown_number(session.patient),
        state=STATES[session.state],
        state_class=session.state.value.lower(),
        bot_enabled=session.bot_enabled,
        unread=unread,
        last=said(clinic, last) if last is not None else None,
        when=_when(clinic, last.at if last is not None else None),
        needs=NEEDS[session.needs_person.reason] if session.needs_person is not None else "",
        needs_since=_when(clinic, session.needs_person.since) if session.needs_person is not None else "",
        language=_other_language(clinic, session),
    )


def _other_language(clinic: Clinic, session: ChatSession) -> str:
    """The patient's language when it is not the clinic's first: staff answer them in it."""
    spoken = clinic.speaking(session.language).language
    return LANGUAGES[spoken] if spoken is not clinic.languages[0] else ""


@dataclass(frozen=True, slots=True)
class AppointmentRow:
    id: str
    when: str
    patient_name: str
    doctor: str
    service: str  # "Limpieza dental · 60 min"; empty for a plain visit
    status: str
    situation: str
    can_cancel: bool
    can_mark: bool


def appointment_row(clinic: Clinic, appointment: Appointment, now: datetime) -> AppointmentRow:
    doctor = clinic.doctor(appointment.doctor_id)
    local = clinic.local(appointment.starts_at)
    if appointment.status is AppointmentStatus.CANCELLED:
        situation = "Anulada"
    elif appointment.visit is not None:
        situation = VISITS[appointment.visit]
    elif appointment.attendance_confirmed_at is not None:
        situation = "Confirmó que asistirá"
    else:
        situation = "Reservada" + (" por la clínica" if appointment.source.value == "staff" else "")
    return AppointmentRow(
        id=appointment.id,
        when=f"{_weekday(local.date())[:3]} {local:%d/%m %H:%M}",
        patient_name=appointment.patient_name,
        doctor=doctor.name if doctor is not None else appointment.doctor_id,
        service=_service(clinic, appointment),
        status=appointment.status.value,
        situation=situation,
        can_cancel=appointment.is_upcoming(now),
        can_mark=appointment.holds_time and appointment.starts_at <= now,
    )


def _service(clinic: Clinic, appointment: Appointment) -> str:
    """What the visit is for and how long it takes, as the front desk reads it."""
    service = clinic.service(appointment.service_id)
    if service is None:
        return ""
    return f"{service.name} · {minutes(appointment.ends_at - appointment.starts_at)}"
