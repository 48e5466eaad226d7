"""Offline first, Claude when it matters: the cheap reading decides whether the model is needed.

A message the offline parser reads unambiguously in the conversation's state ("mañana
a las 10" while choosing a time, "Ana López" while the bot asked for a name, "sí" on
the confirmation card) costs no model call; so does a longer request for an appointment
whose every word the offline reader knows ("ocupo una cita pa mañana en la tarde porfa",
"¿tenés turno el viernes a las 15?"). A message with a word the reader has no use for
("¿atienden Fonasa?"), a negation or a change of mind ("no, mejor el jueves"), or no clear
reading goes to Claude. When Claude fails, the offline reading is used if it found anything;
otherwise the failure stands and the use case asks the patient to repeat.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from typing import Protocol, runtime_checkable

from application.ports import Metrics, NluContext, NluEngine, NluUnavailable, NoMetrics
from domain.conversation import ConversationState
from domain.language import Language
from domain.understanding import Intent, Understanding

log = logging.getLogger(__name__)

_WORD = re.compile(r"\w+")
# Words that turn a plain statement into something only a careful reading gets right, in the
# language the conversation is held in ("mas" is "but" in Portuguese, "más" in Spanish chat).
_BUTS = {
    Language.SPANISH: r"no|ni|nada|tampoco|pero|mejor|otra|otro|cambiar|cambia|sino",
    Language.ENGLISH: r"no|not|nor|but|instead|rather|actually|except|unless|other|another|change|better"
    r"|can'?t|don'?t|won'?t",
    Language.PORTUGUESE: r"n[aã]o|nem|nada|mas|por[eé]m|melhor|outra|outro|mudar|muda|trocar|troca|ali[aá]s"
    r"|exceto|sen[aã]o",
}
_TRICKY = {language: re.compile(rf"\?|¿|\b(?:{buts})\b", re.IGNORECASE) for language, buts in _BUTS.items()}
_SHORT = 6
# A request for an appointment the offline reader accounts for word by word is read offline up
# to this long; a longer message is more likely to say two things at once.
_COVERED = 24
# Words that turn the rest around: a request with one goes to the model however well it is read.
_THOUGH = {
    Language.SPANISH: "cambio|aunque",
    Language.ENGLISH: "although|though",
    Language.PORTUGUESE: "embora",
}
_TURNS = {
    language: re.compile(rf"\b(?:{buts}|{_THOUGH[language]})\b", re.IGNORECASE)
    for language, buts in _BUTS.items()
}


@runtime_checkable
class CoveringReader(Protocol):
    """An offline reader that can say which words of a message it had no use for."""

    def unread(self, text: str, context: NluContext, reading: Understanding) -> list[str]: ...


@dataclass
class Routing:
    """How many messages each engine read, for the logs and the cost per booking."""

    offline_only: int = 0
    model: int = 0
    model_failures: int = 0
    # Read offline because the model may not be asked: a budget was used up (the patient's or the
    # clinic's), or the patient has not consented to their texts going to the model.
    throttled: int = 0


class HybridNlu:
    """Implements ``NluEngine``: offline when unambiguous, the model otherwise, offline as its fallback."""

    def __init__(self, offline: NluEngine, model: NluEngine, metrics: Metrics | None = None) -> None:
        self._offline = offline
        self._model = model
        self._metrics = metrics or NoMetrics()
        self.routing = Routing()

    async def understand(self, text: str, context: NluContext) -> Understanding:
        cheap = await self._offline.understand(text, context)
        if is_unambiguous(text, cheap, context.state, context.clinic.language) or self._covered(
            text, cheap, context
        ):
            self.routing.offline_only += 1
            return cheap
        if context.model_refusal is not None:
            # A budget (the patient's calls or tokens, the clinic's tokens) is used up for now, or the
            # patient has not consented: what the offline reader cannot read goes to the buttons.
            self.routing.throttled += 1
            self._metrics.model_refused(context.model_refusal)
            return cheap
        self.routing.model += 1
        try:
            return await self._model.understand(text, context)
        except NluUnavailable as failure:
            self.routing.model_failures += 1
            if cheap.intent is Intent.UNKNOWN and not cheap.has_booking_details:
                raise
            log.info("model unavailable: the offline reading stands in")
            return replace(cheap, model_tokens=failure.tokens)  # a refused answer was still paid for

    def _covered(self, text: str, reading: Understanding, context: NluContext) -> bool:
        """A request for an appointment whose every word the offline reader accounts for."""
        if not isinstance(self._offline, CoveringReader) or reading.intent is not Intent.BOOK:
            return False
        if not reading.has_booking_details or reading.asks is not None or reading.faq_index is not None:
            return False
        if len(_WORD.findall(text)) > _COVERED or _TURNS[context.clinic.language].search(text):
            return False
        return not self._offline.unread(text, context, reading)


def is_unambiguous(
    text: str, reading: Understanding, state: ConversationState, language: Language = Language.SPANISH
) -> bool:
    """Whether the offline reading surely says what the patient meant, in this state."""
    tricky = _TRICKY[language]
    words = _WORD.findall(text)
    if reading.asks is not None and reading.service_id is not None:
        # "¿Cuánto sale la limpieza?": a question, but one the clinic's data answers as read.
        return len(words) <= _SHORT + 2 and not tricky.search(text.replace("?", "").replace("¿", ""))
    if not words or len(words) > _SHORT or tricky.search(text):
        return False
    match reading.intent:
        case Intent.AFFIRM:
            return state is ConversationState.CONFIRMING and not reading.has_booking_details
        case Intent.GREET | Intent.THANKS:
            return not reading.has_booking_details and len(words) <= 3
        case Intent.BOOK:
            if state is ConversationState.COLLECTING_NAME and reading.patient_name:
                return reading.day is None and reading.time is None
            return True
        case _:
            return False
