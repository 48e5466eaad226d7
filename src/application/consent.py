"""The patient's answer to the clinic's privacy notice, heard in the chat and kept in the unit of work.

The notice goes out once per version: on a patient's first message, and again when the clinic's
notice changed since the one they answered. It never blocks: the message it came with is still
answered, read offline until the patient consents (``ModelRefusal.NO_CONSENT``). The answers are
buttons, or a few words recognised here, deterministically, never by the model: consent decides
whether the model may read the patient at all.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from application.messages import OutboundMessage
from application.ports import UnitOfWork
from application.texts_es import consent as texts
from domain import consent
from domain.clinic import Clinic
from domain.consent import Consent
from domain.conversation import ChatSession

log = logging.getLogger(__name__)

# Whole messages that give consent, or decline it, once accents, case and punctuation are set aside:
# in Spanish, and as the English and Portuguese texts tell patients to write it.
_GIVING: Final = frozenset(
    {"acepto", "si acepto", "acepto el aviso", "acepto el aviso de privacidad", "doy mi consentimiento"}
    | {"i agree", "yes i agree", "agree", "i accept", "i consent", "i give my consent"}
    | {
        "aceito",
        "sim aceito",
        "eu aceito",
        "concordo",
        "eu concordo",
        "sim concordo",
        "dou meu consentimento",
    }
)
_DECLINING: Final = frozenset(
    {"no acepto", "no lo acepto", "no doy mi consentimiento"}
    | {"i don t agree", "i do not agree", "i dont agree", "i disagree", "i don t accept", "i do not consent"}
    | {"nao aceito", "nao concordo", "eu nao aceito", "eu nao concordo", "nao dou meu consentimento"}
)
# Phrases that withdraw it wherever they stand in a message ("hola, retiro mi consentimiento").
_WITHDRAWING: Final = re.compile(
    r"\b(?:retiro mi consentimiento|revoco mi consentimiento|ya no acepto"
    r"|i withdraw my consent|i revoke my consent|withdraw my consent|i no longer agree"
    r"|retiro (?:o )?meu consentimento|revogo (?:o )?meu consentimento|nao aceito mais|nao concordo mais)\b"
)


def heard_answer(text: str) -> bool | None:
    """True for "acepto", False for "no acepto", "retiro mi consentimiento" or "ya no acepto", else
    None: any other message is read as usual."""
    plain = _plain(text)
    if plain in _DECLINING or _WITHDRAWING.search(plain):
        return False
    if plain in _GIVING:
        return True
    return None


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.casefold())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s]", " ", letters).split())


@dataclass
class ConsentDesk:
    """One turn's view of the patient's consent: whether it is in force, and its answers recorded."""

    clinic: Clinic
    session: ChatSession
    uow: UnitOfWork
    now: datetime
    latest: Consent | None

    @classmethod
    async def of(cls, clinic: Clinic, session: ChatSession, uow: UnitOfWork, now: datetime) -> ConsentDesk:
        return cls(clinic, session, uow, now, await uow.consents.latest(clinic.id, session.patient))

    @property
    def consented(self) -> bool:
        """Whether the patient consents to the notice in force: their texts may go to the model."""
        return consent.in_force(self.latest, self.clinic.privacy.notice)

    def notice_due(self) -> list[OutboundMessage]:
        """The notice, when this version was neither answered nor shown in this conversation."""
        version = self.clinic.privacy.notice.version
        if consent.answered(self.latest, self.clinic.privacy.notice) or self.session.notice_shown == version:
            return []
        self.session.notice_shown = version
        return [texts.privacy_notice(self.clinic)]

    async def answer(self, given: bool) -> list[OutboundMessage]:
        """Record the patient's answer to the notice in force; the reply says what it means."""
        answer = Consent(
            self.clinic.id, self.session.patient, self.clinic.privacy.notice.version, given, self.now
        )
        await self.uow.consents.record(answer)
        self.latest = answer
        self.session.notice_shown = answer.version
        log.info(
            "patient %s %s the privacy notice %s",
            self.session.patient.masked(),
            "accepted" if given else "declined",
            answer.version,
        )
        return [texts.consent_given(self.clinic) if given else texts.consent_declined(self.clinic)]
