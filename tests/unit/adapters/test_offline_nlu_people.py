"""The offline reader hears whom an appointment is for: "para mi hija", "es para mí", a name (issue 22).

One WhatsApp number books for a whole family. These read against the demo clinic; they check
only whom and the name (and the intent or service where that is the point), not its FAQ.
"""

from __future__ import annotations

import time
from datetime import date
from zoneinfo import ZoneInfo

import pytest

from adapters.clinic_config.toml_file import load_demo_clinic
from adapters.offline_nlu.engine import OfflineSpanishNlu
from domain.clinic import Clinic
from domain.conversation import ConversationState
from domain.ids import DoctorId, ServiceId
from domain.people import RELATIVES, SELF
from domain.understanding import Intent, Understanding
from tests.unit.adapters.reading import reading_context

SANTIAGO = ZoneInfo("America/Santiago")
TODAY = date(2026, 11, 25)  # a Wednesday
TOMORROW = date(2026, 11, 26)
IDLE = ConversationState.IDLE
COLLECTING_NAME = ConversationState.COLLECTING_NAME
COLLECTING_TIME = ConversationState.COLLECTING_TIME
ROJAS, SOTO = DoctorId("rojas"), DoctorId("soto")
LIMPIEZA = ServiceId("limpieza")
BOOK = Intent.BOOK


@pytest.fixture(scope="module")
def clinic() -> Clinic:
    return load_demo_clinic()


@pytest.fixture(scope="module")
def nlu() -> OfflineSpanishNlu:
    return OfflineSpanishNlu()


async def read(
    nlu: OfflineSpanishNlu, clinic: Clinic, text: str, state: ConversationState = IDLE
) -> Understanding:
    context = reading_context(clinic, TODAY, state)
    return await nlu.understand(text, context)


def whom(understanding: Understanding) -> tuple[str | None, str | None]:
    return understanding.relation, understanding.patient_name


# Whom, with no name: the relation as the list writes it, whatever the patient typed.
RELATIONS = [
    ("para mi hija", "hija"),
    ("es para mi hija", "hija"),
    ("Es para mi hijo", "hijo"),
    ("quiero hora para mi señora", "señora"),
    ("quiero hora para mi senora", "señora"),
    ("mi esposo necesita una hora", "esposo"),
    ("mi esposa tiene dolor de muela", "esposa"),
    ("para mi mamá", "mamá"),
    ("PARA MI MAMA", "mamá"),
    ("para mi mami", "mamá"),
    ("para mi mamita", "mamá"),
    ("para mi vieja", "mamá"),
    ("mi viejita necesita hora", "mamá"),
    ("para mi papa", "papá"),  # after "mi", a father, not a potato
    ("para mi papi", "papá"),
    ("para mi papito", "papá"),
    ("para mi hijita", "hija"),
    ("para mi hijito", "hijo"),
    ("para mi nene", "hijo"),
    ("para mi nena", "hija"),
    ("para mi guagua", "guagua"),
    ("para mi pololo", "pololo"),
    ("para mi marido", "marido"),
    ("para mi abuelita", "abuela"),
    ("para mi tío", "tío"),
    ("para mi cuñada", "cuñada"),
    ("para mis hijos", "hijos"),
    ("para mis dos hijos", "hijos"),
    ("pa' mi hija", "hija"),
    ("hola, es para mi mamá", "mamá"),
    ("mi mamá", "mamá"),  # the answer to "¿para quién es la hora?"
    ("a nombre de mi papá", "papá"),
    ("para mi hija chica", "hija"),  # "chica" is no name
    ("para mi hija la tarde", "hija"),
    ("para mi hija porfa", "hija"),
    ("para mi hija x favor", "hija"),
    ("no es para mí, es para mi mamá", "mamá"),
    ("es para mi hija, no para mí", "hija"),
    ("mi hija está enferma, ¿atienden niños?", "hija"),  # whom, and no name invented
]


@pytest.mark.parametrize(("text", "relation"), RELATIONS)
async def test_whom_the_appointment_is_for(
    nlu: OfflineSpanishNlu, clinic: Clinic, text: str, relation: str
) -> None:
    assert whom(await read(nlu, clinic, text)) == (relation, None)


# Whom and their name, in any state: before the bot asks for it too.
NAMED = [
    ("es para mi mamá, se llama Rosa Díaz", "mamá", "Rosa Díaz"),
    ("es para mi papá, Jorge Díaz", "papá", "Jorge Díaz"),
    ("para mi hijo Mateo Rojas", "hijo", "Mateo Rojas"),
    ("para mi hija sofia rojas", "hija", "Sofia Rojas"),
    ("a nombre de mi hija Sofía", "hija", "Sofía"),
    ("quiero hora mañana a las 10 para mi hija Sofía Rojas", "hija", "Sofía Rojas"),
    ("para mi hijo mayor, Mateo", "hijo", "Mateo"),
    ("para mi hija, la Sofi", "hija", "Sofi"),
    ("para mi hija Sofía tiene dolor", "hija", "Sofía"),
    ("mi hija Sofía necesita hora", "hija", "Sofía"),
    ("hora para mi tía Rosa el lunes", "tía", "Rosa"),
    ("es para mi mamá y su nombre es Rosa Díaz", "mamá", "Rosa Díaz"),
    ("soy Ana López, mi hija se llama Sofía", "hija", "Sofía"),
    ("hola, soy Ana, quiero hora para mi hija Sofía", "hija", "Sofía"),
    ("me llamo Ana, para mi hija Sofía", "hija", "Sofía"),
    ("para mí, Ana López", SELF, "Ana López"),
    ("yo, Ana López", SELF, "Ana López"),
    ("me llamo Ana, es para mí", SELF, "Ana"),
]


@pytest.mark.parametrize("state", [IDLE, COLLECTING_NAME, COLLECTING_TIME])
@pytest.mark.parametrize(("text", "relation", "name"), NAMED)
async def test_whom_and_their_name(
    nlu: OfflineSpanishNlu, clinic: Clinic, text: str, relation: str, name: str, state: ConversationState
) -> None:
    understanding = await read(nlu, clinic, text, state)

    assert whom(understanding) == (relation, name)
    assert understanding.intent is BOOK


# The writer's own introduction names no patient when the appointment is for someone else.
OWNER_IS_NOT_THE_PATIENT = [
    "me llamo Ana, es para mi hija",
    "hola soy Ana López, quiero una hora para mi hija",
    "mi nombre es Ana, la hora es para mi mamá",
]


@pytest.mark.parametrize("text", OWNER_IS_NOT_THE_PATIENT)
async def test_the_writers_own_name_is_not_a_relatives(
    nlu: OfflineSpanishNlu, clinic: Clinic, text: str
) -> None:
    assert (await read(nlu, clinic, text)).patient_name is None


# A name, no relation: "a nombre de", "se llama", "para <Nombre Apellido>", an introduction.
NAME_ONLY = [
    ("a nombre de Ana López", "Ana López"),
    ("la cita es para Jorge Díaz", "Jorge Díaz"),
    ("se llama Sofía Rojas", "Sofía Rojas"),
    ("hola soy Ana López, quiero una hora", "Ana López"),
    ("me llamo Ana", "Ana"),
]


@pytest.mark.parametrize(("text", "name"), NAME_ONLY)
async def test_a_name_without_a_relation(
    nlu: OfflineSpanishNlu, clinic: Clinic, text: str, name: str
) -> None:
    understanding = await read(nlu, clinic, text)

    assert whom(understanding) == (None, name)
    assert understanding.intent is BOOK


FOR_THE_WRITER = [
    "para mí",
    "es para mí",
    "Para mí",
    "yo",
    "Yo!",
    "soy yo",
    "la paciente soy yo",
    "para mi persona",
    "para mi",  # no accent, at the end: "para mí"
    "la hora es para mi",
    "es para mi misma",
    "yo mismo",
    "a mi nombre",
    "para mí mañana a las 10",
    "para mi, mañana a las 10",
    "es para mi gracias",
]


@pytest.mark.parametrize("state", [IDLE, COLLECTING_NAME, COLLECTING_TIME])
@pytest.mark.parametrize("text", FOR_THE_WRITER)
async def test_for_the_writer(
    nlu: OfflineSpanishNlu, clinic: Clinic, text: str, state: ConversationState
) -> None:
    understanding = await read(nlu, clinic, text, state)

    assert whom(understanding) == (SELF, None)
    assert understanding.intent is BOOK


# Not whom, and no name made up.
NOBODY = [
    "para mi es importante llegar temprano",  # "mi" before a word that is no relative: not "para mí"
    "para mí es mejor el lunes",  # an opinion
    "quiero papas fritas",  # "papa" without "mi" is no father
    "papa",
    "para mis papás",  # not one of the list's relations
    "mi mamá me recomendó la clínica",
    "mi hija está de baja",
    "tengo que llevar a mi hija al dentista",
    "para Mamá Rosa",  # a relation word is never a name
    "hola",
]


@pytest.mark.parametrize("text", NOBODY)
async def test_nobody_said(nlu: OfflineSpanishNlu, clinic: Clinic, text: str) -> None:
    assert whom(await read(nlu, clinic, text)) == (None, None)


async def test_a_doctors_name_is_never_the_patients(nlu: OfflineSpanishNlu, clinic: Clinic) -> None:
    understanding = await read(nlu, clinic, "para mi hija Valentina Rojas")

    assert whom(understanding) == ("hija", None)
    assert understanding.doctor_id == ROJAS


async def test_a_doctor_after_the_relative_is_no_name(nlu: OfflineSpanishNlu, clinic: Clinic) -> None:
    understanding = await read(nlu, clinic, "para mi hijo, con el Dr. Soto")

    assert whom(understanding) == ("hijo", None)
    assert understanding.doctor_id == SOTO


async def test_a_service_is_never_a_name(nlu: OfflineSpanishNlu, clinic: Clinic) -> None:
    understanding = await read(nlu, clinic, "para mi hija limpieza")

    assert whom(understanding) == ("hija", None)
    assert understanding.service_id == LIMPIEZA


async def test_a_service_the_relative_and_their_name(nlu: OfflineSpanishNlu, clinic: Clinic) -> None:
    understanding = await read(nlu, clinic, "una limpieza para mi hijo Mateo Rojas")

    assert whom(understanding) == ("hijo", "Mateo Rojas")
    assert understanding.service_id == LIMPIEZA
    assert understanding.intent is BOOK


async def test_a_relatives_name_with_a_day_and_time(nlu: OfflineSpanishNlu, clinic: Clinic) -> None:
    understanding = await read(nlu, clinic, "quiero hora mañana a las 10 para mi hija Sofía Rojas")

    assert (understanding.day, understanding.time is not None) == (TOMORROW, True)
    assert whom(understanding) == ("hija", "Sofía Rojas")


# Asked for the name, the patient may give it around whom: "Jorge Díaz, mi papá".
ASKED_FOR_THE_NAME = [
    ("es para mi papá, Jorge Díaz", ("papá", "Jorge Díaz")),
    ("Jorge Díaz, mi papá", ("papá", "Jorge Díaz")),
    ("Jorge Díaz, es mi papá", ("papá", "Jorge Díaz")),
    ("Sofía (mi hija)", ("hija", "Sofía")),
    ("mi mamá Rosa Díaz", ("mamá", "Rosa Díaz")),
    ("Ana López", (None, "Ana López")),
    ("Mamá", (None, None)),  # a relation word alone is no name
    ("para mi hija", ("hija", None)),
]


@pytest.mark.parametrize(("text", "expected"), ASKED_FOR_THE_NAME)
async def test_when_the_name_was_asked(
    nlu: OfflineSpanishNlu, clinic: Clinic, text: str, expected: tuple[str | None, str | None]
) -> None:
    assert whom(await read(nlu, clinic, text, COLLECTING_NAME)) == expected


@pytest.mark.parametrize("state", [IDLE, COLLECTING_TIME, ConversationState.CONFIRMING])
@pytest.mark.parametrize("text", ["es para mi hija", "para mí", "quiero una hora para mi hija", "mi mamá"])
async def test_saying_whom_is_booking(
    nlu: OfflineSpanishNlu, clinic: Clinic, text: str, state: ConversationState
) -> None:
    understanding = await read(nlu, clinic, text, state)

    assert understanding.intent is BOOK
    assert understanding.has_booking_details


async def test_whom_in_a_question_about_a_service_leaves_it_a_question(
    nlu: OfflineSpanishNlu, clinic: Clinic
) -> None:
    understanding = await read(nlu, clinic, "¿cuánto sale la limpieza para mi hija?")

    assert understanding.intent is Intent.FAQ
    assert understanding.relation == "hija"


async def test_whom_goes_along_with_cancelling(nlu: OfflineSpanishNlu, clinic: Clinic) -> None:
    understanding = await read(nlu, clinic, "quiero cancelar la hora de mi hija")

    assert (understanding.intent, understanding.relation) == (Intent.CANCEL, "hija")


ALL_TEXTS = (
    [text for text, _ in RELATIONS]
    + [text for text, _, _ in NAMED]
    + [text for text, _ in NAME_ONLY]
    + FOR_THE_WRITER
    + NOBODY
    + OWNER_IS_NOT_THE_PATIENT
    + [text for text, _ in ASKED_FOR_THE_NAME]
)


async def test_a_relation_is_always_one_of_the_list(nlu: OfflineSpanishNlu, clinic: Clinic) -> None:
    for state in (IDLE, COLLECTING_NAME):
        for text in ALL_TEXTS:
            relation = (await read(nlu, clinic, text, state)).relation
            assert relation is None or relation == SELF or relation in RELATIVES, text


async def test_reading_whom_stays_fast(nlu: OfflineSpanishNlu, clinic: Clinic) -> None:
    for text in ALL_TEXTS:  # warm-up: the first reading builds its caches
        await read(nlu, clinic, text)

    started = time.perf_counter()
    for text in ALL_TEXTS:
        await read(nlu, clinic, text)
    average = (time.perf_counter() - started) / len(ALL_TEXTS)

    assert average < 0.005


async def test_a_lowercase_word_after_a_bare_relative_is_a_name_only_when_asked(
    nlu: OfflineSpanishNlu, clinic: Clinic
) -> None:
    assert whom(await read(nlu, clinic, "mi viejo celular no recibe mensajes")) == (None, None)
    assert whom(await read(nlu, clinic, "mi hija sofia", COLLECTING_NAME)) == ("hija", "Sofia")


# Other countries' words for whom: a child in Mexico, Argentina, Spain, Venezuela, Central America; a
# mother in Mexico; a partner in Peru; and relatives the list did not have.
REGIONAL_RELATIONS = [
    ("para mi chamaco", "hijo"),
    ("es para mi chamaca", "hija"),
    ("para mi pibe", "hijo"),
    ("para mi piba", "hija"),
    ("para mis pibes", "hijos"),
    ("para mi crío", "hijo"),
    ("para mi chamito", "hijo"),
    ("para mi cipote", "hijo"),
    ("para mi chiquita", "hija"),
    ("para mi jefa", "mamá"),
    ("para mi jefecita", "mamá"),
    ("para mi amá", "mamá"),
    ("para mi apá", "papá"),
    ("para mi enamorada", "novia"),
    ("para mi cónyuge", "pareja"),
    ("para mi yaya", "abuela"),
    ("para mi tita", "tía"),
    ("para mi primito", "primo"),
    ("para mi bisabuela", "bisabuela"),
    ("para mi suegra", "suegra"),
    ("para mi yerno", "yerno"),
    ("para mi nuera", "nuera"),
    ("para mi ahijado", "ahijado"),
    ("para mi madrina", "madrina"),
    ("para mi hijastra", "hijastra"),
    ("mi chamaco necesita una cita", "hijo"),
    ("es para mi chamo", "hijo"),  # Venezuela
    ("una cita para mi chino el sábado", "hijo"),  # Peru, Colombia
    ("escribo de parte de mi mamá, quiere una cita", "mamá"),
    ("llamo por mi hijo", "hijo"),
]


@pytest.mark.parametrize(("text", "relation"), REGIONAL_RELATIONS)
async def test_whom_in_other_countries_words(
    nlu: OfflineSpanishNlu, clinic: Clinic, text: str, relation: str
) -> None:
    assert whom(await read(nlu, clinic, text)) == (relation, None)


# Other countries' words for a child say whom, and only that: the doctor is for the patient to name
# (the Chilean "hijo" keeps its older reading as the children's dentist, which tests above assert).
@pytest.mark.parametrize("text", ["para mi nene", "para mi chamaco", "para mi pibe", "para mi crío"])
async def test_a_child_in_other_countries_words_names_no_doctor(
    nlu: OfflineSpanishNlu, clinic: Clinic, text: str
) -> None:
    assert (await read(nlu, clinic, text)).doctor_id is None


# A name given before the bot asks, however the writer introduces themselves.
INTRODUCTIONS = [
    ("habla Rosa", "Rosa"),
    ("Habla Rosa Díaz", "Rosa Díaz"),
    ("les escribe Rosa Díaz", "Rosa Díaz"),
    ("buenas, le escribe Carlos Gómez para pedir un turno", "Carlos Gómez"),
    ("Buen día, habla Rosa Díaz, quiero un turno", "Rosa Díaz"),
    ("aquí Rosa Díaz, quiero cita", "Rosa Díaz"),
    ("acá Rosa Díaz, ocupo un turno", "Rosa Díaz"),
    ("soy la señora Rosa Díaz", "Rosa Díaz"),
    ("habla don Pedro Ramírez", "Pedro Ramírez"),
    ("hola soy rosa diaz quiero una cita", "Rosa Diaz"),  # "rosa" ends like "curiosa", a surname follows
    ("soy rosa", "Rosa"),
    ("soy mónica pérez", "Mónica Pérez"),
    ("me llamo juan de la cruz", "Juan de la Cruz"),
    ("me llamo juan del valle, ocupo un turno", "Juan del Valle"),
    ("a nombre de ana de la fuente", "Ana de la Fuente"),
    ("me llamo Ana plis", "Ana"),
    ("mi nombre es rosa porfis", "Rosa"),
    ("quiero cita para Rosa Díaz pa mañana", "Rosa Díaz"),  # "pa" is "para", no surname
    # A parent introduced by the child names the child.
    ("soy la mamá de Sofía Rojas, quiero un turno para ella", "Sofía Rojas"),
    ("soy el papá de Mateo", "Mateo"),
    ("soy Juan, el papá de Mateo", "Mateo"),
    ("habla la mamá de Sofía", "Sofía"),
    ("les saluda Rosa Díaz", "Rosa Díaz"),
    ("la paciente es Rosa Díaz", "Rosa Díaz"),
    ("mi nombre completo es Rosa María Díaz Soto", "Rosa María Díaz Soto"),  # Soto is hers here
]


@pytest.mark.parametrize(("text", "name"), INTRODUCTIONS)
async def test_introductions_in_every_country(
    nlu: OfflineSpanishNlu, clinic: Clinic, text: str, name: str
) -> None:
    understanding = await read(nlu, clinic, text)

    assert whom(understanding) == (None, name)
    assert understanding.doctor_id is None  # "Rojas" is the child's surname, not Dra. Rojas
    assert understanding.intent is BOOK


NO_INTRODUCTION = [
    "soy asmática crónica",
    "soy operada de la rodilla",
    "¿habla inglés la doctora?",
    "aquí en la esquina",
    "para mi jefe",  # Mexico's "jefe" is as often the boss as the father
]


@pytest.mark.parametrize("text", NO_INTRODUCTION)
async def test_no_name_made_up_from_other_words(nlu: OfflineSpanishNlu, clinic: Clinic, text: str) -> None:
    assert whom(await read(nlu, clinic, text)) == (None, None)


async def test_a_name_ends_before_vocabulary_after_a_particle(nlu: OfflineSpanishNlu, clinic: Clinic) -> None:
    assert (await read(nlu, clinic, "me llamo ana de la tarde")).patient_name == "Ana"


# "para mí" before a day says whom; before an opinion it says nothing of whom.
@pytest.mark.parametrize(
    ("text", "relation"),
    [
        ("para mí, el martes a las 9", SELF),
        ("la cita sería para mí, el viernes", SELF),
        ("es para mí, el viernes a las 12", SELF),
        ("para mí, el lunes es mejor", None),
        ("para mi, la tarde me queda mejor", None),
    ],
)
async def test_for_me_before_a_day(
    nlu: OfflineSpanishNlu, clinic: Clinic, text: str, relation: str | None
) -> None:
    assert (await read(nlu, clinic, text)).relation == relation


async def test_pa_is_no_name_after_a_relative(nlu: OfflineSpanishNlu, clinic: Clinic) -> None:
    assert whom(await read(nlu, clinic, "quiero cita para mi hija pa mañana en la tarde")) == ("hija", None)


# A relative's name after a title or an age.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("es para mi mamá, la señora Rosa Díaz", ("mamá", "Rosa Díaz")),
        ("para mi papá don Jorge", ("papá", "Jorge")),
        ("para mi hija de 7 años, Sofía", ("hija", "Sofía")),
    ],
)
async def test_a_relatives_name_after_a_title_or_an_age(
    nlu: OfflineSpanishNlu, clinic: Clinic, text: str, expected: tuple[str, str]
) -> None:
    assert whom(await read(nlu, clinic, text)) == expected


# Asked for the name, the patient wraps it in their country's courtesy and fillers.
BARE_NAMES_WITH_FILLERS = [
    ("Ana López porfis", (None, "Ana López")),
    ("Ana López, plis", (None, "Ana López")),
    ("Ana López xfa", (None, "Ana López")),
    ("Ana López por fa", (None, "Ana López")),
    ("buen día, Ana López", (None, "Ana López")),
    ("wena, Ana López", (None, "Ana López")),
    ("che, Ana López", (None, "Ana López")),
    ("ya, Ana López", (None, "Ana López")),
    ("es Ana López", (None, "Ana López")),
    ("Rosa Díaz, es para mí", (SELF, "Rosa Díaz")),
]


@pytest.mark.parametrize(("text", "expected"), BARE_NAMES_WITH_FILLERS)
async def test_a_bare_name_with_fillers_when_asked(
    nlu: OfflineSpanishNlu, clinic: Clinic, text: str, expected: tuple[str | None, str]
) -> None:
    assert whom(await read(nlu, clinic, text, COLLECTING_NAME)) == expected


# Asked for the name, a greeting, a filler or a word of the chat is never taken for one.
@pytest.mark.parametrize(
    "text",
    [
        "Epa",
        "Quiubo",
        "Hey",
        "Aló",
        "Sumercé",
        "Compa",
        "Mija",
        "Hueco",
        "Genial",
        "Joya",
        "Chévere",
        "Nel",
        "Porfis",
    ],
)
async def test_chat_words_are_no_name_when_asked(nlu: OfflineSpanishNlu, clinic: Clinic, text: str) -> None:
    assert (await read(nlu, clinic, text, COLLECTING_NAME)).patient_name is None


async def test_a_name_after_a_regional_greeting_when_asked(nlu: OfflineSpanishNlu, clinic: Clinic) -> None:
    for text in ("sumercé, Ana López", "epa, Ana López", "quiubo, Ana López"):
        assert whom(await read(nlu, clinic, text, COLLECTING_NAME)) == (None, "Ana López")
