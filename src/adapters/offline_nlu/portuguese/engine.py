"""An offline, rule-based reading of Brazilian Portuguese WhatsApp messages: no network, no model.

Portuguese says an appointment with the grammar Spanish does, so the message is rewritten word
for word into Spanish (``translation``: "queria marcar pra sexta às 4" -> "quería agendar para
viernes a las 4") and read by the Spanish reader, whose every rule (dates before times, names
before doctors, services before specialties...) then holds for Portuguese too. Names stay as
typed, so "me chamo João" proposes "João"; relatives come back as ``domain.people.RELATIVES``
words ("minha filha" -> "hija"), as every reader's do.
"""

from __future__ import annotations

from dataclasses import replace

from adapters.offline_nlu.clinic_terms import doctor_name_words, fold_words
from adapters.offline_nlu.engine import OfflineSpanishNlu
from adapters.offline_nlu.portuguese.coverage import unread
from adapters.offline_nlu.portuguese.translation import to_spanish, words_read
from application.ports import NluContext
from domain.clinic import Clinic
from domain.understanding import Understanding


class OfflinePortugueseNlu:
    """Proposes what a Brazilian patient meant from the words alone; the booking desk checks it."""

    def __init__(self) -> None:
        self.calls = 0  # messages read so far; tests use it to tell whether the NLU was asked
        self._spanish = OfflineSpanishNlu()

    async def understand(self, text: str, context: NluContext) -> Understanding:
        """Read one message against the clinic and the conversation's state."""
        self.calls += 1
        reading = await self._spanish.understand(to_spanish(text), context)
        if reading.patient_name:
            reading = replace(reading, patient_name=_with_particles(reading.patient_name))
        return reading

    def unread(self, text: str, context: NluContext, reading: Understanding) -> list[str]:
        """The words of ``text`` this reader has no use for: none, and its ``reading`` is all there is."""
        known = _clinic_words(context.clinic)
        if reading.patient_name:
            known = known | frozenset(fold_words(reading.patient_name))
        return unread(words_read(text), known)


# Joiners inside Brazilian names, lowercase as written: "João da Silva", "Maria das Dores".
_PARTICLES = frozenset({"da", "das", "do", "dos", "de", "e"})


def _with_particles(name: str) -> str:
    """A name the Spanish reader title-cased, with the Portuguese joiners lowercase again."""
    first, *rest = name.split(" ")
    return " ".join([first, *(word.lower() if word.lower() in _PARTICLES else word for word in rest)])


def _clinic_words(clinic: Clinic) -> frozenset[str]:
    """The words of the clinic's doctors (names, specialties) and services (names, synonyms)."""
    doctors = frozenset[str]().union(
        *(doctor_name_words(d) | frozenset(fold_words(d.specialty)) for d in clinic.doctors)
    )
    services = frozenset(
        word for s in clinic.services for said in (s.name, *s.synonyms) for word in fold_words(said)
    )
    return doctors | services
