"""The offline reader names the clinic's own services and reads questions about them (issue 22)."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from adapters.clinic_config.toml_file import load_demo_clinic
from adapters.offline_nlu.engine import OfflineSpanishNlu
from adapters.offline_nlu.services import read_service, singular
from application.ports import NluContext
from domain.clinic import Clinic, FaqEntry
from domain.conversation import ConversationState
from domain.ids import DoctorId, ServiceId
from domain.services import Price, Service
from domain.understanding import Intent, ServiceQuestion, Understanding
from domain.when import ClockTime, DayPart
from tests.unit.adapters.reading import reading_context

SANTIAGO = ZoneInfo("America/Santiago")
TODAY = date(2026, 11, 25)  # a Wednesday
TOMORROW = date(2026, 11, 26)
FRIDAY = date(2026, 11, 27)
PEREZ, SOTO, ROJAS = DoctorId("perez"), DoctorId("soto"), DoctorId("rojas")

EVALUACION = ServiceId("evaluacion")
LIMPIEZA = ServiceId("limpieza")
BLANQUEAMIENTO = ServiceId("blanqueamiento")
CONTROL_ORTODONCIA = ServiceId("control_ortodoncia")
ORTODONCIA = ServiceId("ortodoncia")
ODONTOPEDIATRIA = ServiceId("odontopediatria")

PRICE, PREPARATION, DURATION = ServiceQuestion.PRICE, ServiceQuestion.PREPARATION, ServiceQuestion.DURATION
BOOK, FAQ = Intent.BOOK, Intent.FAQ


def _clp(amount: int) -> Price:
    return Price(Decimal(amount), "CLP")


SERVICES = (
    Service(
        EVALUACION,
        "Evaluación",
        timedelta(minutes=30),
        synonyms=("evaluación general", "primera consulta", "consulta"),
        price=_clp(25_000),
    ),
    Service(
        LIMPIEZA,
        "Limpieza",
        timedelta(minutes=60),
        synonyms=("limpieza dental", "profilaxis", "destartraje"),
        price=_clp(35_000),
    ),
    Service(
        BLANQUEAMIENTO,
        "Blanqueamiento",
        timedelta(minutes=90),
        synonyms=("blanqueamiento dental", "aclaramiento dental"),
        price=Price(Decimal(120_000), "CLP", from_price=True),
        preparation="Ven con una limpieza hecha en los últimos 6 meses.",
    ),
    Service(
        CONTROL_ORTODONCIA,
        "Control de ortodoncia",
        timedelta(minutes=20),
        synonyms=("control de brackets", "control de frenillos"),
        doctor_ids=(SOTO,),
    ),
    Service(ORTODONCIA, "Ortodoncia", timedelta(minutes=45), synonyms=("brackets", "frenillos")),
    Service(
        ODONTOPEDIATRIA,
        "Consulta odontopediátrica (niños)",  # named by either part
        timedelta(minutes=30),
        synonyms=("consulta infantil",),
        doctor_ids=(ROJAS,),
    ),
)
# The demo's doctors (Pérez, general; Soto, orthodontics; Rojas, children's dentistry) with this
# test's own services and FAQ: the demo file's catalogue and questions may change under us.
WHERE, HOURS, COST, PARKING, PAYMENT = 0, 1, 2, 3, 4
FAQ_ENTRIES = (
    FaqEntry(
        "¿Dónde están ubicados?", "En Av. Providencia 1234.", ("dirección", "ubicados", "dónde", "llegar")
    ),
    # No "horario": as a prefix it would take every "hora" ("quiero una hora").
    FaqEntry("¿Cuál es el horario?", "De 9 a 19.", ("atención", "atienden", "abren", "cierran")),
    FaqEntry(
        "¿Cuánto cuesta?",
        "La evaluación vale $25.000.",
        ("precio", "valor", "cuesta", "cuánto", "sale", "cobran"),
    ),
    FaqEntry("¿Tienen estacionamiento?", "Sí, en el subterráneo.", ("estacionamiento", "estacionar")),
    FaqEntry("¿Cómo se paga?", "Efectivo o tarjeta.", ("pago", "tarjeta", "fonasa", "isapre")),
)
CLINIC: Clinic = replace(load_demo_clinic(), services=SERVICES, default_service_id=None, faq=FAQ_ENTRIES)


def context(state: ConversationState = ConversationState.IDLE, clinic: Clinic = CLINIC) -> NluContext:
    return reading_context(clinic, TODAY, state)


@pytest.fixture(scope="module")
def nlu() -> OfflineSpanishNlu:
    return OfflineSpanishNlu()


async def read(
    nlu: OfflineSpanishNlu, text: str, state: ConversationState = ConversationState.IDLE
) -> Understanding:
    return await nlu.understand(text, context(state))


QUESTIONS = [
    # Price.
    ("¿cuánto sale la limpieza?", Understanding(FAQ, service_id=LIMPIEZA, asks=PRICE)),
    ("cuanto sale una limpieza", Understanding(FAQ, service_id=LIMPIEZA, asks=PRICE)),
    ("¿Cuánto cuesta el blanqueamiento?", Understanding(FAQ, service_id=BLANQUEAMIENTO, asks=PRICE)),
    ("CUANTO CUESTAN LOS BLANQUEAMIENTOS", Understanding(FAQ, service_id=BLANQUEAMIENTO, asks=PRICE)),
    ("¿cuánto vale?", Understanding(FAQ, asks=PRICE)),
    ("cuanto vale", Understanding(FAQ, asks=PRICE)),
    ("hola, cuánto cobran por una limpieza?", Understanding(FAQ, service_id=LIMPIEZA, asks=PRICE)),
    ("¿qué precio tiene el destartraje?", Understanding(FAQ, service_id=LIMPIEZA, asks=PRICE)),
    ("¿qué valor tiene la evaluación?", Understanding(FAQ, service_id=EVALUACION, asks=PRICE)),
    ("¿qué precio tiene la limpieza?", Understanding(FAQ, service_id=LIMPIEZA, asks=PRICE)),
    ("¿cuál es el precio de la limpieza dental?", Understanding(FAQ, service_id=LIMPIEZA, asks=PRICE)),
    ("precio limpieza", Understanding(FAQ, service_id=LIMPIEZA, asks=PRICE)),
    ("valor de las limpiezas?", Understanding(FAQ, service_id=LIMPIEZA, asks=PRICE)),
    ("¿y el blanqueamiento cuánto?", Understanding(FAQ, service_id=BLANQUEAMIENTO, asks=PRICE)),
    ("¿a cuánto está la consulta?", Understanding(FAQ, service_id=EVALUACION, asks=PRICE)),
    (
        "¿cuánto me sale el control de brackets?",
        Understanding(FAQ, service_id=CONTROL_ORTODONCIA, asks=PRICE),
    ),
    ("¿cuánto tendría que pagar por los frenillos?", Understanding(FAQ, service_id=ORTODONCIA, asks=PRICE)),
    ("¿cuánto sale?", Understanding(FAQ, asks=PRICE)),
    ("¿cobran la evaluación?", Understanding(FAQ, service_id=EVALUACION, asks=PRICE)),
    # Preparation.
    ("¿tengo que ir en ayunas?", Understanding(FAQ, asks=PREPARATION)),
    ("tengo que ir en ayunas a la limpieza", Understanding(FAQ, service_id=LIMPIEZA, asks=PREPARATION)),
    ("¿puedo comer antes?", Understanding(FAQ, asks=PREPARATION)),
    (
        "¿puedo tomar agua antes del blanqueamiento?",
        Understanding(FAQ, service_id=BLANQUEAMIENTO, asks=PREPARATION),
    ),
    ("¿qué tengo que llevar?", Understanding(FAQ, asks=PREPARATION)),
    (
        "que debo llevar al control de ortodoncia",
        Understanding(FAQ, service_id=CONTROL_ORTODONCIA, asks=PREPARATION),
    ),
    (
        "¿hay que prepararse para el blanqueamiento?",
        Understanding(FAQ, service_id=BLANQUEAMIENTO, asks=PREPARATION),
    ),
    ("¿necesito alguna preparación?", Understanding(FAQ, asks=PREPARATION)),
    ("¿tengo que llevar algo?", Understanding(FAQ, asks=PREPARATION)),
    ("¿cómo me preparo para la profilaxis?", Understanding(FAQ, service_id=LIMPIEZA, asks=PREPARATION)),
    ("indicaciones del blanqueamiento", Understanding(FAQ, service_id=BLANQUEAMIENTO, asks=PREPARATION)),
    # Duration.
    ("¿cuánto dura un blanqueamiento?", Understanding(FAQ, service_id=BLANQUEAMIENTO, asks=DURATION)),
    ("cuanto dura", Understanding(FAQ, asks=DURATION)),
    ("¿cuánto demora la limpieza?", Understanding(FAQ, service_id=LIMPIEZA, asks=DURATION)),
    (
        "¿cuánto se tarda el control de frenillos?",
        Understanding(FAQ, service_id=CONTROL_ORTODONCIA, asks=DURATION),
    ),
    ("¿cuánto tiempo es?", Understanding(FAQ, asks=DURATION)),
    ("¿cuánto tiempo dura la evaluación?", Understanding(FAQ, service_id=EVALUACION, asks=DURATION)),
    ("¿cuántos minutos dura la consulta?", Understanding(FAQ, service_id=EVALUACION, asks=DURATION)),
    ("¿la limpieza dura mucho?", Understanding(FAQ, service_id=LIMPIEZA, asks=DURATION)),
    ("duración del blanqueamiento", Understanding(FAQ, service_id=BLANQUEAMIENTO, asks=DURATION)),
    ("¿qué duración tiene?", Understanding(FAQ, asks=DURATION)),
    # A doctor or a name in a question says whom it is about; it stays a question.
    (
        "¿cuánto cobra la Dra. Rojas por una limpieza?",
        Understanding(FAQ, doctor_id=ROJAS, service_id=LIMPIEZA, asks=PRICE),
    ),
    (
        "soy Ana, ¿cuánto dura la limpieza?",
        Understanding(FAQ, patient_name="Ana", service_id=LIMPIEZA, asks=DURATION),
    ),
    # The first question asked is the one proposed.
    ("¿cuánto dura y cuánto sale la limpieza?", Understanding(FAQ, service_id=LIMPIEZA, asks=DURATION)),
    # Courtesy around a question keeps it a question.
    ("ok, ¿y cuánto sale?", Understanding(FAQ, asks=PRICE)),
    ("gracias! ¿tengo que ir en ayunas?", Understanding(FAQ, asks=PREPARATION)),
]


@pytest.mark.parametrize(("text", "expected"), QUESTIONS)
async def test_questions_about_a_service(nlu: OfflineSpanishNlu, text: str, expected: Understanding) -> None:
    assert await read(nlu, text) == expected


BOOKINGS = [
    ("quiero una limpieza", Understanding(BOOK, service_id=LIMPIEZA)),
    ("quiero una limpieza el viernes", Understanding(BOOK, day=FRIDAY, service_id=LIMPIEZA)),
    (
        "hola, tienen hora para una limpieza el viernes en la tarde?",
        Understanding(BOOK, day=FRIDAY, part=DayPart.AFTERNOON, service_id=LIMPIEZA),
    ),
    ("necesito hora para blanqueamiento", Understanding(BOOK, service_id=BLANQUEAMIENTO)),
    ("Quisiera agendar un blanqueamiento dental", Understanding(BOOK, service_id=BLANQUEAMIENTO)),
    ("limpiezas", Understanding(BOOK, service_id=LIMPIEZA)),
    (
        "una limpieza mañana a las 10",
        Understanding(BOOK, day=TOMORROW, time=ClockTime(10), service_id=LIMPIEZA),
    ),
    ("quiero una limpieza con la dra pérez", Understanding(BOOK, doctor_id=PEREZ, service_id=LIMPIEZA)),
    ("quiero ponerme brackets", Understanding(BOOK, service_id=ORTODONCIA)),
    # The longest match wins: the control, not the service merely called "ortodoncia".
    ("me toca control de ortodoncia", Understanding(BOOK, service_id=CONTROL_ORTODONCIA)),
    ("hora para control de los brackets", Understanding(BOOK, service_id=CONTROL_ORTODONCIA)),
    (
        "necesito un control de frenillos el lunes",
        Understanding(BOOK, day=date(2026, 11, 30), service_id=CONTROL_ORTODONCIA),
    ),
    # "una consulta odontopediátrica" is the children's service, not the plain "consulta".
    ("quiero una consulta odontopediátrica", Understanding(BOOK, service_id=ODONTOPEDIATRIA)),
    ("hora para los niños", Understanding(BOOK, service_id=ODONTOPEDIATRIA)),
    (
        "una consulta para mi hijo",
        Understanding(BOOK, doctor_id=ROJAS, service_id=EVALUACION, relation="hijo"),
    ),
    # The service's words pick no doctor by specialty: the service says who does it.
    ("una ortodoncia", Understanding(BOOK, service_id=ORTODONCIA)),
    # A service ruled out is not proposed.
    ("no quiero limpieza, mejor un blanqueamiento", Understanding(BOOK, service_id=BLANQUEAMIENTO)),
    # Two services named with as many words: unsure.
    ("limpieza y blanqueamiento", Understanding(Intent.UNKNOWN)),
    # Booking with a question: books, and the question is still read.
    ("quiero una limpieza, ¿cuánto sale?", Understanding(BOOK, service_id=LIMPIEZA, asks=PRICE)),
    (
        "el viernes, ¿cuánto demora la limpieza?",
        Understanding(BOOK, day=FRIDAY, service_id=LIMPIEZA, asks=DURATION),
    ),
]


@pytest.mark.parametrize(("text", "expected"), BOOKINGS)
async def test_booking_a_service(nlu: OfflineSpanishNlu, text: str, expected: Understanding) -> None:
    assert await read(nlu, text) == expected


NOT_SERVICE_QUESTIONS = [
    ("¿cuánto antes tengo que llegar?", Understanding(FAQ, faq_index=WHERE)),
    # The FAQ's keyword "cuánto" still matches its entry, as before: no price question is read.
    ("cuánto antes llego", Understanding(FAQ, faq_index=COST)),
    ("mañana a las 10 por favor", Understanding(BOOK, day=TOMORROW, time=ClockTime(10))),
    ("¿a qué hora abren?", Understanding(FAQ, faq_index=HOURS)),
    ("¿cuál es el horario de atención?", Understanding(FAQ, faq_index=HOURS)),
    ("¿dónde están ubicados?", Understanding(FAQ, faq_index=WHERE)),
    ("¿baja el precio si pago en efectivo?", Understanding(FAQ, faq_index=PAYMENT)),  # about paying
    # A price asked about something the FAQ answers: the FAQ, not a service question.
    ("¿cuánto cuesta el estacionamiento?", Understanding(FAQ, faq_index=PARKING)),
    ("¿puedo tomar hora para mañana?", Understanding(BOOK, day=TOMORROW)),
    ("¿en cuánto tiempo me atienden?", Understanding(FAQ, faq_index=HOURS)),
    ("¿cuánto se demoran en contestar?", Understanding(FAQ, faq_index=COST)),
    ("tengo que llevar a mi hija al dentista", Understanding(BOOK, doctor_id=ROJAS)),
    ("quiero una hora", Understanding(BOOK)),
    ("hola", Understanding(Intent.GREET)),
    ("gracias", Understanding(Intent.THANKS)),
    ("asdf qwerty", Understanding(Intent.UNKNOWN)),
    ("con el dr soto", Understanding(BOOK, doctor_id=SOTO)),
    ("necesito un ortodoncista", Understanding(BOOK, doctor_id=SOTO)),  # the specialist, no service
    ("cancelar la limpieza", Understanding(Intent.CANCEL)),
    # A FAQ question about a service is the FAQ's, and the service says which one it is about.
    ("¿aceptan fonasa para la limpieza?", Understanding(FAQ, faq_index=PAYMENT, service_id=LIMPIEZA)),
    ("¿me pueden dar indicaciones para llegar?", Understanding(FAQ, faq_index=WHERE)),
]


@pytest.mark.parametrize(("text", "expected"), NOT_SERVICE_QUESTIONS)
async def test_what_is_not_a_service_question(
    nlu: OfflineSpanishNlu, text: str, expected: Understanding
) -> None:
    assert await read(nlu, text) == expected


FAQ_AND_SERVICE = [
    # The FAQ's price entry matched only on "cuánto" and "sale": the service's price answers better.
    ("¿cuánto sale la limpieza?", Understanding(FAQ, service_id=LIMPIEZA, asks=PRICE)),
    ("¿cuánto cuesta una consulta?", Understanding(FAQ, service_id=EVALUACION, asks=PRICE)),
    ("precios", Understanding(FAQ, asks=PRICE)),
    ("¿cuál es el valor?", Understanding(FAQ, asks=PRICE)),
    # Another question in the same message keeps its FAQ entry.
    (
        "¿cuánto dura la limpieza y dónde están?",
        Understanding(FAQ, faq_index=WHERE, service_id=LIMPIEZA, asks=DURATION),
    ),
]


@pytest.mark.parametrize(("text", "expected"), FAQ_AND_SERVICE)
async def test_a_question_about_a_service_beats_a_weaker_faq_match(
    nlu: OfflineSpanishNlu, text: str, expected: Understanding
) -> None:
    assert await read(nlu, text) == expected


ASKED_FOR_NAME = [
    ("limpieza", Understanding(BOOK, service_id=LIMPIEZA)),
    ("Blanqueamiento", Understanding(BOOK, service_id=BLANQUEAMIENTO)),
    ("Blanca", Understanding(BOOK, patient_name="Blanca")),
    ("Ana López", Understanding(BOOK, patient_name="Ana López")),
    ("¿cuánto dura?", Understanding(FAQ, asks=DURATION)),
]


@pytest.mark.parametrize(("text", "expected"), ASKED_FOR_NAME)
async def test_a_service_is_not_the_name_asked_for(
    nlu: OfflineSpanishNlu, text: str, expected: Understanding
) -> None:
    assert await read(nlu, text, ConversationState.COLLECTING_NAME) == expected


NAMES_AND_SERVICES = [
    (
        "soy Ana López y quiero una limpieza",
        Understanding(BOOK, patient_name="Ana López", service_id=LIMPIEZA),
    ),
    ("hora para Limpieza Dental", Understanding(BOOK, service_id=LIMPIEZA)),
    ("para Ana López, una limpieza", Understanding(BOOK, patient_name="Ana López", service_id=LIMPIEZA)),
]


@pytest.mark.parametrize(("text", "expected"), NAMES_AND_SERVICES)
async def test_a_service_is_not_a_stated_name(
    nlu: OfflineSpanishNlu, text: str, expected: Understanding
) -> None:
    assert await read(nlu, text) == expected


async def test_an_introduction_is_a_name_even_when_it_sounds_like_a_service(nlu: OfflineSpanishNlu) -> None:
    crowns = replace(CLINIC, services=(*SERVICES, Service(ServiceId("corona"), "Corona")))

    introduced = await nlu.understand("me llamo Ana Corona", context(clinic=crowns))
    asked = await nlu.understand("quiero una corona", context(clinic=crowns))

    assert introduced == Understanding(BOOK, patient_name="Ana Corona")
    assert asked == Understanding(BOOK, service_id=ServiceId("corona"))


async def test_a_clinic_without_services_reads_as_before(nlu: OfflineSpanishNlu) -> None:
    plain = replace(CLINIC, services=())

    price = await nlu.understand("¿cuánto sale la limpieza?", context(clinic=plain))
    fasting = await nlu.understand("¿tengo que ir en ayunas?", context(clinic=plain))

    assert price == Understanding(FAQ, faq_index=COST)
    assert fasting == Understanding(Intent.UNKNOWN)


async def test_only_the_clinics_own_services_are_named(nlu: OfflineSpanishNlu) -> None:
    beauty = replace(CLINIC, services=(Service(ServiceId("manicure"), "Manicure", synonyms=("uñas",)),))

    nails = await nlu.understand("quiero hora para las uñas", context(clinic=beauty))
    cleaning = await nlu.understand("¿cuánto sale la limpieza?", context(clinic=beauty))

    assert nails == Understanding(BOOK, service_id=ServiceId("manicure"))
    assert cleaning == Understanding(FAQ, asks=PRICE)


async def test_two_services_named_alike_leave_it_open(nlu: OfflineSpanishNlu) -> None:
    twins = (Service(ServiceId("a"), "Limpieza simple"), Service(ServiceId("b"), "Limpieza profunda"))
    clinic = replace(CLINIC, services=twins)

    vague = await nlu.understand("quiero una limpieza", context(clinic=clinic))
    deep = await nlu.understand("quiero una limpieza profunda", context(clinic=clinic))

    assert vague == Understanding(BOOK)
    assert deep == Understanding(BOOK, service_id=ServiceId("b"))


@pytest.mark.parametrize(
    ("word", "base"),
    [
        ("limpiezas", "limpieza"),
        ("limpieza", "limpieza"),
        ("blanqueamientos", "blanqueamiento"),
        ("controles", "control"),
        ("evaluaciones", "evaluacion"),
        ("luces", "luz"),
        ("brackets", "bracket"),
        ("implantes", "implante"),
    ],
)
def test_plural_and_singular_meet(word: str, base: str) -> None:
    assert singular(word) == singular(base) == base


@pytest.mark.parametrize(
    ("text", "service_id"),
    [
        ("control de brackets", CONTROL_ORTODONCIA),
        ("control de los brackets", CONTROL_ORTODONCIA),
        ("control brackets", CONTROL_ORTODONCIA),
        ("controles de brackets", CONTROL_ORTODONCIA),
        ("control, de brackets", ORTODONCIA),  # a comma ends the phrase: "brackets" alone
        ("autocontrol de brackets", ORTODONCIA),  # whole words only
    ],
)
def test_a_phrase_is_read_as_a_phrase(text: str, service_id: ServiceId) -> None:
    found = read_service(text, SERVICES)

    assert found is not None
    assert found.service_id == service_id


async def test_reading_services_stays_fast(nlu: OfflineSpanishNlu) -> None:
    phrases = [text for text, _ in QUESTIONS + BOOKINGS + NOT_SERVICE_QUESTIONS]
    for text in phrases:  # warm-up: the first reading builds its caches
        await read(nlu, text)

    started = time.perf_counter()
    for text in phrases:
        await read(nlu, text)
    average = (time.perf_counter() - started) / len(phrases)

    assert average < 0.005


# The clinic's words as other countries say them: braces are "frenos" (Mexico), "aparatos" (Spain);
# a cleaning is "una limpia" (Mexico); an evaluation a "valoración" (Spain, Colombia).
REGIONAL = [
    ("quiero frenos", ORTODONCIA),
    ("quiero aparatos", ORTODONCIA),
    ("control de frenos", CONTROL_ORTODONCIA),
    ("control de los aparatos", CONTROL_ORTODONCIA),
    ("una limpia", LIMPIEZA),
    ("una limpia dental", LIMPIEZA),
    ("una valoración", EVALUACION),
    ("un blanqueo", BLANQUEAMIENTO),
]


@pytest.mark.parametrize(("text", "service_id"), REGIONAL)
async def test_the_clinics_words_as_other_countries_say_them(
    nlu: OfflineSpanishNlu, text: str, service_id: ServiceId
) -> None:
    assert (await read(nlu, text)).service_id == service_id


# A service word a keystroke or two away is the clinic's; only long words, only service words.
MISSPELT = [
    ("quiero una limpiesa", LIMPIEZA),
    ("limpiesa dental para el viernes", LIMPIEZA),
    ("blanquamiento", BLANQUEAMIENTO),
    ("quiero un blanquemiento", BLANQUEAMIENTO),
    ("blanqueamineto", BLANQUEAMIENTO),  # two letters swapped in a long word
    ("profilaxys", LIMPIEZA),
    ("una evaluasion", EVALUACION),
    ("ortodonsia", ORTODONCIA),
]


@pytest.mark.parametrize(("text", "service_id"), MISSPELT)
async def test_misspelt_service_words(nlu: OfflineSpanishNlu, text: str, service_id: ServiceId) -> None:
    assert (await read(nlu, text)).service_id == service_id


async def test_a_misspelt_service_keeps_the_messages_other_details(nlu: OfflineSpanishNlu) -> None:
    right = await read(nlu, "una limpieza para mi hija Sofía el viernes")
    misspelt = await read(nlu, "una limpiesa para mi hija Sofía el viernes")
    asked = await read(nlu, "¿cuánto sale la limpiesa?")

    assert misspelt == right
    assert (misspelt.service_id, misspelt.day, misspelt.patient_name) == (LIMPIEZA, FRIDAY, "Sofía")
    assert asked == Understanding(FAQ, service_id=LIMPIEZA, asks=PRICE)


NOT_MISSPELT = [
    "necesito un ortodoncista",  # the doctor: two letters more than "ortodoncia" is another word
    "necesito una endodoncia",  # another treatment, not "exodoncia"
    "me llamo Ana Limpias",  # a name
    "está limpio",  # short words are never respelt
]


@pytest.mark.parametrize("text", NOT_MISSPELT)
async def test_words_near_a_service_word_are_not_respelt(nlu: OfflineSpanishNlu, text: str) -> None:
    assert (await read(nlu, text)).service_id is None


# Asking a price or a length as other countries ask it.
REGIONAL_QUESTIONS = [
    ("¿a cómo está la limpieza?", PRICE),  # Mexico, Colombia
    ("¿qué vale una limpieza?", PRICE),  # Spain
    ("¿cuánto me va a salir el blanqueamiento?", PRICE),
    ("¿cuánta plata es la limpieza?", PRICE),
    ("¿cuánta lana cuesta la limpieza?", PRICE),  # Mexico
    ("quería información del blanqueamiento", PRICE),  # its price and length answer it
    ("¿es muy larga la limpieza?", DURATION),
]


@pytest.mark.parametrize(("text", "asks"), REGIONAL_QUESTIONS)
async def test_questions_as_other_countries_ask_them(
    nlu: OfflineSpanishNlu, text: str, asks: ServiceQuestion
) -> None:
    understanding = await read(nlu, text)

    assert (understanding.intent, understanding.asks) == (FAQ, asks)
    assert understanding.service_id is not None
