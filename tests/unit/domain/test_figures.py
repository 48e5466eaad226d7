"""The dashboard's figures: days folded into Monday weeks, shares, and the model's cost per booking."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from domain.figures import Counts, DayCounts, Grain, Period, TokenPrice, last_days, monday_of, periods, total

PRICE = TokenPrice("claude-haiku-4-5", Decimal("1.00"))


def test_days_of_one_week_fold_into_its_monday_and_the_next_monday_starts_another() -> None:
    recorded = [
        DayCounts(date(2026, 11, 30), Counts(conversations=3, booked_by_bot=1)),  # Monday
        DayCounts(date(2026, 12, 6), Counts(conversations=2, booked_by_staff=2)),  # Sunday
        DayCounts(date(2026, 12, 7), Counts(conversations=5, no_shows=1)),  # the next Monday
    ]
    weeks = periods(recorded, date(2026, 11, 30), date(2026, 12, 8), Grain.WEEK, PRICE)
    assert [w.start for w in weeks] == [date(2026, 11, 30), date(2026, 12, 7)]
    assert weeks[0].counts == Counts(conversations=5, booked_by_bot=1, booked_by_staff=2)
    assert weeks[1].counts == Counts(conversations=5, no_shows=1)


def test_a_range_starting_midweek_counts_that_week_from_its_first_day_only() -> None:
    recorded = [
        DayCounts(date(2026, 12, 1), Counts(handoffs=9)),
        DayCounts(date(2026, 12, 3), Counts(handoffs=1)),
    ]
    weeks = periods(recorded, date(2026, 12, 2), date(2026, 12, 3), Grain.WEEK, PRICE)
    assert [(w.start, w.counts.handoffs) for w in weeks] == [(date(2026, 11, 30), 1)]


def test_every_day_of_the_range_is_a_period_even_without_a_record() -> None:
    days = periods(
        [DayCounts(date(2026, 12, 2), Counts(model_calls=4))],
        date(2026, 12, 1),
        date(2026, 12, 3),
        Grain.DAY,
        PRICE,
    )
    assert [(d.start.day, d.counts.model_calls) for d in days] == [(1, 0), (2, 4), (3, 0)]


def test_the_share_handed_to_staff_is_of_that_periods_conversations() -> None:
    assert Period(date(2026, 12, 1), Counts(conversations=8, handoffs=2), Decimal(0)).handoff_share == 0.25
    assert Period(date(2026, 12, 1), Counts(), Decimal(0)).handoff_share is None, "no conversations, no share"


def test_cost_per_booking_is_the_models_cost_over_the_bots_bookings_and_none_without_any() -> None:
    week = periods(
        [
            DayCounts(
                date(2026, 12, 1),
                Counts(model_tokens=3_000_000, model_calls=900, booked_by_bot=4, booked_by_staff=6),
            )
        ],
        date(2026, 12, 1),
        date(2026, 12, 1),
        Grain.DAY,
        PRICE,
    )[0]
    assert week.cost == Decimal("3.00")
    assert week.cost_per_booking == Decimal("0.75"), "staff bookings cost the model nothing"
    idle = Period(date(2026, 12, 2), Counts(model_tokens=500, booked_by_staff=3), PRICE.of(500))
    assert idle.cost_per_booking is None


def test_the_ranges_are_the_last_30_days_and_the_last_12_weeks_with_this_one() -> None:
    today = date(2026, 12, 5)  # a Saturday
    assert last_days(today, Grain.DAY) == (date(2026, 11, 6), today)
    first, last = last_days(today, Grain.WEEK)
    assert (first, last) == (date(2026, 9, 14), today)
    assert first == monday_of(first)
    assert len(periods([], first, last, Grain.WEEK, PRICE)) == 12


def test_totals_add_every_figure() -> None:
    shown = periods(
        [
            DayCounts(date(2026, 12, 1), Counts(1, 2, 3, 4, 5, 6, 7, 8)),
            DayCounts(date(2026, 12, 2), Counts(1, 1, 1, 1, 1, 1, 1, 1)),
        ],
        date(2026, 12, 1),
        date(2026, 12, 2),
        Grain.DAY,
        PRICE,
    )
    assert total(shown) == Counts(2, 3, 4, 5, 6, 7, 8, 9)
    assert total(shown).bookings == 9
