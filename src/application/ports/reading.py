"""Ports for reading free text: the NLU engine, its context, and the model-token budget."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from domain.availability import Slot
from domain.clinic import Clinic
from domain.conversation import CollectedFields, ConversationState, Turn
from domain.ids import ClinicId
from domain.language import LanguageHeard
from domain.throttle import ModelRefusal
from domain.understanding import Understanding


@dataclass(frozen=True, slots=True)
class NluContext:
    """What an NLU engine may know when reading a message: the clinic's live context."""

    clinic: Clinic
    now: datetime
    today: date
    state: ConversationState
    collected: CollectedFields
    history: Sequence[Turn]
    free_days: Sequence[date]
    free_slots: Sequence[Slot] = ()  # real free times of the day being discussed (or the next free day)
    # Why the model may not be asked (a budget used up, no consent); None: it may.
    model_refusal: ModelRefusal | None = None

    @property
    def model_allowed(self) -> bool:
        return self.model_refusal is None


class LanguageDetector(Protocol):
    def heard(self, text: str) -> LanguageHeard:
        """What a patient's message says of its language: asked for by name, or its words' counts."""
        ...


class NoLanguageDetector:
    """Implements ``LanguageDetector`` for a clinic that speaks one language: nothing is heard."""

    def heard(self, text: str) -> LanguageHeard:
        return LanguageHeard()


class NluEngine(Protocol):
    async def understand(self, text: str, context: NluContext) -> Understanding:
        """Propose what the patient meant. Raises ``NluUnavailable`` when it cannot tell."""
        ...


class ModelTokens(Protocol):
    """The model tokens each clinic used per day (the clinic's day), shared by every process."""

    async def used(self, clinic_id: ClinicId, day: date) -> int: ...

    async def spend(self, clinic_id: ClinicId, day: date, tokens: int) -> int:
        """Add one model call's ``tokens`` to the day's count at once, outside any unit of work (a
        call made is paid for, whatever becomes of the turn); returns the new count. The durable
        adapter also counts the call (the dashboard's model calls)."""
        ...


class NoModelTokens:
    """Implements ``ModelTokens`` by counting nothing: the offline reader costs no tokens."""

    async def used(self, clinic_id: ClinicId, day: date) -> int:
        return 0

    async def spend(self, clinic_id: ClinicId, day: date, tokens: int) -> int:
        return 0


class NluUnavailable(Exception):
    """The NLU engine failed or timed out: the turn is tried again later (or a safe reply, in a terminal).

    ``tokens``: what the failed reading still cost (a model answer that was refused).
    """

    def __init__(self, reason: str = "", tokens: int = 0) -> None:
        super().__init__(reason)
        self.tokens = tokens
