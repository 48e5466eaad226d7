"""What the console's templates show: conversations, messages and appointments as rows, in Spanish."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from application.texts_es import WEEKDAYS
from domain.appointment import Appointment, AppointmentStatus, VisitOutcome
from domain.clinic import Clinic
from domain.conversation import ChatSession, ConversationState, Speaker, Turn
from domain.ids import AddressKind, PatientAddress
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


def _shown(patient: PatientAddress) -> str:
    return f"+{patient.value}" if patient.kind is AddressKind.PHONE else patient.value


def _when(clinic: Clinic, moment: datetime | None) -> str:
    if moment is None:
        return ""
    local = clinic.local(moment)
    return f"{local:%d/%m %H:%M}"


def day_title(day: date, today: date) -> str:
    name = f"{WEEKDAYS[day.weekday()]} {day:%d/%m}"
    return f"Hoy, {name}" if day == today else name.capitalize()


@dataclass(frozen=True, slots=True)
class Said:
    speaker: str
    who: str
    text: str
    when: str


def said(clinic: Clinic, turn: Turn) -> Said:
    return Said(turn.speaker.value, SPEAKERS[turn.speaker], turn.text, _when(clinic, turn.at))


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


def conversation_row(clinic: Clinic, session: ChatSession, seen: datetime | None) -> ConversationRow:
    last = session.history[-1] if session.history else None
    unread = sum(
        1 for turn in session.history if turn.speaker is Speaker.PATIENT and (seen is None or turn.at > seen)
    )
    return ConversationRow(
        path=patient_path(session.patient),
        shown=_shown(session.patient),
        state=STATES[session.state],
        state_class=session.state.value.lower(),
        bot_enabled=session.bot_enabled,
        unread=unread,
        last=said(clinic, last) if last is not None else None,
        when=_when(clinic, last.at if last is not None else None),
    )


@dataclass(frozen=True, slots=True)
class AppointmentRow:
    id: str
    when: str
    patient_name: str
    doctor: str
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
        when=f"{WEEKDAYS[local.weekday()][:3]} {local:%d/%m %H:%M}",
        patient_name=appointment.patient_name,
        doctor=doctor.name if doctor is not None else appointment.doctor_id,
        status=appointment.status.value,
        situation=situation,
        can_cancel=appointment.is_upcoming(now),
        can_mark=appointment.holds_time and appointment.starts_at <= now,
    )
