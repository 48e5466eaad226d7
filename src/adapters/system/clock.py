"""The real clock."""

from __future__ import annotations

from datetime import UTC, datetime


class SystemClock:
    """Implements ``Clock``: the machine's time, always UTC-aware."""

    def now(self) -> datetime:
        return datetime.now(UTC)
