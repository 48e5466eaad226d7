"""Weekly hours in a clinic's wall-clock time: a doctor's working ranges, the clinic's opening hours."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta


@dataclass(frozen=True, slots=True)
class TimeRange:
    """Opening hours within one day. An ``end`` at or before ``start`` runs past midnight."""

    start: time
    end: time

    @property
    def crosses_midnight(self) -> bool:
        return self.end <= self.start

    def covers(self, moment: time) -> bool:
        """Whether a wall-clock time falls inside these hours (the end is exclusive)."""
        if self.crosses_midnight:
            return moment >= self.start or moment < self.end
        return self.start <= moment < self.end

    def length(self) -> timedelta:
        start = datetime.combine(date.min, self.start)
        end = datetime.combine(date.min + timedelta(days=int(self.crosses_midnight)), self.end)
        return end - start


# A working range as availability's integer arithmetic reads it: microseconds after midnight
# it opens, its length in microseconds, whether it runs past midnight, and the range itself.
DecodedRange = tuple[int, int, bool, TimeRange]

_MICROSECOND = timedelta(microseconds=1)


@dataclass(frozen=True, slots=True)
class WeeklyHours:
    """Working ranges per weekday (0 = Monday), in the clinic's wall-clock time."""

    ranges: Mapping[int, tuple[TimeRange, ...]] = field(default_factory=dict)
    # ``decoded()``'s answer, kept on first use (not compared, not shown).
    _decoded: tuple[tuple[DecodedRange, ...], ...] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def decoded(self) -> tuple[tuple[DecodedRange, ...], ...]:
        """``ranges`` per weekday 0..6 as free-slot arithmetic reads them, worked out once.

        Every availability question reads every doctor's week: decoding it each time cost
        more than the rest of a turn's days. ``ranges`` must not change after construction.
        """
        decoded = self._decoded
        if decoded is None:
            decoded = tuple(
                tuple(
                    (
                        ((r.start.hour * 60 + r.start.minute) * 60 + r.start.second) * 1_000_000
                        + r.start.microsecond,
                        r.length() // _MICROSECOND,
                        r.crosses_midnight,
                        r,
                    )
                    for r in self.ranges.get(weekday, ())
                )
                for weekday in range(7)
            )
            object.__setattr__(self, "_decoded", decoded)
        return decoded

    def on(self, day: date) -> tuple[TimeRange, ...]:
        return self.ranges.get(day.weekday(), ())
