"""The offline English reader: intents, confirmations, names and whom an appointment is for."""

from __future__ import annotations

from datetime import date

import pytest

from adapters.clinic_config.toml_file import load_demo_clinic
from adapters.offline_nlu.english import OfflineEnglishNlu
from application.ports import NluEngine
from domain.conversation import ConversationState
from domain.ids import DoctorId
from domain.people import RELATIVES, SELF
from domain.understanding import Intent, Understanding
from domain.when import ClockTime, Meridiem
from tests.unit.adapters.reading import reading_context

CLINIC = load_demo_clinic()
TODAY = date(2026, 11, 25)  # a Wednesday
TOMORROW = date(2026, 11, 26)
FRIDAY = date(2026, 11, 27)
MONDAY = date(2026, 11, 30)
IDLE = ConversationState.IDLE
ROJAS = DoctorId("rojas")


async def read(text: str, state: ConversationState = IDLE) -> Understanding:
    return await OfflineEnglishNlu().understand(text, reading_context(CLINIC, TODAY, state))


def test_it_is_an_nlu_engine_that_counts_its_calls() -> None:
    engine: NluEngine = OfflineEnglishNlu()
    assert engine is not None


async def test_it_counts_the_messages_it_reads() -> None:
    nlu = OfflineEnglishNlu()
    await nlu.understand("hi", reading_context(CLINIC, TODAY))
    await nlu.understand("tomorrow at 4", reading_context(CLINIC, TODAY))
    assert nlu.calls == 2


INTENTS = [
    # Booking, however it is asked.
    ("I'd like an appointment", Intent.BOOK),
    ("id like an appt", Intent.BOOK),
    ("i want to book an appointment", Intent.BOOK),
    ("can I book", Intent.BOOK),
    ("can i book pls", Intent.BOOK),
    ("Hi, can I make an appointment?", Intent.BOOK),
    ("do you have anything", Intent.BOOK),
    ("do u have anything this week", Intent.BOOK),
    ("any availability?", Intent.BOOK),
    ("any openings 2moro morning?", Intent.BOOK),
    ("I need to see a dentist", Intent.BOOK),
    ("I'm looking for an appointment", Intent.BOOK),
    ("can you fit me in?", Intent.BOOK),
    ("HI I NEED AN APPOINTMENT", Intent.BOOK),
    ("need an appt asap", Intent.BOOK),
    ("earliest you have?", Intent.BOOK),
    ("soonest possible pls", Intent.BOOK),
    ("next available", Intent.BOOK),
    ("are you free on friday", Intent.BOOK),
    ("friday at 4", Intent.BOOK),
    # Moving and dropping an appointment.
    ("I need to reschedule", Intent.RESCHEDULE),
    ("can i reschedule my appt", Intent.RESCHEDULE),
    ("move my appointment to friday", Intent.RESCHEDULE),
    ("can we change it to 5pm?", Intent.RESCHEDULE),
    ("change my appointment please", Intent.RESCHEDULE),
    ("could we push it back a week", Intent.RESCHEDULE),
    ("I need to cancel my appointment", Intent.CANCEL),
    ("cancel pls", Intent.CANCEL),
    ("pls cancel my appt tmrw", Intent.CANCEL),
    ("i cant make it to my appointment tomorrow", Intent.CANCEL),
    ("I won't be able to make it", Intent.CANCEL),
    ("what time is my appointment?", Intent.MY_APPOINTMENTS),
    ("when is my appt", Intent.MY_APPOINTMENTS),
    ("do i have an appointment?", Intent.MY_APPOINTMENTS),
    ("can you remind me what time my appt is", Intent.MY_APPOINTMENTS),
    ("when's my appointment?", Intent.MY_APPOINTMENTS),
    ("do i have anything booked", Intent.MY_APPOINTMENTS),
    ("am i booked in for friday?", Intent.MY_APPOINTMENTS),
    ("what have i got coming up", Intent.MY_APPOINTMENTS),
    ("whens my next appt", Intent.MY_APPOINTMENTS),
    ("what time's my appointment tomorrow", Intent.MY_APPOINTMENTS),
    ("what day's our appointment", Intent.MY_APPOINTMENTS),
    # Courtesy, people and messages.
    ("hi", Intent.GREET),
    ("Hello!", Intent.GREET),
    ("hey there", Intent.GREET),
    ("good morning", Intent.GREET),
    ("Good afternoon", Intent.GREET),
    ("thanks!", Intent.THANKS),
    ("thank you so much", Intent.THANKS),
    ("thx", Intent.THANKS),
    ("ty", Intent.THANKS),
    ("cheers", Intent.THANKS),
    ("ok thanks", Intent.THANKS),
    # Britain's "ta".
    ("ta", Intent.THANKS),
    ("ta very much", Intent.THANKS),
    ("Ta!", Intent.THANKS),
    ("lovely, ta", Intent.THANKS),
    ("ok ta", Intent.THANKS),
    ("ta love", Intent.THANKS),
    ("perfect, thank you!", Intent.THANKS),
    ("i want to talk to a person", Intent.HANDOFF),
    ("can I speak to someone", Intent.HANDOFF),
    ("can someone call me", Intent.HANDOFF),
    ("real person please", Intent.HANDOFF),
    ("STOP", Intent.OPT_OUT),
    ("unsubscribe", Intent.OPT_OUT),
    ("stop texting me", Intent.OPT_OUT),
    ("please don't message me again", Intent.OPT_OUT),
    ("START", Intent.OPT_IN),
    ("can I stop by tomorrow", Intent.BOOK),
    ("start over", Intent.RESET),
    ("can we start again", Intent.RESET),
    ("asdfgh", Intent.UNKNOWN),
]


@pytest.mark.parametrize(("text", "intent"), INTENTS)
async def test_intents(text: str, intent: Intent) -> None:
    assert (await read(text)).intent is intent


async def test_moving_proposes_where_to_not_where_from() -> None:
    reading = await read("move my appointment from monday to friday")
    assert (reading.intent, reading.day) == (Intent.RESCHEDULE, FRIDAY)
    reading = await read("can i change my monday appointment to friday at 10am?")
    assert (reading.intent, reading.day) == (Intent.RESCHEDULE, FRIDAY)
    reading = await read("change my 10:30 appointment to 2pm")
    assert (reading.intent, reading.time) == (Intent.RESCHEDULE, ClockTime(2, 0, Meridiem.PM))
    reading = await read("reschedule my 3pm to 5pm")
    assert (reading.intent, reading.time) == (Intent.RESCHEDULE, ClockTime(5, 0, Meridiem.PM))
    reading = await read("can i change my appt from the 15th to the 20th")
    assert (reading.intent, reading.day) == (Intent.RESCHEDULE, date(2026, 12, 20))
    reading = await read("move my tuesday appointment to thursday")
    assert (reading.intent, reading.day) == (Intent.RESCHEDULE, TOMORROW)
    reading = await read("reschedule to next tuesday pls")
    assert (reading.intent, reading.day) == (Intent.RESCHEDULE, date(2026, 12, 1))
    reading = await read("can i prepone my appointment to monday")
    assert (reading.intent, reading.day) == (Intent.RESCHEDULE, MONDAY)


async def test_not_wanting_to_move_it_is_no_move() -> None:
    assert (await read("i don't want to reschedule")).intent is not Intent.RESCHEDULE


AFFIRM = [
    "yes",
    "yesss",
    "y",
    "Yes!",
    "yep",
    "yup",
    "yeah",
    "yea sure",
    "sure",
    "ok",
    "OK",
    "okay",
    "k",
    "alright",
    "sounds good",
    "sounds good!",
    "perfect",
    "great",
    "that works",
    "that works for me",
    "works for me",
    "yes please",
    "go ahead",
    "book it",
    "confirm",
    "correct",
    "absolutely",
    "i'll be there",
    "see you then",
    "no problem",
    "👍",
    "spot on",
    "go on then",
    "brill",
    "that's the one",
    "defo",
]


@pytest.mark.parametrize("text", AFFIRM)
async def test_confirmations(text: str) -> None:
    assert (await read(text, ConversationState.CONFIRMING)).intent is Intent.AFFIRM


DENY = [
    "no",
    "nooo",
    "n",
    "No.",
    "nope",
    "nah",
    "not that one",
    "nope, not that one",
    "no thanks",
    "neither",
    "none of those",
    "not quite",
]


@pytest.mark.parametrize("text", DENY)
async def test_refusals(text: str) -> None:
    assert (await read(text, ConversationState.CONFIRMING)).intent is Intent.DENY


@pytest.mark.parametrize("text", ["im not sure yet", "not ok", "not that one"])
async def test_doubt_is_no_yes(text: str) -> None:
    assert (await read(text, ConversationState.CONFIRMING)).intent is not Intent.AFFIRM


async def test_a_no_with_another_day_books_that_day() -> None:
    reading = await read("no, friday instead", ConversationState.CONFIRMING)
    assert (reading.intent, reading.day) == (Intent.BOOK, FRIDAY)


async def test_a_yes_with_thanks_closes_the_conversation_when_nothing_waits() -> None:
    assert (await read("ok thanks")).intent is Intent.THANKS
    assert (await read("ok thanks", ConversationState.CONFIRMING)).intent is Intent.AFFIRM


NAMES = [
    ("I'm John Smith", "John Smith"),
    ("im john smith", "John Smith"),
    ("Hi, I'm Ana", "Ana"),
    ("my name is ana lopez", "Ana Lopez"),
    ("My name's Tom Lee", "Tom Lee"),
    ("this is Ana", "Ana"),
    ("Hi this is Sarah Connor", "Sarah Connor"),
    ("it's Maria Gonzalez", "Maria Gonzalez"),
    ("call me Bob", "Bob"),
    ("name: Peter Parker", "Peter Parker"),
    ("under the name of Rosa Díaz", "Rosa Díaz"),
    ("book it for Juan Pérez please", "Juan Pérez"),
    ("I'm Kim", "Kim"),
    ("I'm Dale Cooper", "Dale Cooper"),  # "dale" is Spanish for "go ahead", and an English name
    ("my name is vincent van gogh", "Vincent van Gogh"),
    ("this is Ludwig van Beethoven", "Ludwig van Beethoven"),
    ("I'm Sophie, can I get an appointment friday?", "Sophie"),
]


@pytest.mark.parametrize(("text", "name"), NAMES)
async def test_stated_names(text: str, name: str) -> None:
    assert (await read(text)).patient_name == name


NOT_NAMES = [
    "I'm free tomorrow",
    "im available friday",
    "I'm looking for an appointment",
    "I'm hurting a lot",
    "this is urgent",
    "it's for my son",
    "i'm new",
    "I'm sorry, I can't come",
    "i am wondering if you have anything",
    "this is for tomorrow",
    "it's ok",
    "can i book for Friday Morning",
    "Is Dr Soto in on Friday?",
    "this is Ana's mom",
    "I'm in pain",
    "im 35",
]


@pytest.mark.parametrize("text", NOT_NAMES)
async def test_what_is_no_name(text: str) -> None:
    assert (await read(text)).patient_name is None


BARE_NAMES = [
    ("John Smith", "John Smith"),
    ("ana lopez", "Ana Lopez"),
    ("Tom", "Tom"),
    ("it's Ana Lee, thanks", "Ana Lee"),
    ("yes, Maria Pérez", "Maria Pérez"),
    ("the appointment is for Jake", "Jake"),
    ("Sarah O'Connor", "Sarah O'Connor"),
    ("Mary-Jane Watson", "Mary-Jane Watson"),
    # Particles do not count towards the words a name may have, and may be lowercase.
    ("ana maria lopez de la cruz", "Ana Maria Lopez de la Cruz"),
    ("maria de los angeles", "Maria de los Angeles"),
    ("vincent van gogh", "Vincent van Gogh"),
]


@pytest.mark.parametrize(("text", "name"), BARE_NAMES)
async def test_a_bare_name_answers_the_question(text: str, name: str) -> None:
    assert (await read(text, ConversationState.COLLECTING_NAME)).patient_name == name


@pytest.mark.parametrize("text", ["John Smith", "ana lopez"])
async def test_a_bare_name_is_no_name_unless_asked(text: str) -> None:
    assert (await read(text)).patient_name is None


@pytest.mark.parametrize(
    "text", ["tomorrow", "yes", "the morning", "my son", "cleaning", "Perez", "la", "de la cruz"]
)
async def test_an_answer_that_says_something_else_is_no_name(text: str) -> None:
    assert (await read(text, ConversationState.COLLECTING_NAME)).patient_name is None


PEOPLE = [
    ("it's for my son", "hijo"),
    ("for my son pls", "hijo"),
    ("an appointment for my daughter", "hija"),
    ("my daughter needs a checkup", "hija"),
    ("could my son come in on saturday", "hijo"),
    ("can my daughter see the kids dentist next tues at 4", "hija"),
    ("for my kids", "hijos"),
    ("my 2 kids need a cleaning", "hijos"),
    ("for my mom", "mamá"),
    ("for my mum please", "mamá"),
    ("my mother has a toothache", "madre"),
    ("my son's tooth hurts", "hijo"),
    ("my daughter's braces need checking", "hija"),
    ("my kid lost a filling", "hijo"),
    ("for my dad", "papá"),
    ("book my father in", "padre"),
    ("it's for my wife", "esposa"),
    ("Hi! Can I get an appt for my husband on Thursday?", "esposo"),
    ("my grandma wants a cleaning", "abuela"),
    ("for my grandpa", "abuelo"),
    ("for my little brother", "hermano"),
    ("my sister needs an appointment", "hermana"),
    ("for my mother-in-law", "suegra"),
    ("for my partner", "pareja"),
    ("for my baby", "bebé"),
    ("for myself", SELF),
    ("for me", SELF),
    ("it's for me", SELF),
    ("just me", SELF),
    ("me", SELF),
    # Colloquial: "the wife", "the missus", "my other half".
    ("booking for my missus", "esposa"),
    ("for the wife", "esposa"),
    ("the hubby broke a tooth", "esposo"),
    ("can i bring the kids in saturday", "hijos"),
    ("for my other half", "pareja"),
    ("my step son needs a checkup", "hijastro"),
    ("for my step-mum", "madrastra"),
    ("for my little man", "hijo"),
    # A sound-alike slip right after "my".
    ("appointment for my sun", "hijo"),
    ("my sun needs a checkup", "hijo"),
    ("for my little sun on friday", "hijo"),
    ("my suns need a cleaning", "hijos"),
    # A relative whose trouble is already in the clinic's words.
    ("my son broke a tooth", "hijo"),
    ("my daughter chipped her front tooth", "hija"),
    ("my husband is in a lot of pain", "esposo"),
    ("my mum's face is swollen", "mamá"),
]


@pytest.mark.parametrize(("text", "relation"), PEOPLE)
async def test_whom_the_appointment_is_for(text: str, relation: str) -> None:
    reading = await read(text)
    assert reading.relation == relation
    assert relation == SELF or relation in RELATIVES


@pytest.mark.parametrize(
    "text",
    [
        "that works for me",
        "friday is good for me",
        "my son's school is near",
        "see me",
        "the son",
        "the sun is out",
    ],
)
async def test_what_names_nobody(text: str) -> None:
    assert (await read(text)).relation is None


async def test_a_relatives_name_is_the_patients() -> None:
    reading = await read("this is Ana, it's for my son Tom")
    assert (reading.relation, reading.patient_name) == ("hijo", "Tom")
    reading = await read("it's for my dad, his name is Jorge Diaz")
    assert (reading.relation, reading.patient_name) == ("papá", "Jorge Diaz")
    reading = await read("for my daughter Sofia tomorrow at 4")
    assert (reading.relation, reading.patient_name, reading.day, reading.time) == (
        "hija",
        "Sofia",
        TOMORROW,
        ClockTime(4),
    )


async def test_what_a_relative_does_is_no_name() -> None:
    reading = await read("my kid lost a filling")
    assert (reading.relation, reading.patient_name) == ("hijo", None)


async def test_a_name_spelled_again() -> None:
    reading = await read("yes but my name is spelled Jon", ConversationState.CONFIRMING)
    assert reading.patient_name == "Jon"


@pytest.mark.parametrize(
    "text",
    [
        "for my little girl, she's 6",
        "it's for my son, he's 9",
        "my mum, she'll need help with the stairs",
        "for my kids, they're both due a checkup",
        "for my daughter, who's 4",
    ],
)
async def test_a_pronoun_after_the_relative_is_no_name(text: str) -> None:
    assert (await read(text)).patient_name is None


async def test_the_writers_own_name_is_not_the_relatives() -> None:
    reading = await read("I'm Ana, it's for my mom")
    assert (reading.relation, reading.patient_name) == ("mamá", None)


async def test_a_child_points_at_the_childrens_dentist() -> None:
    assert (await read("it's for my son")).doctor_id == ROJAS
