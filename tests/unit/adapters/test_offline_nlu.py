"""The offline Spanish NLU reads what patients actually write on WhatsApp, and nothing more."""

from __future__ import annotations

import time
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest

from adapters.offline_nlu.engine import OfflineSpanishNlu
from application.ports import NluContext, NluEngine
from domain.clinic import Clinic, Doctor, FaqEntry, WeeklyHours
from domain.conversation import ConversationState
from domain.ids import ClinicId, DoctorId
from domain.understanding import Intent, Understanding
from domain.when import ClockTime, DayPart, Meridiem
from tests.unit.adapters.reading import reading_context

SANTIAGO = ZoneInfo("America/Santiago")
TODAY = date(2026, 11, 25)  # a Wednesday
TOMORROW = date(2026, 11, 26)
FRIDAY = date(2026, 11, 27)
MONDAY = date(2026, 11, 30)
TUESDAY = date(2026, 12, 1)
PEREZ, SOTO, ROJAS = DoctorId("perez"), DoctorId("soto"), DoctorId("rojas")
WHERE, PRICE = 0, 1

MORNING, AFTERNOON, EVENING = DayPart.MORNING, DayPart.AFTERNOON, DayPart.EVENING
AM, PM = Meridiem.AM, Meridiem.PM
BOOK = Intent.BOOK


def _doctor(doctor_id: DoctorId, name: str, specialty: str) -> Doctor:
    return Doctor(doctor_id, name, specialty, timedelta(minutes=30), WeeklyHours())


CLINIC = Clinic(
    id=ClinicId("sonrisa"),
    name="Clínica Sonrisa",
    address="Av. Providencia 1234, Santiago",
    timezone=SANTIAGO,
    phone_number_id="100200300",
    doctors=(
        _doctor(PEREZ, "Dra. Camila Pérez", "Odontología general"),
        _doctor(SOTO, "Dr. Andrés Soto", "Ortodoncia"),
        _doctor(ROJAS, "Dra. Valentina Rojas", "Odontopediatría"),
    ),
    faq=(
        FaqEntry("¿Dónde están?", "En Av. Providencia 1234.", ("dirección", "ubicados", "dónde", "llegar")),
        FaqEntry("¿Cuánto cuesta?", "La consulta vale $25.000.", ("precio", "valor", "cuesta", "cobran")),
    ),
)


def context(state: ConversationState = ConversationState.IDLE, today: date = TODAY) -> NluContext:
    return reading_context(CLINIC, today, state)


@pytest.fixture(scope="module")
def nlu() -> OfflineSpanishNlu:
    return OfflineSpanishNlu()


async def read(
    nlu: OfflineSpanishNlu, text: str, state: ConversationState = ConversationState.IDLE
) -> Understanding:
    return await nlu.understand(text, context(state))


INTENTS = [
    ("quiero agendar una cita", Intent.BOOK),
    ("necesito una hora", Intent.BOOK),
    ("Hola, quisiera pedir hora", Intent.BOOK),
    ("reservar", Intent.BOOK),
    ("necesito un turno", Intent.BOOK),
    ("una consulta", Intent.BOOK),
    ("quiero ir al dentista", Intent.BOOK),
    ("BUENAS TARDES, QUIERO UNA HORA", Intent.BOOK),
    ("hola", Intent.GREET),
    ("holaaa", Intent.GREET),
    ("Buenos días", Intent.GREET),
    ("buenas tardes", Intent.GREET),
    ("buenas", Intent.GREET),
    ("sí", Intent.AFFIRM),
    ("si", Intent.AFFIRM),
    ("Siii", Intent.AFFIRM),
    ("confirmo", Intent.AFFIRM),
    ("Confirmar", Intent.AFFIRM),
    ("dale", Intent.AFFIRM),
    ("ok", Intent.AFFIRM),
    ("perfecto", Intent.AFFIRM),
    ("correcto", Intent.AFFIRM),
    ("de acuerdo", Intent.AFFIRM),
    ("no hay problema", Intent.AFFIRM),
    ("no", Intent.DENY),
    ("No gracias", Intent.DENY),
    ("cancelar", Intent.CANCEL),
    ("cancela", Intent.CANCEL),
    ("ya no quiero", Intent.CANCEL),
    ("olvídalo", Intent.CANCEL),
    ("olvidalo", Intent.CANCEL),
    ("no quiero la cita", Intent.CANCEL),
    ("quiero cancelar la cita", Intent.CANCEL),
    ("empezar de nuevo", Intent.RESET),
    ("empecemos de nuevo", Intent.RESET),
    ("comenzar de nuevo", Intent.RESET),
    ("volver a empezar", Intent.RESET),
    ("reiniciar", Intent.RESET),
    ("reset", Intent.RESET),
    ("mejor empecemos de nuevo con la cita", Intent.RESET),
    ("gracias", Intent.THANKS),
    ("Muchas gracias!", Intent.THANKS),
    ("quiero hablar con una persona", Intent.HANDOFF),
    ("con un humano por favor", Intent.HANDOFF),
    ("me comunica con la recepción?", Intent.HANDOFF),
    ("puedo hablar con alguien?", Intent.HANDOFF),
    ("vale", Intent.AFFIRM),
    ("¿cuánto vale?", Intent.UNKNOWN),  # "vale" agrees only on its own
    ("gracias, hasta mañana", Intent.THANKS),  # a goodbye, not a request for tomorrow
    ("Ok, nos vemos el lunes", Intent.AFFIRM),
    ("tipo una limpieza", Intent.UNKNOWN),
    ("asdf qwerty", Intent.UNKNOWN),
    ("la próxima semana", Intent.UNKNOWN),
]


@pytest.mark.parametrize(("text", "intent"), INTENTS)
async def test_intents_without_details(nlu: OfflineSpanishNlu, text: str, intent: Intent) -> None:
    assert await read(nlu, text) == Understanding(intent)


DAYS = [
    ("hoy", TODAY),
    ("mañana", TOMORROW),
    ("manana", TOMORROW),
    ("MAÑANA", TOMORROW),
    ("pasado mañana", date(2026, 11, 27)),
    ("el lunes", MONDAY),
    ("lunes", MONDAY),
    ("este viernes", FRIDAY),
    ("el próximo martes", TUESDAY),
    ("el martes que viene", TUESDAY),
    ("el miércoles", date(2026, 12, 2)),  # today is Wednesday: it means next week's
    ("el sabado", date(2026, 11, 28)),
    ("el viernes de la próxima semana", date(2026, 12, 4)),
    ("el 15", date(2026, 12, 15)),
    ("el día 15", date(2026, 12, 15)),
    ("el 25", TODAY),
    ("el 30", MONDAY),
    ("el 31", date(2026, 12, 31)),  # November has no 31st
    ("el 15 del próximo mes", date(2026, 12, 15)),
    ("3 de diciembre", date(2026, 12, 3)),
    ("2 de dic", date(2026, 12, 2)),
    ("lunes 3 de marzo", date(2027, 3, 3)),  # a Wednesday: the number wins over the weekday
    ("10 de noviembre", date(2027, 11, 10)),  # already past this year
    ("25 de noviembre", TODAY),
    ("1 de enero", date(2027, 1, 1)),
    ("15/12", date(2026, 12, 15)),
    ("15-12", date(2026, 12, 15)),
    ("15/12/2026", date(2026, 12, 15)),
    ("el 3 de marzo de 2028", date(2028, 3, 3)),
    ("¿Atienden el sábado 5 de diciembre?", date(2026, 12, 5)),
    ("¿tienen hora mañana?", TOMORROW),
    ("hoy no, mañana sí", TOMORROW),
    ("no puedo el lunes, mejor el martes", TUESDAY),
    ("no, el jueves", TOMORROW),
]


@pytest.mark.parametrize(("text", "day"), DAYS)
async def test_days(nlu: OfflineSpanishNlu, text: str, day: date) -> None:
    assert await read(nlu, text) == Understanding(BOOK, day=day)


async def test_a_weekday_said_on_that_weekday_means_next_week() -> None:
    monday = await OfflineSpanishNlu().understand("el lunes", context(today=MONDAY))

    assert monday == Understanding(BOOK, day=date(2026, 12, 7))


PARTS = [
    ("en la mañana", Understanding(BOOK, part=MORNING)),
    ("por la mañana", Understanding(BOOK, part=MORNING)),
    ("de la mañana", Understanding(BOOK, part=MORNING)),
    ("en las mañanas", Understanding(BOOK, part=MORNING)),
    ("temprano", Understanding(BOOK, part=MORNING)),
    ("mañana en la mañana", Understanding(BOOK, day=TOMORROW, part=MORNING)),
    ("manana por la manana", Understanding(BOOK, day=TOMORROW, part=MORNING)),
    ("mañana temprano", Understanding(BOOK, day=TOMORROW, part=MORNING)),
    ("en la tarde", Understanding(BOOK, part=AFTERNOON)),
    ("por la tarde", Understanding(BOOK, part=AFTERNOON)),
    ("después de almuerzo", Understanding(BOOK, part=AFTERNOON)),
    ("esta tarde", Understanding(BOOK, day=TODAY, part=AFTERNOON)),
    ("en la noche", Understanding(BOOK, part=EVENING)),
    ("de noche", Understanding(BOOK, part=EVENING)),
    ("después del mediodía", Understanding(BOOK, part=AFTERNOON)),
    ("antes del mediodía", Understanding(BOOK, part=MORNING)),
    ("en la tarde no puedo, en la mañana sí", Understanding(BOOK, part=MORNING)),
]


@pytest.mark.parametrize(("text", "expected"), PARTS)
async def test_parts_of_the_day(nlu: OfflineSpanishNlu, text: str, expected: Understanding) -> None:
    assert await read(nlu, text) == expected


TIMES = [
    ("a las 4", ClockTime(4)),
    ("a las 4:30", ClockTime(4, 30)),
    ("4.30", ClockTime(4, 30)),
    ("a las 4 y media", ClockTime(4, 30)),
    ("4 y cuarto", ClockTime(4, 15)),
    ("a las 5 menos cuarto", ClockTime(4, 45)),
    ("a las dos y media", ClockTime(2, 30)),
    ("a la una", ClockTime(1)),
    ("a las 16:00", ClockTime(16)),
    ("16 hrs", ClockTime(16)),
    ("16h", ClockTime(16)),
    ("15.30 hrs", ClockTime(15, 30)),
    ("a las 4 de la tarde", ClockTime(4, 0, PM)),
    ("4 pm", ClockTime(4, 0, PM)),
    ("4pm", ClockTime(4, 0, PM)),
    ("4 p.m.", ClockTime(4, 0, PM)),
    ("a las 8 de la noche", ClockTime(8, 0, PM)),
    ("a las 12 de la noche", ClockTime(12, 0, AM)),
    ("la una y media de la tarde", ClockTime(1, 30, PM)),
    ("10 de la mañana", ClockTime(10, 0, AM)),
    ("10 am", ClockTime(10, 0, AM)),
    ("al mediodía", ClockTime(12)),
    ("a mediodía", ClockTime(12)),
    ("como a las 3", ClockTime(3)),
    ("tipo 5", ClockTime(5)),
    ("entre las 3 y las 5", ClockTime(3)),
    ("puede ser a las 10?", ClockTime(10)),
]


@pytest.mark.parametrize(("text", "clock"), TIMES)
async def test_times(nlu: OfflineSpanishNlu, text: str, clock: ClockTime) -> None:
    assert await read(nlu, text) == Understanding(BOOK, time=clock)


NOT_TIMES = [
    "mi número es +56 9 8765 4321",
    "mi teléfono es 912345678",
    "a las 25",
    "somos 3",
]


@pytest.mark.parametrize("text", NOT_TIMES)
async def test_numbers_that_are_not_times(nlu: OfflineSpanishNlu, text: str) -> None:
    assert await read(nlu, text) == Understanding(Intent.UNKNOWN)


DOCTORS = [
    ("con la doctora Perez", PEREZ),
    ("con la Dra. Pérez", PEREZ),
    ("quiero hora con Camila", PEREZ),
    ("con el dr soto", SOTO),
    ("con Andres", SOTO),
    ("ortodoncia", SOTO),
    ("necesito un ortodoncista", SOTO),
    ("es para una pediatra", ROJAS),
]


@pytest.mark.parametrize(("text", "doctor_id"), DOCTORS)
async def test_doctors(nlu: OfflineSpanishNlu, text: str, doctor_id: DoctorId) -> None:
    assert await read(nlu, text) == Understanding(BOOK, doctor_id=doctor_id)


async def test_a_child_means_the_childrens_doctor_and_says_whom(nlu: OfflineSpanishNlu) -> None:
    assert await read(nlu, "es para mi hijo") == Understanding(BOOK, doctor_id=ROJAS, relation="hijo")


NAMES = [
    ("me llamo Ana López", "Ana López"),
    ("mi nombre es ana lópez", "Ana López"),
    ("Me llamo ANA LÓPEZ", "Ana López"),
    ("soy Ana López", "Ana López"),
    ("Hola, soy Ana", "Ana"),
    ("soy Camila", "Camila"),  # the patient's own name, though a doctor shares it
    ("a nombre de Ana López", "Ana López"),
    ("para Juan Pérez", "Juan Pérez"),
    ("me llamo María de los Ángeles", "María de los Ángeles"),
    ("me llamo Juan Carlos Pérez Soto Rivera", "Juan Carlos Pérez Soto"),
]


@pytest.mark.parametrize(("text", "name"), NAMES)
async def test_stated_names(nlu: OfflineSpanishNlu, text: str, name: str) -> None:
    assert await read(nlu, text) == Understanding(BOOK, patient_name=name)


NOT_NAMES = [
    ("soy paciente nuevo", Understanding(Intent.UNKNOWN)),
    ("soy nueva", Understanding(Intent.UNKNOWN)),
    ("soy casada", Understanding(Intent.UNKNOWN)),
    ("quiero hora, soy paciente nueva", Understanding(BOOK)),
    ("hora para Camila Pérez", Understanding(BOOK, doctor_id=PEREZ)),
    ("para Mañana", Understanding(BOOK, day=TOMORROW)),
    ("Ana López", Understanding(Intent.UNKNOWN)),  # a bare name counts only when it was asked for
]


@pytest.mark.parametrize(("text", "expected"), NOT_NAMES)
async def test_words_that_are_not_a_name(nlu: OfflineSpanishNlu, text: str, expected: Understanding) -> None:
    assert await read(nlu, text) == expected


ASKED_FOR_NAME = [
    ("Ana López", Understanding(BOOK, patient_name="Ana López")),
    ("ana", Understanding(BOOK, patient_name="Ana")),
    ("ana lópez", Understanding(BOOK, patient_name="Ana López")),
    ("Ana López, gracias", Understanding(BOOK, patient_name="Ana López")),
    ("Valentina", Understanding(BOOK, patient_name="Valentina")),
    ("Ana Pérez", Understanding(BOOK, patient_name="Ana Pérez")),
    ("Pérez", Understanding(BOOK, doctor_id=PEREZ)),
    ("pediatra", Understanding(BOOK, doctor_id=ROJAS)),
    ("sí", Understanding(Intent.AFFIRM)),
    ("hola", Understanding(Intent.GREET)),
    ("mañana", Understanding(BOOK, day=TOMORROW)),
    ("jaja", Understanding(Intent.UNKNOWN)),
    ("ana lopez 123", Understanding(Intent.UNKNOWN)),
    ("Juan Carlos Pérez Soto Rivera", Understanding(Intent.UNKNOWN)),
]


@pytest.mark.parametrize(("text", "expected"), ASKED_FOR_NAME)
async def test_bare_reply_when_the_name_was_asked(
    nlu: OfflineSpanishNlu, text: str, expected: Understanding
) -> None:
    assert await read(nlu, text, ConversationState.COLLECTING_NAME) == expected


FAQ = [
    ("¿dónde están ubicados?", Understanding(Intent.FAQ, faq_index=WHERE)),
    ("cual es la direccion", Understanding(Intent.FAQ, faq_index=WHERE)),
    ("cómo llegar?", Understanding(Intent.FAQ, faq_index=WHERE)),
    ("precios", Understanding(Intent.FAQ, faq_index=PRICE)),
    ("¿cuánto cuesta una consulta?", Understanding(Intent.FAQ, faq_index=PRICE)),
    ("hola, cuánto cobran?", Understanding(Intent.FAQ, faq_index=PRICE)),
    ("quiero reservar, ¿cuánto cuesta?", Understanding(BOOK, faq_index=PRICE)),
    ("¿dónde es la cita del lunes?", Understanding(BOOK, day=MONDAY, faq_index=WHERE)),
]


@pytest.mark.parametrize(("text", "expected"), FAQ)
async def test_faq(nlu: OfflineSpanishNlu, text: str, expected: Understanding) -> None:
    assert await read(nlu, text) == expected


SEVERAL_FIELDS = [
    (
        "Mañana a las 4, soy Ana López",
        Understanding(BOOK, day=TOMORROW, time=ClockTime(4), patient_name="Ana López"),
    ),
    (
        "Hola, buenos días, quisiera agendar una hora para el jueves en la mañana",
        Understanding(BOOK, day=TOMORROW, part=MORNING),
    ),
    (
        "el lunes a las 4 de la tarde con el Dr. Soto",
        Understanding(BOOK, day=MONDAY, time=ClockTime(4, 0, PM), doctor_id=SOTO),
    ),
    (
        "me llamo Camila Pérez y quiero hora con el Dr. Soto",
        Understanding(BOOK, doctor_id=SOTO, patient_name="Camila Pérez"),
    ),
    ("el 15 a las 10", Understanding(BOOK, day=date(2026, 12, 15), time=ClockTime(10))),
    (
        "dame hora para el 3 de diciembre a las 9:30",
        Understanding(BOOK, day=date(2026, 12, 3), time=ClockTime(9, 30)),
    ),
    ("15/12 a las 16:30", Understanding(BOOK, day=date(2026, 12, 15), time=ClockTime(16, 30))),
    ("el 4 de diciembre a las 4", Understanding(BOOK, day=date(2026, 12, 4), time=ClockTime(4))),
    ("sí, mañana en la tarde", Understanding(BOOK, day=TOMORROW, part=AFTERNOON)),
    ("A las 3 de la tarde del viernes", Understanding(BOOK, day=FRIDAY, time=ClockTime(3, 0, PM))),
    ("Soy Ana López, mi rut es 12.345.678-9", Understanding(BOOK, patient_name="Ana López")),
    ("gracias, el lunes entonces", Understanding(BOOK, day=MONDAY)),
    ("cancela eso, mejor el martes", Understanding(Intent.CANCEL, day=TUESDAY)),
    ("hablar con la doctora Pérez", Understanding(Intent.HANDOFF, doctor_id=PEREZ)),
]


@pytest.mark.parametrize(("text", "expected"), SEVERAL_FIELDS)
async def test_several_fields_in_one_message(
    nlu: OfflineSpanishNlu, text: str, expected: Understanding
) -> None:
    assert await read(nlu, text) == expected


REFUSALS = [
    ("no puedo el lunes", Understanding(Intent.DENY)),
    ("el jueves no", Understanding(Intent.DENY)),
    ("a las 4 no puedo", Understanding(Intent.DENY)),
    ("no me sirve en la tarde", Understanding(Intent.DENY)),
    ("quiero cancelar la cita del lunes", Understanding(Intent.CANCEL)),
]


@pytest.mark.parametrize(("text", "expected"), REFUSALS)
async def test_a_refused_day_or_time_is_not_proposed(
    nlu: OfflineSpanishNlu, text: str, expected: Understanding
) -> None:
    assert await read(nlu, text) == expected


OPT_OUTS = [
    "BAJA",
    "baja",
    "Baja.",
    "BAJA por favor",
    "STOP",
    "stop",
    "Stop!",
    "no quiero recibir mensajes",
    "no quiero recibir más mensajes",
    "Hola, no quiero recibir más recordatorios",
    "dejen de escribirme",
    "por favor dejen de enviarme mensajes",
    "no me manden más mensajes",
    "no me escriban más",
    "desuscribir",
    "quiero desuscribirme",
    "darme de baja",
    "quiero darme de baja de los mensajes",
    "sáquenme de la lista",
    "no quiero recibir mensajes, pero mantengan mi cita del lunes",  # opting out wins over all else
]


@pytest.mark.parametrize("text", OPT_OUTS)
async def test_opt_out(nlu: OfflineSpanishNlu, text: str) -> None:
    assert (await read(nlu, text)).intent is Intent.OPT_OUT


OPT_INS = [
    "ALTA",
    "alta",
    "Alta por favor",
    "START",
    "start",
    "quiero volver a recibir mensajes",
    "darme de alta",
    "quiero darme de alta otra vez",
]


@pytest.mark.parametrize("text", OPT_INS)
async def test_opt_in(nlu: OfflineSpanishNlu, text: str) -> None:
    assert (await read(nlu, text)).intent is Intent.OPT_IN


# A keyword inside a sentence is an ordinary word; a complaint about messages is not a request.
NOT_OPT_OUT_OR_IN = [
    ("tengo la presión baja", Understanding(Intent.UNKNOWN)),
    ("mi hija está de baja", Understanding(BOOK, doctor_id=ROJAS)),
    ("quiero una hora, stop", Understanding(BOOK)),
    ("BAJA, quiero una hora", Understanding(BOOK)),  # not the whole message: a word, not a command
    ("¿baja el precio si pago en efectivo?", Understanding(Intent.FAQ, faq_index=PRICE)),
    ("no me mandaron mensajes de confirmación", Understanding(Intent.DENY)),
    ("dejé de recibir mensajes", Understanding(Intent.UNKNOWN)),
    ("sáquenme de la lista de espera", Understanding(Intent.UNKNOWN)),
    ("tengo la presión alta", Understanding(Intent.UNKNOWN)),
    ("me dieron de alta", Understanding(Intent.UNKNOWN)),
    ("¿cuándo me dan de alta?", Understanding(Intent.UNKNOWN)),
    ("no quiero volver a recibir mensajes", Understanding(Intent.OPT_OUT)),
]


@pytest.mark.parametrize(("text", "expected"), NOT_OPT_OUT_OR_IN)
async def test_words_that_do_not_opt_out_or_in(
    nlu: OfflineSpanishNlu, text: str, expected: Understanding
) -> None:
    assert await read(nlu, text) == expected


async def test_a_bare_opt_out_is_not_a_name_when_the_name_was_asked(nlu: OfflineSpanishNlu) -> None:
    assert await read(nlu, "Baja", ConversationState.COLLECTING_NAME) == Understanding(Intent.OPT_OUT)
    assert await read(nlu, "STOP", ConversationState.CONFIRMING) == Understanding(Intent.OPT_OUT)


MY_APPOINTMENTS = [
    ("¿a qué hora es mi cita?", Understanding(Intent.MY_APPOINTMENTS)),
    ("cuándo es mi cita", Understanding(Intent.MY_APPOINTMENTS)),
    ("tengo hora agendada?", Understanding(Intent.MY_APPOINTMENTS)),
    ("qué día tengo hora", Understanding(Intent.MY_APPOINTMENTS)),
    ("a qué hora me toca", Understanding(Intent.MY_APPOINTMENTS)),
    ("recuérdame mi cita", Understanding(Intent.MY_APPOINTMENTS)),
    ("mis citas", Understanding(Intent.MY_APPOINTMENTS)),
    ("tengo alguna cita?", Understanding(Intent.MY_APPOINTMENTS)),
    ("con quién es mi hora", Understanding(Intent.MY_APPOINTMENTS)),
    ("¿cuándo es mi próxima hora?", Understanding(Intent.MY_APPOINTMENTS)),
    ("¿a qué hora es la cita?", Understanding(Intent.MY_APPOINTMENTS)),
    ("¿estoy agendada?", Understanding(Intent.MY_APPOINTMENTS)),
    ("no me acuerdo de mi hora", Understanding(Intent.MY_APPOINTMENTS)),
    ("quiero ver mis citas", Understanding(Intent.MY_APPOINTMENTS)),
    ("¿y mi hora?", Understanding(Intent.MY_APPOINTMENTS)),
    # The day says which appointment; the application may use it or not.
    ("¿tengo hora mañana?", Understanding(Intent.MY_APPOINTMENTS, day=TOMORROW)),
]


@pytest.mark.parametrize(("text", "expected"), MY_APPOINTMENTS)
async def test_questions_about_booked_appointments(
    nlu: OfflineSpanishNlu, text: str, expected: Understanding
) -> None:
    assert await read(nlu, text) == expected


NOT_MY_APPOINTMENTS = [
    ("quiero una cita", Understanding(BOOK)),
    ("a qué hora atienden", Understanding(Intent.UNKNOWN)),  # opening hours: a FAQ where the clinic has one
    ("¿tienen hora mañana?", Understanding(BOOK, day=TOMORROW)),
    ("¿cuándo es la próxima hora disponible?", Understanding(BOOK)),
    ("¿cuándo puedo pedir mi hora?", Understanding(BOOK)),
    ("de acuerdo la hora me sirve", Understanding(Intent.AFFIRM)),
    ("confirmo mi hora", Understanding(Intent.AFFIRM)),
    ("¿dónde es la cita del lunes?", Understanding(BOOK, day=MONDAY, faq_index=WHERE)),
]


@pytest.mark.parametrize(("text", "expected"), NOT_MY_APPOINTMENTS)
async def test_not_questions_about_booked_appointments(
    nlu: OfflineSpanishNlu, text: str, expected: Understanding
) -> None:
    assert await read(nlu, text) == expected


RESCHEDULES = [
    ("cambiar mi cita para el viernes", Understanding(Intent.RESCHEDULE, day=FRIDAY)),
    ("quiero reagendar", Understanding(Intent.RESCHEDULE)),
    ("necesito mover mi hora", Understanding(Intent.RESCHEDULE)),
    ("puedo cambiar la hora de mi cita?", Understanding(Intent.RESCHEDULE)),
    ("cambiar mi cita a las 5", Understanding(Intent.RESCHEDULE, time=ClockTime(5))),
    ("me gustaría cambiar el día de mi cita", Understanding(Intent.RESCHEDULE)),
    ("reprogramar mi cita", Understanding(Intent.RESCHEDULE)),
    # The refused Tuesday is where the appointment is now, not where it should go.
    ("no puedo ir el martes, ¿la podemos cambiar?", Understanding(Intent.RESCHEDULE)),
    ("mejor cámbialo al jueves", Understanding(Intent.RESCHEDULE, day=TOMORROW)),
    ("¿se puede cambiar?", Understanding(Intent.RESCHEDULE)),
    ("quiero postergar mi hora", Understanding(Intent.RESCHEDULE)),
    ("¿me la pueden correr para la tarde?", Understanding(Intent.RESCHEDULE, part=AFTERNOON)),
    # Where it is now is not proposed; where it should go is.
    ("cambiar mi cita del lunes para el viernes", Understanding(Intent.RESCHEDULE, day=FRIDAY)),
    ("quiero cambiar mi hora de las 10 para las 11", Understanding(Intent.RESCHEDULE, time=ClockTime(11))),
    ("quiero mover mi hora de mañana", Understanding(Intent.RESCHEDULE)),
    # Moving beats cancelling and asking for a person, as cancelling did.
    ("ya no voy a ir, ¿la podemos cambiar para el jueves?", Understanding(Intent.RESCHEDULE, day=TOMORROW)),
    ("quiero hablar con alguien para cambiar mi hora", Understanding(Intent.RESCHEDULE)),
]


@pytest.mark.parametrize(("text", "expected"), RESCHEDULES)
async def test_moving_a_booked_appointment(
    nlu: OfflineSpanishNlu, text: str, expected: Understanding
) -> None:
    assert await read(nlu, text) == expected


NOT_RESCHEDULES = [
    ("no quiero cambiar mi cita, quiero cancelarla", Understanding(Intent.CANCEL)),
    ("no la quiero cambiar", Understanding(Intent.DENY)),
    ("me llegó un correo de la cita", Understanding(BOOK)),
    ("pagué por adelantado la consulta", Understanding(BOOK)),
    ("¿tienen cambio?", Understanding(Intent.UNKNOWN)),
    ("¿qué pasa con la hora?", Understanding(Intent.UNKNOWN)),
]


@pytest.mark.parametrize(("text", "expected"), NOT_RESCHEDULES)
async def test_words_that_do_not_move_an_appointment(
    nlu: OfflineSpanishNlu, text: str, expected: Understanding
) -> None:
    assert await read(nlu, text) == expected


IN_PROGRESS = [
    # BOOK with details is how the booking desk changes the booking being made.
    ("mejor cámbialo al jueves", Understanding(BOOK, day=TOMORROW)),
    ("cambiar mi cita para el viernes", Understanding(BOOK, day=FRIDAY)),
    ("quiero cambiar la hora", Understanding(BOOK)),
    # Unless the patient points at an appointment already booked.
    ("quiero cambiar la hora que ya tengo", Understanding(Intent.RESCHEDULE)),
    ("también quiero mover mi otra cita al lunes", Understanding(Intent.RESCHEDULE, day=MONDAY)),
    ("¿a qué hora es mi cita?", Understanding(Intent.MY_APPOINTMENTS)),
    ("cancela eso, mejor el martes", Understanding(Intent.CANCEL, day=TUESDAY)),
]


@pytest.mark.parametrize("state", [ConversationState.COLLECTING_TIME, ConversationState.CONFIRMING])
@pytest.mark.parametrize(("text", "expected"), IN_PROGRESS)
async def test_moving_words_during_a_booking_change_that_booking(
    nlu: OfflineSpanishNlu, text: str, expected: Understanding, state: ConversationState
) -> None:
    assert await read(nlu, text, state) == expected


async def test_after_a_confirmed_booking_moving_words_move_it(nlu: OfflineSpanishNlu) -> None:
    understanding = await read(nlu, "mejor cámbialo al jueves", ConversationState.CONFIRMED)

    assert understanding == Understanding(Intent.RESCHEDULE, day=TOMORROW)


CANCELS = [
    "quiero cancelar mi cita",
    "anular mi hora",
    "ya no voy a ir",
    "cancelar mi hora del lunes",
    "ya no necesito la hora",
    "no quiero la cita",
]


@pytest.mark.parametrize("text", CANCELS)
async def test_cancelling(nlu: OfflineSpanishNlu, text: str) -> None:
    assert await read(nlu, text) == Understanding(Intent.CANCEL)


async def test_calls_are_counted() -> None:
    engine = OfflineSpanishNlu()

    await engine.understand("hola", context())
    await engine.understand("mañana", context())

    assert engine.calls == 2


async def test_fits_the_nlu_port() -> None:
    engine: NluEngine = OfflineSpanishNlu()

    assert await engine.understand("sí", context()) == Understanding(Intent.AFFIRM)


async def test_each_message_takes_well_under_a_few_milliseconds(nlu: OfflineSpanishNlu) -> None:
    phrases = [text for text, _ in INTENTS + DAYS] + [text for text, _ in SEVERAL_FIELDS]
    phrases += OPT_OUTS + [text for text, _ in MY_APPOINTMENTS + RESCHEDULES]
    for text in phrases:  # warm-up: the first reading builds its caches
        await read(nlu, text)

    started = time.perf_counter()
    for text in phrases:
        await read(nlu, text)
    average = (time.perf_counter() - started) / len(phrases)

    assert average < 0.005
