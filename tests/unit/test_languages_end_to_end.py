"""A patient who writes in English or Brazilian Portuguese books at a clinic serving both, from the
first message to the reminder: the offline readers and the language detector as `make chat` wires
them, the demo clinic's file, in-memory adapters, and the reminder worker with the template of the
patient's language (issue 26). Spanish runs the same path as the control."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from adapters.clinic_config.toml_file import load_demo_clinic
from adapters.memory.clinics import InMemoryClinicDirectory
from adapters.memory.clock import FixedClock
from adapters.memory.inbox import InboxState, InMemoryInbox
from adapters.memory.media import NoMediaFiles
from adapters.memory.reminder_jobs import InMemoryReminderJobs
from adapters.memory.sender import RecordingSender
from adapters.memory.store import InMemoryUnitOfWorkFactory
from application.buttons import CONFIRM_BOOKING
from application.listening import Listening
from application.messages import DocumentReply, InboundMessage, OutboundMessage, TemplateReply, choices_of
from application.ports import NluContext
from application.send_reminders import BatchReport, SendDueReminders
from application.speech import speech
from application.texts_es import outreach
from domain.clinic import Clinic
from domain.conversation import CollectedFields, ConversationState
from domain.ids import PatientAddress
from domain.language import Language
from domain.understanding import Intent
from entrypoints.container import offline_readers
from tests.message_path import MessagePath, message_path
from tests.unit.application.conftest import ScriptedSpeech

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=ZoneInfo("America/Santiago"))  # a Monday morning
PATIENT = PatientAddress("14155550123")


@dataclass
class Chat:
    clinic: Clinic = field(default_factory=load_demo_clinic)
    clock: FixedClock = field(default_factory=lambda: FixedClock(NOW))
    sender: RecordingSender = field(default_factory=RecordingSender)
    store: InMemoryUnitOfWorkFactory = field(default_factory=InMemoryUnitOfWorkFactory)
    ids: itertools.count[int] = field(default_factory=itertools.count)
    path: MessagePath | None = None

    def __post_init__(self) -> None:
        self.path = message_path(
            [self.clinic], store=self.store, nlu=offline_readers(), sender=self.sender, clock=self.clock
        )

    async def send(self, message: InboundMessage) -> list[OutboundMessage]:
        assert self.path is not None
        self.clock.advance(timedelta(seconds=20))
        before = len(self.sender.sent)
        await self.path(message)
        return [sent.message for sent in self.sender.sent[before:]]

    async def say(self, text: str) -> list[OutboundMessage]:
        now = self.clock.now() + timedelta(seconds=20)
        return await self.send(InboundMessage.text_message(self._id(), self.clinic.id, PATIENT, now, text))

    async def press(self, button_id: str) -> list[OutboundMessage]:
        now = self.clock.now() + timedelta(seconds=20)
        return await self.send(
            InboundMessage.button_press(self._id(), self.clinic.id, PATIENT, now, button_id)
        )

    def _id(self) -> str:
        return f"wamid.lang{next(self.ids)}"


def text(replies: list[OutboundMessage]) -> str:
    return "\n".join(reply.body for reply in replies)


def a_time(replies: list[OutboundMessage], hour: str) -> str:
    return next(i for reply in replies for i, title in choices_of(reply) if title.startswith(hour))


@dataclass(frozen=True)
class Script:
    language: Language
    ask: str  # a first message: an appointment on Monday 7 December in the morning
    times_offered: str  # what the reply with the times says
    name: str  # the answer to "who is it for"
    asked_name: str
    card: str
    booked: str
    template: str
    code: str
    day: str  # the reminder's day parameter


SCRIPTS = [
    Script(
        Language.ENGLISH,
        "Hi! Can I book an appointment for next Monday morning please?",
        "Monday, December 7",
        "my name is John Smith",
        "name",
        "John Smith",
        "booked",
        "appointment_reminder",
        "en_US",
        "Monday, December 7",
    ),
    Script(
        Language.PORTUGUESE,
        "Oi, boa tarde! Queria marcar uma consulta pra segunda de manhã",
        "segunda-feira, 7 de dezembro",
        "me chamo João da Silva",
        "nome",
        "João da Silva",
        "agendada",
        "lembrete_consulta",
        "pt_BR",
        "segunda-feira, 7 de dezembro",
    ),
    Script(
        Language.SPANISH,
        "Hola, quiero agendar una cita para el lunes en la mañana",
        "lunes 7 de diciembre",
        "me llamo Juan Pérez",
        "nombre",
        "Juan Pérez",
        "agendada",
        "recordatorio_cita",
        "es",
        "lunes 7 de diciembre",
    ),
]


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda s: s.language.value)
async def test_a_patient_books_in_their_language_and_is_reminded_in_it(script: Script) -> None:
    chat = Chat()
    offered = await chat.say(script.ask)
    assert script.times_offered in text(offered)
    # The clinic's own notice is written in its first language; others read the standard one in theirs.
    assert ("usamos tus datos" in text(offered)) is (script.language is Language.SPANISH)
    asked = await chat.press(a_time(offered, "10:00"))
    assert script.asked_name in text(asked).lower()
    card = await chat.say(script.name)
    assert script.card in text(card)
    done = await chat.press(CONFIRM_BOOKING)
    assert script.booked in text(done).lower()
    [calendar] = [reply for reply in done if isinstance(reply, DocumentReply)]
    word = {Language.ENGLISH: "appointment", Language.PORTUGUESE: "consulta", Language.SPANISH: "cita"}
    assert calendar.filename.startswith(f"{word[script.language]}-2026-12-07")
    [appointment] = chat.store.store.appointments.values()
    assert appointment.patient_name == script.card
    assert chat.store.store.sessions[(chat.clinic.id, PATIENT)].language is script.language
    if script.language is not Language.SPANISH:  # not a Spanish word on the way
        said = text([*offered, *asked, *card, *done])
        assert [w for w in ("¿", "¡", " cita", " tu ", " el ", " del ") if w in said] == []

    chat.clock.set(appointment.starts_at - timedelta(hours=24))
    remind = SendDueReminders(
        jobs=InMemoryReminderJobs(chat.store.store),
        clinics=InMemoryClinicDirectory([chat.clinic]),
        sender=chat.sender,
        clock=chat.clock,
    )
    assert await remind() == BatchReport(sent=1)
    reminder = chat.sender.sent[-1].message
    assert isinstance(reminder, TemplateReply)
    assert (reminder.name, reminder.language) == (script.template, script.code)
    assert reminder.body_parameters[0] == script.card.split()[0]
    assert script.day in reminder.body_parameters[1]


async def test_a_patient_who_asks_for_english_is_answered_in_english_from_then_on() -> None:
    chat = Chat()
    first = await chat.say("Hola, quiero una cita para el lunes")
    assert "lunes 7 de diciembre" in text(first)
    switched = await chat.say("sorry, can we continue in English please?")
    assert "¿" not in text(switched)
    later = await chat.say("ok")  # a word of no language keeps the conversation's
    assert chat.store.store.sessions[(chat.clinic.id, PATIENT)].language is Language.ENGLISH
    assert "¿" not in text(later)


@pytest.mark.parametrize("language", list(Language), ids=lambda language: language.value)
async def test_the_word_each_language_tells_patients_to_write_to_opt_out_and_back_is_understood(
    language: Language,
) -> None:
    clinic = load_demo_clinic().speaking(language)
    _ = speech(clinic)
    reader = offline_readers()
    context = NluContext(clinic, NOW, NOW.date(), ConversationState.IDLE, CollectedFields(), (), ())
    for keyword, intent in (
        (_.pgettext("keyword", "BAJA"), Intent.OPT_OUT),
        (_.pgettext("keyword", "ALTA"), Intent.OPT_IN),
    ):
        assert (await reader.understand(keyword, context)).intent is intent
        assert keyword in outreach.opted_in(clinic).body + outreach.opted_out(clinic).body


def test_a_clinic_of_several_languages_lets_the_transcriber_hear_which_one() -> None:
    demo = load_demo_clinic()
    listening = Listening(NoMediaFiles(), ScriptedSpeech(), InMemoryInbox(InboxState()), "es")
    assert listening.hint(demo).language == ""
    assert listening.hint(replace(demo, languages=(Language.SPANISH,))).language == "es"


@pytest.mark.parametrize(
    ("language", "text", "intent"),
    [
        (Language.SPANISH, "sí, agéndalo", Intent.AFFIRM),
        (Language.SPANISH, "si, reservala porfa", Intent.AFFIRM),
        (Language.SPANISH, "sí, agéndala para el martes", Intent.BOOK),  # a new day: the booking changes
        (Language.ENGLISH, "yes, book it", Intent.AFFIRM),
        (Language.ENGLISH, "yes please book it for my son", Intent.BOOK),  # whom: the booking changes
        (Language.PORTUGUESE, "sim, pode marcar", Intent.AFFIRM),
        (Language.PORTUGUESE, "sim, marca pra sexta", Intent.BOOK),
    ],
)
async def test_on_the_confirmation_card_a_yes_with_booking_words_confirms_in_every_language(
    language: Language, text: str, intent: Intent
) -> None:
    clinic = load_demo_clinic().speaking(language)
    context = NluContext(clinic, NOW, NOW.date(), ConversationState.CONFIRMING, CollectedFields(), (), ())
    assert (await offline_readers().understand(text, context)).intent is intent
