"""How much one patient may cost: model calls and replies within a sliding window, model tokens a day.

A patient sending a hundred messages a minute is answered, but within bounds: the model is
asked at most so often, and replies go out at most so fast. The rest is read offline, or
recorded without an answer. The model's tokens are budgeted per day (the clinic's day), per
patient and per clinic. Pure: the instants come from the caller.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum


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
class DailyTokens:
    """Model tokens used on one day; another day starts from none."""

    day: date | None = None
    tokens: int = 0

    def on(self, day: date) -> int:
        return self.tokens if day == self.day else 0

    def spent(self, day: date, tokens: int) -> DailyTokens:
        return DailyTokens(day, self.on(day) + tokens)


class ModelRefusal(StrEnum):
    """Why a message is read offline although the model would have been asked: a budget is used
    up, or the patient has not consented to their texts going to the model (``domain.consent``)."""

    NO_CONSENT = "no_consent"  # the model is abroad: an international transfer needs consent
    PATIENT_CALLS = "patient_calls"  # the patient's model calls this hour
    PATIENT_TOKENS = "patient_tokens"  # the patient's model tokens today
    CLINIC_TOKENS = "clinic_tokens"  # the clinic's model tokens today


@dataclass(frozen=True, slots=True)
class PatientLimits:
    """What conversations may cost: model calls per hour and replies per minute, per patient;
    model tokens (read and written) per day, per patient and per clinic."""

    model_calls: Limit = Limit(20, timedelta(hours=1))
    replies: Limit = Limit(12, timedelta(minutes=1))
    model_tokens_per_patient: int = 50_000
    model_tokens_per_clinic: int = 2_000_000

    def model_refusal(
        self, calls: Throttle, patient_tokens: int, clinic_tokens: int, now: datetime
    ) -> ModelRefusal | None:
        """Whether the model may be asked now (None) or which budget is used up: the one place
        that decides, from the patient's recent calls and today's tokens of patient and clinic.
        A call that starts within the budget may end a little past it (one call's worth)."""
        if calls.room(now, self.model_calls) == 0:
            return ModelRefusal.PATIENT_CALLS
        if patient_tokens >= self.model_tokens_per_patient:
            return ModelRefusal.PATIENT_TOKENS
        if clinic_tokens >= self.model_tokens_per_clinic:
            return ModelRefusal.CLINIC_TOKENS
        return None
