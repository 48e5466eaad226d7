"""Claude's structured answer: decoded strictly, checked against the clinic, never trusted blindly."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import pytest

from adapters.claude.prompt import INSTRUCTIONS, moment_block, static_block
from adapters.claude.reading import (
    OUTPUT_SCHEMA,
    Action,
    MalformedReading,
    decode_reading,
    to_understanding,
)
from application.ports import NluContext
from domain.clinic import FaqEntry
from domain.conversation import CollectedFields, ConversationState
from domain.ids import DoctorId, ServiceId
from domain.language import Language
from domain.locale import Register
from domain.services import Service
from domain.understanding import Intent, ServiceQuestion
from domain.when import ClockTime, DayPart, Meridiem
from tests.claude_readings import BLANK_READING
from tests.factories import clinic, doctor

SONRISA = replace(
    clinic(
        doctor("perez", specialty="Odontología general"),
        doctor("soto", specialty="Ortodoncia"),
        doctor("rojas", specialty="Odontopediatría"),
        faq=(FaqEntry("¿Dónde están?", "En Providencia."),),
    ),
    services=(Service(ServiceId("limpieza"), "Limpieza", synonyms=("profilaxis",)),),
)
BLANK: dict[str, Any] = {**BLANK_READING, "wants_booking": True}


def read(**fields: Any) -> Any:
    return to_understanding(decode_reading(json.dumps({**BLANK, **fields})), SONRISA)


def test_the_schema_requires_every_field_and_allows_no_other() -> None:
    assert OUTPUT_SCHEMA["additionalProperties"] is False
    assert set(OUTPUT_SCHEMA["required"]) == set(OUTPUT_SCHEMA["properties"]) == set(BLANK)


def test_a_full_booking_proposal_maps_field_by_field() -> None:
    understanding = read(date="2026-12-01", time="16:30", doctor_id="perez", patient_name="  Ana   López ")
    assert understanding.intent is Intent.BOOK
    assert understanding.day == date(2026, 12, 1)
    assert understanding.time == ClockTime(16, 30)
    assert understanding.doctor_id == DoctorId("perez")
    assert understanding.patient_name == "Ana López"


def test_a_24_hour_morning_time_means_the_morning_only() -> None:
    assert read(time="10:00").time == ClockTime(10, 0, Meridiem.AM)
    assert read(time="10:00").time.candidates() == (ClockTime(10).candidates()[0],)
    assert read(time="12:15").time == ClockTime(12, 15, Meridiem.PM)
    assert read(time_of_day="afternoon").part is DayPart.AFTERNOON


def test_unknown_doctors_and_faq_entries_are_dropped_and_a_unique_specialty_names_its_doctor() -> None:
    assert read(doctor_id="dr-evil").doctor_id is None
    assert read(specialty="ortodoncia").doctor_id == DoctorId("soto")
    assert read(specialty="Odonto").doctor_id is None  # two doctors match: the model does not choose
    assert read(action="answer_faq", faq_index=7).faq_index is None
    assert read(action="answer_faq", faq_index=0).faq_index == 0


def test_a_service_is_one_of_the_clinics_and_a_question_about_it_is_kept() -> None:
    asked = read(action="answer_faq", service_id="limpieza", asks="price")
    assert asked.service_id == ServiceId("limpieza")
    assert asked.asks is ServiceQuestion.PRICE
    assert read(service_id="botox").service_id is None  # not the clinic's: dropped
    with pytest.raises(MalformedReading):
        read(asks="discount")


def test_the_prompt_lists_the_services_with_their_words_and_doctors() -> None:
    block = static_block(SONRISA)
    assert "- limpieza: Limpieza; profilaxis; todos" in block
    assert "never state a price" in INSTRUCTIONS


@pytest.mark.parametrize(
    ("action", "wants_booking", "intent"),
    [
        ("confirm", False, Intent.AFFIRM),
        ("answer_faq", False, Intent.FAQ),
        ("cancel", False, Intent.CANCEL),
        ("reschedule", False, Intent.RESCHEDULE),
        ("reschedule", True, Intent.RESCHEDULE),
        ("my_appointments", False, Intent.MY_APPOINTMENTS),
        ("opt_out", False, Intent.OPT_OUT),
        ("opt_out", True, Intent.OPT_OUT),  # opting out stands, whatever else the reading says
        ("opt_in", False, Intent.OPT_IN),
        ("reset", False, Intent.RESET),
        ("handoff", False, Intent.HANDOFF),
        ("smalltalk", False, Intent.GREET),
        ("ask", False, Intent.UNKNOWN),
        ("ask", True, Intent.BOOK),
    ],
)
def test_actions_map_to_intents(action: str, wants_booking: bool, intent: Intent) -> None:
    assert read(action=action, wants_booking=wants_booking).intent is intent


def test_every_action_is_offered_to_the_model_and_maps_to_an_intent() -> None:
    assert OUTPUT_SCHEMA["properties"]["action"]["enum"] == [action.value for action in Action]
    for action in Action:
        assert isinstance(read(action=action.value).intent, Intent)


def test_a_reschedule_keeps_where_the_appointment_should_go() -> None:
    understanding = read(action="reschedule", date="2026-12-04", time="17:00", doctor_id="soto")
    assert understanding.intent is Intent.RESCHEDULE
    assert understanding.day == date(2026, 12, 4)
    assert understanding.time == ClockTime(17, 0)
    assert understanding.doctor_id == DoctorId("soto")
    assert understanding.by_model


def test_a_reschedule_may_leave_the_new_time_unsaid() -> None:
    understanding = read(action="reschedule", wants_booking=False)
    assert understanding.intent is Intent.RESCHEDULE
    assert not understanding.has_booking_details


def test_the_instructions_say_when_to_use_each_action() -> None:
    for action in Action:
        assert f'"{action.value}"' in INSTRUCTIONS


@pytest.mark.parametrize(
    "answer",
    [
        "Claro, te agendo mañana a las 10",  # prose
        json.dumps({**BLANK, "action": "book_anything"}),
        json.dumps({**BLANK, "extra": 1}),
        json.dumps({k: v for k, v in BLANK.items() if k != "for_whom"}),
        json.dumps({**BLANK, "reply": "¡Hola!"}),  # the server writes every reply: none is asked for
        json.dumps({**BLANK, "date": "mañana"}),
        json.dumps({**BLANK, "time": "25:00"}),
    ],
)
def test_anything_malformed_is_a_failed_call(answer: str) -> None:
    with pytest.raises(MalformedReading):
        to_understanding(decode_reading(answer), SONRISA)


@pytest.mark.parametrize(
    ("locale", "register", "said"),
    [
        (
            "es-CL",
            Register.TU,
            "The clinic is in Chile (locale es-CL); its patients write the Spanish of Chile",
        ),
        ("es-MX", Register.USTED, "in Mexico (locale es-MX)"),
        ("es-AR", Register.TU, "the Spanish of Argentina, and the clinic addresses them with tú"),
        ("es", Register.TU, "The clinic is Spanish-speaking (locale es); its patients write Spanish"),
    ],
)
def test_the_prompt_says_where_the_clinic_is_and_how_it_speaks(
    locale: str, register: Register, said: str
) -> None:
    block = static_block(replace(SONRISA, locale=locale, register=register))
    assert said in block
    assert "Chile" not in block or locale == "es-CL"
    assert ("usted" in block) is (register is Register.USTED)


def test_the_model_writes_no_reply() -> None:
    assert "reply" not in OUTPUT_SCHEMA["properties"]
    assert "ready_to_confirm" not in OUTPUT_SCHEMA["properties"]
    assert "You write no reply" in INSTRUCTIONS


def test_the_prompt_names_the_other_languages_a_clinic_serves() -> None:
    served = replace(SONRISA, languages=(Language.SPANISH, Language.ENGLISH, Language.PORTUGUESE))
    assert "Some write English or Brazilian Portuguese" in static_block(served)
    assert "Some write" not in static_block(SONRISA)


@pytest.mark.parametrize(
    ("language", "said"),
    [
        (Language.SPANISH, "This conversation is in Spanish."),
        (Language.ENGLISH, "This conversation is in English: read the patient's words as English"),
        (Language.PORTUGUESE, "This conversation is in Brazilian Portuguese: read"),
    ],
)
def test_the_model_is_told_the_conversations_language_with_each_message(
    language: Language, said: str
) -> None:
    served = replace(SONRISA, languages=(Language.SPANISH, Language.ENGLISH, Language.PORTUGUESE))
    context = NluContext(
        clinic=served.speaking(language),
        now=datetime(2026, 12, 1, 10, tzinfo=UTC),
        today=date(2026, 12, 1),
        state=ConversationState.IDLE,
        collected=CollectedFields(),
        history=(),
        free_days=(),
    )
    block = moment_block(context)
    assert said in block
    assert static_block(context.clinic) == static_block(served)  # the cached prefix stays one per clinic
