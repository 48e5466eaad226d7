"""What the patient wants to do, from the words that say it (no details: those are read elsewhere)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from domain.understanding import Intent

_RESET = re.compile(
    r"\b(?:empezar|empecemos|empiezo|empezamos|comenzar|comencemos|comienzo|iniciar|partir|partamos)"
    r"\s+(?:de\s+nuevo|otra\s+vez|de\s+cero|desde\s+cero)\b"
    r"|\b(?:volver|volvamos|vuelvo)\s+a\s+(?:empezar|comenzar|iniciar|partir)\b"
    r"|\breinici[a-z]*\b|\breset[a-z]*\b|\bdesde\s+cero\b"
)
_CANCEL = re.compile(
    r"\bcancel[a-z]*\b|\banul[a-z]*\b|\bya\s+no\s+(?:quiero|necesito|voy)\b"
    r"|\bolvid(?:alo|elo|emoslo|a\s+lo)\b"
    r"|\bno\s+(?:quiero|necesito)\s+(?:(?:la|el|una|un|mi|esa|esta)\s+)?"
    r"(?:cita|hora|turno|reserva|consulta)\b"
    r"|\bno\s+(?:la|lo)\s+(?:quiero|necesito)\b|\bdesisto\b"
)
_HANDOFF = re.compile(
    r"\bhablar\s+con\b|\bcomunicar(?:me|se)?\s+con\b|\bcon\s+(?:una\s+|alguna\s+|otra\s+)?persona\b"
    r"|\bpersona\s+real\b|\bcon\s+alguien\b|\bhuman[oa]s?\b|\brecepcion(?:ista)?\b|\bsecretari[ao]\b"
    r"|\boperador[a]?\b|\bejecutiv[oa]\b|\bagente\b"
)
# Asking for an appointment in so many words. Beats a FAQ match: "quiero reservar, ¿dónde están?".
_BOOK_REQUEST = re.compile(
    r"\b(?:agend|reserv)[a-z]*\b"
    r"|\b(?:pedir|pido|sacar|saco|tomar|tomo|necesito|necesitaria|quiero|quisiera|queria|busco|hay|"
    r"tienen|tiene|tendran|tendrias?|queda|quedan|dar|dame|deme|darme|conseguir)\s+"
    r"(?:(?:una|un|la|el|otra|otro|mi|nueva|nuevo|alguna|algun)\s+)?"
    r"(?:hora|horita|cita|turno|consulta|reserva|atencion|control|evaluacion|limpieza)s?\b"
    r"|\bir\s+al\s+(?:dentista|doctor|medico|odontologo)\b"
    r"|\b(?:atenderme|me\s+atiendan|me\s+puedan\s+atender|me\s+pueden\s+atender)\b"
)
# Booking words that may also open a question ("¿cuánto cuesta una consulta?"): a FAQ match wins.
_BOOK_WORD = re.compile(
    r"\b(?:cita|turno|consulta|horas?\s+disponibles?|disponibilidad|dentista|hora\s+(?:para|con))s?\b"
)
_DENY = re.compile(r"\bno\b(?!\s+hay\s+problema)|\bnop\b|\bnopo\b|\bnegativo\b|\bpara\s+nada\b|\btampoco\b")
_AFFIRM = re.compile(
    r"\bsi+\b|\bsip\b|\bsipo\b|\bconfirm[a-z]*\b|\bdale\b|\bok(?:a|ay|ey|i|is)?\b|\bperfecto\b"
    r"|\bcorrecto\b|\bde\s+acuerdo\b|\bclaro\b|\blisto\b|\bexacto\b|\bafirmativo\b"
    r"|\besta\s+bien\b|\bme\s+sirve\b|\bme\s+parece\s+(?:bien|perfecto|excelente)\b"
    r"|\bbueno\b|\bgenial\b|\bexcelente\b"
    r"|\bpor\s+supuesto\b|\bobvio\b|\bno\s+hay\s+problema\b|\byes\b|👍"
    # "ya" and "vale" agree only on their own: "ya no quiero", "¿cuánto vale?".
    r"|^\W*ya\W*(?:po|pues)?\W*$|^\W*vale\W*$|^\W*vale\s*,"
)
_THANKS = re.compile(r"\bgracia[sz]?\b|\bagradec[a-z]*\b|\bthank[a-z]*\b|\bgrax\b")
_GREET = re.compile(
    r"\bhol[ai][a-z]*\b|\bbuen(?:os|as)?\s+(?:dias?|tardes?|noches?)\b|\bbuenas\b|\bsaludos\b"
    r"|\bhey\b|\bque\s+tal\b|\balo\b|\bhello\b"
)


@dataclass(frozen=True, slots=True)
class IntentWords:
    """Which intents a folded message states in words, before details and the FAQ are weighed."""

    reset: bool
    cancel: bool
    handoff: bool
    book_request: bool
    book_word: bool
    deny: bool
    affirm: bool
    thanks: bool
    greet: bool

    @property
    def beyond_courtesy(self) -> bool:
        """Whether the message states an intent other than thanks or a greeting."""
        return any(
            (
                self.reset,
                self.cancel,
                self.handoff,
                self.book_request,
                self.book_word,
                self.deny,
                self.affirm,
            )
        )


def read_intent_words(text: str) -> IntentWords:
    """Spot every intent the folded message states."""
    return IntentWords(
        reset=bool(_RESET.search(text)),
        cancel=bool(_CANCEL.search(text)),
        handoff=bool(_HANDOFF.search(text)),
        book_request=bool(_BOOK_REQUEST.search(text)),
        book_word=bool(_BOOK_WORD.search(text)),
        deny=bool(_DENY.search(text)),
        affirm=bool(_AFFIRM.search(text)),
        thanks=bool(_THANKS.search(text)),
        greet=bool(_GREET.search(text)),
    )


def decide_intent(said: IntentWords, *, has_details: bool, faq_hit: bool) -> Intent:
    """One intent for the message.

    Starting over, dropping the booking and asking for a person are never overridden. A FAQ
    question wins over booking words unless the patient gave details or asked to book outright.
    Yes, no, thanks and greetings are what a message is about only when it carries no details:
    "no, mejor el martes" moves the booking to Tuesday.
    """
    if said.reset:
        return Intent.RESET
    if said.cancel:
        return Intent.CANCEL
    if said.handoff:
        return Intent.HANDOFF
    if said.book_request or has_details:
        return Intent.BOOK
    if faq_hit:
        return Intent.FAQ
    if said.book_word:
        return Intent.BOOK
    for flag, intent in (
        (said.deny, Intent.DENY),
        (said.affirm, Intent.AFFIRM),
        (said.thanks, Intent.THANKS),
        (said.greet, Intent.GREET),
    ):
        if flag:
            return intent
    return Intent.UNKNOWN
