"""The language-detection figures of bench.understanding: told, unsaid and wrong per language."""

from __future__ import annotations

from datetime import datetime

from bench.understanding.detection import detection_figures
from bench.understanding.labels import Utterance

from domain.language import Language

NOW = datetime(2027, 1, 5, 10)


def said(text: str, language: Language) -> Utterance:
    return Utterance(text, "xx", "plain", NOW, "book", language=language)


def test_each_language_counts_its_messages_told_unsaid_and_wrong() -> None:
    figures = detection_figures(
        [
            said("quiero una cita para mañana", Language.SPANISH),
            said("ok", Language.SPANISH),  # unsaid: neither told nor wrong
            said("can I book for tomorrow morning", Language.ENGLISH),
            said("queria marcar uma consulta pra amanhã", Language.ENGLISH),  # mislabelled: wrong
        ]
    )
    assert figures["es_language_told"] == 0.5
    assert figures["es_language_wrong"] == 0
    assert figures["es_language_verdict"] == "MISSED"  # half told is under 90%
    assert figures["en_language_told"] == 0.5
    assert figures["en_language_wrong"] == 0.5
    assert "pt_language_told" not in figures  # no Portuguese message: nothing to say
