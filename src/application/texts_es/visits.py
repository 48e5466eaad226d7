"""What a patient reads about appointments already booked: reminders, questions, cancelling, moving."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from application.buttons import ATTEND_PREFIX, CANCEL_PREFIX, KEEP, MOVE_PREFIX, START_BOOKING
from application.messages import (
    Button,
    ButtonsReply,
    ListReply,
    ListRow,
    OutboundMessage,
    TemplateReply,
    TextReply,
)
from application.texts_es import (
    appointment_buttons,
    clock,
    day_name,
    of,
    on_day,
    reminders_promise,
    short_day,
)
from application.texts_es.services import minutes
from domain.appointment import Appointment
from domain.clinic import Clinic
from domain.people import name_key


def when(clinic: Clinic, appointment: Appointment, today: date) -> str:
    """'mañana martes 1 de diciembre a las 16:00 con Dra. Camila Pérez'."""
    local = clinic.local(appointment.starts_at)
    doctor = clinic.doctor(appointment.doctor_id)
    with_whom = f" con {doctor.name}" if doctor else ""
    return f"{on_day(local.date(), today)} a las {clock(local)}{with_whom}"


def _several_people(appointments: Sequence[Appointment]) -> bool:
    return len({name_key(a.patient_name) for a in appointments}) > 1


def _whose(appointment: Appointment) -> str:
    """'Mateo: ' before an appointment when the list is of several people's."""
    return f"{appointment.patient_name.split()[0]}: " if appointment.patient_name.strip() else ""


def _in_name(appointment: Appointment) -> str:
    return f", a nombre de {appointment.patient_name}" if appointment.patient_name.strip() else ""


def your_appointments(clinic: Clinic, appointments: Sequence[Appointment], today: date) -> OutboundMessage:
    if len(appointments) == 1:
        [only] = appointments
        return ButtonsReply(
            f"Tu próxima cita es {when(clinic, only, today)}{_in_name(only)}, en {clinic.address}.",
            (
                Button(f"{MOVE_PREFIX}{only.id}", "Cambiar hora"),
                Button(f"{CANCEL_PREFIX}{only.id}", "Cancelar cita"),
            ),
        )
    several = _several_people(appointments)
    listed = "\n".join(f"• {_whose(a) if several else ''}{when(clinic, a, today)}" for a in appointments)
    return TextReply(
        f"Tienes estas citas agendadas:\n{listed}\n\n"
        "Si quieres cambiar o cancelar alguna, escríbeme «cambiar mi cita» o «cancelar mi cita»."
    )


def no_upcoming() -> ButtonsReply:
    return ButtonsReply(
        "No tienes citas agendadas con nosotros. ¿Quieres agendar una?",
        (Button(START_BOOKING, "Agendar una cita"),),
    )


def ask_cancel(clinic: Clinic, appointment: Appointment, today: date) -> ButtonsReply:
    return ButtonsReply(
        f"¿Quieres cancelar tu cita {of(when(clinic, appointment, today))}?",
        (Button(f"{CANCEL_PREFIX}{appointment.id}", "Sí, cancelarla"), Button(KEEP, "No, mantenerla")),
    )


def which_one(
    clinic: Clinic, appointments: Sequence[Appointment], today: date, *, to_cancel: bool
) -> ListReply:
    """A menu of the patient's appointments; tapping one cancels it or starts moving it."""
    prefix, verb = (CANCEL_PREFIX, "cancelar") if to_cancel else (MOVE_PREFIX, "cambiar")
    rows = []
    several = _several_people(appointments)
    for appointment in appointments[:10]:
        local = clinic.local(appointment.starts_at)
        doctor = clinic.doctor(appointment.doctor_id)
        with_whom = doctor.name if doctor else ""
        if several:  # whose it is first: "Mateo · Dra. Camila Pérez"
            with_whom = f"{appointment.patient_name.split()[0]} · {with_whom}".strip(" ·")
        rows.append(
            ListRow(f"{prefix}{appointment.id}", f"{short_day(local.date())} {clock(local)}", with_whom)
        )
    return ListReply(f"Tienes varias citas agendadas. ¿Cuál quieres {verb}?", "Ver citas", tuple(rows))


def cancelled(clinic: Clinic, appointment: Appointment, today: date) -> ButtonsReply:
    return ButtonsReply(
        f"Listo, cancelé tu cita {of(when(clinic, appointment, today))}. Ese horario quedó libre. "
        "Si quieres, podemos agendar otra.",
        (Button(START_BOOKING, "Agendar otra cita"),),
    )


def cancelled_by_clinic(clinic: Clinic, appointment: Appointment, today: date) -> ButtonsReply:
    return ButtonsReply(
        f"{clinic.name} canceló tu cita {of(when(clinic, appointment, today))}. "
        "Disculpa las molestias. Si quieres, podemos agendar otra.",
        (Button(START_BOOKING, "Agendar otra cita"),),
    )


def kept() -> TextReply:
    return TextReply("Perfecto, tu cita se mantiene. ¡Te esperamos!")


def attendance_confirmed(clinic: Clinic, appointment: Appointment, today: date) -> TextReply:
    return TextReply(
        f"¡Gracias por confirmar! Te esperamos {when(clinic, appointment, today)}, en {clinic.address}."
    )


def appointment_gone() -> ButtonsReply:
    return ButtonsReply(
        "Esa cita ya no está vigente: fue cancelada, cambiada o ya pasó. ¿Quieres agendar una nueva?",
        (Button(START_BOOKING, "Agendar una cita"),),
    )


def moving(clinic: Clinic, appointment: Appointment, today: date) -> str:
    """The lead of the first question when a patient moves an appointment."""
    return f"Cambiemos tu cita {of(when(clinic, appointment, today))}."


def moved(
    clinic: Clinic, appointment: Appointment, today: date, reminders: Sequence[timedelta] = ()
) -> ButtonsReply:
    return ButtonsReply(
        f"✅ ¡Listo! Tu cita quedó para {when(clinic, appointment, today)}, en {clinic.address}."
        + reminders_promise(reminders),
        appointment_buttons(appointment),
    )


def reminder(clinic: Clinic, appointment: Appointment, today: date) -> TemplateReply:
    """The clinic's approved reminder template: name, day, time, doctor and address, three quick replies."""
    local = clinic.local(appointment.starts_at)
    doctor = clinic.doctor(appointment.doctor_id)
    doctor_name = doctor.name if doctor else clinic.name
    service = clinic.service(appointment.service_id)
    if service is not None:  # the approved template's parameters stay five: the service goes with the doctor
        doctor_name = (
            f"{doctor_name} ({service.name}, {minutes(appointment.ends_at - appointment.starts_at)})"
        )
    name = appointment.patient_name.split()[0] if appointment.patient_name.strip() else ""
    parameters = (name, day_name(local.date(), today), clock(local), doctor_name, clinic.address)
    policy = clinic.reminders
    return TemplateReply(
        name=policy.template,
        language=policy.language,
        body_parameters=parameters,
        quick_reply_payloads=(
            f"{ATTEND_PREFIX}{appointment.id}",
            f"{CANCEL_PREFIX}{appointment.id}",
            f"{MOVE_PREFIX}{appointment.id}",
        ),
        body=(
            f"Hola {name}, te recordamos tu cita {on_day(local.date(), today)} a las {clock(local)} "
            f"con {doctor_name} en {clinic.address}. [Asistiré] [Cancelar] [Cambiar hora]"
        ),
    )
