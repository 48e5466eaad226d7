"""The dashboard's figures in process memory: what tests (or a terminal run) recorded, per day."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from application.ports.figures import Figure, RecordedFigures
from domain.figures import Counts, DayCounts
from domain.ids import ClinicId


class InMemoryDashboardFigures:
    """Implements ``DashboardFigures`` over counts added with ``add``."""

    def __init__(self, since: dict[Figure, datetime] | None = None) -> None:
        self._days: dict[tuple[ClinicId, date], Counts] = {}
        self.since = dict(since or {})

    def add(self, clinic_id: ClinicId, day: date, counts: Counts) -> None:
        key = (clinic_id, day)
        self._days[key] = self._days.get(key, Counts()) + counts

    async def days(self, clinic_id: ClinicId, first: date, last: date, zone: ZoneInfo) -> RecordedFigures:
        found = [
            DayCounts(day, counts)
            for (clinic, day), counts in sorted(self._days.items())
            if clinic == clinic_id and first <= day <= last
        ]
        return RecordedFigures(found, dict(self.since))
