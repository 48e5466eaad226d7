"""When a person answers (the clinic's opening hours), and when the bot takes a conversation back."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from domain.conversation import ChatSession
from domain.errors import InvalidClinic
from domain.handoff import HandoffSettings, NeedReason, OpeningHours
from domain.hours import TimeRange, WeeklyHours
from domain.ids import ClinicId, PatientAddress

SANTIAGO = ZoneInfo("America/Santiago")
MADRID = ZoneInfo("Europe/Madrid")

# Monday to Friday 09:00-13:00 and 15:00-19:00, Saturday 10:00-14:00.
WEEKDAYS = (TimeRange(time(9), time(13)), TimeRange(time(15), time(19)))
HOURS = OpeningHours(WeeklyHours({**dict.fromkeys(range(5), WEEKDAYS), 5: (TimeRange(time(10), time(14)),)}))


def local(zone: ZoneInfo, year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=zone)


def test_open_now_answers_now() -> None:
    now = local(SANTIAGO, 2026, 12, 7, 10, 30)  # a Monday
    assert HOURS.is_open(now, SANTIAGO)
    assert HOURS.next_opening(now, SANTIAGO) == now


def test_at_lunch_a_person_answers_when_the_afternoon_opens() -> None:
    lunch = local(SANTIAGO, 2026, 12, 7, 13, 0)
    assert HOURS.next_opening(lunch, SANTIAGO) == local(SANTIAGO, 2026, 12, 7, 15)


def test_on_saturday_night_a_person_answers_on_monday() -> None:
    opening = HOURS.next_opening(local(SANTIAGO, 2026, 12, 5, 22, 0), SANTIAGO)
    assert opening == local(SANTIAGO, 2026, 12, 7, 9)
    assert opening is not None
    assert opening.tzinfo == SANTIAGO


def test_closed_days_are_skipped() -> None:
    closed = frozenset({date(2026, 12, 7), date(2026, 12, 8)})
    sunday = local(SANTIAGO, 2026, 12, 6, 12)
    assert HOURS.next_opening(sunday, SANTIAGO, closed) == local(SANTIAGO, 2026, 12, 9, 9)
    assert not HOURS.is_open(local(SANTIAGO, 2026, 12, 7, 10), SANTIAGO, closed)


def test_the_answer_is_in_the_clinic_zone_whatever_the_zone_of_now() -> None:
    now = datetime(2026, 12, 7, 1, 0, tzinfo=UTC)  # Sunday 22:00 in Santiago (UTC-3 in summer)
    assert HOURS.next_opening(now, SANTIAGO) == local(SANTIAGO, 2026, 12, 7, 9)


def test_a_range_past_midnight_is_open_after_midnight() -> None:
    night = OpeningHours(WeeklyHours({4: (TimeRange(time(22), time(2)),)}))  # Friday 22:00 - Saturday 02:00
    assert night.is_open(local(MADRID, 2026, 12, 5, 1, 30), MADRID)  # Saturday 01:30
    assert not night.is_open(local(MADRID, 2026, 12, 5, 2, 0), MADRID)


def test_across_a_dst_change_the_wall_clock_time_holds() -> None:
    # Madrid moves to summer time on Sunday 29 March 2026: Monday 9:00 is 07:00 UTC, not 08:00.
    opening = HOURS.next_opening(local(MADRID, 2026, 3, 28, 20), MADRID)
    assert opening == local(MADRID, 2026, 3, 30, 9)
    assert opening is not None
    assert opening.astimezone(UTC).hour == 7


def test_an_opening_in_a_dst_gap_is_read_after_the_gap() -> None:
    early = OpeningHours(WeeklyHours({6: (TimeRange(time(2, 30), time(5)),)}))  # Sundays 02:30-05:00
    opening = early.next_opening(local(MADRID, 2026, 3, 28, 20), MADRID)
    assert opening is not None
    assert opening.astimezone(UTC) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)


def test_no_opening_within_a_month_says_none() -> None:
    assert OpeningHours(WeeklyHours({})).next_opening(local(SANTIAGO, 2026, 12, 7, 10), SANTIAGO) is None


def test_overlapping_opening_hours_are_refused() -> None:
    with pytest.raises(InvalidClinic, match="overlapping"):
        OpeningHours(WeeklyHours({0: (TimeRange(time(9), time(13)), TimeRange(time(12), time(14)))}))


@pytest.mark.parametrize("url", ["http://example.org/hook", "https://", "https://a b", "ftp://x"])
def test_the_alert_webhook_must_be_https(url: str) -> None:
    with pytest.raises(InvalidClinic):
        HandoffSettings(alert_webhook_url=url)


def test_the_quiet_time_has_bounds() -> None:
    with pytest.raises(InvalidClinic):
        HandoffSettings(return_after=timedelta(0))


NOW = datetime(2026, 12, 7, 12, tzinfo=UTC)


def session() -> ChatSession:
    return ChatSession(ClinicId("sonrisa"), PatientAddress("56911111111"))


def test_needing_a_person_keeps_the_first_reason_until_attended() -> None:
    chat = session()
    assert chat.needs_a_person(NeedReason.FILE_TO_REVIEW, NOW)
    assert not chat.needs_a_person(NeedReason.ASKED, NOW + timedelta(minutes=1))
    assert chat.needs_person is not None
    assert chat.needs_person.reason is NeedReason.FILE_TO_REVIEW
    assert not chat.attended(NeedReason.ASKED)  # reviewing is what ends this wait
    assert chat.attended(NeedReason.FILE_TO_REVIEW)
    assert chat.needs_person is None


def test_the_bot_takes_back_a_conversation_quiet_long_enough() -> None:
    chat = session()
    chat.hand_to_staff(NOW)
    quiet = timedelta(minutes=120)
    assert not chat.due_back(NOW + timedelta(minutes=119), quiet)
    assert chat.due_back(NOW + timedelta(minutes=120), quiet)
    chat.last_activity = NOW + timedelta(minutes=60)  # the patient wrote meanwhile
    assert not chat.due_back(NOW + timedelta(minutes=150), quiet)
    chat.hand_back()
    assert chat.bot_enabled
    assert chat.paused_at is None
    assert not chat.due_back(NOW + timedelta(days=1), quiet)
