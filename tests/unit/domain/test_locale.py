"""A clinic's locale: its canonical tag, its country, and the hours of "la mañana" and "la tarde"."""

from __future__ import annotations

from dataclasses import replace
from datetime import time

import pytest

from domain.clinic import Clinic
from domain.errors import InvalidClinic
from domain.locale import DayParts, Register, country_of, day_parts, locale_tag
from domain.when import DayPart
from tests.factories import clinic as make_clinic

MORNING, AFTERNOON, EVENING = DayPart.MORNING, DayPart.AFTERNOON, DayPart.EVENING


@pytest.mark.parametrize(
    ("written", "canonical"),
    [("es-MX", "es-MX"), ("es_mx", "es-MX"), ("ES-ar", "es-AR"), ("es", "es"), (" es-419 ", "es-419")],
)
def test_a_locale_is_written_one_way(written: str, canonical: str) -> None:
    assert locale_tag(written) == canonical


@pytest.mark.parametrize("written", ["", "spanish", "es-MEX", "es-MX-x", "1s-MX"])
def test_a_locale_that_is_no_tag_is_refused(written: str) -> None:
    with pytest.raises(InvalidClinic, match="not a locale"):
        locale_tag(written)


def test_the_country_comes_from_the_tag() -> None:
    assert country_of("es-MX") == "MX"
    assert country_of("es") is None
    assert country_of("es-419") is None  # Latin America: a region, no country


def test_the_afternoon_starts_after_lunch_not_at_noon() -> None:
    chile = day_parts("es-CL")
    assert chile.contains(MORNING, time(11, 59))
    assert not chile.contains(AFTERNOON, time(12, 30))  # lunchtime is no part a patient asks for
    assert chile.contains(AFTERNOON, time(14, 0))
    assert chile.contains(EVENING, time(19, 0))


def test_in_spain_the_morning_lasts_until_lunch_and_the_afternoon_until_dinner() -> None:
    spain = day_parts("es-ES")
    assert spain.contains(MORNING, time(13, 30))
    assert not spain.contains(AFTERNOON, time(15, 0))
    assert spain.contains(AFTERNOON, time(16, 0))
    assert spain.contains(AFTERNOON, time(20, 30))
    assert not spain.contains(EVENING, time(20, 30))


def test_near_the_equator_night_falls_early() -> None:
    assert day_parts("es-CO").contains(EVENING, time(18, 30))
    assert not day_parts("es-CL").contains(EVENING, time(18, 30))


def test_an_unknown_country_gets_the_after_lunch_parts() -> None:
    assert day_parts("es-ZZ") == day_parts("es") == day_parts("es-CL")


def test_parts_of_the_day_follow_one_another() -> None:
    with pytest.raises(InvalidClinic, match="follow"):
        DayParts(time(14), time(12), time(19))


def test_a_clinic_speaks_neutral_spanish_with_tu_unless_told() -> None:
    clinic = replace(make_clinic(), locale="es")
    assert clinic.register is Register.TU
    told = Clinic(clinic.id, clinic.name, clinic.address, clinic.timezone, "1", clinic.doctors)
    assert (told.locale, told.register) == ("es", Register.TU)
    with pytest.raises(InvalidClinic, match="locale"):
        replace(clinic, locale="es_MX")


def test_a_clinic_offers_the_afternoon_its_patients_mean() -> None:
    clinic = replace(make_clinic(), locale="es-ES")
    assert clinic.day_parts.contains(MORNING, time(13, 30))
