"""What the patient wants to do, from the words that say it (no details: those are read elsewhere)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from adapters.offline_nlu.answers import AFFIRM, DENY, GREET, PRAISE, THANKS
from adapters.offline_nlu.text import Span, clause_bounds
from adapters.offline_nlu.visits import (
    APPOINTMENT_NOUN,
    BOOKED,
    CANCEL,
    CANT_GO,
    CANT_GO_TO_IT,
    MOVED_FROM,
    MY_APPOINTMENTS,
    NEGATED_BEFORE,
    RESCHEDULE,
    THE,
)
from domain.understanding import Intent

# What a clinic sends that a patient may want to stop or start again.
_MESSAGES = (
    r"(?:mensajes?|notificaciones?|recordatorios?|avisos?|promociones?|publicidad|whatsapps?|wsps?"
    r"|wasaps?|sms|correos?|comunicaciones?|invitaciones?)"
)
# Courtesy around a one-word command: "BAJA por favor" is still only "BAJA".
_COURTESY = r"(?:\W+(?:por\s+favor|porfa(?:vor)?|plis|please|pls|gracias|ahora|ya))*"
_GREETING = r"(?:(?:hola|buenas|buenos\s+dias|buenas\s+tardes)\W+)?"
# Keywords such as BAJA, STOP and ALTA carry the opt-out or opt-in only when they are (nearly) the
# whole message: inside a sentence they are ordinary words ("tengo la presión baja", "presión alta").
_OPT_OUT_WORD = re.compile(
    rf"^\W*{_GREETING}(?:baja|stop|alto|unsubscribe|desuscribir(?:me)?){_COURTESY}\W*$"
)
_OPT_IN_WORD = re.compile(rf"^\W*{_GREETING}(?:alta|start|unstop|suscribir(?:me)?){_COURTESY}\W*$")
# These phrases say it anywhere in a message.
_OPT_OUT = re.compile(
    # "dar de baja el turno" (Argentina) cancels an appointment, not the messages.
    rf"\b(?:dar(?:me|nos)?|dame|deme|denme|dadme|doy)\s+de\s+baja\b(?!\s+{THE}?{APPOINTMENT_NOUN})"
    r"|\b(?:quiero|quisiera|pido|solicito|deseo)\s+(?:la|mi)\s+baja\b(?!\s+(?:medica|laboral))"
    r"|\bdes(?:u|in)scri[a-z]*\b|\bunsubscribe\b"
    r"|\b(?:cancelar|anular|terminar|quitar|eliminar)\s+(?:mi\s+|la\s+)?suscripcion\b"
    rf"|\bno\s+(?:quiero|quisiera|deseo|necesito|me\s+interesa)\s+(?:seguir\s+|volver\s+a\s+)?"
    rf"recibi(?:r|endo)\s+(?:mas\b|nada\b|(?:(?:mas|sus|estos|esos|los|tus|ningun|ninguna)\s+)*{_MESSAGES})"
    rf"|\bno\s+(?:quiero|quisiera|deseo)\s+(?:mas\s+)?{_MESSAGES}\b"
    r"|\bno\s+(?:quiero|quisiera|deseo)\s+que\s+me\s+(?:sigan\s+|vuelvan\s+a\s+)?"
    r"(?:escrib|mand|envi|contact|molest)[a-z]*"
    # Only commands ("no me manden"): "no me mandaron mensajes" is a complaint, not an opt-out.
    rf"|\bno\s+(?:me|nos)\s+(?:mand(?:en|e|es)|envi(?:en|e|es)|escrib(?:an|a|as)|contact(?:en|e|es)"
    rf"|molest(?:en|e|es))\s+(?:mas\b|nada\b|(?:(?:mas|sus|estos|esos|los|tus)\s+)?{_MESSAGES})"
    r"|\bno\s+(?:me|nos)\s+(?:sig(?:an|a|as)|vuelv(?:an|a|as)\s+a)\s+"
    r"(?:mand|envi|escrib|contact|molest)[a-z]*"
    # "dejé de recibir mensajes" is a complaint, so "recibir" needs a wish in front.
    r"|\bdej(?:en|e|a|es|ar)\s+de\s+(?:escribir|enviar|mandar|contactar|molestar)[a-z]*"
    r"|\b(?:quiero|quisiera|deseo|necesito)\s+dejar\s+de\s+recibir\b"
    r"|\b(?:sac|saqu|borr|elimin|quit)[a-z]*\s+de\s+(?:la|las|su|sus|esta|esa|vuestra)?\s*"
    r"(?:lista|base\s+de\s+datos|difusion|contactos)\b(?!\s+de\s+espera)"
    # "borren mi número", "basta de mensajes", "paren de escribirme", "no más mensajes", "no envíen más".
    r"|\b(?:borr|elimin|quit)(?:en|e|a)\s+(?:mi|el)\s+(?:numero|telefono|celular|contacto)\b"
    rf"|\b(?:basta|suficiente)\s+de\s+{_MESSAGES}|\bno\s+mas\s+{_MESSAGES}"
    r"|\bpar(?:en|e|ar)\s+de\s+(?:escribir|enviar|mandar|contactar|molestar)[a-z]*"
    r"|\bno\s+(?:envien|manden|escriban)\s+(?:mas|nada)\b"
)
# "me dieron de alta" and "el alta médica" are a discharge from treatment, not a subscription.
_OPT_IN = re.compile(
    r"\b(?:dar(?:me|nos)?|dame|deme|denme|doy)\s+de\s+alta\b"
    r"(?!\s+(?:medica|odontologica|del?\s+(?:tratamiento|ortodoncia|la\s+ortodoncia)))"
    rf"|\bvolver\s+a\s+recibir\b|\bseguir\s+recibiendo\s+(?:(?:sus|los|tus)\s+)?{_MESSAGES}"
    rf"|\b(?:quiero|quisiera|deseo)\s+recibir\s+(?:(?:sus|los|tus|de\s+nuevo)\s+)?{_MESSAGES}"
    rf"|\b(?:re)?activ(?:ar|en|a|e)\s+(?:(?:los|las|mis|sus)\s+)?{_MESSAGES}"
    rf"|\bvolver\s+a\s+(?:mandar|enviar)(?:me|nos)?\s+(?:(?:los|las|sus)\s+)?{_MESSAGES}"
)
_RESET = re.compile(
    r"\b(?:empezar|empecemos|empiezo|empezamos|comenzar|comencemos|comienzo|iniciar|partir|partamos"
    r"|arrancar|arranquemos|arranco)"
    r"\s+(?:de\s+nuevo|otra\s+vez|de\s+cero|desde\s+cero|desde\s+el\s+(?:principio|inicio|comienzo))\b"
    r"|\b(?:volver|volvamos|vuelvo)\s+a\s+(?:empezar|comenzar|iniciar|partir|arrancar)\b"
    # "volvamos al inicio", "volver al menú", "menú" alone.
    r"|\b(?:volver|volvamos|vuelvo|ir)\s+al\s+(?:inicio|principio|menu)\b|^\W*menu(?:\s+principal)?\W*$"
    r"|\breinici[a-z]*\b|\breset[a-z]*\b|\bdesde\s+cero\b"
)
# Who at the clinic a patient may ask for. Counted after "con", "quiero", or alone ("un asesor",
# "recepción por favor"): "la secretaria me dijo que escribiera" asks for nobody.
_STAFF = (
    r"(?:recepcion(?:ista)?|secretari[ao]s?|operador[a]?|ejecutiv[oa]|agente|asesor(?:a|es)?"
    r"|atencion\s+al\s+cliente|encargad[oa])\b"
)
_HANDOFF = re.compile(
    r"\bhablar\s+con\b|\bcomunicar(?:me|se)?\s+con\b|\bcon\s+(?:una\s+|alguna\s+|otra\s+)?persona\b"
    r"|\bpersona\s+real\b|\bcon\s+alguien\b|\bhuman[oa]s?\b"
    r"|(?:\bcon\s+|\b(?:quiero|necesito|busco|ocupo)\s+(?:a\s+)?)"
    rf"(?:(?:el|la|los|las|un|una|al|algun|alguna|su)\s+)?{_STAFF}"
    # Alone: "un asesor", "recepción por favor"; "la recepcionista fue muy amable" asks for nobody.
    rf"|^\W*(?:(?:hola|buenas)\W+)?(?:(?:el|la|un|una|algun|alguna)\s+)?{_STAFF}"
    r"(?:\W+(?:por\s+favor|porfa|plis|please|gracias))*\W*$"
    # "me pasas con alguien", "pásame con recepción"; "paso con mi hija" is a visit.
    r"|\b(?:me|nos)\s+(?:(?:puede|pueden|podria|podrian|puedes|podrias)\s+)?pas(?:as|a|an|e|en|ar)\s+con\b"
    r"|\bpas(?:ame|eme|enme|arme)\s+con\b"
    # Asking to be called: "¿me pueden llamar?", "que me llame alguien", "llámenme".
    r"|(?<!no )\b(?:me|nos)\s+(?:(?:puede|pueden|podria|podrian|puedes|podrias)\s+)?llam(?:ar|en|e)\b"
    r"|\bllam(?:enme|ame|eme)\b"
)
# Wanting, as patients across countries type it: "ocupo" (Mexico), typos of "quiero" ("kiero", "kero").
_WANT = (
    r"(?:quiero|kiero|qiero|kero|quero|qero|quiro|qro|quisiera|kisiera|qisiera|queria|keria|qeria"
    r"|necesito|nesesito|nececito|nesecito|necesitaria|necesitamos|ocupo|ocupamos|ocuparia|busco|buscaba|buscando"
    r"|deseo|desearia|gustaria|solicito|me\s+hace\s+falta)"
)
# Getting one: "sacar un turno" (Argentina), "pedir cita" (Spain), "separar" (Peru, Colombia), "apartar"
# (Mexico), "coger cita" (Spain), and the clinic giving it: "me regala una cita" (Colombia), "me da un turno".
_GET = (
    r"(?:pedir|pido|pedimos|sacar|saco|sacarme|tomar|tomo|dar|darme|dame|deme|denme|conseguir|consigo"
    r"|separar|separo|separarme|apartar|aparto|apartarme|solicitar|coger|cojo|hacer(?=\s+(?:una\s+)?cita)"
    r"|regal(?:ame|eme|enme|arme)|separ(?:ame|eme|enme)|apart(?:ame|eme|enme)|consigue(?:me)?|busc(?:ame|eme)"
    r"|(?:me|nos)\s+(?:da|das|dan|de|den|daria|darias|darian|regala|regalas|regalan|regale|regalen"
    r"|regalaria|regalarias|separa|separas|separan|separe|separen|aparta|apartas|apartan|aparte|aparten"
    r"|hace|haces|haceis|hacen|haria|harias|dais"
    r"|consigue|consigues|consiguen))"
)
# Having one free: "¿hay turnos?", "¿tienen hora?", "¿tenés turno?" (voseo), "¿habrá cupo?".
_HAVE = (
    r"(?:hay|habra|habria|tienen|tiene|tienes|tenes|tenis|teneis|tendran|tendra|tendras|tendrian|tendrias?"
    r"|queda|quedan)"
)
# What a patient asks for: an appointment by any country's name, or a free place ("un cupo", "un espacio").
_ASKED_FOR = (
    r"(?:hora|horita|cita|turno|consulta|reserva|atencion|control|evaluacion|limpieza|cupo|sobreturno|visita"
    r"|sobre\s+turno|campo|hueco|huequito"
    # "¿tienen lugar?" is a time, "¿tienen lugar para estacionar?" parking.
    r"|(?:lugar|espacio)(?!\s+(?:para|de|donde)\s+(?:estacion|parque|aparca|dejar|el\s+auto|el\s+carro|el\s+coche)))"
)
# Asking for an appointment in so many words. Beats a FAQ match: "quiero reservar, ¿dónde están?".
# "¿qué valor tiene la limpieza?" asks what it costs, not whether there is one.
_BOOK_REQUEST = re.compile(
    r"\b(?:agend|reserv)[a-z]*\b"
    r"|(?<!valor )(?<!precio )(?<!costo )(?<!duracion )"
    rf"\b(?:{_WANT}|{_GET}|{_HAVE})\s+"
    r"(?:(?:una|un|la|el|otra|otro|mi|nueva|nuevo|alguna|algun|1)\s+)?"
    rf"{_ASKED_FOR}s?\b"
    r"|\bir\s+al\s+(?:dentista|doctor|medico|odontologo|odontologa)\b"
    # "¿tiene algo para ahorita?", "¿hay algo libre el lunes?": anything free is a time.
    rf"|\b{_HAVE}\s+algo\s+(?:para|libre|disponible|hoy|manana|esta|este|el|pa)\b"
    r"|\b(?:atenderme|me\s+atiendan|me\s+puedan\s+atender|me\s+pueden\s+atender|me\s+podrian\s+atender)\b"
    # "me anota para el martes", "anótame", "me apunta" (Spain): being put down for a visit.
    r"|\b(?:me|nos)\s+(?:anot|apunt)(?:a|as|e|en|an|aria|arias|arian)\b|\b(?:anot|apunt)(?:ame|eme|enme|arme)\b"
)
# Booking words that may also open a question ("¿cuánto cuesta una consulta?"): a FAQ match wins.
_BOOK_WORD = re.compile(
    r"\b(?:cita|turno|consulta|horas?\s+disponibles?|disponibilidad|dentista|hora\s+(?:para|con))s?\b"
    # "¿a qué hora puedo ir?", "¿cuándo puedo pasar?": when to come is when to book.
    r"|(?<!no )\b(?:puedo|podemos|podria)\s+(?:ir|pasar|venir|asistir)\b"
)


@dataclass(frozen=True, slots=True)
class IntentWords:
    """Which intents a folded message states in words, before details and the FAQ are weighed."""

    opt_out: bool
    opt_in: bool
    reset: bool
    reschedule: bool  # moving an appointment, not negated ("no quiero cambiarla" is not)
    names_booked: bool  # points at an appointment already booked ("la hora que ya tengo")
    my_appointments: bool
    cancel: bool
    cant_go: bool  # not going to a visit ("no voy a poder ir"), about none in particular
    handoff: bool
    book_request: bool
    book_word: bool
    deny: bool
    affirm: bool
    praise: bool  # "perfecto", "genial", "bacán": a yes, as "sí" is
    thanks: bool
    greet: bool

    @property
    def beyond_courtesy(self) -> bool:
        """Whether the message states an intent other than thanks or a greeting."""
        return any(
            (
                self.opt_out,
                self.opt_in,
                self.reset,
                self.reschedule,
                self.my_appointments,
                self.cancel,
                self.cant_go,
                self.handoff,
                self.book_request,
                self.book_word,
                self.deny,
                self.affirm,
                self.praise,
            )
        )


def read_intent_words(text: str) -> IntentWords:
    """Spot every intent the folded message states."""
    return IntentWords(
        opt_out=bool(_OPT_OUT_WORD.search(text) or _OPT_OUT.search(text)),
        opt_in=bool(_OPT_IN_WORD.search(text) or _OPT_IN.search(text)),
        reset=bool(_RESET.search(text)),
        reschedule=any(not _negated(text, found.start()) for found in RESCHEDULE.finditer(text)),
        names_booked=bool(BOOKED.search(text)),
        my_appointments=bool(MY_APPOINTMENTS.search(text)),
        cancel=bool(CANCEL.search(text) or CANT_GO_TO_IT.search(text)),
        cant_go=bool(CANT_GO.search(text)),
        handoff=bool(_HANDOFF.search(text)),
        book_request=bool(_BOOK_REQUEST.search(text)),
        book_word=bool(_BOOK_WORD.search(text)),
        deny=bool(DENY.search(text)),
        affirm=bool(AFFIRM.search(text)),
        praise=bool(PRAISE.search(text)),
        thanks=bool(THANKS.search(text)),
        greet=bool(GREET.search(text)),
    )


def moved_from(text: str) -> tuple[Span, ...]:
    """Where a message says the appointment being moved is now ("mi cita *del lunes* para el viernes").

    Read only when the message moves an appointment, and blanked out before the day and time
    are read, so the details proposed are where it should go.
    """
    return tuple(found.span("from") for found in MOVED_FROM.finditer(text))


def decide_intent(
    said: IntentWords,
    *,
    has_details: bool,
    faq_hit: bool,
    booking_in_progress: bool = False,
    names_service: bool = False,
    asks_about_service: bool = False,
    awaiting_yes: bool = False,
) -> Intent:
    """One intent for the message.

    Opting out comes first, whatever else a message says: a patient who asks for no more
    messages must never get a booking flow instead. Starting over, moving or dropping an
    appointment and asking for a person are never overridden. A question about one's own
    appointments beats booking words ("¿a qué hora es mi cita?" has "cita" in it). A FAQ
    question wins over booking words unless the patient gave details or asked to book outright.
    Yes, no, thanks and greetings are what a message is about only when it carries no details:
    "no, mejor el martes" moves the booking to Tuesday. A yes or praise beside thanks ("ok,
    gracias", "genial, muchas gracias") is thanks unless a booking in progress awaits the yes: with
    nothing asked, it closes the conversation.

    Moving words mean RESCHEDULE (a booked appointment) only when no booking is in progress,
    or when the patient points at one already booked ("la hora que ya tengo"). In the middle of
    a booking, "mejor cámbialo al jueves" is about the booking being made, and BOOK with its
    details is how the booking desk changes that booking; the patient has no other appointment in
    mind. Moving comes before cancelling: "no voy a poder ir, ¿la podemos cambiar?" keeps the visit.
    Not going ("no voy a poder ir", "no puedo asistir") drops a booked appointment only when no booking
    is in progress or one is named ("no puedo ir a mi cita"): while times are offered, "no puedo ir el
    lunes" refuses Monday.

    A service named is a booking detail ("limpieza para el viernes"), except in a question about
    it: "¿cuánto sale la limpieza?" is a question (FAQ, answered from the service), as are "¿tengo
    que ir en ayunas?" with no service named and "¿aceptan Fonasa para la limpieza?" (a FAQ
    entry); asking to book or giving a day still books.

    On the confirmation card (``awaiting_yes``), a yes with booking words and nothing new is the
    yes: "sí, agéndalo", "yes, book it", "sim, pode marcar" confirm what the card shows.
    """
    if said.opt_out:
        return Intent.OPT_OUT
    if said.opt_in:
        return Intent.OPT_IN
    if said.reset:
        return Intent.RESET
    moves_booked = said.reschedule and (not booking_in_progress or said.names_booked)
    if moves_booked:
        return Intent.RESCHEDULE
    if said.cancel or (said.cant_go and not booking_in_progress):
        return Intent.CANCEL
    if said.handoff:
        return Intent.HANDOFF
    if said.my_appointments:
        return Intent.MY_APPOINTMENTS
    service_detail = names_service and not asks_about_service and not faq_hit
    plain_yes = said.affirm and not (
        said.deny or has_details or names_service or faq_hit or asks_about_service
    )
    if awaiting_yes and plain_yes:
        return Intent.AFFIRM
    if said.book_request or said.reschedule or has_details or service_detail:
        return Intent.BOOK
    if faq_hit or asks_about_service:
        return Intent.FAQ
    if said.book_word:
        return Intent.BOOK
    # With no booking waiting for a yes, "ok, gracias" and "genial, gracias" close the conversation.
    agrees = (said.affirm or said.praise) and (booking_in_progress or not said.thanks)
    for flag, intent in (
        (said.deny, Intent.DENY),
        (agrees, Intent.AFFIRM),
        (said.thanks, Intent.THANKS),
        (said.greet, Intent.GREET),
    ):
        if flag:
            return intent
    return Intent.UNKNOWN


def _negated(text: str, start: int) -> bool:
    """Whether the clause says "no" right before a moving word: "no la quiero cambiar"."""
    begin, _ = clause_bounds(text, start, start)
    return bool(NEGATED_BEFORE.search(text, begin, start))
