"""How much one patient may cost: model calls and replies within a sliding window.

A patient sending a hundred messages a minute is answered, but within bounds: the model is
asked at most so often, and replies go out at most so fast. The rest is read offline, or
recorded without an answer. Pure: the instants come from the caller.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True, slots=True)
class Limit:
    """At most ``count`` events in any ``window``."""

    count: int
    window: timedelta

    def __post_init__(self) -> None:
        if self.count < 1 or self.window <= timedelta(0):
            raise ValueError("a limit needs a positive count and window")


@dataclass(frozen=True, slots=True)
class Throttle:
    """The instants of recent events, oldest first (only those still inside some window)."""

    recent: tuple[datetime, ...] = ()

    def room(self, now: datetime, limit: Limit) -> int:
        """How many more events ``limit`` allows at ``now``."""
        inside = sum(1 for at in self.recent if now - at < limit.window)
        return max(limit.count - inside, 0)

    def recorded(self, now: datetime, limit: Limit, times: int = 1) -> Throttle:
        """With ``times`` events at ``now``; what fell out of the window is forgotten."""
        kept = tuple(at for at in self.recent if now - at < limit.window)
        return Throttle((*kept, *(now,) * times)[-limit.count :])


@dataclass(frozen=True, slots=True)
class PatientLimits:
    """What one conversation may cost: model calls per hour, replies per minute."""

    model_calls: Limit = Limit(20, timedelta(hours=1))
    replies: Limit = Limit(12, timedelta(minutes=1))
