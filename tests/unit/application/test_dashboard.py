"""The dashboard's use case over the in-memory figures."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from adapters.memory.figures import InMemoryDashboardFigures
from application.dashboard import ShowDashboard
from application.ports.figures import Figure
from domain.figures import Counts, Grain, TokenPrice
from tests.factories import clinic

PRICE = TokenPrice("claude-haiku-4-5", Decimal("1.00"))
TODAY = date(2026, 12, 5)


async def test_by_week_it_shows_12_weeks_with_their_counts_and_costs() -> None:
    sonrisa = clinic()
    figures = InMemoryDashboardFigures()
    figures.add(
        sonrisa.id,
        date(2026, 12, 1),
        Counts(conversations=10, handoffs=1, booked_by_bot=2, model_tokens=400_000),
    )
    figures.add(
        sonrisa.id,
        date(2026, 12, 4),
        Counts(conversations=10, handoffs=3, booked_by_bot=2, model_tokens=400_000),
    )
    figures.add(sonrisa.id, date(2026, 8, 1), Counts(conversations=99))  # before the range
    shown = await ShowDashboard(figures, PRICE)(sonrisa, TODAY, Grain.WEEK)
    assert len(shown.periods) == 12
    this_week = shown.periods[-1]
    assert this_week.start == date(2026, 11, 30)
    assert this_week.counts.conversations == 20
    assert this_week.handoff_share == 0.2
    assert this_week.cost == Decimal("0.8")
    assert this_week.cost_per_booking == Decimal("0.2")
    assert shown.totals.counts.conversations == 20, "days before the range are not counted"


async def test_it_says_from_which_day_a_figure_is_recorded_when_that_falls_inside_the_range() -> None:
    sonrisa = clinic()  # Santiago: 02:00 UTC on the 3rd is still the 2nd there
    figures = InMemoryDashboardFigures(
        {
            Figure.HANDOFFS: datetime(2026, 12, 3, 2, 0, tzinfo=UTC),
            Figure.MODEL_CALLS: datetime(2026, 1, 1, tzinfo=UTC),
        }
    )
    shown = await ShowDashboard(figures, PRICE)(sonrisa, TODAY, Grain.DAY)
    assert shown.recorded_from == {Figure.HANDOFFS: date(2026, 12, 2)}, "recorded long before: nothing to say"
