"""One capped exponential backoff serves turns, sends and reminders."""

from __future__ import annotations

from datetime import timedelta

import pytest

from application.deliver_replies import SEND_BACKOFF
from application.send_reminders import REMINDER_BACKOFF
from application.turn_processor import TURN_BACKOFF
from domain.backoff import Backoff

S = timedelta(seconds=1)


def test_each_pause_is_factor_times_the_last_until_the_cap() -> None:
    backoff = Backoff(first=5 * S, longest=60 * S, factor=3)
    assert [backoff.delay(n) for n in range(7)] == [5 * S, 5 * S, 15 * S, 45 * S, 60 * S, 60 * S, 60 * S]


def test_a_huge_attempt_count_is_the_cap_not_an_overflow() -> None:
    assert Backoff(first=S, longest=timedelta(days=1), factor=3).delay(10_000) == timedelta(days=1)


def test_the_three_policies_keep_their_pauses() -> None:
    assert [TURN_BACKOFF.delay(n) for n in (1, 2, 3, 5, 9)] == [5 * S, 15 * S, 45 * S, 300 * S, 300 * S]
    assert [SEND_BACKOFF.delay(n) for n in (1, 2, 3, 8, 9)] == [5 * S, 10 * S, 20 * S, 600 * S, 600 * S]
    assert [REMINDER_BACKOFF.delay(n) for n in (1, 2, 6)] == [60 * S, 120 * S, 1800 * S]


def test_a_setting_moves_the_first_pause_and_keeps_the_cap() -> None:
    assert TURN_BACKOFF.starting_at(timedelta(0)).delay(4) == timedelta(0)
    assert TURN_BACKOFF.starting_at(S).delay(3) == 9 * S
    assert TURN_BACKOFF.starting_at(timedelta(hours=1)).delay(1) == timedelta(hours=1)


@pytest.mark.parametrize(("first", "longest", "factor"), [(-S, S, 2), (2 * S, S, 2), (S, 2 * S, 0)])
def test_a_backoff_that_makes_no_sense_is_refused(first: timedelta, longest: timedelta, factor: int) -> None:
    with pytest.raises(ValueError, match="not a backoff"):
        Backoff(first=first, longest=longest, factor=factor)
