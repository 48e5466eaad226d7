"""What a patient reads about appointments already booked: reminders, questions, cancelling, moving."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from application.buttons import ATTEND_PREFIX, CANCEL_PREFIX, KEEP, MOVE_PREFIX
from application.messages import (
    Button,
    ButtonsReply,
    ListReply,
    ListRow,
    OutboundMessage,
    TemplateReply,
    TextReply,
)
from application.speech import speech
from application.texts_es import (
    appointment_buttons,
    at_clock,
    clock,
    day_name,
    of,
    on_day,
    reminders_promise,
    short_day,
    start_button,
)
from application.texts_es.services import minutes
from domain.appointment import Appointment
from domain.clinic import Clinic
from domain.people import name_key


def when(clinic: Clinic, appointment: Appointment, today: date) -> str:
    """'mañana martes 1 de diciembre a las 16:00 con Dra. Camila Pérez'."""
    _ = speech(clinic)
    local = clinic.local(appointment.starts_at)
    doctor = clinic.doctor(appointment.doctor_id)
    moment = f"{on_day(clinic, local.date(), today)} {at_clock(clinic, local)}"
    if doctor is None:
        return moment
    return _("{when} con {doctor}").format(when=moment, doctor=doctor.name)


def _several_people(appointments: Sequence[Appointment]) -> bool:
    return len({name_key(a.patient_name) for a in appointments}) > 1


def _whose(appointment: Appointment) -> str:
    """'Mateo: ' before an appointment when the list is of several people's."""
    return f"{appointment.patient_name.split()[0]}: " if appointment.patient_name.strip() else ""


def _in_name(clinic: Clinic, appointment: Appointment) -> str:
    _ = speech(clinic)
    if not appointment.patient_name.strip():
        return ""
    return _(", a nombre de {name}").format(name=appointment.patient_name)


def your_appointments(clinic: Clinic, appointments: Sequence[Appointment], today: date) -> OutboundMessage:
    _ = speech(clinic)
    if len(appointments) == 1:
        [only] = appointments
        return ButtonsReply(
            _("Tu próxima cita es {when}{name}, en {address}.").format(
                when=when(clinic, only, today), name=_in_name(clinic, only), address=clinic.address
            ),
            appointment_buttons(clinic, only),
        )
    several = _several_people(appointments)
    listed = "\n".join(f"• {_whose(a) if several else ''}{when(clinic, a, today)}" for a in appointments)
    return TextReply(
        _(
            "Tienes estas citas agendadas:\n{listed}\n\n"
            "Si quieres cambiar o cancelar alguna, escríbeme «cambiar mi cita» o «cancelar mi cita»."
        ).format(listed=listed)
    )


def no_upcoming(clinic: Clinic) -> ButtonsReply:
    _ = speech(clinic)
    return ButtonsReply(
        _("No tienes citas agendadas con nosotros. ¿Quieres agendar una?"), (start_button(clinic),)
    )


def ask_cancel(clinic: Clinic, appointment: Appointment, today: date) -> ButtonsReply:
    _ = speech(clinic)
    return ButtonsReply(
        _("¿Quieres cancelar tu cita {when}?").format(when=of(clinic, when(clinic, appointment, today))),
        (
            Button(f"{CANCEL_PREFIX}{appointment.id}", _.pgettext("button", "Sí, cancelarla")),
            Button(KEEP, _.pgettext("button", "No, mantenerla")),
        ),
    )


def which_one(
    clinic: Clinic, appointments: Sequence[Appointment], today: date, *, to_cancel: bool
) -> ListReply:
    """A menu of the patient's appointments; tapping one cancels it or starts moving it."""
    _ = speech(clinic)
    prefix = CANCEL_PREFIX if to_cancel else MOVE_PREFIX
    rows = []
    several = _several_people(appointments)
    for appointment in appointments[:10]:
        local = clinic.local(appointment.starts_at)
        doctor = clinic.doctor(appointment.doctor_id)
        with_whom = doctor.name if doctor else ""
        if several:  # whose it is first: "Mateo · Dra. Camila Pérez"
            with_whom = f"{appointment.patient_name.split()[0]} · {with_whom}".strip(" ·")
        title = f"{short_day(clinic, local.date())} {clock(clinic, local)}"[:24]
        rows.append(ListRow(f"{prefix}{appointment.id}", title, with_whom))
    question = (
        _("Tienes varias citas agendadas. ¿Cuál quieres cancelar?")
        if to_cancel
        else _("Tienes varias citas agendadas. ¿Cuál quieres cambiar?")
    )
    return ListReply(question, _.pgettext("button", "Ver citas"), tuple(rows))


def _book_again(clinic: Clinic) -> tuple[Button, ...]:
    _ = speech(clinic)
    return (start_button(clinic, _.pgettext("button", "Agendar otra cita")),)


def cancelled(clinic: Clinic, appointment: Appointment, today: date) -> ButtonsReply:
    _ = speech(clinic)
    return ButtonsReply(
        _("Listo, cancelé tu cita {when}. Ese horario quedó libre. Si quieres, podemos agendar otra.").format(
            when=of(clinic, when(clinic, appointment, today))
        ),
        _book_again(clinic),
    )


def cancelled_by_clinic(clinic: Clinic, appointment: Appointment, today: date) -> ButtonsReply:
    _ = speech(clinic)
    return ButtonsReply(
        _(
            "{clinic} canceló tu cita {when}. Disculpa las molestias. Si quieres, podemos agendar otra."
        ).format(clinic=clinic.name, when=of(clinic, when(clinic, appointment, today))),
        _book_again(clinic),
    )


def moved_by_clinic(clinic: Clinic, appointment: Appointment, today: date) -> ButtonsReply:
    """The clinic moved the appointment (at the desk): its new time, and a way to change it again."""
    _ = speech(clinic)
    return ButtonsReply(
        _(
            "{clinic} cambió tu cita: ahora es {when}, en {address}. Disculpa las molestias. "
            "Si no te acomoda, puedes cambiarla o cancelarla aquí."
        ).format(clinic=clinic.name, when=when(clinic, appointment, today), address=clinic.address),
        appointment_buttons(clinic, appointment),
    )


def kept(clinic: Clinic) -> TextReply:
    _ = speech(clinic)
    return TextReply(_("Perfecto, tu cita se mantiene. ¡Te esperamos!"))


def attendance_confirmed(clinic: Clinic, appointment: Appointment, today: date) -> TextReply:
    _ = speech(clinic)
    return TextReply(
        _("¡Gracias por confirmar! Te esperamos {when}, en {address}.").format(
            when=when(clinic, appointment, today), address=clinic.address
        )
    )


def appointment_gone(clinic: Clinic) -> ButtonsReply:
    _ = speech(clinic)
    return ButtonsReply(
        _("Esa cita ya no está vigente: fue cancelada, cambiada o ya pasó. ¿Quieres agendar una nueva?"),
        (start_button(clinic),),
    )


def moving(clinic: Clinic, appointment: Appointment, today: date) -> str:
    """The lead of the first question when a patient moves an appointment."""
    _ = speech(clinic)
    return _("Cambiemos tu cita {when}.").format(when=of(clinic, when(clinic, appointment, today)))


def moved(
    clinic: Clinic, appointment: Appointment, today: date, reminders: Sequence[timedelta] = ()
) -> ButtonsReply:
    _ = speech(clinic)
    return ButtonsReply(
        _("✅ ¡Listo! Tu cita quedó para {when}, en {address}.").format(
            when=when(clinic, appointment, today), address=clinic.address
        )
        + reminders_promise(clinic, reminders),
        appointment_buttons(clinic, appointment),
    )


def reminder(clinic: Clinic, appointment: Appointment, today: date) -> TemplateReply:
    """The clinic's approved reminder template: name, day, time, doctor and address, three quick replies.

    The parameters are the clinic's words for the day and the time; the body (what the console
    shows) is the approved template's, not ours: it is here only for the conversation's record.
    """
    _ = speech(clinic)
    local = clinic.local(appointment.starts_at)
    doctor = clinic.doctor(appointment.doctor_id)
    doctor_name = doctor.name if doctor else clinic.name
    service = clinic.service(appointment.service_id)
    if service is not None:  # the approved template's parameters stay five: the service goes with the doctor
        doctor_name = (
            f"{doctor_name} ({service.name}, {minutes(appointment.ends_at - appointment.starts_at)})"
        )
    name = appointment.patient_name.split()[0] if appointment.patient_name.strip() else ""
    day, time = day_name(clinic, local.date(), today), clock(clinic, local)
    parameters = (name, day, time, doctor_name, clinic.address)
    template = clinic.reminders.template_for(clinic.language)  # the patient's language's own
    return TemplateReply(
        name=template.name,
        language=template.code,
        body_parameters=parameters,
        quick_reply_payloads=(
            f"{ATTEND_PREFIX}{appointment.id}",
            f"{CANCEL_PREFIX}{appointment.id}",
            f"{MOVE_PREFIX}{appointment.id}",
        ),
        body=_(
            "Hola {name}, te recordamos tu cita {day} {time} con {doctor} en {address}. "
            "[Asistiré] [Cancelar] [Cambiar horario]"
        ).format(
            name=name,
            day=on_day(clinic, local.date(), today),
            time=at_clock(clinic, local),
            doctor=doctor_name,
            address=clinic.address,
        ),
    )
