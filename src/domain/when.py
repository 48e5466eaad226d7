"""How patients say when: a part of the day, or a clock time that may lack a.m./p.m."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from enum import StrEnum

# A bare hour before this is an afternoon hour first: no clinic opens at 2 or 6 in the morning
# ("a las 7" stays a morning hour first: some clinics open at 7).
_EARLIEST_MORNING_HOUR = 7


class DayPart(StrEnum):
    """A loose window a patient asks for ("en la mañana", "en la tarde").

    Which hours each part covers depends on the country: ``domain.locale.DayParts``.
    """

    MORNING = "morning"
    AFTERNOON = "afternoon"
    EVENING = "evening"


class Meridiem(StrEnum):
    AM = "am"
    PM = "pm"


@dataclass(frozen=True, slots=True)
class ClockTime:
    """A time as the patient said it: "a las 4:30" has no meridiem, "16:30" and "4 de la tarde" do."""

    hour: int
    minute: int = 0
    meridiem: Meridiem | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.hour <= 23 or not 0 <= self.minute <= 59:
            raise ValueError(f"not a clock time: {self.hour}:{self.minute:02d}")
        if self.meridiem is not None and not 1 <= self.hour <= 12:
            raise ValueError(f"{self.hour} cannot take a.m./p.m.")

    def candidates(self) -> tuple[time, ...]:
        """The wall-clock times the patient may mean, most likely first: a bare 1 to 6 is the
        afternoon's first ("a las 2" is 14:00, even where nobody works at either), 7 to 11 the
        morning's.

        "A las 4" at a clinic is 16:00 far more often than 04:00, but only the
        clinic's hours can tell: the caller keeps the first candidate that is open.
        """
        if self.meridiem is Meridiem.PM:
            return (time(self.hour % 12 + 12, self.minute),)
        if self.meridiem is Meridiem.AM:
            return (time(self.hour % 12, self.minute),)
        if 1 <= self.hour <= _EARLIEST_MORNING_HOUR - 1:  # "a las 2": 14:00 before 02:00
            return (time(self.hour + 12, self.minute), time(self.hour, self.minute))
        if 1 <= self.hour <= 11:
            return (time(self.hour, self.minute), time(self.hour + 12, self.minute))
        return (time(self.hour, self.minute),)
