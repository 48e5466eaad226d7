"""Hand-off alerts in process memory: staged with a unit of work, claimed by the worker."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from application.ports import HandoffAlert, QueuedAlert


@dataclass
class AlertRow:
    id: int
    alert: HandoffAlert
    available_at: datetime
    attempts: int = 0
    claimed_until: datetime | None = None
    sent_at: datetime | None = None
    failed_at: datetime | None = None
    last_error: str | None = None


@dataclass
class AlertState:
    rows: dict[int, AlertRow] = field(default_factory=dict)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def add(self, alert: HandoffAlert, now: datetime) -> None:
        row_id = next(self._ids)
        self.rows[row_id] = AlertRow(row_id, alert, now)


class StagedAlertList:
    """Implements ``StagedAlerts``: kept until the unit of work commits."""

    def __init__(self) -> None:
        self.staged: list[tuple[HandoffAlert, datetime]] = []

    async def add(self, alert: HandoffAlert, now: datetime) -> None:
        self.staged.append((alert, now))

    def apply(self, state: AlertState) -> None:
        for alert, now in self.staged:
            state.add(alert, now)
        self.staged = []


class InMemoryAlertQueue:
    """Implements ``AlertQueue`` over an ``AlertState``."""

    def __init__(self, state: AlertState) -> None:
        self.state = state

    async def claim(self, now: datetime, lease: timedelta, limit: int) -> list[QueuedAlert]:
        due = [
            row
            for row in self.state.rows.values()
            if row.sent_at is None
            and row.failed_at is None
            and row.available_at <= now
            and (row.claimed_until is None or row.claimed_until <= now)
        ][:limit]
        claimed = []
        for row in due:
            claimed.append(QueuedAlert(row.id, row.alert, row.attempts))
            row.attempts += 1
            row.claimed_until = now + lease
        return claimed

    async def sent(self, alert_id: int, at: datetime) -> None:
        self.state.rows[alert_id].sent_at = at

    async def retry(self, alert_id: int, at: datetime, error: str) -> None:
        row = self.state.rows[alert_id]
        row.available_at, row.claimed_until, row.last_error = at, None, error

    async def failed(self, alert_id: int, at: datetime, error: str) -> None:
        row = self.state.rows[alert_id]
        row.failed_at, row.last_error = at, error
