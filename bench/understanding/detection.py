"""How well a patient's language is told from their first message: every labelled utterance read
as a conversation's first, at a clinic serving every language (``OfflineLanguageDetector`` and
``domain.language.conversation_language``).

A message is *told* when the language chosen is its own, *unsaid* when it points to none ("ok",
"10:30", "Ana López": the clinic's first language is spoken until one that does), and *wrong*
when it points to another. Wrong answers a patient in a language they did not write: at most
1% of messages may be. Told must reach 90%: the rest wait one more message.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from adapters.offline_nlu.languages import OfflineLanguageDetector
from bench._common import Figures
from bench.understanding.labels import Utterance
from domain.language import Language, conversation_language

TARGET_TOLD = 0.90
TARGET_WRONG = 0.01


def detection_figures(utterances: Sequence[Utterance]) -> Figures:
    """Per language: the share of first messages told, unsaid and wrong, with a verdict."""
    detector = OfflineLanguageDetector()
    served = tuple(Language)
    counts: Counter[tuple[Language, str]] = Counter()
    totals: Counter[Language] = Counter()
    for utterance in utterances:
        chosen = conversation_language(None, detector.heard(utterance.text), served)
        outcome = "told" if chosen is utterance.language else "unsaid" if chosen is None else "wrong"
        counts[utterance.language, outcome] += 1
        totals[utterance.language] += 1
    figures: Figures = {}
    for language in served:
        total = totals[language]
        if not total:
            continue
        told, wrong = counts[language, "told"] / total, counts[language, "wrong"] / total
        met = told >= TARGET_TOLD and wrong <= TARGET_WRONG
        figures[f"{language.value}_language_told"] = round(told, 4)
        figures[f"{language.value}_language_wrong"] = round(wrong, 4)
        figures[f"{language.value}_language_verdict"] = "met" if met else "MISSED"
    return figures
