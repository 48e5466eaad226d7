"""What a patient reads about the waitlist: the invitation when a day is full, joining, leaving,
a freed time offered, and that it has gone."""

from __future__ import annotations

from datetime import date, datetime

from application.buttons import (
    WAITLIST_DECLINE_PREFIX,
    WAITLIST_LEAVE,
    WAITLIST_TAKE_PREFIX,
    waitlist_join_id,
)
from application.messages import Button, ButtonsReply, TemplateReply, TextReply
from application.speech import speech
from application.texts_es import at_clock, clock, day_name, on_day, part_of_day
from domain.clinic import Clinic, Doctor
from domain.waitlist import OFFER_FOR, WaitlistEntry, WaitlistOffer, Want


def _when(clinic: Clinic, want: Want, today: date) -> str:
    """'el viernes 4 de diciembre a las 16:00', 'mañana martes 1 de diciembre en la tarde'."""
    day = on_day(clinic, want.day, today)
    if want.at is not None:
        moment = datetime.combine(want.day, want.at, tzinfo=clinic.timezone)
        return f"{day} {at_clock(clinic, moment)}"
    if want.part is not None:
        return f"{day} {part_of_day(clinic, want.part)}"
    return day


def invite(clinic: Clinic, want: Want, today: date) -> ButtonsReply:
    """Said after a full day or time: joining the waitlist is one tap."""
    _ = speech(clinic)
    return ButtonsReply(
        _(
            "Si quieres, te anoto en la lista de espera para {when}: si se libera un horario, "
            "te lo ofrezco por aquí."
        ).format(when=_when(clinic, want, today)),
        (Button(waitlist_join_id(want.day, want.at), _.pgettext("button", "Lista de espera")),),
    )


def joined(clinic: Clinic, want: Want, today: date) -> ButtonsReply:
    _ = speech(clinic)
    return ButtonsReply(
        _(
            "Listo, quedaste en la lista de espera para {when}. Si se libera un horario te aviso por "
            "aquí, y se lo queda quien lo confirme primero."
        ).format(when=_when(clinic, want, today)),
        (Button(WAITLIST_LEAVE, _.pgettext("button", "Salir de la lista")),),
    )


def already_waiting(clinic: Clinic, want: Want, today: date) -> ButtonsReply:
    _ = speech(clinic)
    return ButtonsReply(
        _("Ya estás en la lista de espera para {when}. Te aviso si se libera un horario.").format(
            when=_when(clinic, want, today)
        ),
        (Button(WAITLIST_LEAVE, _.pgettext("button", "Salir de la lista")),),
    )


def left(clinic: Clinic) -> TextReply:
    _ = speech(clinic)
    return TextReply(_("Listo, saliste de la lista de espera."))


def not_waiting(clinic: Clinic) -> TextReply:
    _ = speech(clinic)
    return TextReply(_("No estás en ninguna lista de espera."))


def cannot_wait(clinic: Clinic) -> TextReply:
    """A join for a day past or beyond what the clinic books."""
    _ = speech(clinic)
    return TextReply(_("Para ese día no puedo anotarte en la lista de espera."))


def offer(clinic: Clinic, entry: WaitlistEntry, made: WaitlistOffer, now: datetime) -> ButtonsReply:
    """A freed time, within the 24-hour window: two buttons."""
    _ = speech(clinic)
    return ButtonsReply(
        _offer_text(clinic, entry, made, now),
        (
            Button(f"{WAITLIST_TAKE_PREFIX}{made.id}", _.pgettext("button", "Reservar")),
            Button(f"{WAITLIST_DECLINE_PREFIX}{made.id}", _.pgettext("button", "No, gracias")),
        ),
    )


def offer_template(clinic: Clinic, entry: WaitlistEntry, made: WaitlistOffer, now: datetime) -> TemplateReply:
    """A freed time, outside the 24-hour window: the clinic's approved waitlist template, whose body
    takes the patient's first name, the day, the time and the doctor, and two quick replies
    (take, pass). The body here is only the conversation's record."""
    local = clinic.local(made.slot.starts_at)
    today = clinic.today(now)
    doctor = clinic.doctor(made.slot.doctor_id)
    name = entry.person_name.split()[0] if entry.person_name.strip() else ""
    template = clinic.reminders.waitlist_template_for(clinic.language)  # the patient's language's own
    return TemplateReply(
        name=template.name,
        language=template.code,
        body_parameters=(
            name,
            day_name(clinic, local.date(), today),
            clock(clinic, local),
            _doctor(clinic, doctor),
        ),
        quick_reply_payloads=(f"{WAITLIST_TAKE_PREFIX}{made.id}", f"{WAITLIST_DECLINE_PREFIX}{made.id}"),
        body=_offer_text(clinic, entry, made, now),
    )


def _doctor(clinic: Clinic, doctor: Doctor | None) -> str:
    return doctor.name if doctor is not None else clinic.name


def _offer_text(clinic: Clinic, entry: WaitlistEntry, made: WaitlistOffer, now: datetime) -> str:
    _ = speech(clinic)
    local = clinic.local(made.slot.starts_at)
    today = clinic.today(now)
    service = clinic.service(entry.want.service_id)
    minutes = int(OFFER_FOR.total_seconds() // 60)
    what = f"{on_day(clinic, local.date(), today)} {at_clock(clinic, local)}"
    doctor = clinic.doctor(made.slot.doctor_id)
    with_whom = _(" con {doctor}").format(doctor=doctor.name) if doctor is not None else ""
    service_name = _(" para {service}").format(service=service.name) if service is not None else ""
    return _(
        "¡Se liberó un horario! {when}{doctor}{service}. Estás en la lista de espera: ¿lo quieres? "
        "Se lo queda quien confirme primero; la oferta dura {minutes} minutos."
    ).format(when=what[:1].upper() + what[1:], doctor=with_whom, service=service_name, minutes=minutes)


def gone(clinic: Clinic) -> TextReply:
    """An offered time another patient booked first (or that ran out): they stay on the list."""
    _ = speech(clinic)
    return TextReply(
        _(
            "Lo siento, ese horario ya no está disponible. Sigues en la lista de espera: "
            "te aviso si se libera otro."
        )
    )


def passed(clinic: Clinic) -> TextReply:
    _ = speech(clinic)
    return TextReply(_("Entendido. Sigues en la lista de espera."))
