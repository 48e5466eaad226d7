"""The offline English reader finds the day, the time and the part of the day as people text them."""

from __future__ import annotations

from datetime import date

import pytest

from adapters.clinic_config.toml_file import load_demo_clinic
from adapters.offline_nlu.english import OfflineEnglishNlu
from domain.understanding import Intent, Understanding
from domain.when import ClockTime, DayPart, Meridiem
from tests.unit.adapters.reading import reading_context

CLINIC = load_demo_clinic()
TODAY = date(2026, 11, 25)  # a Wednesday
TOMORROW = date(2026, 11, 26)
FRIDAY = date(2026, 11, 27)
SATURDAY = date(2026, 11, 28)
MONDAY = date(2026, 11, 30)
TUESDAY = date(2026, 12, 1)
NEXT_FRIDAY = date(2026, 12, 4)
MORNING, AFTERNOON, EVENING = DayPart.MORNING, DayPart.AFTERNOON, DayPart.EVENING
AM, PM = Meridiem.AM, Meridiem.PM
BOOK = Intent.BOOK


async def read(text: str, today: date = TODAY) -> Understanding:
    return await OfflineEnglishNlu().understand(text, reading_context(CLINIC, today))


DAYS = [
    ("today", TODAY),
    ("anything today?", TODAY),
    ("tomorrow", TOMORROW),
    ("tmrw", TOMORROW),
    ("tmr pls", TOMORROW),
    ("2moro", TOMORROW),
    ("2morrow morning", TOMORROW),
    ("tomorow", TOMORROW),
    ("tommorow afternoon", TOMORROW),
    ("Tomorrow at 10", TOMORROW),
    ("day after tomorrow", date(2026, 11, 27)),
    ("the day after tomorrow pls", date(2026, 11, 27)),
    ("friday", FRIDAY),
    ("Friday?", FRIDAY),
    ("on friday", FRIDAY),
    ("this friday", FRIDAY),
    ("this coming friday", FRIDAY),
    # The coming one, as "el próximo viernes" (bench/understanding/README.md); the card shows the date.
    ("next friday", FRIDAY),
    ("friday next week", NEXT_FRIDAY),
    ("next week on friday", NEXT_FRIDAY),
    ("fri", FRIDAY),
    ("monday", MONDAY),
    ("mon at 4", MONDAY),
    ("tues", TUESDAY),
    ("thurs morning", TOMORROW),
    ("wednesday", date(2026, 12, 2)),
    ("this wednesday", TODAY),
    ("wensday", date(2026, 12, 2)),
    ("on sat", SATURDAY),
    ("sat morning?", SATURDAY),
    ("sun?", date(2026, 11, 29)),
    ("wed 4pm?", date(2026, 12, 2)),
    ("saturday morning", SATURDAY),
    ("this weekend", SATURDAY),
    ("in 3 days", SATURDAY),
    ("in three days", SATURDAY),
    ("in a week", date(2026, 12, 2)),
    ("in 2 weeks", date(2026, 12, 9)),
    ("a week from today", date(2026, 12, 2)),
    ("a week from tomorrow", date(2026, 12, 3)),
    ("3 days from now", SATURDAY),
    ("in a fortnight", date(2026, 12, 9)),
    ("a week today", date(2026, 12, 2)),
    ("on the 15th", date(2026, 12, 15)),
    ("the 30th", date(2026, 11, 30)),
    ("the 25th", TODAY),
    ("the 1st", date(2026, 12, 1)),
    ("on the fifteenth", date(2026, 12, 15)),
    ("on the first", date(2026, 12, 1)),
    ("the third of next month", date(2026, 12, 3)),
    ("Tuesday the 8th", date(2026, 12, 8)),
    ("the 3rd of next month", date(2026, 12, 3)),
    ("December 3", date(2026, 12, 3)),
    ("dec 3rd", date(2026, 12, 3)),
    ("December 3rd, 2027", date(2027, 12, 3)),
    ("3rd of December", date(2026, 12, 3)),
    ("3 december", date(2026, 12, 3)),
    ("jan 7", date(2027, 1, 7)),
    ("may 4th", date(2027, 5, 4)),
    ("march 10", date(2027, 3, 10)),
    ("12/3", date(2026, 12, 3)),
    ("1/7", date(2027, 1, 7)),
    ("13/3", date(2027, 3, 13)),
    ("12/3/27", date(2027, 12, 3)),
    ("monday, no wait, the 15th", date(2026, 12, 15)),
]


@pytest.mark.parametrize(("text", "day"), DAYS)
async def test_days(text: str, day: date) -> None:
    reading = await read(text)
    assert reading.day == day
    assert reading.intent is BOOK


NO_DAY = [
    "the first one",  # an option offered, not the 1st
    "the second option",
    "next week",  # as "la próxima semana": a week, no day yet
    "i sat down with my son",
    "the sun is out",
    "may i book please",
    "see you monday",
    "have a nice weekend",
    "for 2 people",
    "can't do monday",
    "not friday",
    "any day but friday",
    "monday doesn't work",
    "tuesday is no good for me",
]


@pytest.mark.parametrize("text", NO_DAY)
async def test_no_day(text: str) -> None:
    assert (await read(text)).day is None


async def test_a_refused_day_gives_way_to_the_one_wanted() -> None:
    assert (await read("can't do monday but tuesday at 2 is fine")).day == TUESDAY
    assert (await read("i'm not available monday, tuesday works")).day == TUESDAY
    assert (await read("not friday, monday")).day == MONDAY


async def test_a_friday_on_friday_is_next_weeks() -> None:
    assert (await read("friday", today=FRIDAY)).day == NEXT_FRIDAY
    assert (await read("next friday", today=FRIDAY)).day == NEXT_FRIDAY
    assert (await read("this friday", today=FRIDAY)).day == FRIDAY


NEXT_WEEKDAYS = [
    ("next monday", MONDAY),
    ("next tues at 4", TUESDAY),
    ("Next Saturday morning", SATURDAY),
    ("can i come in next thurs", TOMORROW),
    ("next wednesday", date(2026, 12, 2)),
]


@pytest.mark.parametrize(("text", "day"), NEXT_WEEKDAYS)
async def test_next_weekday_is_the_coming_one(text: str, day: date) -> None:
    assert (await read(text)).day == day


FROM_A_WEEKDAY = [
    ("a week from friday", NEXT_FRIDAY),
    ("a week from this friday at 10", NEXT_FRIDAY),
    ("two weeks from monday", date(2026, 12, 14)),
    ("2 weeks after tuesday", date(2026, 12, 15)),
    ("3 days after saturday", TUESDAY),
    ("a week on tuesday", date(2026, 12, 8)),
    ("saturday week", date(2026, 12, 5)),
    ("could i come in thursday week", date(2026, 12, 3)),
    ("wednesday week", date(2026, 12, 9)),
    ("tues fortnight", date(2026, 12, 15)),
    ("the monday after next", date(2026, 12, 7)),
    ("friday after next in the afternoon", NEXT_FRIDAY),
]


@pytest.mark.parametrize(("text", "day"), FROM_A_WEEKDAY)
async def test_offsets_from_a_weekday_count_from_the_coming_one(text: str, day: date) -> None:
    reading = await read(text)
    assert reading.day == day
    assert reading.intent is BOOK


async def test_a_day_on_a_weekday_is_that_weekday() -> None:
    assert (await read("can i take a day on friday")).day == FRIDAY


SLASHED_WITH_A_WEEKDAY = [
    ("wed 2/12", date(2026, 12, 2)),  # 12 February 2027 is a Friday
    ("Wednesday 2/12 at 4", date(2026, 12, 2)),
    ("thursday 3/12", date(2026, 12, 3)),
    ("fri 12/2", date(2027, 2, 12)),  # month first, and a Friday
    ("2/12", date(2027, 2, 12)),
    ("monday 12/3", date(2026, 12, 3)),  # neither reading is a Monday: the rule stands
]


@pytest.mark.parametrize(("text", "day"), SLASHED_WITH_A_WEEKDAY)
async def test_a_weekday_settles_which_way_a_slashed_date_reads(text: str, day: date) -> None:
    assert (await read(text)).day == day


REGIONAL_DAYS = [
    ("this avo", TODAY),
    ("the morra at 10", TOMORROW),
    ("today evening", TODAY),
]


@pytest.mark.parametrize(("text", "day"), REGIONAL_DAYS)
async def test_regional_words_for_days(text: str, day: date) -> None:
    assert (await read(text)).day == day


WEEKS_FROM_TODAY = [
    ("2 weeks today", date(2026, 12, 9)),
    ("two weeks tomorrow", date(2026, 12, 10)),
    ("a fortnight tomorrow", date(2026, 12, 10)),
    ("the week after next on monday", date(2026, 12, 7)),
    ("thursday the week after next", date(2026, 12, 10)),
]


@pytest.mark.parametrize(("text", "day"), WEEKS_FROM_TODAY)
async def test_weeks_counted_from_today(text: str, day: date) -> None:
    assert (await read(text)).day == day


MONTHS_AND_SHORTHAND_OFFSETS = [
    ("in a month", date(2026, 12, 25)),
    ("a month from now", date(2026, 12, 25)),
    ("a month from today pls", date(2026, 12, 25)),
    ("in a month's time", date(2026, 12, 25)),
    ("in 2 months", date(2027, 1, 25)),
    ("in three months time", date(2027, 2, 25)),
    ("in 1 mth", date(2026, 12, 25)),
    ("in 2 wks", date(2026, 12, 9)),
    ("3 wks from now", date(2026, 12, 16)),
]


@pytest.mark.parametrize(("text", "day"), MONTHS_AND_SHORTHAND_OFFSETS)
async def test_offsets_in_months_and_shorthand(text: str, day: date) -> None:
    reading = await read(text)
    assert reading.day == day
    assert reading.intent is BOOK


async def test_a_month_ahead_ends_at_a_short_months_last_day() -> None:
    assert (await read("a month from now", today=date(2027, 1, 31))).day == date(2027, 2, 28)
    assert (await read("in a month", today=date(2026, 12, 31))).day == date(2027, 1, 31)


SPELLED_DAYS = [
    ("the eighth at 4", date(2026, 12, 8)),
    ("the thirtieth", date(2026, 11, 30)),
    ("the twenty-first in the morning", date(2026, 12, 21)),
    ("the fifth pls", date(2026, 12, 5)),
    ("can i come the twelfth", date(2026, 12, 12)),
    ("the second at 3", date(2026, 12, 2)),
    ("the third in the afternoon", date(2026, 12, 3)),
]


@pytest.mark.parametrize(("text", "day"), SPELLED_DAYS)
async def test_a_spelled_day_of_the_month_after_the(text: str, day: date) -> None:
    assert (await read(text)).day == day


@pytest.mark.parametrize(
    "text", ["the fourth one", "the third option", "the fifth time i've asked", "the second"]
)
async def test_a_place_in_a_list_is_no_day(text: str) -> None:
    assert (await read(text)).day is None


TIMES = [
    # A bare hour keeps no meridiem, as "a las 4" in Spanish: the clinic's hours settle 4:00 or 16:00.
    ("at 4", ClockTime(4)),
    ("tomorrow at 4", ClockTime(4)),
    ("around 5ish", ClockTime(5)),
    ("at 4 o'clock", ClockTime(4)),
    ("@ 3", ClockTime(3)),
    ("4pm", ClockTime(4, 0, PM)),
    ("4 pm", ClockTime(4, 0, PM)),
    ("4p", ClockTime(4, 0, PM)),
    ("4 p.m.", ClockTime(4, 0, PM)),
    ("10am", ClockTime(10, 0, AM)),
    ("10 AM", ClockTime(10, 0, AM)),
    ("at 10a", ClockTime(10, 0, AM)),
    ("4:30", ClockTime(4, 30)),
    ("at 4.30", ClockTime(4, 30)),
    ("9:15am", ClockTime(9, 15, AM)),
    ("4:30pm", ClockTime(4, 30, PM)),
    ("16:30", ClockTime(16, 30)),
    ("at 16:00", ClockTime(16, 0)),
    ("half past 4", ClockTime(4, 30)),
    ("half past four", ClockTime(4, 30)),
    ("half 4", ClockTime(4, 30)),
    ("tomorrow at half 10", ClockTime(10, 30)),
    ("quarter past 10", ClockTime(10, 15)),
    ("quarter to 5", ClockTime(4, 45)),
    ("a quarter to five pm", ClockTime(4, 45, PM)),
    ("10 to 5", ClockTime(4, 50)),
    ("20 past 3", ClockTime(3, 20)),
    ("at four", ClockTime(4)),
    ("at four thirty", ClockTime(4, 30)),
    ("at 9 in the morning", ClockTime(9, 0, AM)),
    ("5 in the afternoon", ClockTime(5, 0, PM)),
    ("at 7 tonight", ClockTime(7, 0, PM)),
    ("noon", ClockTime(12)),
    ("at noon", ClockTime(12)),
    ("midday", ClockTime(12)),
    ("12pm", ClockTime(12)),
    ("is 3 ok?", ClockTime(3)),
    ("can you do 4?", ClockTime(4)),
    ("actually can we do 3 instead", ClockTime(3)),
    ("would 10 work", ClockTime(10)),
    ("Can I come in at 2:30 tomorrow", ClockTime(2, 30)),
    ("12 noon on friday", ClockTime(12)),
]


MORE_CLOCKS = [
    ("at 3 30", ClockTime(3, 30)),
    ("at 4 15 tomorrow", ClockTime(4, 15)),
    ("can we do 2 45", ClockTime(2, 45)),
    ("noonish", ClockTime(12)),
    ("at 1230", ClockTime(12, 30)),
    ("930am", ClockTime(9, 30, AM)),
    ("@1045", ClockTime(10, 45)),
    ("ten o clock", ClockTime(10)),
    ("four pm friday", ClockTime(4, 0, PM)),
    ("seven tonight", ClockTime(7, 0, PM)),
    ("8 at night", ClockTime(8, 0, PM)),
]


@pytest.mark.parametrize(("text", "time"), MORE_CLOCKS)
async def test_more_ways_to_write_a_clock_time(text: str, time: ClockTime) -> None:
    assert (await read(text)).time == time


@pytest.mark.parametrize("text", ["we're moving in 2027", "it costs 1500?", "book for 2030"])
async def test_four_digits_unannounced_are_no_time(text: str) -> None:
    assert (await read(text)).time is None


WINDOWS = [
    ("between 2 and 4", ClockTime(2)),
    ("anytime between 10 and 12 tomorrow", ClockTime(10)),
    ("from 3 to 5", ClockTime(3)),
    ("from 3 to 5pm", ClockTime(3, 0, PM)),
    ("tmrw 2-4pm", ClockTime(2, 0, PM)),
    ("between 9:30 and 11am", ClockTime(9, 30, AM)),
    ("btwn two and four on friday", ClockTime(2)),
    ("any time 10-12 works", ClockTime(10)),
    ("between 11am and 1pm", ClockTime(11, 0, AM)),
    ("10-2pm", ClockTime(10)),  # the end's pm is not the start's
]


@pytest.mark.parametrize(("text", "time"), WINDOWS)
async def test_a_window_of_hours_is_its_start(text: str, time: ClockTime) -> None:
    reading = await read(text)
    assert reading.time == time
    assert reading.intent is BOOK


@pytest.mark.parametrize(
    ("text", "day"),
    [("tomorrow 2-4pm", TOMORROW), ("between 2-4 on friday", FRIDAY), ("12-3", date(2026, 12, 3))],
)
async def test_a_dashed_window_is_no_date(text: str, day: date) -> None:
    assert (await read(text)).day == day


@pytest.mark.parametrize(("text", "time"), TIMES)
async def test_times(text: str, time: ClockTime) -> None:
    reading = await read(text)
    assert reading.time == time
    assert reading.intent is BOOK


NO_TIME = [
    "3 to 5",  # a range or 4:57? not said clearly enough
    "between 2 and 3 people",
    "it takes between 2 and 3 hours",
    "i'd like 2 appointments",
    "about 3 weeks ago",
    "on the 15th",
    "for 2 people",
    "in 3 days",
    "12/3",
    "my son is 7",
    "not at 4",
    "4pm doesn't work",
]


@pytest.mark.parametrize("text", NO_TIME)
async def test_no_time(text: str) -> None:
    assert (await read(text)).time is None


async def test_a_day_and_a_time_together() -> None:
    reading = await read("can i come in on the 15th at 3:30pm")
    assert (reading.day, reading.time) == (date(2026, 12, 15), ClockTime(3, 30, PM))
    reading = await read("December 3 at half past 4")
    assert (reading.day, reading.time) == (date(2026, 12, 3), ClockTime(4, 30))


PARTS = [
    ("morning", MORNING),
    ("in the morning", MORNING),
    ("tomorrow morning", MORNING),
    ("mornings are better", MORNING),
    ("early", MORNING),
    ("as early as possible", MORNING),
    ("first thing tomorrow", MORNING),
    ("before lunch", MORNING),
    ("afternoon", AFTERNOON),
    ("friday afternoon", AFTERNOON),
    ("this afternoon", AFTERNOON),
    ("after lunch", AFTERNOON),
    ("afternon pls", AFTERNOON),
    ("evening", EVENING),
    ("in the evening", EVENING),
    ("tonight", EVENING),
    ("tomorrow night", EVENING),
    ("after work", EVENING),
    ("midmorning friday", MORNING),
    ("mid-morning if poss", MORNING),
    ("first appointment tomorrow", MORNING),
    ("first appt on monday", MORNING),
    ("after school", AFTERNOON),
    ("after school on friday", AFTERNOON),
    ("thursday after class", AFTERNOON),
    ("fri am", MORNING),
    ("monday a.m. please", MORNING),
    ("tomorrow pm?", AFTERNOON),
    ("saturday am if possible", MORNING),
    ("sat 28/11 am", MORNING),
    ("this avo", AFTERNOON),
]


@pytest.mark.parametrize(("text", "part"), PARTS)
async def test_parts_of_the_day(text: str, part: DayPart) -> None:
    reading = await read(text)
    assert reading.part == part
    assert reading.intent is BOOK


NO_PART = [
    "good morning",
    "good afternoon!",
    "4 in the afternoon",  # the meridiem of a time
    "early next week",
    "not in the morning",
    "mornings don't work",
    "not too early",
    "not that early please",
    "i am free friday",
    "the first appointment you have",
    "what time am i booked for",
    "friday, am i too late to book",
]


@pytest.mark.parametrize("text", NO_PART)
async def test_no_part(text: str) -> None:
    assert (await read(text)).part is None


async def test_tonight_is_today_in_the_evening() -> None:
    reading = await read("anything tonight?")
    assert (reading.day, reading.part) == (TODAY, EVENING)
    reading = await read("this afternoon at 3")
    assert (reading.day, reading.part, reading.time) == (TODAY, AFTERNOON, ClockTime(3))
