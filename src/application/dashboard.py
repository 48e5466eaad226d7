"""The clinic's dashboard: its figures by day or by week, with shares and the model's cost."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from application.ports.figures import DashboardFigures, Figure
from domain.clinic import Clinic
from domain.figures import Counts, Grain, Period, TokenPrice, last_days, periods, total


@dataclass(frozen=True, slots=True)
class Dashboard:
    """What the page charts: one period per bar, the range's totals, and, for each figure recorded
    only since some day inside the range, that day (the days before do not tell it)."""

    grain: Grain
    first: date
    last: date
    periods: list[Period]
    totals: Period
    recorded_from: dict[Figure, date] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ShowDashboard:
    """Reads a clinic's figures for the last 30 days (by day) or 12 weeks (by week)."""

    figures: DashboardFigures
    price: TokenPrice

    async def __call__(self, clinic: Clinic, today: date, grain: Grain) -> Dashboard:
        first, last = last_days(today, grain)
        recorded = await self.figures.days(clinic.id, first, last, clinic.timezone)
        shown = periods(recorded.days, first, last, grain, self.price)
        summed: Counts = total(shown)
        recorded_from = {
            figure: day
            for figure, since in recorded.since.items()
            if (day := clinic.local(since).date()) > first
        }
        totals = Period(first, summed, self.price.of(summed.model_tokens))
        return Dashboard(grain, first, last, shown, totals, recorded_from)
