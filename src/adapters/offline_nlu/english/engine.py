"""An offline, rule-based reading of English WhatsApp messages: no network, no model, deterministic."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from adapters.offline_nlu.clinic_terms import (
    could_be_patient_name,
    doctor_name_words,
    fold_words,
    match_doctor,
    match_faq,
    words,
)
from adapters.offline_nlu.english.clinic_words import CLINIC_WORDS, DOCTOR_HINTS, in_clinic_words
from adapters.offline_nlu.english.dates import read_day
from adapters.offline_nlu.english.dayparts import read_part
from adapters.offline_nlu.english.faq_words import faq_words, in_faq_words
from adapters.offline_nlu.english.intents import moved_from, read_intent_words
from adapters.offline_nlu.english.names import read_bare_name, read_stated_names
from adapters.offline_nlu.english.people import is_relative_word, read_person
from adapters.offline_nlu.english.questions import read_service_talk
from adapters.offline_nlu.english.spelling import respell
from adapters.offline_nlu.english.times import read_time
from adapters.offline_nlu.english.vocabulary import unread
from adapters.offline_nlu.intents import IntentWords, decide_intent
from adapters.offline_nlu.names import NameReading
from adapters.offline_nlu.people import PersonReading
from adapters.offline_nlu.services import ServiceTalk
from adapters.offline_nlu.text import FoldedText, Span, fold, mask
from application.ports import NluContext
from domain.clinic import Clinic, Doctor, FaqEntry
from domain.conversation import ConversationState
from domain.ids import DoctorId
from domain.people import RELATIVES
from domain.services import Service
from domain.understanding import ServiceQuestion, Understanding

_NO_BOOKING_IN_PROGRESS = frozenset({ConversationState.IDLE, ConversationState.CONFIRMED})


class OfflineEnglishNlu:
    """Proposes what an English-writing patient meant, from the words alone; the booking desk checks it.

    The Spanish reader's order, with English words: shorthand and typos respelled ("tmrw", "appt"),
    English service words put in the clinic's ("a cleaning" -> "limpieza"), then dates before times
    ("on the 15th" is no 15:00), times before parts of the day ("4 in the afternoon"), the
    patient's name before doctors, services before doctors, a question about a service before the FAQ.
    How an intent is settled is the Spanish reader's ``decide_intent``.
    """

    def __init__(self) -> None:
        self.calls = 0  # messages read so far; tests use it to tell whether the NLU was asked

    def unread(self, text: str, context: NluContext, reading: Understanding) -> list[str]:
        """The words of ``text`` this reader has no use for: none, and ``reading`` is all there is."""
        known = _clinic_words(context.clinic) | faq_words(context.clinic.faq) | CLINIC_WORDS
        if reading.patient_name:
            known = known | frozenset(words(fold(reading.patient_name).text))
        folded = in_clinic_words(respell(_fold(text), keep=known))
        return unread(words(folded.text), known)

    async def understand(self, text: str, context: NluContext) -> Understanding:
        """Read one English message against the clinic and the conversation's state."""
        self.calls += 1
        clinic = context.clinic
        doctor_words = frozenset[str]().union(*(doctor_name_words(d) for d in clinic.doctors))
        english = respell(_fold(text), keep=doctor_words | _service_words(clinic.services))
        said = read_intent_words(english.text)
        folded = in_clinic_words(english)

        when_text = mask(folded.text, moved_from(folded.text)) if said.reschedule else folded.text
        dated = read_day(when_text, context.today)
        timed = read_time(mask(when_text, dated.numeric_spans))
        part = read_part(mask(when_text, (*dated.numeric_spans, *timed.spans)))
        talk = read_service_talk(folded.text, clinic.services)
        not_names = doctor_words
        if talk.service is not None:
            not_names = not_names | frozenset(words(folded.text[slice(*talk.service.span)]))
        stated = [s for s in read_stated_names(folded, not_names) if not _starts_with_relative(folded, s)]
        asked_name = context.state is ConversationState.COLLECTING_NAME
        person = read_person(folded, (talk.service.span,) if talk.service else (), name_asked=asked_name)
        relation = person.relation if person else None
        named = _patient_name(person, stated, clinic.doctors, folded)
        name = named.name if named else None
        read_spans: list[Span] = [r.span for r in (*stated, named) if r is not None]
        if talk.service is not None:
            read_spans.append(talk.service.span)
        doctor_id = _doctor(mask(folded.text, read_spans), clinic.doctors)
        faq_index, asks = _faq_or_service_question(folded.text, talk, clinic.faq)
        service_id = talk.service_id
        doctor_id = _fits(
            doctor_id, clinic.service(service_id), mask(folded.text, read_spans), clinic.doctors
        )
        doctor_id = _not_from_whom(doctor_id, person, context, mask(folded.text, read_spans))

        heard = replace(said, affirm=False, praise=False) if asked_name else said
        nothing_else = _carries_nothing_else(heard, faq_index, dated.day, timed.time, part, service_id, asks)
        if asked_name and name is None and nothing_else:
            unsaid = _without(folded, person.span) if person else folded
            bare = read_bare_name(unsaid)
            bare_words = words(folded.text[slice(*bare.span)]) if bare else []
            is_name = bool(bare_words) and not is_relative_word(bare_words[0])
            if bare is not None and is_name and could_be_patient_name(bare_words, clinic.doctors):
                name = bare.name
                read_spans.append(bare.span)
                doctor_id = _doctor(mask(folded.text, read_spans), clinic.doctors)

        who = () if asks is not None else (doctor_id, name, relation)
        has_details = any(detail is not None for detail in (dated.day, part, timed.time, *who))
        return Understanding(
            intent=decide_intent(
                said,
                has_details=has_details,
                faq_hit=faq_index is not None,
                booking_in_progress=context.state not in _NO_BOOKING_IN_PROGRESS,
                names_service=service_id is not None,
                asks_about_service=asks is not None,
            ),
            day=dated.day,
            part=part,
            time=timed.time,
            doctor_id=doctor_id,
            patient_name=name,
            faq_index=faq_index,
            service_id=service_id,
            asks=asks,
            relation=relation,
        )


def _fold(text: str) -> FoldedText:
    """Fold, with a phone's curly apostrophe as a plain one ("I’m", "it’s")."""
    return fold(text.replace("’", "'").replace("‘", "'"))


def _doctor(text: str, doctors: Sequence[Doctor]) -> DoctorId | None:
    """The doctor the words name; "son", "kids" and "braces" point at a specialty as in Spanish."""
    said = words(text)
    return match_doctor([*said, *(DOCTOR_HINTS[w] for w in said if w in DOCTOR_HINTS)], doctors)


@lru_cache(maxsize=64)
def _service_words(services: tuple[Service, ...]) -> frozenset[str]:
    return frozenset(word for s in services for said in (s.name, *s.synonyms) for word in fold_words(said))


def _clinic_words(clinic: Clinic) -> frozenset[str]:
    doctors = frozenset[str]().union(
        *(doctor_name_words(d) | frozenset(fold_words(d.specialty)) for d in clinic.doctors)
    )
    return doctors | _service_words(clinic.services)


def _carries_nothing_else(said: IntentWords, faq_index: int | None, *read: object) -> bool:
    return not said.beyond_courtesy and faq_index is None and all(item is None for item in read)


def _patient_name(
    person: PersonReading | None, stated: list[NameReading], doctors: tuple[Doctor, ...], folded: FoldedText
) -> NameReading | None:
    """The name of whom the appointment is for: the relative's when said with them ("for my son
    Tom"); with a relative, the writer's own introduction names no patient."""
    said = words(folded.text[slice(*person.name.span)]) if person and person.name else []
    if person is not None and person.name is not None and could_be_patient_name(said, doctors):
        return person.name
    if person is not None and person.relation in RELATIVES:
        return next((reading for reading in stated if not reading.own), None)
    return stated[0] if stated else None


def _starts_with_relative(folded: FoldedText, reading: NameReading) -> bool:
    said = words(folded.text[slice(*reading.span)])
    return bool(said) and is_relative_word(said[0])


def _without(folded: FoldedText, span: Span) -> FoldedText:
    return FoldedText(folded.original, mask(folded.text, (span,)), folded.origin)


def _faq_or_service_question(
    text: str, talk: ServiceTalk, faq: tuple[FaqEntry, ...]
) -> tuple[int | None, ServiceQuestion | None]:
    """The FAQ entry a message asks about (by the entry's keywords, or their English words), and its
    question about a service, weighed as the Spanish reader weighs them."""
    if talk.asks is None:
        return _match_faq(text, faq), None
    rest = _match_faq(mask(text, talk.spans), faq)
    if rest is not None and talk.service is None:
        return rest, None
    return rest, talk.asks


def _match_faq(text: str, faq: tuple[FaqEntry, ...]) -> int | None:
    return match_faq(in_faq_words(words(text)), faq)


def _not_from_whom(
    doctor_id: DoctorId | None, person: PersonReading | None, context: NluContext, text: str
) -> DoctorId | None:
    """A doctor guessed from whom ("for my son": the children's dentist) proposes no change once the
    booking has its doctor or time; one named still does."""
    collected = context.collected
    if doctor_id is None or person is None or doctor_id == collected.doctor_id:
        return doctor_id
    if collected.doctor_id is None and collected.slot is None:
        return doctor_id
    return _doctor(mask(text, (person.span,)), context.clinic.doctors)


def _fits(
    doctor_id: DoctorId | None, service: Service | None, text: str, doctors: Sequence[Doctor]
) -> DoctorId | None:
    """A doctor guessed from a specialty gives way to a service named that they do not do."""
    if doctor_id is None or service is None or service.done_by(doctor_id):
        return doctor_id
    doctor = next((d for d in doctors if d.id == doctor_id), None)
    named = doctor is not None and bool(doctor_name_words(doctor) & set(words(text)))
    return doctor_id if named else None
