"""Whom an appointment is for guesses a doctor only while the booking has none."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from adapters.clinic_config.toml_file import load_demo_clinic
from adapters.offline_nlu.engine import OfflineSpanishNlu
from domain.conversation import CollectedFields, ConversationState
from domain.ids import DoctorId
from tests.unit.adapters.reading import reading_context

CLINIC = load_demo_clinic()
MONDAY = date(2026, 11, 30)
SOTO, ROJAS = DoctorId("soto"), DoctorId("rojas")


async def test_a_child_with_no_doctor_chosen_yet_means_the_childrens_dentist() -> None:
    reading = await OfflineSpanishNlu().understand(
        "quiero hora para mi hija", reading_context(CLINIC, MONDAY)
    )
    assert (reading.relation, reading.doctor_id) == ("hija", ROJAS)


@pytest.mark.parametrize(
    "text", ["es para mi hija, se llama Sofía Gómez", "para mi hijo", "es para mi nena", "para mi guagua"]
)
async def test_saying_whom_keeps_the_doctor_already_chosen(text: str) -> None:
    chosen = replace(
        reading_context(CLINIC, MONDAY, ConversationState.COLLECTING_NAME),
        collected=CollectedFields(day=date(2026, 12, 3), doctor_id=SOTO),
    )
    reading = await OfflineSpanishNlu().understand(text, chosen)
    assert reading.doctor_id is None  # no change proposed: Dr. Soto stays
    assert reading.relation is not None


async def test_a_doctor_named_with_whom_still_changes_it() -> None:
    chosen = replace(reading_context(CLINIC, MONDAY), collected=CollectedFields(doctor_id=SOTO))
    reading = await OfflineSpanishNlu().understand("es para mi hija, con la Dra. Rojas", chosen)
    assert reading.doctor_id == ROJAS


@pytest.mark.parametrize(
    "text", ["sí, Ana López", "dale, Ana López", "sí claro, ana lópez", "perfecto, Ana López"]
)
async def test_asked_for_the_name_a_yes_before_it_is_courtesy(text: str) -> None:
    asked = reading_context(CLINIC, MONDAY, ConversationState.COLLECTING_NAME)
    reading = await OfflineSpanishNlu().understand(text, asked)
    assert reading.patient_name == "Ana López"


async def test_a_yes_alone_is_no_name() -> None:
    asked = reading_context(CLINIC, MONDAY, ConversationState.COLLECTING_NAME)
    assert (await OfflineSpanishNlu().understand("sí, genial", asked)).patient_name is None
