"""The offline reader hears patients from every Spanish-speaking country, not only Chile's.

"Ocupo una cita" (Mexico), "quisiera sacar un turno" (Argentina), "me regala una cita" (Colombia),
"sale" for "ok" (Mexico), "mi pibe" (Argentina), "frenos" for braces: each class of everyday forms
is read against the demo clinic, beside the Chilean forms the reader already knew.
"""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import pytest

from adapters.clinic_config.toml_file import load_demo_clinic
from adapters.offline_nlu.engine import OfflineSpanishNlu
from domain.clinic import Clinic
from domain.conversation import ConversationState
from domain.ids import DoctorId, ServiceId
from domain.understanding import Intent, Understanding
from tests.unit.adapters.reading import reading_context

SANTIAGO = ZoneInfo("America/Santiago")
TODAY = date(2026, 11, 25)  # a Wednesday
TOMORROW = date(2026, 11, 26)
MONDAY = date(2026, 11, 30)
LIMPIEZA = ServiceId("limpieza")
IDLE = ConversationState.IDLE
COLLECTING_TIME = ConversationState.COLLECTING_TIME
CONFIRMING = ConversationState.CONFIRMING
BOOK, AFFIRM, DENY, GREET = Intent.BOOK, Intent.AFFIRM, Intent.DENY, Intent.GREET
CANCEL, RESCHEDULE, MINE, HANDOFF = Intent.CANCEL, Intent.RESCHEDULE, Intent.MY_APPOINTMENTS, Intent.HANDOFF


@pytest.fixture(scope="module")
def clinic() -> Clinic:
    return load_demo_clinic()


@pytest.fixture(scope="module")
def nlu() -> OfflineSpanishNlu:
    return OfflineSpanishNlu()


async def read(
    nlu: OfflineSpanishNlu, clinic: Clinic, text: str, state: ConversationState = IDLE
) -> Understanding:
    return await nlu.understand(text, reading_context(clinic, TODAY, state))


# Asking for an appointment with each country's verbs, the appointment called "hora" (as in Chile),
# so no word for it gives the request away: the verb alone must.
ASKING_FOR_ONE = [
    "ocupo una hora",  # Mexico: "ocupar" is "necesitar"
    "ocupo hora",
    "me da una hora",
    "¿me das una hora?",
    "me regala una hora",  # Colombia
    "me regalas una hora por favor",
    "quiero separar una hora",  # Peru, Colombia
    "quiero apartar una hora",  # Mexico
    "quiero coger hora",  # Spain
    "me hace falta una hora",
    "me gustaría una hora",
    "¿tenés hora?",  # Argentina's voseo
    "¿tienes hora?",
    "¿habrá cupo?",
    "¿tienen un espacio?",  # Colombia
    "quisiera solicitar una hora",
    # The common misspellings of "quiero", "quisiera", "necesito".
    "kiero una hora",
    "kero hora",
    "qiero hora",
    "quero una hora",
    "kisiera una hora",
    "nesesito una hora",
    "nececito una hora",
    "regálame un espacio",  # Colombia
    "¿tendrás un huequito?",  # Spain
    "ando buscando una hora",
    "¿a qué hora puedo ir?",
]


@pytest.mark.parametrize("text", ASKING_FOR_ONE)
async def test_asking_for_an_appointment_in_any_country(
    nlu: OfflineSpanishNlu, clinic: Clinic, text: str
) -> None:
    assert (await read(nlu, clinic, text)).intent is BOOK


# Asking outright beats a question in the same breath, however the asking is said.
ASKING_AND_A_QUESTION = [
    "ocupo una cita, ¿cuánto cuesta?",
    "me regalas una cita, ¿cuánto sale?",
    "quiero separar una cita, ¿cuánto vale?",
]


@pytest.mark.parametrize("text", ASKING_AND_A_QUESTION)
async def test_asking_outright_with_a_question_still_books(
    nlu: OfflineSpanishNlu, clinic: Clinic, text: str
) -> None:
    understanding = await read(nlu, clinic, text)

    assert understanding.intent is BOOK
    assert understanding.asks is not None


async def test_being_put_down_for_a_day_books(nlu: OfflineSpanishNlu, clinic: Clinic) -> None:
    understanding = await read(nlu, clinic, "me anota para el lunes porfa")

    assert (understanding.intent, understanding.day) == (BOOK, MONDAY)


# A yes in each country's words, on its own: the answer to "¿Confirmo tu hora?".
YES = [
    "va",  # Mexico
    "sale",  # Mexico: "ok", not "¿cuánto sale?"
    "sale pues",
    "sale y vale",
    "va que va",
    "órale",
    "ándale",
    "de una",  # Colombia, Chile
    "ta bien",
    "ta bueno",
    "sisi",
    "chévere",  # Colombia, Venezuela
    "bacán",  # Chile, Peru
    "chido",
    "joya",  # Argentina
    "bárbaro",
    "eso",
    "así es",
    "hecho",
    "trato hecho",
    "me queda bien",
    "me viene bien",
    "me acomoda",
    "me late",
    "me cuadra",
    "cómo no",
    "¿por qué no?",
    "no hay drama",  # Argentina
    "no hay bronca",  # Mexico
    "sin problema",
    "ta",  # Uruguay
    "macanudo",  # Argentina, Uruguay
]


@pytest.mark.parametrize("state", [IDLE, CONFIRMING])
@pytest.mark.parametrize("text", YES)
async def test_yes_in_every_country(
    nlu: OfflineSpanishNlu, clinic: Clinic, text: str, state: ConversationState
) -> None:
    assert await read(nlu, clinic, text, state) == Understanding(AFFIRM)


# A no in each country's words.
NO = [
    "nel",  # Mexico
    "nope",
    "nones",
    "ni modo",
    "paso",  # on its own: "paso el lunes" is a visit
    "paso, gracias",
    "nah",
    "ninguna",  # "¿cuál de estas horas?"
    "ninguna de esas",
]


@pytest.mark.parametrize("state", [IDLE, CONFIRMING])
@pytest.mark.parametrize("text", NO)
async def test_no_in_every_country(
    nlu: OfflineSpanishNlu, clinic: Clinic, text: str, state: ConversationState
) -> None:
    assert (await read(nlu, clinic, text, state)).intent is DENY


GREETINGS = ["q tal", "qué onda", "quiubo", "wena", "wenas", "hola buenas", "buen día"]


@pytest.mark.parametrize("text", GREETINGS)
async def test_greetings_in_every_country(nlu: OfflineSpanishNlu, clinic: Clinic, text: str) -> None:
    assert await read(nlu, clinic, text) == Understanding(GREET)


# Whole readings: courtesy and fillers from every country leave a booking's details as they are, and
# moving an appointment is said in many ways.
READINGS = [
    ("órale, una limpieza para el lunes porfa", Understanding(BOOK, day=MONDAY, service_id=LIMPIEZA)),
    ("sale, el lunes", Understanding(BOOK, day=MONDAY)),
    ("va, el lunes", Understanding(BOOK, day=MONDAY)),
    ("de una, el lunes", Understanding(BOOK, day=MONDAY)),
    ("bacán, el lunes", Understanding(BOOK, day=MONDAY)),
    ("che, ocupo un turno para el lunes al toque", Understanding(BOOK, day=MONDAY)),
    ("buenas tardes, ocupo una cita para mañana", Understanding(BOOK, day=TOMORROW)),  # no afternoon
    ("wena, me regala una hora para mañana porfis", Understanding(BOOK, day=TOMORROW)),
    ("pueden correrme la cita", Understanding(RESCHEDULE)),
    ("¿me la pasan para el lunes?", Understanding(RESCHEDULE, day=MONDAY)),
    ("quiero otro día para mi turno", Understanding(RESCHEDULE)),
    ("cambiarme el turno para mañana", Understanding(RESCHEDULE, day=TOMORROW)),
]


@pytest.mark.parametrize(("text", "expected"), READINGS)
async def test_whole_readings(
    nlu: OfflineSpanishNlu, clinic: Clinic, text: str, expected: Understanding
) -> None:
    assert await read(nlu, clinic, text) == expected


# About booked visits and the clinic's people, in other countries' words, and what only looks so.
INTENTS = [
    # Not going, or dropping the visit.
    *((text, CANCEL) for text in ("no voy a poder ir", "no voy a poder asistir", "no puedo asistir")),
    *((text, CANCEL) for text in ("no podré ir", "no alcanzo a llegar", "no voy a ir", "desagendar")),
    ("quiero dar de baja mi turno", CANCEL),  # Argentina: the appointment, not the messages
    ("quiero desagendar mi hora", CANCEL),
    ("borrar mi cita", CANCEL),
    ("eliminar mi turno", CANCEL),
    ("suspender la consulta", CANCEL),
    ("no voy a poder llevar a mi hijo mañana", CANCEL),  # not bringing the patient
    # Asking about it.
    ("¿sigue en pie mi cita?", MINE),
    ("¿está confirmado mi turno?", MINE),
    ("¿me confirmas mi cita?", MINE),
    ("mi turno sigue vigente?", MINE),
    # Asking for a person.
    *((text, HANDOFF) for text in ("un asesor", "quiero un asesor", "quiero hablar con un asesor")),
    *((text, HANDOFF) for text in ("me pasas con un asesor", "pásame con alguien", "¿me pueden llamar?")),
    *((text, HANDOFF) for text in ("que me llame alguien", "atención al cliente", "con la encargada porfa")),
    ("soy Perla, la secretaria me dijo que escribiera", BOOK),  # a name, no request
    ("paso con mi hija el lunes", BOOK),
    ("la recepcionista fue muy amable", Intent.THANKS),  # praise for her, no request
    ("¿tienen lugar para estacionar?", Intent.FAQ),  # parking, not a free time
    ("no me llamen más", DENY),
    ("me llamo Ana", BOOK),
    # Words that agree only on their own: inside a sentence they mean something else.
    ("¿cuánto sale?", Intent.FAQ),  # Chile: the price, answered from the services
    ("va a ser para mi hija", BOOK),
    ("quiero una cita de una vez", BOOK),
    ("paso el lunes", BOOK),  # "I'll come by on Monday"
    ("eso no me sirve", DENY),
    # Praise beside thanks closes a conversation; "ya, normal" (Peru) agrees.
    ("bacán, gracias", Intent.THANKS),
    ("genial, muchas gracias", Intent.THANKS),
    ("chévere, gracias mi pana", Intent.THANKS),
    ("ya, normal", AFFIRM),
    ("dadme de baja de los mensajes, por favor", Intent.OPT_OUT),  # Spain's "vosotros"
    ("¿tiene algo para ahorita?", BOOK),
    ("¿tienen lugar hoy en la tarde?", BOOK),
    # Information about a service is a question about it, answered from its data.
    ("quería información del blanqueamiento", Intent.FAQ),
    ("quiero informes para ponerme brackets", Intent.FAQ),
    # Being there, said to a reminder.
    ("ahí estaré", AFFIRM),
    ("allá nos vemos", AFFIRM),
    ("cuenten conmigo", AFFIRM),
    ("sí voy", AFFIRM),
    # An "if" is no yes, and arriving late no absence.
    ("quería saber si me pueden ayudar", Intent.UNKNOWN),
    ("muy amable", Intent.THANKS),
    ("mejor otro día", DENY),
    ("¿me hacéis un hueco?", BOOK),  # Spain
    ("¿tenéis hueco?", BOOK),
    ("¿puedo ir otro día?", RESCHEDULE),
    ("¿me confirmaron la cita?", MINE),
    # A visit or a session is an appointment too.
    ("¿cuándo es mi próxima visita?", MINE),
    ("quiero pedir visita", BOOK),  # Spain
    ("¿puedo cambiar mi sesión?", RESCHEDULE),
    # Starting over.
    ("arranquemos de nuevo", Intent.RESET),  # Argentina
    ("empezar desde el principio", Intent.RESET),
    ("volvamos al inicio", Intent.RESET),
    ("volver al menú", Intent.RESET),
    ("menú", Intent.RESET),
    # Opting out.
    ("eliminen mi número", Intent.OPT_OUT),
    ("borren mi número por favor", Intent.OPT_OUT),
    ("quítenme de sus contactos", Intent.OPT_OUT),
    ("basta de mensajes", Intent.OPT_OUT),
    ("paren de mandarme mensajes", Intent.OPT_OUT),
    ("no más mensajes por favor", Intent.OPT_OUT),
    ("no envíen más", Intent.OPT_OUT),
    ("me pueden volver a mandar recordatorios", Intent.OPT_IN),
]


@pytest.mark.parametrize(("text", "intent"), INTENTS)
async def test_the_intent_in_every_country(
    nlu: OfflineSpanishNlu, clinic: Clinic, text: str, intent: Intent
) -> None:
    assert (await read(nlu, clinic, text)).intent is intent


async def test_not_going_while_times_are_offered_refuses_the_time(
    nlu: OfflineSpanishNlu, clinic: Clinic
) -> None:
    understanding = await read(nlu, clinic, "no puedo ir el lunes", COLLECTING_TIME)

    assert understanding == Understanding(DENY)


async def test_not_going_to_ones_appointment_cancels_it_in_any_state(
    nlu: OfflineSpanishNlu, clinic: Clinic
) -> None:
    for state in (IDLE, COLLECTING_TIME):
        assert (await read(nlu, clinic, "no voy a poder ir a mi turno", state)).intent is CANCEL


# The demo clinic's services and doctors asked for in other countries' words and with typos.
SERVICES_SAID = [
    ("necesito que me saquen una muela", "extraccion"),
    ("quiero que me extraigan una muela", "extraccion"),
    ("me duele mucho la muela", "urgencia"),
    ("me molesta una muela", "urgencia"),
    ("se me partió una muela", "urgencia"),
    ("se me rompió un diente", "urgencia"),
    ("tengo la cara hinchada", "urgencia"),
    ("quiero ponerme frenos", "instalacion_brackets"),
    ("quiero colocarme aparatos", "instalacion_brackets"),
    ("ajuste de frenos", "control_ortodoncia"),
    ("se me cayó un bracket", "control_ortodoncia"),
    ("un odontólogo para niños", "odontopediatria"),
    ("una hora de odontopediatría", "odontopediatria"),
    ("es para mi viejo, que le duele una muela", "urgencia"),  # whose tooth: "le" as "me"
    ("necesito hora, me duele caleta una muela", "urgencia"),  # Chile: "caleta" is "a lot"
    ("tengo revisión del aparato el martes", "control_ortodoncia"),  # Spain
    ("quisiera una cita para que me revisen los brackets", "control_ortodoncia"),
    ("me tienen que ajustar los brackets", "control_ortodoncia"),
    ("apretar los frenos", "control_ortodoncia"),
    ("quiero dientes más blancos", "blanqueamiento"),
    ("quiero blanquearme", "blanqueamiento"),
    ("tengo la encía inflamada", "urgencia"),
    ("se me hinchó la cara", "urgencia"),
    ("una consulta general", "evaluacion"),
    ("quiero que me revisen los dientes", "evaluacion"),
    ("una valoración", "evaluacion"),
    ("quiero una limpia", "limpieza"),
    ("limpiesa", "limpieza"),
    ("estraccion", "extraccion"),
    ("extración de muela", "extraccion"),
    ("blanquamiento", "blanqueamiento"),
]


@pytest.mark.parametrize(("text", "service"), SERVICES_SAID)
async def test_services_in_every_country(
    nlu: OfflineSpanishNlu, clinic: Clinic, text: str, service: str
) -> None:
    understanding = await read(nlu, clinic, text)

    assert (understanding.intent, understanding.service_id) == (BOOK, ServiceId(service))


@pytest.mark.parametrize(
    ("text", "doctor"),
    [
        ("la dra perez", "perez"),
        ("con el doctor Soto", "soto"),
        ("quiero cita con el ortodonsista", "soto"),
        # The children's dentist named as a person is the doctor, not the service.
        ("¿la odontopediatra atiende el viernes?", "rojas"),
        ("con la dentista de los niños el miércoles", "rojas"),
        ("¿la doctora de niños atiende el miércoles?", "rojas"),
        ("con la de niños el miércoles", "rojas"),
        ("con la dentista infantil para mi hija", "rojas"),
        ("pediatra dental", "rojas"),
        ("con la doctora que atiende niños", "rojas"),
        # Braces in any country's word mean the orthodontist.
        ("con el de los brackets", "soto"),
        ("con la doctora de los frenos", "soto"),
    ],
)
async def test_doctors_in_every_country(
    nlu: OfflineSpanishNlu, clinic: Clinic, text: str, doctor: str
) -> None:
    understanding = await read(nlu, clinic, text)

    assert (understanding.doctor_id, understanding.service_id) == (DoctorId(doctor), None)


# On the confirmation card a hesitation must not confirm, nor an "I don't know" refuse.
HESITATIONS = [
    ("bueno, no sé", Intent.UNKNOWN),
    ("bueno, déjame ver", Intent.UNKNOWN),
    ("¿bueno?", Intent.UNKNOWN),  # Mexico's "hello?" on the phone
    ("no sé", Intent.UNKNOWN),
    ("no sé qué día me conviene", Intent.UNKNOWN),
    ("no se preocupe", Intent.UNKNOWN),
    ("bueno", AFFIRM),
    ("bueno, está bien", AFFIRM),
    ("bueno dale", AFFIRM),
    ("no se puede", DENY),
]


@pytest.mark.parametrize(("text", "intent"), HESITATIONS)
async def test_hesitations_on_the_confirmation_card(
    nlu: OfflineSpanishNlu, clinic: Clinic, text: str, intent: Intent
) -> None:
    assert (await read(nlu, clinic, text, CONFIRMING)).intent is intent


# A yes or praise beside thanks: a yes on the confirmation card, thanks when nothing was asked.
@pytest.mark.parametrize(
    "text",
    ["vale, gracias", "ok gracias", "sale, gracias", "listo, muchas gracias", "genial, muchas gracias"],
)
async def test_a_yes_with_thanks_is_a_yes_only_when_one_is_awaited(
    nlu: OfflineSpanishNlu, clinic: Clinic, text: str
) -> None:
    assert (await read(nlu, clinic, text, CONFIRMING)).intent is AFFIRM
    assert (await read(nlu, clinic, text, IDLE)).intent is Intent.THANKS


@pytest.mark.parametrize(
    "text", ["¿me pueden borrar mi número antiguo y poner el nuevo?", "¿no envían más recordatorios?"]
)
async def test_words_near_opting_out_opt_nothing_out(
    nlu: OfflineSpanishNlu, clinic: Clinic, text: str
) -> None:
    assert (await read(nlu, clinic, text)).intent is not Intent.OPT_OUT
