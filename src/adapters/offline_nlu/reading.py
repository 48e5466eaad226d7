"""One offline reading of a message, whatever its language: the steps and their order are one, each
language plugs in its own words (a ``Grammar``: Spanish in ``engine.py``, English in
``english/engine.py``; Portuguese is rewritten into Spanish first, ``portuguese/``).

Typos of the reader's own words are respelled first ("kero una cita el biernes", "tmrw"), never
the clinic's names nor what may be a person's. Then each step blanks out what it recognised
before the next one runs, in an order that settles the ambiguous words: dates before times (so
"el 15" is not 15:00), times before parts of the day (so in "a las 4 de la tarde" the "tarde" is
a p.m.), the patient's name before doctors (so "soy Camila" is not Dra. Camila Pérez), the
clinic's services before doctors (so "control de ortodoncia" is the service, not the
orthodontist by specialty) and a question about a service before the FAQ (so "¿cuánto sale la
limpieza?" is answered from the service, not by a FAQ entry with the keyword "sale").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from typing import Protocol

from adapters.offline_nlu.clinic_terms import (
    could_be_patient_name,
    doctor_name_words,
    fold_words,
    match_doctor,
    match_faq,
    words,
)
from adapters.offline_nlu.dates import DayReading
from adapters.offline_nlu.intents import IntentWords, decide_intent
from adapters.offline_nlu.names import NameReading
from adapters.offline_nlu.people import PersonReading
from adapters.offline_nlu.services import ServiceTalk
from adapters.offline_nlu.text import FoldedText, Span, fold, mask
from adapters.offline_nlu.times import TimeReading
from application.ports import NluContext
from domain.clinic import Clinic, Doctor, FaqEntry
from domain.conversation import ConversationState
from domain.ids import DoctorId
from domain.people import RELATIVES
from domain.services import Service
from domain.understanding import ServiceQuestion, Understanding
from domain.when import DayPart

# The states a conversation rests in between bookings (as ``ChatSession.booking_in_progress``).
_NO_BOOKING_IN_PROGRESS = frozenset({ConversationState.IDLE, ConversationState.CONFIRMED})


class PersonReader(Protocol):
    def __call__(
        self, folded: FoldedText, stops: tuple[Span, ...] = (), *, name_asked: bool = False
    ) -> PersonReading | None: ...


def _same(said: list[str]) -> list[str]:
    return said


def _nothing(clinic: Clinic) -> frozenset[str]:
    return frozenset()


def _as_is(folded: FoldedText) -> FoldedText:
    return folded


@dataclass(frozen=True)
class Grammar:
    """One language's readers of each thing a message may say, in the shapes the steps expect."""

    respell: Callable[[FoldedText, frozenset[str]], FoldedText]
    read_intent_words: Callable[[str], IntentWords]
    moved_from: Callable[[str], tuple[Span, ...]]
    read_day: Callable[[str, date], DayReading]
    read_time: Callable[[str], TimeReading]
    read_part: Callable[[str], DayPart | None]
    read_service_talk: Callable[[str, Sequence[Service]], ServiceTalk]
    read_stated_names: Callable[[FoldedText, frozenset[str]], list[NameReading]]
    read_person: PersonReader
    is_relative_word: Callable[[str], bool]
    read_bare_name: Callable[[FoldedText], NameReading | None]
    unread: Callable[[Iterable[str], frozenset[str]], list[str]]
    fold: Callable[[str], FoldedText] = fold
    # The language's words for the clinic's (its services, specialties), put in their place after
    # the intent words are read: "a cleaning" -> "limpieza". Spanish: the words themselves.
    into_clinic_words: Callable[[FoldedText], FoldedText] = _as_is
    # Words that point at a specialty ("braces"), added to a message's words before the doctors
    # are matched; and the FAQ keywords a message's words stand for.
    doctor_words: Callable[[list[str]], list[str]] = _same
    faq_words: Callable[[list[str]], list[str]] = _same
    # Words a message may hold beyond the reader's vocabulary and the clinic's names.
    known_words: Callable[[Clinic], frozenset[str]] = _nothing


def unread_words(grammar: Grammar, text: str, context: NluContext, reading: Understanding) -> list[str]:
    """The words of ``text`` the language's reader has no use for (``coverage``): none, and its
    ``reading`` of the message is all there is to read in it."""
    known = clinic_words(context.clinic) | grammar.known_words(context.clinic)
    if reading.patient_name:
        known = known | frozenset(words(fold(reading.patient_name).text))
    folded = grammar.into_clinic_words(grammar.respell(grammar.fold(text), known))
    return grammar.unread(words(folded.text), known)


def read_message(grammar: Grammar, text: str, context: NluContext) -> Understanding:
    """Read one message against the clinic and the conversation's state, with a language's words."""
    clinic = context.clinic
    doctor_words = frozenset[str]().union(*(doctor_name_words(d) for d in clinic.doctors))
    respelled = grammar.respell(grammar.fold(text), doctor_words | service_words(clinic.services))
    said = grammar.read_intent_words(respelled.text)
    folded = grammar.into_clinic_words(respelled)

    # Moving an appointment names where it is now and where it should go; only the latter is
    # proposed ("cambiar mi cita del lunes para el viernes" proposes Friday).
    when_text = mask(folded.text, grammar.moved_from(folded.text)) if said.reschedule else folded.text
    dated = grammar.read_day(when_text, context.today)
    timed = grammar.read_time(mask(when_text, dated.numeric_spans))
    part = grammar.read_part(mask(when_text, (*dated.numeric_spans, *timed.spans)))
    talk = grammar.read_service_talk(folded.text, clinic.services)
    not_names = doctor_words
    if talk.service is not None:  # "para Limpieza Dental" is no patient, as "para Camila Pérez" is none
        not_names = not_names | frozenset(words(folded.text[slice(*talk.service.span)]))
    stated = [
        s
        for s in grammar.read_stated_names(folded, not_names)
        if not _starts_with_relative(grammar, folded, s)
    ]
    asked_name = context.state is ConversationState.COLLECTING_NAME
    person = grammar.read_person(folded, (talk.service.span,) if talk.service else (), name_asked=asked_name)
    relation = person.relation if person else None
    named = _patient_name(person, stated, clinic.doctors, folded)
    name = named.name if named else None
    read_spans: list[Span] = [reading.span for reading in (*stated, named) if reading is not None]
    if stated and talk.service is not None and any(_overlap(s.span, talk.service.span) for s in stated):
        # "me llamo Ana Corona": an introduction says what is a name, whatever the clinic sells.
        talk = grammar.read_service_talk(mask(folded.text, read_spans), clinic.services)
    if talk.service is not None:
        read_spans.append(talk.service.span)  # a service's words pick no doctor by specialty
    doctor_id = _doctor(grammar, mask(folded.text, read_spans), clinic.doctors)
    faq_index, asks = _faq_or_service_question(grammar, folded.text, talk, clinic.faq)
    service_id = talk.service_id
    doctor_id = _fits(doctor_id, clinic.service(service_id), mask(folded.text, read_spans), clinic.doctors)
    doctor_id = _not_from_whom(grammar, doctor_id, person, context, mask(folded.text, read_spans))

    # Asked whom the appointment is for, a yes before the answer is only courtesy: "sí, Ana López".
    heard = replace(said, affirm=False, praise=False) if asked_name else said
    nothing_else = _carries_nothing_else(heard, faq_index, dated.day, timed.time, part, service_id, asks)
    if asked_name and name is None and nothing_else:
        # The bot just asked who the appointment is for: a bare "Ana López" is the answer, as is
        # "Jorge Díaz, mi papá" once whom is set aside.
        unsaid = _without(folded, person.span) if person else folded
        bare = grammar.read_bare_name(unsaid)
        bare_words = words(folded.text[slice(*bare.span)]) if bare else []
        is_name = bool(bare_words) and not grammar.is_relative_word(bare_words[0])
        if bare is not None and is_name and could_be_patient_name(bare_words, clinic.doctors):
            name = bare.name
            read_spans.append(bare.span)
            doctor_id = _doctor(grammar, mask(folded.text, read_spans), clinic.doctors)

    # A doctor or the patient's name in a question about a service says whom it is about ("¿cuánto
    # cobra la Dra. Rojas por una limpieza?"); a day or a time still asks for a booking.
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
            awaiting_yes=context.state is ConversationState.CONFIRMING,
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


@lru_cache(maxsize=64)
def service_words(services: tuple[Service, ...]) -> frozenset[str]:
    """The words of the clinic's services, names and synonyms: the spelling pass leaves them as typed."""
    return frozenset(word for s in services for said in (s.name, *s.synonyms) for word in fold_words(said))


def clinic_words(clinic: Clinic) -> frozenset[str]:
    """The words of the clinic's doctors (names, specialties) and services (names, synonyms)."""
    doctors = frozenset[str]().union(
        *(doctor_name_words(d) | frozenset(fold_words(d.specialty)) for d in clinic.doctors)
    )
    return doctors | service_words(clinic.services)


def _doctor(grammar: Grammar, text: str, doctors: Sequence[Doctor]) -> DoctorId | None:
    """The doctor a message's words name, by name or by specialty (the language's words for one too)."""
    return match_doctor(grammar.doctor_words(words(text)), doctors)


def _carries_nothing_else(said: IntentWords, faq_index: int | None, *read: object) -> bool:
    """Whether a message states no intent but courtesy, no FAQ question, no day or time, no service."""
    return not said.beyond_courtesy and faq_index is None and all(item is None for item in read)


def _patient_name(
    person: PersonReading | None, stated: list[NameReading], doctors: tuple[Doctor, ...], folded: FoldedText
) -> NameReading | None:
    """The name of whom the appointment is for.

    A name said with the relative is theirs ("para mi hijo Mateo Rojas"), unless it is a doctor's
    ("para mi hija, Dra. Rojas"). When the appointment is for a relative, the writer's own
    introduction ("soy Ana, es para mi hija") names no patient; "a nombre de", "se llama" may.
    """
    if person is not None and person.name is not None:
        said = words(folded.text[slice(*person.name.span)])
        if could_be_patient_name(said, doctors):
            return person.name
    if person is not None and person.relation in RELATIVES:
        return next((reading for reading in stated if not reading.own), None)
    return stated[0] if stated else None


def _starts_with_relative(grammar: Grammar, folded: FoldedText, reading: NameReading) -> bool:
    """Whether a name read begins with a relation word: "para Mamá Rosa" names no "Mamá Rosa"."""
    said = words(folded.text[slice(*reading.span)])
    return bool(said) and grammar.is_relative_word(said[0])


def _without(folded: FoldedText, span: Span) -> FoldedText:
    """The message with ``span`` blanked out, indices kept: "Jorge Díaz, mi papá" -> "Jorge Díaz,"."""
    return FoldedText(folded.original, mask(folded.text, (span,)), folded.origin)


def _overlap(one: Span, other: Span) -> bool:
    return one[0] < other[1] and other[0] < one[1]


def _faq_or_service_question(
    grammar: Grammar, text: str, talk: ServiceTalk, faq: tuple[FaqEntry, ...]
) -> tuple[int | None, ServiceQuestion | None]:
    """The FAQ entry a folded message asks about, and its question about a service.

    A question about a service beats a FAQ entry matched only by the words of that question or
    service ("¿cuánto sale la limpieza?" against an entry with keywords "cuánto" and "sale").
    An entry matched by other words still answers: alongside the question when a service is
    named ("¿cuánto dura la limpieza y dónde están?"), instead of it when none is ("¿cuánto
    cuesta el estacionamiento?" asks about parking, not about a service).
    """
    if talk.asks is None:
        return match_faq(grammar.faq_words(words(text)), faq), None
    rest = match_faq(grammar.faq_words(words(mask(text, talk.spans))), faq)
    if rest is not None and talk.service is None:
        return rest, None
    return rest, talk.asks


def _not_from_whom(
    grammar: Grammar, doctor_id: DoctorId | None, person: PersonReading | None, context: NluContext, text: str
) -> DoctorId | None:
    """A doctor guessed from whom the appointment is for ("es para mi hija": the children's
    dentist) proposes no change once the booking has its doctor or its time: the patient said
    whom, not with whom. One named, or asked for by specialty, still does."""
    collected = context.collected
    if doctor_id is None or person is None or doctor_id == collected.doctor_id:
        return doctor_id
    if collected.doctor_id is None and collected.slot is None:
        return doctor_id
    return _doctor(grammar, mask(text, (person.span,)), context.clinic.doctors)


def _fits(
    doctor_id: DoctorId | None, service: Service | None, text: str, doctors: Sequence[Doctor]
) -> DoctorId | None:
    """A doctor guessed from a specialty ("para mi hijo": the children's dentist) gives way to a
    service named that they do not do ("una limpieza para mi hijo"); one named by name stays."""
    if doctor_id is None or service is None or service.done_by(doctor_id):
        return doctor_id
    doctor = next((d for d in doctors if d.id == doctor_id), None)
    named = doctor is not None and bool(doctor_name_words(doctor) & set(words(text)))
    return doctor_id if named else None
