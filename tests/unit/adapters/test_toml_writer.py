"""The clinic exported as its file reads back as the same clinic, whatever the file said."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import tomli_w

from adapters.clinic_config.toml_file import demo_clinic_path, parse_clinic
from adapters.clinic_config.toml_writer import clinic_document, clinic_toml
from domain.language import Language
from tests.unit.adapters.test_clinic_config import (
    CLEANING,
    CLINIC_TABLE,
    FULL_SERVICE,
    HOURS_HEADER,
    MINIMAL,
    RECALLS,
    with_hours,
    with_services,
)
from tests.unit.adapters.test_clinic_config_languages import THREE_LANGUAGES

HANDOFF_FILE = (
    MINIMAL
    + '\n[reminders]\nwaitlist_template = "hora_liberada"\n'
    + '\n[opening_hours]\nlunes = ["09:00-13:00", "15:00-19:00"]\nsaturday = ["22:00-02:00"]\n'
    + 'sunday = []\n\n[handoff]\nalert_webhook_url = " https://alertas.example/clinica "\n'
    + "return_after_minutes = 45\n"
)

EDGES = {
    "several ranges a day, past midnight and to midnight": with_hours(
        'lunes = ["08:00-10:00", "11:30-13:00", "15:00-19:45"]\n'
        'friday = ["18:00-24:00"]\n"sábado" = ["22:00-02:00"]\nsunday = ["00:00-24:00"]\ntuesday = []\n'
    ),
    "days off and closed days": CLINIC_TABLE.replace(
        "[clinic]\n", "[clinic]\nclosed_on = [2027-01-01, 2026-12-25]\nblocked_numbers = ['569', '568']\n"
    )
    + "\n"
    + HOURS_HEADER.replace("slot_minutes = 30\n", "slot_minutes = 25\ndays_off = [2026-12-24]\n")
    + 'monday = ["09:00-13:00"]\n',
    "services tied to doctors, prices and a default": with_services(CLEANING, FULL_SERVICE),
    "whole and exact prices": with_services(
        CLEANING + "price = 35000\ncurrency = 'CLP'\n",
        'id = "b"\nname = "B"\nprice = 0.05\nprice_from = true\ncurrency = "USD"\nbookable = false\n',
    ),
    "recall campaigns": MINIMAL + RECALLS,
    "reminders in half hours, none bot": with_hours('monday = ["09:00-13:00"]\n').replace(
        "[clinic]\n", "[clinic]\nbot_enabled = false\nregister = 'usted'\ncountry = 'MX'\nphone = '+52 1'\n"
    )
    + '\n[reminders]\nhours_before = [48, 1.5]\ntemplate = "aviso"\nlanguage = "es_MX"\n'
    + "stop_on_opt_out = true\n"
    + '\n[reengagement]\ntemplate = "retomar"\n',
    "privacy": MINIMAL
    + '\n[privacy]\nnotice_version = "v2"\nnotice_text = """Usamos tus datos.\nNada más."""\n'
    + 'notice_url = "https://x.example/p"\n[privacy.retention]\nmessages_days = 7\n'
    + "clinical_records_years = 20\n",
    "privacy by the country's law": MINIMAL.replace("[clinic]\n", "[clinic]\ncountry = 'PE'\n"),
    "opening hours, hand-off and the waitlist's template": HANDOFF_FILE,
    "opening hours said closed every day": MINIMAL + "\n[opening_hours]\n",
    "three languages with all their templates": THREE_LANGUAGES,
    "English first, Portuguese kept while not served": THREE_LANGUAGES.replace(
        'languages = ["es", "en", "pt"]', 'languages = ["en", "es"]'
    )
    .replace('template = "recordatorio_cita"\nlanguage = "es_MX"', 'template = "reminder"\nlanguage = "en"')
    .replace("[reminders.en]", "[reminders.es]")
    .replace('language = "en_US"\nwaitlist', 'language = "es"\nwaitlist')
    .replace("[reengagement]\n", '[reengagement]\nlanguage = "en"\n')
    .replace("[reengagement.en]", "[reengagement.es]")
    .replace('language = "en"\n\n[reengagement.pt]', 'language = "es"\n\n[reengagement.pt]')
    .replace('template = "recordatorio_control"\n', 'template = "recordatorio_control"\nlanguage = "en"\n')
    .replace('template = "control_anual"\n', 'template = "control_anual"\nlanguage = "en"\n')
    .replace("[recalls.campaigns.en]", "[recalls.campaigns.es]")
    .replace('language = "en_US"', 'language = "es"'),
}


def test_every_language_and_template_is_written() -> None:
    """Each differs from the first language's, so a writer that dropped one would read back
    another clinic, or be refused for a missing template."""
    clinic = parse_clinic(THREE_LANGUAGES)
    document = clinic_document(clinic)
    assert document["clinic"]["languages"] == ["es", "en", "pt"]
    assert document["reminders"]["en"] == {
        "template": "appointment_reminder",
        "language": "en_US",
        "waitlist_template": "waitlist_offer",
    }
    assert document["reengagement"]["pt"] == {"template": "retomar_conversa", "language": "pt_BR"}
    assert [c["en"]["template"] for c in document["recalls"]["campaigns"]] == [
        "checkup_reminder",
        "yearly_checkup",
    ]
    without = clinic_document(clinic)
    del without["clinic"]["languages"]
    assert parse_clinic(tomli_w.dumps(without)).languages == (Language.SPANISH,)


def test_the_demo_clinic_comes_back_as_it_was() -> None:
    demo = parse_clinic(Path(str(demo_clinic_path())).read_bytes())
    assert parse_clinic(clinic_toml(demo)) == demo


@pytest.mark.parametrize("text", [MINIMAL, MINIMAL + RECALLS, with_services(CLEANING)])
def test_the_test_files_come_back_as_they_were(text: str) -> None:
    clinic = parse_clinic(text)
    assert parse_clinic(clinic_toml(clinic)) == clinic


@pytest.mark.parametrize("text", EDGES.values(), ids=EDGES.keys())
def test_edge_cases_come_back_as_they_were(text: str) -> None:
    clinic = parse_clinic(text)
    exported = clinic_toml(clinic)
    assert parse_clinic(exported) == clinic
    assert parse_clinic(clinic_toml(parse_clinic(exported))) == clinic  # and again


def test_the_file_reads_as_a_person_writes_it() -> None:
    text = clinic_toml(parse_clinic(EDGES["several ranges a day, past midnight and to midnight"]))
    assert '"18:00-24:00"' in text
    assert '"00:00-24:00"' in text
    assert "saturday = [" in text
    assert "tuesday" not in text  # a day without hours is left out


def test_prices_are_written_exactly() -> None:
    clinic = parse_clinic(EDGES["whole and exact prices"])
    text = clinic_toml(clinic)
    assert "price = 35000\n" in text
    assert "price = 0.05\n" in text
    assert clinic.services[1].price is not None
    assert parse_clinic(text).services[1].price == clinic.services[1].price
    assert parse_clinic(text).services[1].price.amount == Decimal("0.05")  # type: ignore[union-attr]


def test_the_hand_off_settings_are_written_not_left_to_defaults() -> None:
    """Each of them differs from its default, so a writer that dropped one would read back another
    clinic (the round trip above fails too)."""
    clinic = parse_clinic(HANDOFF_FILE)
    assert clinic.reminders.waitlist_template == "hora_liberada"
    assert clinic.opening_hours is not None
    assert set(clinic.opening_hours.hours.ranges) == {0, 5}
    assert clinic.handoff.alert_webhook_url == "https://alertas.example/clinica"
    assert clinic.handoff.return_after == timedelta(minutes=45)
    document = clinic_document(clinic)
    assert document["reminders"]["waitlist_template"] == "hora_liberada"
    assert document["opening_hours"] == {
        "monday": ["09:00-13:00", "15:00-19:00"],
        "saturday": ["22:00-02:00"],
    }
    assert document["handoff"] == {
        "alert_webhook_url": "https://alertas.example/clinica",
        "return_after_minutes": 45,
    }
    for section in ("opening_hours", "handoff"):
        without = clinic_document(clinic)
        del without[section]
        assert parse_clinic(tomli_w.dumps(without)) != clinic
    without = clinic_document(clinic)
    del without["reminders"]["waitlist_template"]
    assert parse_clinic(tomli_w.dumps(without)) != clinic


def test_a_clinic_without_opening_hours_gets_none_written() -> None:
    clinic = parse_clinic(MINIMAL)
    assert clinic.opening_hours is None
    assert "opening_hours" not in clinic_document(clinic)
    assert clinic_document(clinic)["handoff"] == {"return_after_minutes": 120}
    assert parse_clinic(clinic_toml(parse_clinic(MINIMAL + "\n[opening_hours]\n"))).opening_hours is not None
