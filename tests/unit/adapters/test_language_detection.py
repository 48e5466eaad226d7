"""Which language a patient writes in, and what the conversation answers in after it."""

from __future__ import annotations

import pytest

from adapters.offline_nlu.languages import OfflineLanguageDetector
from domain.language import Language, conversation_language

ES, EN, PT = Language.SPANISH, Language.ENGLISH, Language.PORTUGUESE
ALL = (ES, EN, PT)
detector = OfflineLanguageDetector()


def first_language(text: str, served: tuple[Language, ...] = ALL) -> Language | None:
    return conversation_language(None, detector.heard(text), served)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Hi, can I book an appointment for Thursday morning?", EN),
        ("hey do u have anything tmrw afternoon", EN),
        ("i need a cleaning for my son next week pls", EN),
        ("yes please", EN),
        ("thx", EN),
        ("Olá, queria marcar uma consulta", PT),
        ("oi tem horário amanhã de tarde?", PT),
        ("vc tem horario pra sexta de manha", PT),
        ("é pro meu filho", PT),
        ("sim", PT),
        ("Quiero agendar cita", ES),
        ("Mañana en la tarde", ES),
        ("kiero una sita pa mañana alas 4", ES),
        ("necesito hora con el doctor perez", ES),
        ("hola", ES),
    ],
)
def test_a_first_message_tells_its_language(text: str, language: Language) -> None:
    assert first_language(text) is language


@pytest.mark.parametrize("text", ["ok", "Ana López", "10:30", "👍", "1", "Dr. Pérez", "OK!!"])
def test_a_message_with_no_language_of_its_own_tells_none(text: str) -> None:
    assert first_language(text) is None


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("in English please", EN),
        ("do you speak english?", EN),
        ("pode falar em português?", PT),
        ("em portugues por favor", PT),
        ("en español por favor", ES),
        ("can we do this in spanish", ES),
    ],
)
def test_a_patient_may_ask_for_a_language_by_name_mid_conversation(text: str, language: Language) -> None:
    for current in ALL:
        assert conversation_language(current, detector.heard(text), ALL) is language


def test_a_language_asked_for_that_the_clinic_does_not_serve_changes_nothing() -> None:
    assert conversation_language(ES, detector.heard("in English please"), (ES, PT)) is ES


@pytest.mark.parametrize("text", ["ok", "sí", "yes", "Ana López", "dale", "10:30", "thanks", "perfecto"])
def test_a_short_answer_keeps_the_conversation_in_its_language(text: str) -> None:
    for current in ALL:
        assert conversation_language(current, detector.heard(text), ALL) is current


@pytest.mark.parametrize(
    ("current", "text", "language"),
    [
        (ES, "sorry, can we continue in english? i don't speak spanish", EN),
        (ES, "I would like to book an appointment for tomorrow morning", EN),
        (EN, "quiero una cita para mañana en la tarde", ES),
        (ES, "desculpa, eu não falo espanhol, queria marcar uma consulta", PT),
    ],
)
def test_a_whole_message_in_another_served_language_switches(
    current: Language, text: str, language: Language
) -> None:
    assert conversation_language(current, detector.heard(text), ALL) is language


def test_a_clinic_that_serves_spanish_alone_answers_in_spanish_whatever_is_written() -> None:
    assert conversation_language(None, detector.heard("Hi, can I book an appointment?"), (ES,)) is None
