"""The offline reader hears the clock time and the part of the day a patient asks for, in digits or
words, the way each country tells the time: "cuarto para las cinco", "16 hs", "a la tardecita"."""

from __future__ import annotations

from datetime import date

import pytest

from adapters.clinic_config.toml_file import load_demo_clinic
from adapters.offline_nlu.engine import OfflineSpanishNlu
from adapters.offline_nlu.text import fold
from adapters.offline_nlu.times import read_time
from domain.understanding import Understanding
from domain.when import ClockTime, DayPart, Meridiem
from tests.unit.adapters.reading import reading_context

TODAY = date(2026, 11, 25)  # a Wednesday
AM, PM = Meridiem.AM, Meridiem.PM
MORNING, AFTERNOON, EVENING = DayPart.MORNING, DayPart.AFTERNOON, DayPart.EVENING


# One reader for the module, as the application keeps one: it holds no state between messages.
CLINIC = load_demo_clinic()
NLU = OfflineSpanishNlu()


async def read(text: str) -> Understanding:
    return await NLU.understand(text, reading_context(CLINIC, TODAY))


TIMES = [
    ("a las cuatro y quince", ClockTime(4, 15)),
    ("las once menos cinco", ClockTime(10, 55)),
    ("a las cinco menos cuarto", ClockTime(4, 45)),
    ("a las 5 menos 10", ClockTime(4, 50)),
    ("a las diez y media", ClockTime(10, 30)),
    ("a las doce del día", ClockTime(12)),
    ("a las 10 del día", ClockTime(10, 0, AM)),
    ("a las 3 y pico", ClockTime(3)),
    ("a las 7 en punto", ClockTime(7)),
    ("cuarto para las cinco", ClockTime(4, 45)),
    ("diez para las cuatro", ClockTime(3, 50)),
    ("veinte para las 5", ClockTime(4, 40)),
    ("cuarto para la una", ClockTime(12, 45)),
    ("a las 4 y 15", ClockTime(4, 15)),
    ("a las nueve y cuarenta y cinco", ClockTime(9, 45)),
    ("a las quince horas", ClockTime(15)),
    ("16 hs", ClockTime(16)),
    ("16hrs", ClockTime(16)),
    ("4pm", ClockTime(4, 0, PM)),
    ("a las 4pm", ClockTime(4, 0, PM)),
    ("4 p. m.", ClockTime(4, 0, PM)),
    ("4 de la tarde", ClockTime(4, 0, PM)),
    ("ocho de la noche", ClockTime(8, 0, PM)),
    ("seis de la mañana", ClockTime(6, 0, AM)),
    ("a las 4 a la tarde", ClockTime(4, 0, PM)),
    ("mediodía", ClockTime(12)),
    ("medianoche", ClockTime(12, 0, AM)),
    ("a las10", ClockTime(10)),
    ("alas 10", ClockTime(10)),
    ("pa las 4", ClockTime(4)),
    ("para las 5", ClockTime(5)),
    ("el lunes a 10", ClockTime(10)),
    ("a las nueve veinte", ClockTime(9, 20)),
    ("a las 9 cuarenta", ClockTime(9, 40)),
    ("quedamos el martes a las cinco y media de la tarde", ClockTime(5, 30, PM)),
    ("vie. 27 a las 4 p. m.", ClockTime(4, 0, PM)),
]


@pytest.mark.parametrize(("text", "clock"), TIMES)
async def test_clock_times(text: str, clock: ClockTime) -> None:
    assert (await read(text)).time == clock


NOT_TIMES = [
    "una de la tarde",  # one (appointment) in the afternoon
    "quiero una para la tarde",
    "a las 123",
    "de lunes a viernes",
]


@pytest.mark.parametrize("text", NOT_TIMES)
async def test_numbers_that_tell_no_time(text: str) -> None:
    assert (await read(text)).time is None


def test_a_spelled_minute_after_an_hour_is_not_an_appointment() -> None:
    """ "a las 4 y una consulta": "una" is the appointment, not 4:01."""
    assert read_time(fold("a las 4 y una consulta").text).time == ClockTime(4)


PARTS = [
    ("en la mañanita", MORNING),
    ("tempranito", MORNING),
    ("a la mañana", MORNING),
    ("por la mañana", MORNING),
    ("en la madrugada", MORNING),
    ("de madrugada", MORNING),
    ("a la tarde", AFTERNOON),
    ("por la tarde", AFTERNOON),
    ("en la tardecita", AFTERNOON),
    ("a la noche", EVENING),
    ("a la nochecita", EVENING),
]


@pytest.mark.parametrize(("text", "part"), PARTS)
async def test_parts_of_the_day_by_region(text: str, part: DayPart) -> None:
    read_ = await read(text)

    assert (read_.day, read_.part) == (None, part)


async def test_noon_is_a_time_not_a_part() -> None:
    read_ = await read("al mediodía")

    assert (read_.time, read_.part) == (ClockTime(12), None)
