"""The real clock."""

from __future__ import annotations

from datetime import UTC, datetime


class SystemClock:
    """Implements ``Clock``: the machine's time, always UTC-aware."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class ShiftedClock:
    """Implements ``Clock``: time that runs like the machine's but from another starting moment.

    For demos and tests of long-running processes (the worker) that must live through
    a chosen day while leases and back-offs still expire in real seconds.
    """

    def __init__(self, starts_at: datetime) -> None:
        if starts_at.tzinfo is None:
            raise ValueError("ShiftedClock needs a timezone-aware datetime")
        self._offset = starts_at - datetime.now(UTC)

    def now(self) -> datetime:
        return datetime.now(UTC) + self._offset
