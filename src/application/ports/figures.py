"""Port: the figures a clinic's dashboard charts, per day."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Protocol
from zoneinfo import ZoneInfo

from domain.figures import DayCounts
from domain.ids import ClinicId


class Figure(StrEnum):
    """The figures only recorded since the dashboard came: before, the data does not say them."""

    CONVERSATIONS = "conversations"
    HANDOFFS = "handoffs"
    MODEL_CALLS = "model_calls"


@dataclass(frozen=True, slots=True)
class RecordedFigures:
    """A clinic's days with something counted (days without are left out), and since when each
    figure of ``Figure`` has been recorded (missing: since always)."""

    days: Sequence[DayCounts]
    since: Mapping[Figure, datetime] = field(default_factory=dict)


class DashboardFigures(Protocol):
    async def days(self, clinic_id: ClinicId, first: date, last: date, zone: ZoneInfo) -> RecordedFigures:
        """What ``clinic_id`` counted on each of its days from ``first`` to ``last`` (both
        included), days read in ``zone``: bookings by the day they were made, no-shows by the day
        the visit was due, reminder answers by the day they came."""
        ...
