"""An offline, rule-based reading of Brazilian Portuguese WhatsApp messages: no network, no model.

Portuguese says an appointment with the grammar Spanish does, so the message is rewritten word
for word into Spanish (``translation``: "queria marcar pra sexta às 4" -> "quería agendar para
viernes a las 4") and read by the Spanish reader, whose every rule (dates before times, names
before doctors, services before specialties...) then holds for Portuguese too. Names stay as
typed, so "me chamo João" proposes "João", and a name never runs into a word the patient did not
type ("sou a Aline Barbosa / tem horário?" is Aline Barbosa, not "Aline Barbosa Tiene"); relatives
come back as ``domain.people.RELATIVES`` words ("minha filha" -> "hija"), as every reader's do.

A doctor is proposed only when the patient names one, by name or by specialty ("a odontopediatra",
"a dentista infantil"): "pro meu filho" says whom the appointment is for, not with whom, and
"consulta de odontopediatria" names the service.
"""

from __future__ import annotations

import re
from dataclasses import replace

from adapters.offline_nlu.clinic_terms import doctor_name_words, fold_words, match_doctor
from adapters.offline_nlu.engine import OfflineSpanishNlu
from adapters.offline_nlu.people import is_relative_word
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
        spanish = to_spanish(text)
        reading = await self._spanish.understand(spanish, context)
        if reading.patient_name:
            reading = replace(reading, patient_name=_as_typed(reading.patient_name, text))
        if reading.doctor_id and not _names_a_doctor(spanish, reading, context.clinic):
            reading = replace(reading, doctor_id=None)
        return reading

    def unread(self, text: str, context: NluContext, reading: Understanding) -> list[str]:
        """The words of ``text`` this reader has no use for: none, and its ``reading`` is all there is."""
        known = _clinic_words(context.clinic)
        if reading.patient_name:
            known = known | frozenset(fold_words(reading.patient_name))
        return unread(words_read(text), known)


# What says a relative is whom the appointment is for, in the rewritten message: "mi hijo".
_MY = frozenset({"mi", "mis"})
_HOW_MANY = frozenset({"dos", "tres", "cuatro", "2", "3", "4"})  # "tengo dos hijos", "mis dos hijos"
# Joiners inside Brazilian names, lowercase as written: "João da Silva", "Maria das Dores"; and
# those the rewritten message says in Spanish ("de los" for "dos").
_PARTICLES = frozenset({"da", "das", "do", "dos", "de", "e"})
_SPANISH_PARTICLES = frozenset({"de", "del", "la", "las", "los"})
_TYPED_JOINER = r"(?:[\s,]+(?:da|das|do|dos|de|e)(?=\s))*\s+"


def _as_typed(name: str, message: str) -> str | None:
    """A name the Spanish reader read, as the patient typed it: up to the first word they did not
    type (a word of theirs the reader rewrote: "Aline Barbosa Tiene" from "sou a Aline Barbosa\ntem
    horário?"), with the joiners typed, lowercase ("Ana Júlia Ferreira dos Santos")."""
    typed = frozenset(fold_words(message))
    kept: list[str] = []
    for word in name.split(" "):
        if word.lower() in _SPANISH_PARTICLES | _PARTICLES:
            continue
        if not frozenset(fold_words(word)) <= typed:
            break
        kept.append(word)
    if not kept:
        return None
    said = re.search(
        r"(?<!\w)" + _TYPED_JOINER.join(re.escape(word) for word in kept) + r"(?!\w)", message, re.IGNORECASE
    )
    if said is None:
        return " ".join(kept)
    words = iter(kept)
    return " ".join(part.lower() if part.lower() in _PARTICLES else next(words) for part in said[0].split())


def _names_a_doctor(spanish: str, reading: Understanding, clinic: Clinic) -> bool:
    """Whether a message saying whom ("pro meu filho": "para mi hijo") names a doctor, by name or
    specialty, in its other words: "mi hijo" is no children's dentist (though "a dentista das
    crianças" is), and in "consulta de odontopediatria pro meu filho" the specialty is the
    service's, as the patient's name is theirs. A message saying no whom names the doctor read."""
    words = fold_words(spanish)
    whom = {
        index
        for index, word in enumerate(words[1:], 1)
        if is_relative_word(word) and (words[index - 1] in _MY or words[index - 1] in _HOW_MANY)
    }
    if not whom:
        return True
    unsaid = frozenset(fold_words(reading.patient_name or ""))
    service = clinic.service(reading.service_id)
    if service is not None:
        unsaid |= {word for said in (service.name, *service.synonyms) for word in fold_words(said)}
    said = [word for index, word in enumerate(words) if index not in whom and word not in unsaid]
    return match_doctor(said, clinic.doctors) is not None


def _clinic_words(clinic: Clinic) -> frozenset[str]:
    """The words of the clinic's doctors (names, specialties) and services (names, synonyms)."""
    doctors = frozenset[str]().union(
        *(doctor_name_words(d) | frozenset(fold_words(d.specialty)) for d in clinic.doctors)
    )
    services = frozenset(
        word for s in clinic.services for said in (s.name, *s.synonyms) for word in fold_words(said)
    )
    return doctors | services
