"""An offline, rule-based reading of English WhatsApp messages: no network, no model, deterministic."""

from __future__ import annotations

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
from adapters.offline_nlu.reading import Grammar, read_message, unread_words
from adapters.offline_nlu.text import FoldedText, fold
from application.ports import NluContext
from domain.clinic import Clinic
from domain.understanding import Understanding


def _fold(text: str) -> FoldedText:
    """Fold, with a phone's curly apostrophe as a plain one ("I’m", "it’s")."""
    return fold(text.replace("’", "'").replace("‘", "'"))


def _with_hints(said: list[str]) -> list[str]:
    """A message's words and the specialties some point at: "son", "kids", "braces"."""
    return [*said, *(DOCTOR_HINTS[word] for word in said if word in DOCTOR_HINTS)]


def _known(clinic: Clinic) -> frozenset[str]:
    """The English words for the clinic's FAQ keywords and for its services and specialties."""
    return faq_words(clinic.faq) | CLINIC_WORDS


ENGLISH = Grammar(
    respell=respell,
    read_intent_words=read_intent_words,
    moved_from=moved_from,
    read_day=read_day,
    read_time=read_time,
    read_part=read_part,
    read_service_talk=read_service_talk,
    read_stated_names=read_stated_names,
    read_person=read_person,
    is_relative_word=is_relative_word,
    read_bare_name=read_bare_name,
    unread=unread,
    fold=_fold,
    into_clinic_words=in_clinic_words,
    doctor_words=_with_hints,
    faq_words=in_faq_words,
    known_words=_known,
)


class OfflineEnglishNlu:
    """Proposes what an English-writing patient meant, from the words alone; the booking desk checks it.

    The Spanish reader's steps and order (``reading.read_message``) with English words: shorthand
    and typos respelled ("tmrw", "appt"), English service words put in the clinic's ("a cleaning"
    -> "limpieza") once the intent words are read, then dates, times, parts of the day, services,
    names, whom, doctors ("braces" points at the orthodontist), the FAQ and the intent.
    """

    def __init__(self) -> None:
        self.calls = 0  # messages read so far; tests use it to tell whether the NLU was asked

    def unread(self, text: str, context: NluContext, reading: Understanding) -> list[str]:
        """The words of ``text`` this reader has no use for: none, and ``reading`` is all there is."""
        return unread_words(ENGLISH, text, context, reading)

    async def understand(self, text: str, context: NluContext) -> Understanding:
        """Read one English message against the clinic and the conversation's state."""
        self.calls += 1
        return read_message(ENGLISH, text, context)
