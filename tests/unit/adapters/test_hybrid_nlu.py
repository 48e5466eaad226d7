"""Which messages are read offline only, and which are worth a model call."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from adapters.clinic_config.toml_file import load_demo_clinic
from adapters.hybrid_nlu import HybridNlu, is_unambiguous
from adapters.offline_nlu.engine import OfflineSpanishNlu
from application.ports import NluContext
from domain.conversation import ConversationState as S
from domain.ids import ServiceId
from domain.language import Language
from domain.throttle import ModelRefusal
from domain.understanding import Intent, ServiceQuestion, Understanding
from domain.when import ClockTime
from tests.counting_metrics import CountingMetrics
from tests.unit.adapters.reading import reading_context

PRICE_OF_CLEANING = Understanding(Intent.FAQ, service_id=ServiceId("limpieza"), asks=ServiceQuestion.PRICE)
TOMORROW_AT_10 = Understanding(Intent.BOOK, day=date(2026, 12, 1), time=ClockTime(10))


@pytest.mark.parametrize(
    ("text", "reading", "state"),
    [
        ("mañana a las 10", TOMORROW_AT_10, S.COLLECTING_DATE),
        ("Ana López", Understanding(Intent.BOOK, patient_name="Ana López"), S.COLLECTING_NAME),
        ("sí", Understanding(Intent.AFFIRM), S.CONFIRMING),
        ("Hola", Understanding(Intent.GREET), S.IDLE),
        ("Quiero agendar una cita", Understanding(Intent.BOOK), S.IDLE),
        ("¿cuánto sale la limpieza?", PRICE_OF_CLEANING, S.IDLE),  # the clinic's data answers it
        ("es para mi hija", Understanding(Intent.BOOK, relation="hija"), S.COLLECTING_NAME),
    ],
)
def test_plain_messages_skip_the_model(text: str, reading: Understanding, state: S) -> None:
    assert is_unambiguous(text, reading, state)


@pytest.mark.parametrize(
    ("text", "reading", "state"),
    [
        ("mañana no hay nada?", TOMORROW_AT_10, S.COLLECTING_TIME),
        ("el martes no puedo, mejor el miércoles", Understanding(Intent.BOOK), S.COLLECTING_DATE),
        ("sí", Understanding(Intent.AFFIRM), S.COLLECTING_TIME),  # yes to what?
        ("me da lo mismo la verdad cualquier día de la próxima semana", Understanding(Intent.BOOK), S.IDLE),
        ("¿dónde quedan?", Understanding(Intent.FAQ, faq_index=0), S.IDLE),
        ("jajaja", Understanding(Intent.UNKNOWN), S.IDLE),
        ("", Understanding(Intent.UNKNOWN), S.IDLE),
        ("¿cuánto sale la limpieza? no la de niños", PRICE_OF_CLEANING, S.IDLE),
        ("¿cuánto sale?", Understanding(Intent.FAQ, asks=ServiceQuestion.PRICE), S.IDLE),  # of what?
    ],
)
def test_tricky_or_unread_messages_go_to_the_model(text: str, reading: Understanding, state: S) -> None:
    assert not is_unambiguous(text, reading, state)


@pytest.mark.parametrize(
    ("language", "text", "reading"),
    [
        (Language.ENGLISH, "not monday, friday instead", Understanding(Intent.BOOK)),
        (Language.ENGLISH, "can't do 4", TOMORROW_AT_10),
        (Language.ENGLISH, "tuesday doesn't work, but wednesday", Understanding(Intent.BOOK)),
        (Language.PORTUGUESE, "segunda não posso, melhor terça", Understanding(Intent.BOOK)),
        (Language.PORTUGUESE, "amanhã nao, sexta", Understanding(Intent.BOOK)),
        (Language.PORTUGUESE, "pode ser, mas de tarde", Understanding(Intent.BOOK)),
    ],
)
def test_the_words_that_turn_a_message_around_are_heard_in_the_conversations_language(
    language: Language, text: str, reading: Understanding
) -> None:
    assert not is_unambiguous(text, reading, S.COLLECTING_DATE, language)


def test_a_spanish_mas_without_its_accent_is_no_portuguese_but() -> None:
    assert is_unambiguous("mañana mas tarde", Understanding(Intent.BOOK), S.COLLECTING_DATE, Language.SPANISH)


class _CountingModel:
    """The model's side of the hybrid: counts the messages that reach it."""

    def __init__(self) -> None:
        self.read: list[str] = []

    async def understand(self, text: str, context: NluContext) -> Understanding:
        self.read.append(text)
        return Understanding(Intent.UNKNOWN)


@pytest.mark.parametrize(
    "text",
    [
        "Hola buenas tardes, ocupo una cita pa mañana en la tarde porfa",
        "Hola! quería sacar un turno para el jueves, ¿tenés algo a la tarde?",
        "quisiera una limpieza para el viernes a las 10 con la Dra. Pérez por favor",
        "hola kiero una sita pal biernes alas 11",
        "quiero una cita para mi esposo Juan Pérez el jueves a las 10",
    ],
)
async def test_a_request_the_offline_reader_knows_word_by_word_skips_the_model(text: str) -> None:
    model = _CountingModel()
    hybrid = HybridNlu(OfflineSpanishNlu(), model)
    reading = await hybrid.understand(text, reading_context(load_demo_clinic(), date(2026, 11, 30)))
    assert model.read == []
    assert reading.has_booking_details


@pytest.mark.parametrize(
    "text",
    [
        "¿atienden Fonasa? quiero hora el lunes a las 10",  # a word the reader has no use for
        "quiero hora el jueves antes de las 10",  # "antes de" bends the time
        "el jueves no puedo, mejor el viernes a las 10",  # a change of mind
        "quiero cita el lunes después del colegio",
    ],
)
async def test_a_request_with_a_word_the_reader_has_no_use_for_goes_to_the_model(text: str) -> None:
    model = _CountingModel()
    hybrid = HybridNlu(OfflineSpanishNlu(), model)
    await hybrid.understand(text, reading_context(load_demo_clinic(), date(2026, 11, 30)))
    assert model.read == [text]


async def test_without_the_patients_consent_the_model_never_reads_them() -> None:
    model = _CountingModel()
    metrics = CountingMetrics()
    hybrid = HybridNlu(OfflineSpanishNlu(), model, metrics=metrics)
    context = replace(
        reading_context(load_demo_clinic(), date(2026, 11, 30)), model_refusal=ModelRefusal.NO_CONSENT
    )
    for text in (
        "¿atienden Fonasa? quiero hora el lunes a las 10",
        "jajaja",
        "el jueves no, mejor el viernes",
    ):
        await hybrid.understand(text, context)  # what the offline reader cannot read stays unread
    assert model.read == []
    assert hybrid.routing.throttled == 3
    assert metrics.counted["model_refused", "no_consent"] == 3
