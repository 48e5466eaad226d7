"""A patient's limits: a sliding window of recent events."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain.throttle import Limit, Throttle

T0 = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
THREE_A_MINUTE = Limit(3, timedelta(minutes=1))


def test_room_shrinks_with_each_event_and_comes_back_as_they_age() -> None:
    throttle = Throttle()
    assert throttle.room(T0, THREE_A_MINUTE) == 3
    throttle = throttle.recorded(T0, THREE_A_MINUTE, 2)
    assert throttle.room(T0, THREE_A_MINUTE) == 1
    throttle = throttle.recorded(T0 + timedelta(seconds=30), THREE_A_MINUTE)
    assert throttle.room(T0 + timedelta(seconds=30), THREE_A_MINUTE) == 0
    assert throttle.room(T0 + timedelta(seconds=60), THREE_A_MINUTE) == 2  # the first two aged out
    assert throttle.room(T0 + timedelta(seconds=90), THREE_A_MINUTE) == 3


def test_only_what_a_window_can_hold_is_kept() -> None:
    throttle = Throttle()
    for second in range(100):
        throttle = throttle.recorded(T0 + timedelta(seconds=second), THREE_A_MINUTE)
    assert len(throttle.recent) == 3
    assert throttle.recorded(T0 + timedelta(hours=1), THREE_A_MINUTE).recent == (T0 + timedelta(hours=1),)


@pytest.mark.parametrize(("count", "window"), [(0, timedelta(minutes=1)), (3, timedelta(0))])
def test_a_limit_that_allows_nothing_is_refused(count: int, window: timedelta) -> None:
    with pytest.raises(ValueError, match="positive"):
        Limit(count, window)
