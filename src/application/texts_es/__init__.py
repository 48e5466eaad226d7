"""Every sentence a patient reads, in one place. Facts come from server data only.

Each text is written here in neutral Spanish with tú, inside ``_()``: the source of the
message catalogs, which give each clinic its country's words and its register (see
``application.speech``). A function's first argument is the clinic whose patient reads it.
"""

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
from application.speech import Speech, speech
from application.texts_es import services
from domain.appointment import Appointment
from domain.availability import Slot
from domain.clinic import Clinic, Doctor, FaqEntry
from domain.conversation import CollectedFields
from domain.language import Language
from domain.people import SELF, SOMEONE, Person
from domain.services import Service
from domain.when import DayPart


def part_of_day(clinic: Clinic, part: DayPart) -> str:
    """'en la tarde' ("por la tarde" in Spain, "a la tarde" in Argentina)."""
    _ = speech(clinic)
    names = {
        DayPart.MORNING: _("en la mañana"),
        DayPart.AFTERNOON: _("en la tarde"),
        DayPart.EVENING: _("en la noche"),
    }
    return names[part]


def day_name(clinic: Clinic, day: date, today: date | None = None) -> str:
    """'martes 2 de diciembre', with 'hoy'/'mañana' in front when it helps."""
    _ = speech(clinic)
    name = _.date(day, _.pgettext("date", "EEEE d 'de' MMMM"))
    if today is not None and day == today:
        return _("hoy {day}").format(day=name)
    if today is not None and day == today + timedelta(days=1):
        return _("mañana {day}").format(day=name)
    return name


def on_day(clinic: Clinic, day: date, today: date) -> str:
    """'mañana martes 1 de diciembre' or 'el miércoles 2 de diciembre': what follows 'para', 'es'..."""
    _ = speech(clinic)
    if day in (today, today + timedelta(days=1)):
        return day_name(clinic, day, today)
    return _("el {day}").format(day=day_name(clinic, day))


def _listed(clinic: Clinic, phrases: Sequence[str]) -> str:
    """Days or times one after another, with the language's separator: commas in Spanish ("jueves 3,
    viernes 4"); semicolons where a day's own name has a comma ("Thursday, December 3; Friday, ...")."""
    # TRANSLATORS: what goes between listed days or times; "; " where a day's name has a comma.
    return speech(clinic).pgettext("separator", ", ").join(phrases)


def of(clinic: Clinic, phrase: str) -> str:
    """'de' before a day phrase, contracted: 'del viernes 4 ...', 'de mañana martes 1 ...'. In
    English and Portuguese the phrase stays bare: their texts carry their own "for", "de"."""
    if clinic.language is not Language.SPANISH:
        return phrase
    return f"del {phrase.removeprefix('el ')}" if phrase.startswith("el ") else f"de {phrase}"


def of_day(clinic: Clinic, day: date, today: date) -> str:
    """'de mañana martes 1 de diciembre' or 'del miércoles 2 de diciembre'."""
    return of(clinic, on_day(clinic, day, today))


def short_day(clinic: Clinic, day: date) -> str:
    """'mar 2 dic': fits a 20-character button."""
    _ = speech(clinic)
    return _.date(day, _.pgettext("date", "EEE d MMM")).replace(".", "")


def clock(clinic: Clinic, moment: datetime) -> str:
    """A local time as the clinic's locale writes it: '16:30', '4:30 p.m.'."""
    _ = speech(clinic)
    return speech(clinic).clock(moment)


def at_clock(clinic: Clinic, moment: datetime) -> str:
    """'a las 16:30' ('a las 16:30 hrs' in Chile); 'a la 1:00 p.m.' when it is one o'clock."""
    _ = speech(clinic)
    written = clock(clinic, moment)
    if moment.hour % 12 == 1 and not written.startswith(("01", "13")):
        return _("a la {time}").format(time=written)
    return _("a las {time}").format(time=written)


def short_doctor(doctor: Doctor) -> str:
    """'Dra. Pérez' from 'Dra. Camila Pérez'."""
    words = doctor.name.split()
    title = words[0] if words and words[0].endswith(".") else ""
    return f"{title} {words[-1]}".strip() if words else doctor.id


def start_button(clinic: Clinic, title: str = "") -> Button:
    """The button that starts a booking: 'Agendar una cita' ('Sacar turno' in Argentina)."""
    _ = speech(clinic)
    return Button(START_BOOKING, title or _.pgettext("button", "Agendar una cita"))


def welcome(clinic: Clinic) -> ButtonsReply:
    _ = speech(clinic)
    return ButtonsReply(
        _(
            "¡Hola! Soy el asistente de {clinic}. Puedo agendarte una cita o responder tus dudas. "
            "¿Qué necesitas?"
        ).format(clinic=clinic.name),
        (start_button(clinic),),
    )


def _for(clinic: Clinic, service: Service | None) -> str:
    """' de «Limpieza dental» (60 min)' when the patient asked for a service, else nothing."""
    _ = speech(clinic)
    if service is None:
        return ""
    return _(" de {service}").format(service=services.label(clinic, service))


def ask_day(
    clinic: Clinic, free_days: Sequence[date], today: date, lead: str = "", service: Service | None = None
) -> OutboundMessage:
    _ = speech(clinic)
    intro = f"{lead}\n\n" if lead else ""
    if not free_days:
        return TextReply(
            intro
            + _("Por ahora no tenemos horarios disponibles{service}.").format(service=_for(clinic, service))
            + f" {contact(clinic)}"
        )
    listed = _listed(clinic, [day_name(clinic, day, today) for day in free_days])
    return ButtonsReply(
        intro
        + _(
            "¿Para qué día quieres tu cita{service}? Los próximos días con horarios disponibles son: {days}. "
            "También puedes escribirme otra fecha."
        ).format(service=_for(clinic, service), days=listed),
        tuple(Button(day_id(day), short_day(clinic, day)) for day in free_days[:3]),
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
    _ = speech(clinic)
    intro = f"{lead}\n\n" if lead else ""
    body = intro + _("Estos son los horarios disponibles{service} para {day}. ¿Cuál prefieres?").format(
        service=_for(clinic, service), day=on_day(clinic, day, today)
    )
    if len(slots) <= 3:
        return ButtonsReply(body, tuple(Button(slot_id(s), _slot_title(clinic, s, False)) for s in slots))
    rows = tuple(
        ListRow(slot_id(s), clock(clinic, clinic.local(s.starts_at)), _doctor_label(clinic, s)) for s in slots
    )
    return ListReply(
        body + " " + _("También puedes escribirme la hora."), _.pgettext("button", "Ver horarios"), rows
    )


def time_not_available(
    clinic: Clinic, asked: str, alternatives: Sequence[Slot], today: date
) -> OutboundMessage:
    _ = speech(clinic)
    if not alternatives:
        return TextReply(
            _("{asked} no hay horarios disponibles. ¿Quieres probar otro día?").format(asked=asked)
        )
    text = _("{asked} no hay horarios disponibles. Lo más cercano que tengo: {nearest}. ¿Te sirve alguno?")
    return _nearest(clinic, text, alternatives, today, asked)


def _nearest(
    clinic: Clinic, text: str, alternatives: Sequence[Slot], today: date, asked: str = ""
) -> ButtonsReply:
    """The nearest free times, said in ``text`` (at its "{nearest}", after its "{asked}" if it has
    one) and offered as buttons."""
    nearest = _listed(clinic, [_slot_phrase(clinic, s, today) for s in alternatives])
    several_days = len({clinic.local(s.starts_at).date() for s in alternatives}) > 1
    return ButtonsReply(
        text.format(asked=asked, nearest=nearest),
        tuple(Button(slot_id(s), _slot_title(clinic, s, several_days)) for s in alternatives[:3]),
    )


def time_taken(
    clinic: Clinic, day: date, wanted: datetime, alternatives: Sequence[Slot], today: date
) -> OutboundMessage:
    """The time asked for is not free: 'El viernes 4 de diciembre a las 10:00 no hay horarios...'."""
    asked = f"{on_day(clinic, day, today)} {at_clock(clinic, wanted)}"
    return time_not_available(clinic, asked[:1].upper() + asked[1:], alternatives, today)


def slot_just_taken(clinic: Clinic, alternatives: Sequence[Slot], today: date) -> OutboundMessage:
    """Another patient took the time just as this one picked it: the nearest others."""
    _ = speech(clinic)
    if not alternatives:
        return TextReply(_("Lo siento, ese horario acaba de ocuparse. ¿Quieres probar otro día?"))
    text = _(
        "Lo siento, ese horario acaba de ocuparse. Lo más cercano que tengo: {nearest}. ¿Te sirve alguno?"
    )
    return _nearest(clinic, text, alternatives, today)


def ask_name(clinic: Clinic) -> ButtonsReply:
    """Whom the appointment is for, when the phone has booked for nobody yet."""
    _ = speech(clinic)
    return ButtonsReply(
        _("¿La cita es para ti o para otra persona? Escríbeme el nombre y apellido de quien se atenderá."),
        (
            Button(FOR_SELF, _.pgettext("button", "Para mí")),
            Button(FOR_SOMEONE, _.pgettext("button", "Otra persona")),
        ),
    )


def ask_who(clinic: Clinic, people: Sequence[Person], relation: str | None) -> OutboundMessage:
    """Whom the appointment is for: the name of the person the patient spoke of, or one of the
    people this phone booked for before ("¿Para quién es? [Ana] [Mateo] [Otra persona]")."""
    _ = speech(clinic)
    if relation == SELF:
        return TextReply(_("¿Cuál es tu nombre y apellido?"))
    if relation == SOMEONE:
        return TextReply(_("¿Cómo se llama la persona que se atenderá? Escríbeme su nombre y apellido."))
    if relation is not None:
        return TextReply(
            _("¿Cómo se llama tu {relative}? Escríbeme su nombre y apellido.").format(
                relative=_one(clinic, relation)
            )
        )
    if not people:
        return ask_name(clinic)
    body = _("¿Para quién es la cita? Si es para alguien más, escríbeme su nombre y apellido.")
    someone = _.pgettext("button", "Otra persona")
    if len(people) <= 2:
        return ButtonsReply(
            body,
            (
                *(Button(f"{PERSON_PREFIX}{p.id}", _person_title(p)) for p in people),
                Button(FOR_SOMEONE, someone),
            ),
        )
    rows = tuple(ListRow(f"{PERSON_PREFIX}{p.id}", _person_title(p), p.name[:72]) for p in people[:9])
    return ListReply(body, _.pgettext("button", "Elegir"), (*rows, ListRow(FOR_SOMEONE, someone, "")))


def _person_title(person: Person) -> str:
    """A button's title (20 characters at most): the first name, or the whole name if it fits."""
    return person.name if len(person.name) <= 20 else person.first_name[:20]


def for_whom(clinic: Clinic, name: str, relation: str | None) -> str:
    """'Mateo Rojas (tu hijo)': whom the card is for, with how the patient named them."""
    _ = speech(clinic)
    if relation is None or relation in (SELF, SOMEONE):
        return name
    return _("{name} (tu {relative})").format(name=name, relative=_one(clinic, relation))


def _one(clinic: Clinic, relation: str) -> str:
    """One of them, in the patient's language: an appointment is for one person ("mis hijos" ->
    "hijo o hija")."""
    return _relative_words(speech(clinic)).get(relation, relation)


def _relative_words(_: Speech) -> dict[str, str]:
    """How the patient's language says each relation: "hija" is "daughter" in English. Spanish
    keeps the word the patient wrote; "hijos" asks about one of them ("hijo o hija")."""
    return {
        "hijo": _.pgettext("relative", "hijo"),
        "hija": _.pgettext("relative", "hija"),
        "guagua": _.pgettext("relative", "guagua"),
        "bebé": _.pgettext("relative", "bebé"),
        "mamá": _.pgettext("relative", "mamá"),
        "papá": _.pgettext("relative", "papá"),
        "madre": _.pgettext("relative", "madre"),
        "padre": _.pgettext("relative", "padre"),
        "esposo": _.pgettext("relative", "esposo"),
        "esposa": _.pgettext("relative", "esposa"),
        "marido": _.pgettext("relative", "marido"),
        "señora": _.pgettext("relative", "señora"),
        "pareja": _.pgettext("relative", "pareja"),
        "pololo": _.pgettext("relative", "pololo"),
        "polola": _.pgettext("relative", "polola"),
        "novio": _.pgettext("relative", "novio"),
        "novia": _.pgettext("relative", "novia"),
        "hermano": _.pgettext("relative", "hermano"),
        "hermana": _.pgettext("relative", "hermana"),
        "abuelo": _.pgettext("relative", "abuelo"),
        "abuela": _.pgettext("relative", "abuela"),
        "nieto": _.pgettext("relative", "nieto"),
        "nieta": _.pgettext("relative", "nieta"),
        "bisabuelo": _.pgettext("relative", "bisabuelo"),
        "bisabuela": _.pgettext("relative", "bisabuela"),
        "tío": _.pgettext("relative", "tío"),
        "tía": _.pgettext("relative", "tía"),
        "sobrino": _.pgettext("relative", "sobrino"),
        "sobrina": _.pgettext("relative", "sobrina"),
        "primo": _.pgettext("relative", "primo"),
        "prima": _.pgettext("relative", "prima"),
        "suegro": _.pgettext("relative", "suegro"),
        "suegra": _.pgettext("relative", "suegra"),
        "cuñado": _.pgettext("relative", "cuñado"),
        "cuñada": _.pgettext("relative", "cuñada"),
        "yerno": _.pgettext("relative", "yerno"),
        "nuera": _.pgettext("relative", "nuera"),
        "padrastro": _.pgettext("relative", "padrastro"),
        "madrastra": _.pgettext("relative", "madrastra"),
        "hijastro": _.pgettext("relative", "hijastro"),
        "hijastra": _.pgettext("relative", "hijastra"),
        "padrino": _.pgettext("relative", "padrino"),
        "madrina": _.pgettext("relative", "madrina"),
        "ahijado": _.pgettext("relative", "ahijado"),
        "ahijada": _.pgettext("relative", "ahijada"),
        "amigo": _.pgettext("relative", "amigo"),
        "amiga": _.pgettext("relative", "amiga"),
        "hijos": _.pgettext("relative", "hijo o hija"),
    }


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
    _ = speech(clinic)
    doctor = clinic.doctor(fields.slot.doctor_id)
    starts = clinic.local(fields.slot.starts_at)
    who = f"{doctor.name} ({doctor.specialty})" if doctor else ""
    what = f"📋 {visit_label(clinic, service, fields.slot)}\n" if service is not None else ""
    heading = _("Revisa los datos de tu cita:") + "\n"
    # TRANSLATORS: the time on the card, as "16:30"; Chile writes "16:30 hrs".
    at = _.pgettext("card", "{time}").format(time=clock(clinic, starts))
    if moving_from is not None:
        was = clinic.local(moving_from)
        heading = (
            _("Cambiaremos tu cita {day} {time} a este nuevo horario:").format(
                day=of_day(clinic, was.date(), today), time=at_clock(clinic, was)
            )
            + "\n"
        )
    return ButtonsReply(
        heading + f"👤 {for_whom(clinic, fields.patient_name, fields.relation)}\n"
        f"{what}"
        f"🩺 {who}\n"
        f"📅 {day_name(clinic, starts.date(), today)}\n"
        f"🕒 {at}\n"
        f"📍 {clinic.name}, {clinic.address}\n\n"
        + (_("¿Confirmo el cambio?") if moving_from is not None else _("¿La confirmo?")),
        (
            Button(CONFIRM_BOOKING, _.pgettext("button", "Confirmar")),
            Button(EDIT_BOOKING, _.pgettext("button", "Cambiar")),
            Button(CANCEL_BOOKING, _.pgettext("button", "Cancelar")),
        ),
    )


def visit_label(clinic: Clinic, service: Service, slot: Slot) -> str:
    """'Limpieza dental · 60 min · $35.000': the service, its real length and its price."""
    parts = [service.name, services.minutes(slot.ends_at - slot.starts_at)]
    if service.price is not None:
        parts.append(services.price(clinic, service.price))
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
    _ = speech(clinic)
    patient_name = appointment.patient_name
    local = clinic.local(appointment.starts_at)
    what = f" ({service.name}, {services.minutes(clinic.visit_length(service, doctor))})" if service else ""
    details = dict(
        name=patient_name,
        first_name=patient_name.split()[0] if patient_name.split() else patient_name,
        doctor=f"{doctor.name}{what}",
        day=on_day(clinic, local.date(), today),
        time=at_clock(clinic, local),
        address=clinic.address,
    )
    # To the patient about themselves; about someone else, to the one writing ("la cita de Mateo").
    done = (
        _("✅ ¡Listo! La cita de {name} quedó agendada con {doctor} {day} {time} en {address}.")
        if relation not in (None, SELF)
        else _("✅ ¡Listo, {first_name}! Tu cita quedó agendada con {doctor} {day} {time} en {address}.")
    )
    return ButtonsReply(
        done.format(**details) + reminders_promise(clinic, reminders),
        appointment_buttons(clinic, appointment),
    )


def appointment_buttons(clinic: Clinic, appointment: Appointment) -> tuple[Button, ...]:
    """What a patient can do with a booked appointment from its card."""
    _ = speech(clinic)
    return (
        Button(f"{MOVE_PREFIX}{appointment.id}", _.pgettext("button", "Cambiar horario")),
        Button(f"{CANCEL_PREFIX}{appointment.id}", _.pgettext("button", "Cancelar cita")),
    )


def reminders_promise(clinic: Clinic, reminders: Sequence[timedelta]) -> str:
    """'\nTe enviaremos un recordatorio un día antes y una hora antes.' for the reminders scheduled."""
    if not reminders:
        return ""
    _ = speech(clinic)
    return "\n" + _("Te enviaremos un recordatorio {when}.").format(
        when=_and(clinic, sorted(reminders, reverse=True))
    )


def ahead(clinic: Clinic, offset: timedelta) -> str:
    """'un día antes', '2 horas antes', '30 minutos antes'."""
    _ = speech(clinic)
    minutes = int(offset.total_seconds()) // 60
    if minutes % (24 * 60) == 0:
        count = minutes // (24 * 60)
        return _.ngettext("un día antes", "{count} días antes", count).format(count=count)
    if minutes % 60 == 0:
        count = minutes // 60
        return _.ngettext("una hora antes", "{count} horas antes", count).format(count=count)
    return _.ngettext("un minuto antes", "{count} minutos antes", minutes).format(count=minutes)


def _and(clinic: Clinic, offsets: Sequence[timedelta]) -> str:
    _ = speech(clinic)
    words = [ahead(clinic, offset) for offset in offsets]
    if len(words) == 1:
        return words[0]
    return _("{some} y {last}").format(some=", ".join(words[:-1]), last=words[-1])


def already_booked(clinic: Clinic) -> TextReply:
    _ = speech(clinic)
    return TextReply(_("Tu cita ya está confirmada. Si quieres agendar otra, escríbeme «quiero una cita»."))


def nothing_to_confirm(clinic: Clinic) -> TextReply:
    _ = speech(clinic)
    return TextReply(_("No tengo ninguna reserva pendiente de confirmar. ¿Quieres agendar una cita?"))


def booking_abandoned(clinic: Clinic) -> TextReply:
    _ = speech(clinic)
    return TextReply(
        _("Listo, descarté la reserva en curso. Si quieres agendar otra cita, escríbeme cuando quieras.")
    )


def nothing_to_cancel(clinic: Clinic) -> TextReply:
    _ = speech(clinic)
    return TextReply(
        _("No tienes ninguna reserva en curso ni citas agendadas. ¿Te ayudo a agendar una cita?")
    )


def reset_done(clinic: Clinic) -> ButtonsReply:
    _ = speech(clinic)
    fresh = welcome(clinic)
    return ButtonsReply(_("Empecemos de nuevo.") + " " + fresh.body, fresh.buttons)


def _capital(phrase: str) -> str:
    return phrase[:1].upper() + phrase[1:]


def day_in_past(clinic: Clinic, day: date, today: date) -> str:
    _ = speech(clinic)
    return _("{day} ya pasó.").format(day=_capital(on_day(clinic, day, today)))


def day_beyond_horizon(clinic: Clinic, day: date) -> str:
    _ = speech(clinic)
    return _("Por ahora agendamos hasta {count} días adelante, y el {day} queda fuera de ese plazo.").format(
        count=clinic.policy.horizon_days, day=day_name(clinic, day)
    )


def day_full(clinic: Clinic, day: date, today: date, doctor: Doctor | None) -> str:
    _ = speech(clinic)
    if doctor is not None:
        return _("{day} no quedan horarios disponibles con {doctor}.").format(
            day=_capital(on_day(clinic, day, today)), doctor=doctor.name
        )
    return _("{day} no quedan horarios disponibles.").format(day=_capital(on_day(clinic, day, today)))


def part_full(clinic: Clinic, part: DayPart) -> str:
    _ = speech(clinic)
    return _("{part} no quedan horarios ese día.").format(part=_capital(part_of_day(clinic, part)))


def faq_answer(entry: FaqEntry) -> TextReply:
    return TextReply(entry.answer)


def not_for_the_bot(clinic: Clinic) -> TextReply:
    """A question the clinic's data does not answer: its team does."""
    _ = speech(clinic)
    return TextReply(
        _("Eso te lo responde mejor el equipo de {clinic}.").format(clinic=clinic.name)
        + f" {contact(clinic)}"
    )


def thanks(clinic: Clinic) -> TextReply:
    _ = speech(clinic)
    return TextReply(_("¡De nada! Aquí estoy si necesitas algo más."))


def not_understood(clinic: Clinic) -> TextReply:
    _ = speech(clinic)
    return TextReply(
        _(
            "No estoy seguro de haberte entendido. Puedo agendarte una cita: dime, por ejemplo, "
            "«mañana en la tarde» o «el lunes a las 10»."
        )
    )


def unknown_option(clinic: Clinic) -> TextReply:
    _ = speech(clinic)
    return TextReply(_("Esa opción ya no está vigente."))


def empty_message(clinic: Clinic) -> TextReply:
    _ = speech(clinic)
    return TextReply(_("No alcancé a leer tu mensaje. ¿Me lo escribes de nuevo, por favor?"))


def _received(_: Speech, kind: InboundKind) -> str:
    named = {
        InboundKind.IMAGE: _("tu foto"),
        InboundKind.VIDEO: _("tu video"),
        InboundKind.DOCUMENT: _("tu documento"),
        InboundKind.CONTACTS: _("el contacto"),
        InboundKind.AUDIO: _("tu audio"),
    }
    return named.get(kind) or _("tu mensaje")


def received_for_staff(clinic: Clinic, kind: InboundKind, answers_at: datetime | None = None) -> TextReply:
    """A photo, a document, a contact card...: kept for the clinic's team to look at; outside the
    clinic's hours, when a person will answer."""
    _ = speech(clinic)
    return TextReply(
        _("Recibimos {what} y se lo pasamos al equipo de {clinic}.").format(
            what=_received(_, kind), clinic=clinic.name
        )
        + when_a_person_answers(clinic, answers_at)
    )


def cannot_listen_yet(clinic: Clinic) -> TextReply:
    """A voice note with no transcriber set up: staff get the audio, the patient is asked to write."""
    _ = speech(clinic)
    return TextReply(
        _(
            "Todavía no puedo escuchar audios; se lo dejo al equipo de {clinic}. "
            "Si quieres agendar o preguntar algo, ¿me lo escribes, por favor?"
        ).format(clinic=clinic.name)
    )


def could_not_hear(clinic: Clinic) -> TextReply:
    """A voice note transcribed to nothing, or refused: staff have the audio."""
    _ = speech(clinic)
    return TextReply(
        _(
            "No alcancé a entender tu audio; se lo dejo al equipo de {clinic}. ¿Me lo escribes, por favor?"
        ).format(clinic=clinic.name)
    )


def where_we_are(clinic: Clinic) -> TextReply:
    """The answer to a shared location: the clinic's address and a maps link to it."""
    _ = speech(clinic)
    query = urllib.parse.quote_plus(f"{clinic.name}, {clinic.address}")
    return TextReply(
        _("Estamos en {address}. Cómo llegar: {link}").format(
            address=clinic.address, link=f"https://www.google.com/maps/search/?api=1&query={query}"
        )
    )


def back_to_booking(clinic: Clinic) -> str:
    """The lead that repeats the open question after a sticker or an aside."""
    _ = speech(clinic)
    return "😊 " + _("Sigamos con tu cita.")


def _urgent(clinic: Clinic) -> str:
    _ = speech(clinic)
    if not clinic.phone:
        return ""
    return " " + _("Si es urgente, llámanos al {phone}.").format(phone=clinic.phone)


def handoff(clinic: Clinic, answers_at: datetime | None = None) -> TextReply:
    """The patient asked for a person: the bot pauses for them until staff hand it back; outside
    the clinic's hours, when a person will answer."""
    _ = speech(clinic)
    return TextReply(
        _(
            "Claro. Le pasé tu conversación a una persona de {clinic}, que te contestará por este mismo chat."
        ).format(clinic=clinic.name)
        + when_a_person_answers(clinic, answers_at)
        + _urgent(clinic)
    )


def question_for_staff(clinic: Clinic, answers_at: datetime | None = None) -> TextReply:
    """A question the clinic's answers do not cover: a person of the clinic answers it; outside
    the clinic's hours, when."""
    _ = speech(clinic)
    return TextReply(
        _(
            "No tengo la respuesta a eso, así que se la dejé a una persona de {clinic}, que te contestará "
            "por este mismo chat."
        ).format(clinic=clinic.name)
        + when_a_person_answers(clinic, answers_at)
    )


def handed_to_staff(clinic: Clinic, answers_at: datetime | None = None) -> TextReply:
    """After repeated failures: a person of the clinic takes the conversation over."""
    _ = speech(clinic)
    return TextReply(
        _(
            "Disculpa, estoy teniendo problemas para responderte. Le pasé tu conversación a una persona "
            "de {clinic}, que te contestará por este mismo chat."
        ).format(clinic=clinic.name)
        + when_a_person_answers(clinic, answers_at)
        + _urgent(clinic)
    )


def when_a_person_answers(clinic: Clinic, answers_at: datetime | None) -> str:
    """' Te responderá una persona el lunes 7 de diciembre a las 9:00.' (the clinic is closed now);
    '' when a person answers now, or the clinic gives no opening hours."""
    if answers_at is None:
        return ""
    _ = speech(clinic)
    local = clinic.local(answers_at)
    # TRANSLATORS: {when} is "el lunes 7 de diciembre"; {time} is "a las 9:00".
    return " " + _("Te responderá una persona {when} {time}.").format(
        when=_("el {day}").format(day=day_name(clinic, local.date())), time=at_clock(clinic, local)
    )


def nlu_unavailable(clinic: Clinic) -> TextReply:
    _ = speech(clinic)
    return TextReply(
        _("Disculpa, tuve un problema para entender tu mensaje. ¿Me lo repites con otras palabras?")
    )


def contact(clinic: Clinic) -> str:
    _ = speech(clinic)
    if clinic.phone:
        return _("Puedes llamarnos al {phone}.").format(phone=clinic.phone)
    return _("Nuestro equipo te responderá por este mismo chat.")


def _slot_title(clinic: Clinic, slot: Slot, with_day: bool) -> str:
    """A button title of at most 20 characters: the time, then the day or the doctor if they fit."""
    local = clinic.local(slot.starts_at)
    doctor = clinic.doctor(slot.doctor_id)
    if with_day:
        return f"{short_day(clinic, local.date())} {clock(clinic, local)}"[:20]
    if doctor is not None and len(clinic.doctors) > 1:
        candidate = f"{clock(clinic, local)} {short_doctor(doctor)}"
        if len(candidate) <= 20:
            return candidate
    return clock(clinic, local)


def _doctor_label(clinic: Clinic, slot: Slot) -> str:
    doctor = clinic.doctor(slot.doctor_id)
    return doctor.name if doctor else ""


def _slot_phrase(clinic: Clinic, slot: Slot, today: date) -> str:
    _ = speech(clinic)
    local = clinic.local(slot.starts_at)
    doctor = clinic.doctor(slot.doctor_id)
    when = f"{day_name(clinic, local.date(), today)} {at_clock(clinic, local)}"
    if doctor and len(clinic.doctors) > 1:
        return _("{when} con {doctor}").format(when=when, doctor=short_doctor(doctor))
    return when
