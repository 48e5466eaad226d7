"""The offline English reader and the clinic's own (Spanish) file: services, doctors, FAQ, typos,
the words it knows and those it has no use for."""

from __future__ import annotations

import time
from datetime import date

import pytest

from adapters.clinic_config.toml_file import load_demo_clinic
from adapters.offline_nlu.english import VOCABULARY, OfflineEnglishNlu
from domain.conversation import ConversationState
from domain.ids import DoctorId, ServiceId
from domain.understanding import Intent, ServiceQuestion, Understanding
from domain.when import ClockTime, DayPart, Meridiem
from tests.unit.adapters.reading import reading_context

CLINIC = load_demo_clinic()
TODAY = date(2026, 11, 25)  # a Wednesday
TOMORROW = date(2026, 11, 26)
FRIDAY = date(2026, 11, 27)
PEREZ, SOTO, ROJAS = DoctorId("perez"), DoctorId("soto"), DoctorId("rojas")
WHERE, HOURS, PAYMENT, PARKING = 0, 1, 2, 3
PRICE, DURATION, PREPARATION = ServiceQuestion.PRICE, ServiceQuestion.DURATION, ServiceQuestion.PREPARATION


def service(name: str) -> ServiceId:
    return ServiceId(name)


async def read(text: str, state: ConversationState = ConversationState.IDLE) -> Understanding:
    return await OfflineEnglishNlu().understand(text, reading_context(CLINIC, TODAY, state))


SERVICES = [
    ("can i book a cleaning", "limpieza"),
    ("I need a teeth cleaning", "limpieza"),
    ("cleaning pls", "limpieza"),
    ("i'd like to get my teeth whitened", "blanqueamiento"),
    ("teeth whitening", "blanqueamiento"),
    ("whitening next friday", "blanqueamiento"),
    ("a checkup", "evaluacion"),
    ("check up for my son", "evaluacion"),
    ("i need a check-up", "evaluacion"),
    ("dental exam", "evaluacion"),
    ("braces adjustment", "control_ortodoncia"),
    ("i need my braces tightened", "control_ortodoncia"),
    ("one of my brackets came off", "control_ortodoncia"),
    ("i want to get braces", "instalacion_brackets"),
    ("i need a tooth pulled", "extraccion"),
    ("wisdom tooth removal", "extraccion"),
    ("extraction", "extraccion"),
    ("I have a toothache", "urgencia"),
    ("my tooth hurts", "urgencia"),
    ("i broke a tooth", "urgencia"),
    ("emergency!!", "urgencia"),
    ("my face is swollen", "urgencia"),
    ("her cheek's all swollen", "urgencia"),
    ("my gums are really puffy", "urgencia"),
    ("his jaw is swollen since yesterday", "urgencia"),
    ("my face swelled up", "urgencia"),
    ("i'm in a lot of pain", "urgencia"),
    ("im in agony", "urgencia"),
    ("my husband is in a lot of pain", "urgencia"),
    ("i've been in pain all week", "urgencia"),
    ("severe tooth pain since last night", "urgencia"),
    ("my molar is throbbing", "urgencia"),
    ("chipped my front tooth", "urgencia"),
    ("my crown fell out", "urgencia"),
    ("lost a filling yesterday", "urgencia"),
    ("my kid knocked out a tooth", "urgencia"),
    ("i think i have an abscess", "urgencia"),
    ("i want my teeth cleaned", "limpieza"),
    ("scale & polish pls", "limpieza"),
    ("a scale and clean", "limpieza"),
    ("deep clean", "limpieza"),
    ("get my teeth whitened", "blanqueamiento"),
    ("i want whiter teeth", "blanqueamiento"),
    ("get my braces on", "instalacion_brackets"),
    ("getting braces put on", "instalacion_brackets"),
    ("i need my braces adjusted", "control_ortodoncia"),
    ("a dental check", "evaluacion"),
    ("can you check my teeth", "evaluacion"),
    ("need a tooth removed", "extraccion"),
    ("molar taken out", "extraccion"),
    # Typos of the clinic's words.
    ("my toothe hurts realy bad", "urgencia"),
    ("my tooht hurts", "urgencia"),
    ("my tooth is swolen", "urgencia"),
    ("tooth ach since monday", "urgencia"),
    ("root canal", None),  # the demo clinic has none
]


RULED_OUT = [
    ("not a cleaning, a checkup", "evaluacion"),
    ("i don't want a cleaning, just a checkup", "evaluacion"),
    ("no cleaning, whitening please", "blanqueamiento"),
    ("a checkup, not a cleaning", "evaluacion"),
    ("not whitening but a cleaning", "limpieza"),
    ("a checkup instead of a cleaning", "evaluacion"),
    ("whitening rather than a cleaning", "blanqueamiento"),
    ("not the whitening, the cleaning", "limpieza"),
    ("i'm not sure if i need a cleaning", "limpieza"),
    ("no, a cleaning", "limpieza"),
]


@pytest.mark.parametrize(("text", "service_id"), RULED_OUT)
async def test_a_service_ruled_out_gives_way_to_the_one_wanted(text: str, service_id: str) -> None:
    assert (await read(text)).service_id == service(service_id)


@pytest.mark.parametrize("text", ["not a cleaning", "no whitening thanks", "i don't need a checkup"])
async def test_a_service_ruled_out_alone_names_none(text: str) -> None:
    assert (await read(text)).service_id is None


@pytest.mark.parametrize("text", ["i need a filling", "need a crown", "can i get an x-ray"])
async def test_a_treatment_the_clinic_does_not_list_still_books(text: str) -> None:
    reading = await read(text)
    assert (reading.intent, reading.service_id) == (Intent.BOOK, None)


@pytest.mark.parametrize("text", ["no pain", "is it painful?", "braces off"])
async def test_what_names_no_service(text: str) -> None:
    assert (await read(text)).service_id is None


@pytest.mark.parametrize(("text", "service_id"), SERVICES)
async def test_services_in_english_words(text: str, service_id: str | None) -> None:
    reading = await read(text)
    assert reading.service_id == (service(service_id) if service_id else None)
    if service_id:
        assert reading.intent is Intent.BOOK


QUESTIONS = [
    ("how much is a cleaning?", "limpieza", PRICE),
    ("how much for a cleaning", "limpieza", PRICE),
    ("whats the price of whitening", "blanqueamiento", PRICE),
    ("how much does an extraction cost", "extraccion", PRICE),
    ("is the checkup free?", "evaluacion", PRICE),
    ("how long does whitening take", "blanqueamiento", DURATION),
    ("how long is a cleaning", "limpieza", DURATION),
    ("do i need to fast before an extraction", "extraccion", PREPARATION),
    ("can i eat before the cleaning?", "limpieza", PREPARATION),
    ("how much does it cost", None, PRICE),
]


@pytest.mark.parametrize(("text", "service_id", "asks"), QUESTIONS)
async def test_questions_about_a_service(text: str, service_id: str | None, asks: ServiceQuestion) -> None:
    reading = await read(text)
    assert (reading.intent, reading.asks) == (Intent.FAQ, asks)
    assert reading.service_id == (service(service_id) if service_id else None)


async def test_a_day_with_a_service_question_still_books() -> None:
    reading = await read("can i book a cleaning for tmrw at 4pm")
    assert (reading.intent, reading.service_id, reading.day, reading.time) == (
        Intent.BOOK,
        service("limpieza"),
        TOMORROW,
        ClockTime(4, 0, Meridiem.PM),
    )


DOCTORS = [
    ("can i see dr. perez", PEREZ),
    ("with dr perez", PEREZ),
    ("Dr Pérez on friday", PEREZ),
    ("with camila", PEREZ),
    ("dr soto on tuesday at 4", SOTO),
    ("the orthodontist", SOTO),
    ("can i see the orthodontist", SOTO),
    ("i want braces", SOTO),
    ("Dr. Rojas pls", ROJAS),
    ("is dr. valentina available friday", ROJAS),
    ("the kids' dentist", ROJAS),
    ("the kids dentist on monday", ROJAS),
    ("a pediatric dentist for my daughter", ROJAS),
    ("children's dentist", ROJAS),
    ("a cleaning with Dr Soto", SOTO),  # named by name: kept even if the service is not theirs
]


@pytest.mark.parametrize(("text", "doctor_id"), DOCTORS)
async def test_doctors(text: str, doctor_id: DoctorId) -> None:
    assert (await read(text)).doctor_id == doctor_id


async def test_a_service_the_guessed_doctor_does_not_do_drops_the_guess() -> None:
    # "for my son" guesses the children's dentist; a cleaning is Dra. Pérez's only.
    reading = await read("a cleaning for my son")
    assert (reading.service_id, reading.doctor_id, reading.relation) == (service("limpieza"), None, "hijo")


FAQ = [
    ("where are you located?", WHERE),
    ("what's your address", WHERE),
    ("where r u", WHERE),
    ("whats ur adress", WHERE),
    ("what's the addres?", WHERE),
    ("wht time do u open", HOURS),
    ("hw much to park", PARKING),
    ("what are your opening hours", HOURS),
    ("are you open on holidays?", HOURS),
    ("do you take credit cards?", PAYMENT),
    ("do you accept insurance", PAYMENT),
    ("can i pay cash", PAYMENT),
    ("do you have parking", PARKING),
    ("is there parking", PARKING),
    ("where can i park", PARKING),
]


@pytest.mark.parametrize(("text", "faq_index"), FAQ)
async def test_the_clinics_faq_in_english(text: str, faq_index: int) -> None:
    reading = await read(text)
    assert (reading.intent, reading.faq_index) == (Intent.FAQ, faq_index)


async def test_a_day_beside_a_faq_question_books() -> None:
    reading = await read("what time do you open on saturday")
    assert (reading.intent, reading.faq_index, reading.day) == (Intent.BOOK, HOURS, date(2026, 11, 28))


TYPOS = [
    ("apointment tomorow afternon", Intent.BOOK, TOMORROW, DayPart.AFTERNOON),
    ("appt 2moro morning pls", Intent.BOOK, TOMORROW, DayPart.MORNING),
    ("can u do fri evening", Intent.BOOK, FRIDAY, DayPart.EVENING),
    ("tmrw arvo?", Intent.BOOK, TOMORROW, DayPart.AFTERNOON),
    ("thursady mornin", Intent.BOOK, TOMORROW, DayPart.MORNING),
    ("fridya afternoon", Intent.BOOK, FRIDAY, DayPart.AFTERNOON),
    ("tommorrow evning", Intent.BOOK, TOMORROW, DayPart.EVENING),
    ("i wanna reschedual my appt to friday", Intent.RESCHEDULE, FRIDAY, None),
    ("pls cancle my appt", Intent.CANCEL, None, None),
]


@pytest.mark.parametrize(("text", "intent", "day", "part"), TYPOS)
async def test_typos_and_shorthand(text: str, intent: Intent, day: date | None, part: DayPart | None) -> None:
    reading = await read(text)
    assert (reading.intent, reading.day, reading.part) == (intent, day, part)


@pytest.mark.parametrize(
    "text",
    [
        "Monkey business",
        "I have money",
        "my name is Mondy",
        "at there",  # not "at three"
        "a weakened tooth",  # not the weekend
        "after the launch",  # not after lunch
        "I'm moving house",
    ],
)
async def test_real_words_and_names_are_not_respelled(text: str) -> None:
    reading = await read(text)
    assert (reading.day, reading.time, reading.part) == (None, None, None)


async def test_names_keep_what_was_typed() -> None:
    assert (await read("my name is Fridy Tomorow")).patient_name == "Fridy Tomorow"


ENGLISH = [
    "hi i'd like an appointment tomorrow afternoon",
    "can i book a cleaning",
    "thanks",
    "yes that works",
    "what time is my appointment",
    "do you have anything on friday",
]
SPANISH = [
    "quiero una hora para mañana",
    "gracias",
    "sí, me sirve",
    "¿tienen hora el viernes?",
    "hola buenas tardes",
]
PORTUGUESE = [
    "quero marcar uma consulta amanhã",
    "obrigado",
    "sim, pode ser",
    "tem horário na sexta?",
    "boa tarde",
]


def _english_words(text: str) -> int:
    from adapters.offline_nlu.clinic_terms import words
    from adapters.offline_nlu.text import fold

    return sum(1 for word in words(fold(text).text) if word in VOCABULARY)


@pytest.mark.parametrize("text", ENGLISH)
def test_the_vocabulary_knows_english_messages(text: str) -> None:
    assert _english_words(text) >= 1


@pytest.mark.parametrize("text", [*SPANISH, *PORTUGUESE])
def test_the_vocabulary_knows_no_spanish_nor_portuguese(text: str) -> None:
    assert _english_words(text) == 0


def test_the_vocabulary_is_folded_words() -> None:
    assert {"tomorrow", "appointment", "friday", "morning", "thanks", "yes", "i"} <= VOCABULARY
    assert (
        not {"no", "a", "me", "de", "ok", "doctor", "hola", "so", "please", "jun", "son", "ta"} & VOCABULARY
    )
    assert all(word == word.lower() and " " not in word for word in VOCABULARY)


READ_WHOLE = [
    "hi, I'd like an appointment tomorrow afternoon please",
    "can i book a cleaning for tmrw at 4pm",
    "next friday at 10am pls",
    "for my son Tom",
    "my son's tooth hurts",
    "my name is Ana Lopez",
    "do you have parking",
    "thx",
]


@pytest.mark.parametrize("text", READ_WHOLE)
async def test_a_message_of_known_words_is_read_whole(text: str) -> None:
    nlu = OfflineEnglishNlu()
    context = reading_context(CLINIC, TODAY)
    assert nlu.unread(text, context, await nlu.understand(text, context)) == []


@pytest.mark.parametrize(
    ("text", "unread"),
    [
        ("do you accept medicaid", ["accept", "medicaid"]),
        ("after school on friday", ["after"]),  # "after" bends a time, so it is never taken as read
        ("after choir practice on friday", ["after", "choir", "practice"]),
        ("not monday", ["not"]),
    ],
)
async def test_the_words_it_has_no_use_for(text: str, unread: list[str]) -> None:
    nlu = OfflineEnglishNlu()
    context = reading_context(CLINIC, TODAY)
    assert nlu.unread(text, context, await nlu.understand(text, context)) == unread


async def test_reading_stays_fast() -> None:
    nlu = OfflineEnglishNlu()
    context = reading_context(CLINIC, TODAY)
    texts = [f"hi i'm Ana, can i book a cleaning for my son on the {day}th at 4pm?" for day in range(10, 29)]
    started = time.perf_counter()
    for text in texts * 10:
        await nlu.understand(text, context)
    assert (time.perf_counter() - started) / (len(texts) * 10) < 0.01  # well under 10 ms a message
