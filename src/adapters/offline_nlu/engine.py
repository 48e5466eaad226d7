"""An offline, rule-based reading of Spanish WhatsApp messages: no network, no model, deterministic."""

from __future__ import annotations

from adapters.offline_nlu.clinic_terms import (
    could_be_patient_name,
    doctor_name_words,
    match_doctor,
    match_faq,
    words,
)
from adapters.offline_nlu.dates import read_day
from adapters.offline_nlu.dayparts import read_part
from adapters.offline_nlu.intents import IntentWords, decide_intent, moved_from, read_intent_words
from adapters.offline_nlu.names import read_bare_name, read_stated_name
from adapters.offline_nlu.text import fold, mask
from adapters.offline_nlu.times import read_time
from application.ports import NluContext
from domain.conversation import ConversationState
from domain.understanding import Understanding

# The states a conversation rests in between bookings (as ``ChatSession.booking_in_progress``).
_NO_BOOKING_IN_PROGRESS = frozenset({ConversationState.IDLE, ConversationState.CONFIRMED})


class OfflineSpanishNlu:
    """Proposes what a patient meant from the words alone; the booking desk checks every proposal.

    Each reader blanks out what it recognised before the next one runs, in an order that
    settles the ambiguous words: dates before times (so "el 15" is not 15:00), times before
    parts of the day (so in "a las 4 de la tarde" the "tarde" is a p.m.), the patient's
    name before doctors (so "soy Camila" is not Dra. Camila Pérez).
    """

    def __init__(self) -> None:
        self.calls = 0  # messages read so far; tests use it to tell whether the NLU was asked

    async def understand(self, text: str, context: NluContext) -> Understanding:
        """Read one message against the clinic and the conversation's state."""
        self.calls += 1
        clinic = context.clinic
        folded = fold(text)
        doctor_words = frozenset[str]().union(*(doctor_name_words(d) for d in clinic.doctors))
        said = read_intent_words(folded.text)

        # Moving an appointment names where it is now and where it should go; only the latter is
        # proposed ("cambiar mi cita del lunes para el viernes" proposes Friday).
        when_text = mask(folded.text, moved_from(folded.text)) if said.reschedule else folded.text
        dated = read_day(when_text, context.today)
        timed = read_time(mask(when_text, dated.numeric_spans))
        part = read_part(mask(when_text, (*dated.numeric_spans, *timed.spans)))
        stated = read_stated_name(folded, doctor_words)
        name = stated.name if stated else None
        doctor_id = match_doctor(words(mask(folded.text, [stated.span] if stated else [])), clinic.doctors)
        faq_index = match_faq(words(folded.text), clinic.faq)

        nothing_else = _carries_nothing_else(said, faq_index, dated.day, timed.time, part)
        if context.state is ConversationState.COLLECTING_NAME and name is None and nothing_else:
            # The bot just asked who the appointment is for: a bare "Ana López" is the answer.
            bare = read_bare_name(folded)
            bare_words = words(folded.text[slice(*bare.span)]) if bare else []
            if bare is not None and could_be_patient_name(bare_words, clinic.doctors):
                name, doctor_id = bare.name, None

        has_details = any(detail is not None for detail in (dated.day, part, timed.time, doctor_id, name))
        return Understanding(
            intent=decide_intent(
                said,
                has_details=has_details,
                faq_hit=faq_index is not None,
                booking_in_progress=context.state not in _NO_BOOKING_IN_PROGRESS,
            ),
            day=dated.day,
            part=part,
            time=timed.time,
            doctor_id=doctor_id,
            patient_name=name,
            faq_index=faq_index,
        )


def _carries_nothing_else(said: IntentWords, faq_index: int | None, *when: object) -> bool:
    """Whether a message states no intent but courtesy, no FAQ question and no day or time."""
    return not said.beyond_courtesy and faq_index is None and all(item is None for item in when)
