"""The metrics port: what the application counts, by outcome."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Protocol

from application.messages import InboundKind
from domain.ids import ClinicId
from domain.throttle import ModelRefusal


class DeliveryOutcome(StrEnum):
    """What the webhook made of a delivery."""

    ACCEPTED = "accepted"
    MISSING_SIGNATURE = "missing_signature"
    BAD_SIGNATURE = "bad_signature"
    MALFORMED = "malformed"
    DEFERRED = "deferred"  # not recorded (a store is away): Meta delivers it again


class TurnMetric(StrEnum):
    """What became of a turn, as counted."""

    ANSWERED = "answered"
    RECORDED = "recorded"  # the bot is off
    HANDED_OFF = "handed_off"
    BLOCKED = "blocked"
    NO_CLINIC = "no_clinic"
    PUT_OFF = "put_off"  # the lock or a store was away before it began
    FAILED = "failed"  # an outage during it: tried again
    BUG = "bug"
    STOPPED = "stopped"  # cancelled at shutdown


class NluOutcome(StrEnum):
    OK = "ok"
    FAILED = "failed"  # timeout, rate limit, 5xx
    REFUSED = "refused"  # a malformed answer


class SendOutcome(StrEnum):
    SENT = "sent"
    RETRYABLE = "retryable"  # tried again later
    REJECTED = "rejected"
    ERROR = "error"  # a bug while sending


class BookingOutcome(StrEnum):
    BOOKED = "booked"
    TAKEN = "taken"  # the store refused a taken slot


class LockOutcome(StrEnum):
    ACQUIRED = "acquired"
    TIMED_OUT = "timed_out"
    UNAVAILABLE = "unavailable"


class Metrics(Protocol):
    """What the service does, counted for operators (Prometheus in production, nothing in tests).

    Every method is cheap and never raises: counting must not cost a patient an answer.
    """

    def delivery(self, outcome: DeliveryOutcome) -> None:
        """A webhook delivery, by outcome."""
        ...

    def messages(self, new: Sequence[InboundKind], duplicates: int) -> None:
        """Messages of an accepted delivery: the kinds of those first seen, and how many were seen
        before (a redelivery)."""
        ...

    def turn(self, outcome: TurnMetric, seconds: float) -> None:
        """A conversation's turn, by outcome, and how long it took."""
        ...

    def nlu_call(self, engine: str, outcome: NluOutcome, seconds: float) -> None:
        """A model call, by outcome, and how long it took."""
        ...

    def nlu_tokens(self, model: str, kind: str, tokens: int, dollars: float) -> None:
        """Tokens a model call used by kind (``input``, ``output``, ``cache_read``, ``cache_write``)."""
        ...

    def send(self, outcome: SendOutcome) -> None:
        """A message handed to WhatsApp, by outcome."""
        ...

    def booking(self, outcome: BookingOutcome) -> None:
        """An appointment written, or refused by the store's guard."""
        ...

    def lock_wait(self, outcome: LockOutcome, seconds: float) -> None:
        """Time a turn waited for its conversation, by outcome."""
        ...

    def model_tokens(self, clinic_id: ClinicId, used: int, limit: int) -> None:
        """A clinic's model tokens today (its own day), as last read or spent, and its daily limit."""
        ...

    def model_refused(self, refusal: ModelRefusal) -> None:
        """A message read offline that the model would have read: a budget was used up, or the
        patient has not consented to the model reading them."""
        ...


class NoMetrics:
    """Implements ``Metrics`` by counting nothing (unit tests, the terminal chat)."""

    def delivery(self, outcome: DeliveryOutcome) -> None:
        pass

    def messages(self, new: Sequence[InboundKind], duplicates: int) -> None:
        pass

    def turn(self, outcome: TurnMetric, seconds: float) -> None:
        pass

    def nlu_call(self, engine: str, outcome: NluOutcome, seconds: float) -> None:
        pass

    def nlu_tokens(self, model: str, kind: str, tokens: int, dollars: float) -> None:
        pass

    def send(self, outcome: SendOutcome) -> None:
        pass

    def booking(self, outcome: BookingOutcome) -> None:
        pass

    def lock_wait(self, outcome: LockOutcome, seconds: float) -> None:
        pass

    def model_tokens(self, clinic_id: ClinicId, used: int, limit: int) -> None:
        pass

    def model_refused(self, refusal: ModelRefusal) -> None:
        pass
