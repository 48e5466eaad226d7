"""How long to wait before trying again: one capped exponential backoff for turns, sends and reminders."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta


@dataclass(frozen=True, slots=True)
class Backoff:
    """``first`` after the first failure, ``factor`` times longer after each next one, never more
    than ``longest`` (5 s, 15 s, 45 s ... with a factor of 3)."""

    first: timedelta
    longest: timedelta
    factor: int = 2

    def __post_init__(self) -> None:
        if self.first < timedelta(0) or self.longest < self.first or self.factor < 1:
            raise ValueError(f"not a backoff: {self}")

    def delay(self, attempts: int) -> timedelta:
        """The pause after ``attempts`` failed tries (the first pause after one, or none yet)."""
        waited = self.first
        for _ in range(max(attempts - 1, 0)):
            if waited >= self.longest:
                break
            waited *= self.factor
        return min(waited, self.longest)

    def delay_at_least(self, attempts: int, asked: timedelta | None) -> timedelta:
        """The pause after ``attempts`` failed tries, or longer when the other side asked for longer
        (an HTTP ``Retry-After``): never shorter than either."""
        return max(self.delay(attempts), asked or timedelta(0))

    def starting_at(self, first: timedelta) -> Backoff:
        """The same backoff from another first pause (a setting), still capped at ``longest``."""
        return replace(self, first=first, longest=max(self.longest, first))
