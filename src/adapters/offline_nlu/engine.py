"""An offline, rule-based reading of Spanish WhatsApp messages: no network, no model, deterministic."""

from __future__ import annotations

from adapters.offline_nlu.coverage import unread
from adapters.offline_nlu.dates import read_day
from adapters.offline_nlu.dayparts import read_part
from adapters.offline_nlu.intents import moved_from, read_intent_words
from adapters.offline_nlu.names import read_bare_name, read_stated_names
from adapters.offline_nlu.people import is_relative_word, read_person
from adapters.offline_nlu.reading import Grammar, read_message, unread_words
from adapters.offline_nlu.services import read_service_talk
from adapters.offline_nlu.spelling import respell
from adapters.offline_nlu.times import read_time
from application.ports import NluContext
from domain.understanding import Understanding

SPANISH = Grammar(
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
)


class OfflineSpanishNlu:
    """Proposes what a patient meant from the words alone; the booking desk checks every proposal.

    The steps and their order are ``reading.read_message``'s, with the Spanish words of this
    package's modules: respelled typos ("kero una cita el biernes"), days, times, parts of the day,
    services, names, whom the appointment is for, doctors, the FAQ and the intent.
    """

    def __init__(self) -> None:
        self.calls = 0  # messages read so far; tests use it to tell whether the NLU was asked

    def unread(self, text: str, context: NluContext, reading: Understanding) -> list[str]:
        """The words of ``text`` this reader has no use for (see ``coverage``): none, and its
        ``reading`` of the message is all there is to read in it."""
        return unread_words(SPANISH, text, context, reading)

    async def understand(self, text: str, context: NluContext) -> Understanding:
        """Read one message against the clinic and the conversation's state."""
        self.calls += 1
        return read_message(SPANISH, text, context)
