"""The offline reader reads through typos of its own words ("kero", "biernes", "mñana", "ensero"),
and never "corrects" a person's name or a real word into one ("Marta", "Mariana", "nueva")."""

from __future__ import annotations

from datetime import date

import pytest

from adapters.clinic_config.toml_file import load_demo_clinic
from adapters.offline_nlu.engine import OfflineSpanishNlu
from adapters.offline_nlu.spelling import closest_word, respell, respelled
from adapters.offline_nlu.text import fold
from domain.conversation import ConversationState
from domain.understanding import Intent, Understanding
from domain.when import ClockTime, Meridiem
from tests.unit.adapters.reading import reading_context

TODAY = date(2026, 11, 25)  # a Wednesday
TOMORROW = date(2026, 11, 26)
FRIDAY = date(2026, 11, 27)
SATURDAY = date(2026, 11, 28)
NEXT_WEDNESDAY = date(2026, 12, 2)
NEXT_THURSDAY = date(2026, 12, 3)

# One reader for the module, as the application keeps one: it holds no state between messages.
CLINIC = load_demo_clinic()
NLU = OfflineSpanishNlu()


async def read(text: str, state: ConversationState = ConversationState.IDLE) -> Understanding:
    return await NLU.understand(text, reading_context(CLINIC, TODAY, state))


TYPOS_OF_DAYS = [
    ("mñana", TOMORROW),
    ("mananaa", TOMORROW),
    ("pa mñana porfa", TOMORROW),
    ("pasao mañana", FRIDAY),
    ("el miercoles", NEXT_WEDNESDAY),
    ("el miercole", NEXT_WEDNESDAY),
    ("el biernes", FRIDAY),
    ("el viernez", FRIDAY),
    ("el juebes", TOMORROW),
    ("el sabdo", SATURDAY),
    ("Biernes", FRIDAY),  # the phone capitalises the first word, whatever it is
    ("el jueves de la prosima semana", NEXT_THURSDAY),
    ("el 15 de setiembre", date(2027, 9, 15)),
    ("el 15 de septimbre", date(2027, 9, 15)),
    ("el 7 de ensero", date(2027, 1, 7)),
    ("el 3 de febero", date(2027, 2, 3)),
    ("el quinse de dicienbre", date(2026, 12, 15)),
    ("KERO HORA PARA EL BIERNES", FRIDAY),  # all capitals say nothing of names
]


@pytest.mark.parametrize(("text", "day"), TYPOS_OF_DAYS)
async def test_typos_of_days_and_months(text: str, day: date) -> None:
    assert (await read(text)).day == day


TYPOS_OF_TIMES = [
    ("a las sinco", ClockTime(5)),
    ("a las onse", ClockTime(11)),
    ("a las dose", ClockTime(12)),
    ("a las cuatro y quinse", ClockTime(4, 15)),
    ("alas 10", ClockTime(10)),
    ("a las10", ClockTime(10)),
    ("pa las 4", ClockTime(4)),
    ("a las 6 de la tardee", ClockTime(6, 0, Meridiem.PM)),
    ("a las 10 de la mñana", ClockTime(10, 0, Meridiem.AM)),
]


@pytest.mark.parametrize(("text", "clock"), TYPOS_OF_TIMES)
async def test_typos_of_times(text: str, clock: ClockTime) -> None:
    assert (await read(text)).time == clock


async def test_a_typo_of_asking_still_asks_to_book() -> None:
    assert await read("kero una cita") == Understanding(Intent.BOOK)
    assert (await read("Kero hora el biernes a las sinco")).day == FRIDAY


async def test_a_respelled_word_keeps_the_name_after_it_as_typed() -> None:
    """ "kero" becomes the longer "quiero": the name further on is still cut from what was typed."""
    understanding = await read("kero hora el biernes, soy Ana López")

    assert (understanding.day, understanding.patient_name) == (FRIDAY, "Ana López")


NAMES_KEPT = [
    ("me llamo Marta", "Marta"),
    ("soy Mariana", "Mariana"),
    ("soy nora", "Nora"),
    ("me llamo mercedes", "Mercedes"),
    ("a nombre de Julia Díaz", "Julia Díaz"),
]


@pytest.mark.parametrize(("text", "name"), NAMES_KEPT)
async def test_names_close_to_vocabulary_are_not_respelled(text: str, name: str) -> None:
    understanding = await read(text)

    assert (understanding.patient_name, understanding.day) == (name, None)


async def test_a_bare_name_close_to_a_weekday_is_the_name_asked_for() -> None:
    understanding = await read("Marta", ConversationState.COLLECTING_NAME)

    assert (understanding.patient_name, understanding.day) == ("Marta", None)


async def test_a_capitalised_name_for_someone_else_is_not_tomorrow() -> None:
    understanding = await read("es para Mariana Fuentes")

    assert (understanding.patient_name, understanding.day) == ("Mariana Fuentes", None)


NOT_RESPELLED = [
    "hola, Biernes",  # capitalised inside a sentence: maybe a surname
    "me llamo Ana Juebes",
    "soy paciente nueva",
    "es muy pesado",
    "tengo una cinta",
    "ahora",
    "ahorita",
    "nora",
    "julia",
    "mariana",
    "nope",
    "nones",
    "higiene oral",  # not "hora", nor a request for one
    "me gustan las olas",
]


@pytest.mark.parametrize("text", NOT_RESPELLED)
def test_names_and_real_words_stay_as_typed(text: str) -> None:
    folded = fold(text)

    assert respell(folded) is folded


def test_a_longer_respelling_still_points_into_what_was_typed() -> None:
    folded = respell(fold("Kero ver a Ana el biernes"))

    assert folded.text == "quiero ver a ana el viernes"
    assert folded.original_slice(0, len("quiero")) == "Kero"
    start = folded.text.index("ana")
    assert folded.original_slice(start, start + 3) == "Ana"
    assert folded.is_capitalised_at(start)


def test_the_clinics_names_are_kept() -> None:
    folded = fold("con la doctora Marcos")

    assert respell(folded, keep=frozenset({"marcos"})) is folded


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("kero", "quiero"),
        ("mnana", "manana"),
        ("sabdo", "sabado"),
        ("juebes", "jueves"),
        ("ajendar", "agendar"),
    ],
)
def test_typos_by_sound_and_by_slip(typed: str, meant: str) -> None:
    assert respelled(typed) == meant


@pytest.mark.parametrize("word", ["ora", "oy", "mez", "dya", "ls"])
def test_words_of_three_letters_or_fewer_are_never_fuzzed(word: str) -> None:
    """ "ora" may be "hora" or a prayer; too little is typed to tell."""
    assert closest_word(word) is None
