"""What the offline reader's tests share: the context a message is read in."""

from __future__ import annotations

from datetime import date, datetime, time

from application.ports import NluContext
from domain.clinic import Clinic
from domain.conversation import CollectedFields, ConversationState


def reading_context(
    clinic: Clinic, today: date, state: ConversationState = ConversationState.IDLE
) -> NluContext:
    """Reading at 10:00 on ``today`` in the clinic's zone, in ``state``, with nothing collected yet."""
    return NluContext(
        clinic=clinic,
        now=datetime.combine(today, time(10), tzinfo=clinic.timezone),
        today=today,
        state=state,
        collected=CollectedFields(),
        history=(),
        free_days=(),
    )
