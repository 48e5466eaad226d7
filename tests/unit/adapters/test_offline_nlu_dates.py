"""The offline reader hears the day a patient asks for, as Mexico, Chile, Argentina, Colombia, Peru and
Spain write it: days and months in words or numbers, either order, offsets, weeks and weekends."""

from __future__ import annotations

from datetime import date

import pytest

from adapters.clinic_config.toml_file import load_demo_clinic
from adapters.offline_nlu.dates import read_day
from adapters.offline_nlu.engine import OfflineSpanishNlu
from adapters.offline_nlu.text import fold
from domain.when import ClockTime, DayPart
from tests.unit.adapters.reading import reading_context

TODAY = date(2026, 11, 25)  # a Wednesday
THURSDAY = date(2026, 11, 26)
TOMORROW = THURSDAY
FRIDAY = date(2026, 11, 27)
SATURDAY = date(2026, 11, 28)
MONDAY = date(2026, 11, 30)
NEXT_WEDNESDAY = date(2026, 12, 2)


# One reader for the module, as the application keeps one: it holds no state between messages.
CLINIC = load_demo_clinic()
NLU = OfflineSpanishNlu()


async def day_of(text: str, today: date = TODAY) -> date | None:
    return (await NLU.understand(text, reading_context(CLINIC, today))).day


IN_WORDS = [
    ("el siete de enero", date(2027, 1, 7)),
    ("el primero de abril", date(2027, 4, 1)),
    ("el 1ro de marzo", date(2027, 3, 1)),
    ("el 1° de marzo", date(2027, 3, 1)),
    ("1ero de mayo", date(2027, 5, 1)),
    ("el veintiuno", date(2026, 12, 21)),
    ("el treinta y uno de diciembre", date(2026, 12, 31)),
    ("el dieciséis de diciembre", date(2026, 12, 16)),
    ("el lunes siete", date(2026, 12, 7)),
    ("el 1ro", date(2026, 12, 1)),
]


@pytest.mark.parametrize(("text", "day"), IN_WORDS)
async def test_days_of_the_month_in_words_and_ordinals(text: str, day: date) -> None:
    assert await day_of(text) == day


MONTH_FIRST = [
    ("abril 7", date(2027, 4, 7)),
    ("junio 2 del 2027", date(2027, 6, 2)),
    ("Enero 15", date(2027, 1, 15)),
    ("para diciembre 3 porfa", date(2026, 12, 3)),
    ("el 7 de abril del 27", date(2027, 4, 7)),
    ("7 de abril del 28", date(2028, 4, 7)),
]


@pytest.mark.parametrize(("text", "day"), MONTH_FIRST)
async def test_the_month_before_the_day_and_short_years(text: str, day: date) -> None:
    assert await day_of(text) == day


SHORTHAND = [
    ("vie.", FRIDAY),
    ("sáb.", SATURDAY),
    ("lun", MONDAY),
    ("mié", NEXT_WEDNESDAY),
    ("jue.", THURSDAY),
    ("el vie 27", FRIDAY),
    ("7.1.2027", date(2027, 1, 7)),
    ("7.1.", date(2027, 1, 7)),
    ("07/01", date(2027, 1, 7)),
    ("7-1-27", date(2027, 1, 7)),
]


@pytest.mark.parametrize(("text", "day"), SHORTHAND)
async def test_abbreviated_weekdays_and_dotted_dates(text: str, day: date) -> None:
    assert await day_of(text) == day


OFFSETS = [
    ("en tres semanas", date(2026, 12, 16)),
    ("de aquí a 10 días", date(2026, 12, 5)),
    ("dentro de dos semanas", date(2026, 12, 9)),
    ("en 15 días", date(2026, 12, 9)),  # two weeks, as "quince días" means everywhere
    ("dentro de ocho días", NEXT_WEDNESDAY),  # a week
    ("en 9 días", date(2026, 12, 4)),
    ("en una semana", NEXT_WEDNESDAY),
    ("en una semana más", NEXT_WEDNESDAY),
    ("en 2 días", FRIDAY),
    ("de hoy en ocho", NEXT_WEDNESDAY),
    ("de hoy en quince", date(2026, 12, 9)),
    ("el 30 del mes que viene", date(2026, 12, 30)),  # not this month's 30th, five days away
]


@pytest.mark.parametrize(("text", "day"), OFFSETS)
async def test_days_counted_from_today(text: str, day: date) -> None:
    assert await day_of(text) == day


# Said on a Thursday.
ON_A_THURSDAY = [
    ("el jueves de esta semana", THURSDAY),
    ("este jueves", THURSDAY),
    ("el próximo jueves", date(2026, 12, 3)),
    ("el jueves que viene", date(2026, 12, 3)),
    ("el jueves", date(2026, 12, 3)),
    ("el lunes de la otra semana", MONDAY),
    ("el lunes de la semana que viene", MONDAY),
    ("el viernes de esta semana", FRIDAY),
    ("para el finde", SATURDAY),
    ("el fin de semana", SATURDAY),
]


@pytest.mark.parametrize(("text", "day"), ON_A_THURSDAY)
async def test_this_week_next_week_and_the_weekend(text: str, day: date) -> None:
    assert await day_of(text, today=THURSDAY) == day


async def test_this_weeks_day_once_passed_is_no_day() -> None:
    assert await day_of("el martes de esta semana", today=THURSDAY) is None


async def test_the_weekend_on_a_saturday_is_today() -> None:
    assert await day_of("este finde", today=SATURDAY) == SATURDAY


REGIONAL = [
    ("pa'l jueves", THURSDAY),
    ("pal lunes", MONDAY),
    ("pa mañana", TOMORROW),
    ("pa'l 15", date(2026, 12, 15)),
    ("ahorita en la tarde", TODAY),
]


@pytest.mark.parametrize(("text", "day"), REGIONAL)
async def test_regional_ways_to_say_a_day(text: str, day: date) -> None:
    assert await day_of(text) == day


# Vague on purpose: the booking desk asks which day rather than guess one.
NO_DAY = [
    "ahorita",
    "la semana que viene",
    "el mes que viene",
    "esta semana",
    "el primero que tenga",
    "el uno o el otro",
    "a las 4.30.",
    "mayo",
]


@pytest.mark.parametrize("text", NO_DAY)
async def test_vague_words_name_no_day(text: str) -> None:
    assert await day_of(text) is None


async def test_a_day_in_words_leaves_the_hour_to_the_time() -> None:
    read = await NLU.understand("el siete de enero a las diez y media", reading_context(CLINIC, TODAY))

    assert (read.day, read.time) == (date(2027, 1, 7), ClockTime(10, 30))


async def test_the_day_after_tomorrow_at_a_bare_hour() -> None:
    read = await NLU.understand("pasado mañana a 9", reading_context(CLINIC, TODAY))

    assert (read.day, read.time) == (FRIDAY, ClockTime(9))


async def test_an_offset_and_a_part_of_the_day() -> None:
    read = await NLU.understand("en dos semanas por la tarde", reading_context(CLINIC, TODAY))

    assert (read.day, read.part) == (date(2026, 12, 9), DayPart.AFTERNOON)


def test_an_hour_with_dots_is_not_a_date() -> None:
    """ "A las 4.10." ends a sentence with a time, not the 4th of October."""
    assert read_day(fold("a las 4.10.").text, TODAY).day is None
    assert read_day(fold("el 4.10.").text, TODAY).day == date(2027, 10, 4)
