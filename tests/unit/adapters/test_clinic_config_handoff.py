"""The clinic file's opening hours and hand-off settings: read, defaulted, and every mistake named."""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from adapters.clinic_config.toml_file import ClinicConfigError, parse_clinic
from domain.clinic import TimeRange
from domain.handoff import HandoffSettings
from tests.unit.adapters.test_clinic_config import MINIMAL


def error_of(text: str) -> str:
    with pytest.raises(ClinicConfigError) as caught:
        parse_clinic(text, source="demo.toml")
    return str(caught.value)


def test_without_the_sections_nothing_changes() -> None:
    clinic = parse_clinic(MINIMAL)
    assert clinic.opening_hours is None
    assert clinic.handoff == HandoffSettings()
    assert clinic.handoff.return_after == timedelta(minutes=120)


def test_opening_hours_are_read_as_a_doctors_hours() -> None:
    clinic = parse_clinic(
        MINIMAL + '\n[opening_hours]\nlunes = ["09:00-13:00", "15:00-19:00"]\nsabado = ["10:00-14:00"]\n'
    )
    assert clinic.opening_hours is not None
    monday = (TimeRange(time(9), time(13)), TimeRange(time(15), time(19)))
    assert clinic.opening_hours.hours.ranges[0] == monday
    assert clinic.opening_hours.hours.ranges[5] == (TimeRange(time(10), time(14)),)


def test_handoff_settings_are_read() -> None:
    clinic = parse_clinic(
        MINIMAL + '\n[handoff]\nalert_webhook_url = "https://example.org/alerts"\nreturn_after_minutes = 45\n'
    )
    assert clinic.handoff == HandoffSettings("https://example.org/alerts", timedelta(minutes=45))


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ('[opening_hours]\nmonday = ["9-13"]', 'opening_hours.monday[0]: "9-13" is not a range like'),
        ('[opening_hours]\nfunday = ["09:00-13:00"]', "opening_hours.funday: not a weekday"),
        ('[opening_hours]\nmonday = ["09:00-13:00", "12:00-14:00"]', "the opening hours: overlap"),
        (
            '[handoff]\nalert_webhook_url = "http://example.org/alerts"',
            'handoff.alert_webhook_url: "http://example.org/alerts" is not an https link',
        ),
        ("[handoff]\nreturn_after_minutes = 0", "Expected `int` >= 1 - at `$.handoff.return_after_minutes`"),
        ("[handoff]\nalert_url = 1", "Object contains unknown field `alert_url` - at `$.handoff`"),
    ],
)
def test_mistakes_are_named(section: str, message: str) -> None:
    assert message in error_of(MINIMAL + "\n" + section + "\n")
