"""Which messages are read offline only, and which are worth a model call."""

from __future__ import annotations

from datetime import date

import pytest

from adapters.hybrid_nlu import is_unambiguous
from domain.conversation import ConversationState as S
from domain.ids import ServiceId
from domain.understanding import Intent, ServiceQuestion, Understanding
from domain.when import ClockTime

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
