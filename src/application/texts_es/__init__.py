"""Every sentence a patient reads, in Spanish, in one place. Facts come from server data only."""

from __future__ import annotations

import urllib.parse
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from application.buttons import (
    CANCEL_BOOKING,
    CANCEL_PREFIX,
    CONFIRM_BOOKING,
    EDIT_BOOKING,
    FOR_SELF,
    FOR_SOMEONE,
    MOVE_PREFIX,
    PERSON_PREFIX,
    START_BOOKING,
    day_id,
    slot_id,
)
from application.messages import (
    Button,
    ButtonsReply,
    InboundKind,
    ListReply,
    ListRow,
    OutboundMessage,
    TextReply,
)
from application.texts_es import services
from domain.appointment import Appointment
from domain.availability import Slot
from domain.clinic import Clinic, Doctor, FaqEntry
from domain.conversation import CollectedFields
from domain.people import SELF, SOMEONE, Person
from domain.services import Service
from domain.when import DayPart

WEEKDAYS = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")
MONTHS = (
    "enero", "febrero", "marzo", "abril", "mayo", "junio",
    "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
)  # fmt: skip
PARTS = {DayPart.MORNING: "en la mañana", DayPart.AFTERNOON: "en la tarde", DayPart.EVENING: "en la noche"}


def day_name(day: date, today: date | None = None) -> str:
    """'martes 2 de diciembre', with 'hoy'/'mañana' in front when it helps."""
    name = f"{WEEKDAYS[day.weekday()]} {day.day} de {MONTHS[day.month - 1]}"
    if today is not None and day == today:
        return f"hoy {name}"
    if today is not None and day == today + timedelta(days=1):
        return f"mañana {name}"
    return name


def on_day(day: date, today: date) -> str:
    """'mañana martes 1 de diciembre' or 'el miércoles 2 de diciembre': what follows 'para', 'es'..."""
    name = day_name(day, today)
    return name if name.startswith(("hoy", "mañana")) else f"el {name}"


def of(phrase: str) -> str:
    """'de' before a day phrase, contracted: 'del viernes 4 ...', 'de mañana martes 1 ...'."""
    return f"del {phrase.removeprefix('el ')}" if phrase.startswith("el ") else f"de {phrase}"


def of_day(day: date, today: date) -> str:
    """'de mañana martes 1 de diciembre' or 'del miércoles 2 de diciembre'."""
    return of(on_day(day, today))


def short_day(day: date) -> str:
    """'mar 2 dic': fits a 20-character button."""
    return f"{WEEKDAYS[day.weekday()][:3]} {day.day} {MONTHS[day.month - 1][:3]}"


def clock(moment: datetime) -> str:
    return moment.strftime("%H:%M")


def short_doctor(doctor: Doctor) -> str:
    """'Dra. Pérez' from 'Dra. Camila Pérez'."""
    words = doctor.name.split()
    title = words[0] if words and words[0].endswith(".") else ""
    return f"{title} {words[-1]}".strip() if words else doctor.id


def welcome(clinic: Clinic) -> ButtonsReply:
    return ButtonsReply(
        f"¡Hola! Soy el asistente de {clinic.name}. Puedo agendarte una cita o responder tus dudas. "
        "¿Qué necesitas?",
        (Button(START_BOOKING, "Agendar una cita"),),
    )


def _for(clinic: Clinic, service: Service | None) -> str:
    """' de «Limpieza dental» (60 min)' when the patient asked for a service, else nothing."""
    if service is None:
        return ""
    return f" de {services.label(clinic, service)}"


def ask_day(
    clinic: Clinic, free_days: Sequence[date], today: date, lead: str = "", service: Service | None = None
) -> OutboundMessage:
    intro = f"{lead}\n\n" if lead else ""
    if not free_days:
        return TextReply(
            f"{intro}Por ahora no tenemos horas disponibles{_for(clinic, service)}. {contact(clinic)}"
        )
    listed = ", ".join(day_name(day, today) for day in free_days)
    return ButtonsReply(
        f"{intro}¿Para qué día quieres tu cita{_for(clinic, service)}? Los próximos días con horas "
        f"disponibles son: {listed}. "
        "También puedes escribirme otra fecha.",
        tuple(Button(day_id(day), short_day(day)) for day in free_days[:3]),
    )


def offer_slots(
    clinic: Clinic,
    slots: Sequence[Slot],
    day: date,
    today: date,
    lead: str = "",
    service: Service | None = None,
) -> OutboundMessage:
    """The times on offer for a day: buttons for three or fewer, a list beyond that."""
    intro = f"{lead}\n\n" if lead else ""
    body = (
        f"{intro}Estas son las horas disponibles{_for(clinic, service)} para {on_day(day, today)}. "
        "¿Cuál prefieres?"
    )
    if len(slots) <= 3:
        return ButtonsReply(body, tuple(Button(slot_id(s), _slot_title(clinic, s, False)) for s in slots))
    rows = tuple(
        ListRow(slot_id(s), clock(clinic.local(s.starts_at)), _doctor_label(clinic, s)) for s in slots
    )
    return ListReply(body + " También puedes escribirme la hora.", "Ver horas", rows)


def time_not_available(
    clinic: Clinic, asked: str, alternatives: Sequence[Slot], today: date
) -> OutboundMessage:
    if not alternatives:
        return TextReply(f"{asked} no hay horas disponibles. ¿Quieres probar otro día?")
    nearest = ", ".join(_slot_phrase(clinic, s, today) for s in alternatives)
    several_days = len({clinic.local(s.starts_at).date() for s in alternatives}) > 1
    return ButtonsReply(
        f"{asked} no hay horas disponibles. Lo más cercano que tengo: {nearest}. ¿Te sirve alguna?",
        tuple(Button(slot_id(s), _slot_title(clinic, s, several_days)) for s in alternatives[:3]),
    )


def slot_just_taken(clinic: Clinic, alternatives: Sequence[Slot], today: date) -> OutboundMessage:
    return time_not_available(clinic, "Lo siento, ese horario acaba de ocuparse:", alternatives, today)


def ask_name() -> ButtonsReply:
    """Whom the appointment is for, when the phone has booked for nobody yet."""
    return ButtonsReply(
        "¿La cita es para ti o para otra persona? Escríbeme el nombre y apellido de quien se atenderá.",
        (Button(FOR_SELF, "Para mí"), Button(FOR_SOMEONE, "Otra persona")),
    )


def ask_who(people: Sequence[Person], relation: str | None) -> OutboundMessage:
    """Whom the appointment is for: the name of the person the patient spoke of, or one of the
    people this phone booked for before ("¿Para quién es? [Ana] [Mateo] [Otra persona]")."""
    if relation == SELF:
        return TextReply("¿Cuál es tu nombre y apellido?")
    if relation == SOMEONE:
        return TextReply("¿Cómo se llama la persona que se atenderá? Escríbeme su nombre y apellido.")
    if relation is not None:
        return TextReply(f"¿Cómo se llama tu {_one(relation)}? Escríbeme su nombre y apellido.")
    if not people:
        return ask_name()
    body = "¿Para quién es la cita? Si es para alguien más, escríbeme su nombre y apellido."
    someone = "Otra persona"
    if len(people) <= 2:
        return ButtonsReply(
            body,
            (
                *(Button(f"{PERSON_PREFIX}{p.id}", _person_title(p)) for p in people),
                Button(FOR_SOMEONE, someone),
            ),
        )
    rows = tuple(ListRow(f"{PERSON_PREFIX}{p.id}", _person_title(p), p.name[:72]) for p in people[:9])
    return ListReply(body, "Elegir", (*rows, ListRow(FOR_SOMEONE, someone, "")))


def _person_title(person: Person) -> str:
    """A button's title (20 characters at most): the first name, or the whole name if it fits."""
    return person.name if len(person.name) <= 20 else person.first_name[:20]


def for_whom(name: str, relation: str | None) -> str:
    """'Mateo Rojas (tu hijo)': whom the card is for, with how the patient named them."""
    if relation is None or relation in (SELF, SOMEONE):
        return name
    return f"{name} (tu {_one(relation)})"


def _one(relation: str) -> str:
    """One of them: an appointment is for one person ("mis hijos" -> "hijo o hija")."""
    return "hijo o hija" if relation == "hijos" else relation


def confirmation_card(
    clinic: Clinic,
    fields: CollectedFields,
    today: date,
    moving_from: datetime | None = None,
    service: Service | None = None,
) -> ButtonsReply:
    """The summary the patient confirms: built from server data, never from the NLU's words."""
    if fields.slot is None or not fields.patient_name:
        raise ValueError("a confirmation card needs a chosen slot and a name")
    doctor = clinic.doctor(fields.slot.doctor_id)
    starts = clinic.local(fields.slot.starts_at)
    who = f"{doctor.name} ({doctor.specialty})" if doctor else ""
    what = f"📋 {visit_label(clinic, service, fields.slot)}\n" if service is not None else ""
    heading = "Revisa los datos de tu cita:\n"
    if moving_from is not None:
        was = clinic.local(moving_from)
        heading = (
            f"Cambiaremos tu cita {of_day(was.date(), today)} a las {clock(was)} hrs a esta nueva hora:\n"
        )
    return ButtonsReply(
        heading + f"👤 {for_whom(fields.patient_name, fields.relation)}\n"
        f"{what}"
        f"🩺 {who}\n"
        f"📅 {day_name(starts.date(), today)}\n"
        f"🕒 {clock(starts)} hrs\n"
        f"📍 {clinic.name}, {clinic.address}\n\n"
        + ("¿Confirmo el cambio?" if moving_from is not None else "¿La confirmo?"),
        (
            Button(CONFIRM_BOOKING, "Confirmar"),
            Button(EDIT_BOOKING, "Cambiar"),
            Button(CANCEL_BOOKING, "Cancelar"),
        ),
    )


def visit_label(clinic: Clinic, service: Service, slot: Slot) -> str:
    """'Limpieza dental · 60 min · $35.000': the service, its real length and its price."""
    parts = [service.name, services.minutes(slot.ends_at - slot.starts_at)]
    if service.price is not None:
        parts.append(services.price(service.price))
    return " · ".join(parts)


def booked(
    clinic: Clinic,
    doctor: Doctor,
    appointment: Appointment,
    today: date,
    reminders: Sequence[timedelta] = (),
    service: Service | None = None,
    relation: str | None = None,
) -> ButtonsReply:
    """The booked appointment's card: who, what, when, with whom and where, and what to do with it."""
    patient_name = appointment.patient_name
    local = clinic.local(appointment.starts_at)
    what = f" ({service.name}, {services.minutes(clinic.visit_length(service, doctor))})" if service else ""
    # To the patient about themselves; about someone else, to the one writing ("la cita de Mateo").
    done = (
        f"¡Listo! La cita de {patient_name} quedó agendada"
        if relation not in (None, SELF)
        else f"¡Listo, {patient_name.split()[0]}! Tu cita quedó agendada"
    )
    return ButtonsReply(
        f"✅ {done} con {doctor.name}{what} "
        f"{on_day(local.date(), today)} a las {clock(local)} hrs en {clinic.address}."
        + reminders_promise(reminders),
        appointment_buttons(appointment),
    )


def appointment_buttons(appointment: Appointment) -> tuple[Button, ...]:
    """What a patient can do with a booked appointment from its card."""
    return (
        Button(f"{MOVE_PREFIX}{appointment.id}", "Cambiar hora"),
        Button(f"{CANCEL_PREFIX}{appointment.id}", "Cancelar cita"),
    )


def reminders_promise(reminders: Sequence[timedelta]) -> str:
    """'\nTe enviaremos un recordatorio un día antes y una hora antes.' for the reminders scheduled."""
    if not reminders:
        return ""
    return f"\nTe enviaremos un recordatorio {_and(sorted(reminders, reverse=True))}."


def ahead(offset: timedelta) -> str:
    """'un día antes', '2 horas antes', '30 minutos antes'."""
    minutes = int(offset.total_seconds()) // 60
    for size, one, many in (
        (24 * 60, "un día", "días"),
        (60, "una hora", "horas"),
        (1, "un minuto", "minutos"),
    ):
        if minutes % size == 0:
            count = minutes // size
            return f"{one if count == 1 else f'{count} {many}'} antes"
    return f"{minutes} minutos antes"


def _and(offsets: Sequence[timedelta]) -> str:
    words = [ahead(offset) for offset in offsets]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} y {words[-1]}"


def already_booked() -> TextReply:
    return TextReply("Tu cita ya está confirmada. Si quieres agendar otra, escríbeme «quiero una cita».")


def nothing_to_confirm() -> TextReply:
    return TextReply("No tengo ninguna reserva pendiente de confirmar. ¿Quieres agendar una cita?")


def booking_abandoned() -> TextReply:
    return TextReply(
        "Listo, descarté la reserva en curso. Si quieres agendar otra cita, escríbeme cuando quieras."
    )


def nothing_to_cancel() -> TextReply:
    return TextReply("No tienes ninguna reserva en curso ni citas agendadas. ¿Te ayudo a agendar una cita?")


def reset_done(clinic: Clinic) -> ButtonsReply:
    fresh = welcome(clinic)
    return ButtonsReply("Empecemos de nuevo. " + fresh.body, fresh.buttons)


def day_in_past(day: date, today: date) -> str:
    return f"{on_day(day, today).capitalize()} ya pasó."


def day_beyond_horizon(clinic: Clinic, day: date) -> str:
    return (
        f"Por ahora agendamos hasta {clinic.policy.horizon_days} días adelante, "
        f"y el {day_name(day)} queda fuera de ese plazo."
    )


def day_full(day: date, today: date, doctor: Doctor | None) -> str:
    with_whom = f" con {doctor.name}" if doctor else ""
    return f"{on_day(day, today).capitalize()} no quedan horas disponibles{with_whom}."


def part_full(part: DayPart) -> str:
    return f"{PARTS[part].capitalize()} no quedan horas ese día."


def faq_answer(entry: FaqEntry) -> TextReply:
    return TextReply(entry.answer)


def thanks() -> TextReply:
    return TextReply("¡De nada! Aquí estoy si necesitas algo más.")


def not_understood() -> TextReply:
    return TextReply(
        "No estoy seguro de haberte entendido. Puedo agendarte una cita: dime, por ejemplo, "
        "«mañana en la tarde» o «el lunes a las 10»."
    )


def unknown_option() -> TextReply:
    return TextReply("Esa opción ya no está vigente.")


def empty_message() -> TextReply:
    return TextReply("No alcancé a leer tu mensaje. ¿Me lo escribes de nuevo, por favor?")


_RECEIVED = {
    InboundKind.IMAGE: "tu foto",
    InboundKind.VIDEO: "tu video",
    InboundKind.DOCUMENT: "tu documento",
    InboundKind.CONTACTS: "el contacto",
    InboundKind.AUDIO: "tu audio",
}


def received_for_staff(clinic: Clinic, kind: InboundKind) -> TextReply:
    """A photo, a document, a contact card...: kept for the clinic's team to look at."""
    what = _RECEIVED.get(kind, "tu mensaje")
    return TextReply(f"Recibimos {what}. El equipo de {clinic.name} lo revisará.")


def cannot_listen_yet(clinic: Clinic) -> TextReply:
    """A voice note with no transcriber set up: staff get the audio, the patient is asked to write."""
    return TextReply(
        f"Todavía no puedo escuchar audios; se lo dejo al equipo de {clinic.name}. "
        "Si quieres agendar o preguntar algo, ¿me lo escribes, por favor?"
    )


def could_not_hear(clinic: Clinic) -> TextReply:
    """A voice note transcribed to nothing, or refused: staff have the audio."""
    return TextReply(
        f"No alcancé a entender tu audio; se lo dejo al equipo de {clinic.name}. ¿Me lo escribes, por favor?"
    )


def where_we_are(clinic: Clinic) -> TextReply:
    """The answer to a shared location: the clinic's address and a maps link to it."""
    query = urllib.parse.quote_plus(f"{clinic.name}, {clinic.address}")
    return TextReply(
        f"Estamos en {clinic.address}. Cómo llegar: https://www.google.com/maps/search/?api=1&query={query}"
    )


def back_to_booking() -> str:
    """The lead that repeats the open question after a sticker or an aside."""
    return "😊 Sigamos con tu cita."


def handoff(clinic: Clinic) -> TextReply:
    """The patient asked for a person: the bot pauses for them until staff hand it back."""
    urgent = f" Si es urgente, llámanos al {clinic.phone}." if clinic.phone else ""
    return TextReply(
        f"Claro. Le pasé tu conversación a una persona de {clinic.name}, que te contestará por "
        f"este mismo chat.{urgent}"
    )


def handed_to_staff(clinic: Clinic) -> TextReply:
    """After repeated failures: a person of the clinic takes the conversation over."""
    urgent = f" Si es urgente, llámanos al {clinic.phone}." if clinic.phone else ""
    return TextReply(
        "Disculpa, estoy teniendo problemas para responderte. Le pasé tu conversación a una persona "
        f"de {clinic.name}, que te contestará por este mismo chat.{urgent}"
    )


def nlu_unavailable() -> TextReply:
    return TextReply(
        "Disculpa, tuve un problema para entender tu mensaje. ¿Me lo repites con otras palabras?"
    )


def contact(clinic: Clinic) -> str:
    if clinic.phone:
        return f"Puedes llamarnos al {clinic.phone}."
    return "Nuestro equipo te responderá por este mismo chat."


def _slot_title(clinic: Clinic, slot: Slot, with_day: bool) -> str:
    """A button title of at most 20 characters: the time, then the day or the doctor if they fit."""
    local = clinic.local(slot.starts_at)
    doctor = clinic.doctor(slot.doctor_id)
    if with_day:
        return f"{short_day(local.date())} {clock(local)}"[:20]
    if doctor is not None and len(clinic.doctors) > 1:
        candidate = f"{clock(local)} {short_doctor(doctor)}"
        if len(candidate) <= 20:
            return candidate
    return clock(local)


def _doctor_label(clinic: Clinic, slot: Slot) -> str:
    doctor = clinic.doctor(slot.doctor_id)
    return doctor.name if doctor else ""


def _slot_phrase(clinic: Clinic, slot: Slot, today: date) -> str:
    local = clinic.local(slot.starts_at)
    doctor = clinic.doctor(slot.doctor_id)
    with_whom = f" con {short_doctor(doctor)}" if doctor and len(clinic.doctors) > 1 else ""
    return f"{day_name(local.date(), today)} a las {clock(local)}{with_whom}"
