"""The inbox in process memory: accepted messages until their turn, then their ids for a day.

What the PostgreSQL inbox keeps for good (every message id Meta delivered) is kept
here for ``window`` after handling, so a long-running ``serve`` does not grow without
bound; a process that stops forgets everything, as every in-memory adapter does.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from application.messages import InboundMessage, Media
from application.ports import Conversation, PendingMessage, TurnOutcome
from domain.ids import ClinicId, MessageId, PatientAddress

HANDLED_WINDOW = timedelta(hours=24)


@dataclass
class InboxRow:
    """An accepted message not yet handled: the row of the PostgreSQL store's ``inbound_messages``."""

    message: InboundMessage
    seq: int
    available_at: datetime  # when the sweep may take it (a pause after a failed turn)
    attempts: int = 0
    claimed_until: datetime | None = None
    last_error: str | None = None


@dataclass
class InboxState:
    """Shared by the inbox and every unit of work of one process (they all live in the store)."""

    pending: dict[MessageId, InboxRow] = field(default_factory=dict)
    handled: dict[MessageId, datetime] = field(default_factory=dict)  # id -> when it may be forgotten
    outcomes: dict[MessageId, str] = field(default_factory=dict)
    files: dict[MessageId, tuple[ClinicId, Media]] = field(default_factory=dict)  # kept as long as the id
    window: timedelta = HANDLED_WINDOW
    _seq: itertools.count[int] = field(default_factory=itertools.count)

    def knows(self, message_id: MessageId, now: datetime) -> bool:
        self._forget(now)
        return message_id in self.pending or message_id in self.handled

    def handle(self, message_ids: Sequence[MessageId], now: datetime, outcome: str) -> None:
        for message_id in message_ids:
            if self.pending.pop(message_id, None) is not None:
                self.handled[message_id] = now + self.window
                self.outcomes[message_id] = outcome

    def _forget(self, now: datetime) -> None:
        # Insertion order is expiry order (one window), so the expired ids are at the front.
        for message_id, expires in list(self.handled.items()):
            if expires > now:
                break
            del self.handled[message_id]
            self.outcomes.pop(message_id, None)
            self.files.pop(message_id, None)


class InMemoryInbox:
    """Implements ``Inbox`` over an ``InboxState``."""

    def __init__(self, state: InboxState, *, sweep_grace: timedelta = timedelta(seconds=10)) -> None:
        self._state = state
        self._grace = sweep_grace  # fresh messages are the webhook's to start; the sweep takes stragglers

    async def accept(self, messages: Sequence[InboundMessage], now: datetime) -> list[InboundMessage]:
        new = []
        for message in messages:
            if not self._state.knows(message.id, now):
                row = InboxRow(message, next(self._state._seq), available_at=now + self._grace)
                self._state.pending[message.id] = row
                if message.media is not None:
                    self._state.files[message.id] = (message.clinic_id, message.media)
                new.append(message)
        return new

    async def claim(
        self, clinic_id: ClinicId, patient: PatientAddress, now: datetime, lease: timedelta
    ) -> list[PendingMessage]:
        rows = [
            row
            for row in self._state.pending.values()
            if row.message.clinic_id == clinic_id and row.message.sender == patient
        ]
        if any(row.claimed_until is not None and row.claimed_until > now for row in rows):
            return []
        rows.sort(key=lambda row: (row.message.sent_at, row.seq))
        for row in rows:
            row.attempts += 1
            row.claimed_until = now + lease
        return [PendingMessage(row.message, row.attempts) for row in rows]

    async def retry(self, message_ids: Sequence[MessageId], at: datetime, error: str) -> None:
        for message_id in message_ids:
            row = self._state.pending.get(message_id)
            if row is not None:
                row.claimed_until = None
                row.available_at = at
                row.last_error = error

    async def waiting(self, now: datetime, limit: int) -> list[Conversation]:
        # A conversation is due when one of its rows is, and no turn holds any of them.
        first_due: dict[Conversation, datetime] = {}
        held: set[Conversation] = set()
        for row in self._state.pending.values():
            key = (row.message.clinic_id, row.message.sender)
            if row.claimed_until is not None and row.claimed_until > now:
                held.add(key)
            if row.available_at <= now:
                first_due[key] = min(first_due.get(key, row.available_at), row.available_at)
        due = sorted((at, n, key) for n, (key, at) in enumerate(first_due.items()) if key not in held)
        return [key for _, _, key in due[:limit]]

    async def transcribed(self, message_id: MessageId, transcript: str) -> None:
        row = self._state.pending.get(message_id)
        if row is not None:
            row.message = replace(row.message, transcript=transcript)

    async def media_of(self, clinic_id: ClinicId, message_id: MessageId) -> Media | None:
        kept = self._state.files.get(message_id)
        return kept[1] if kept is not None and kept[0] == clinic_id else None


class StagedHandling:
    """Implements ``HandledMessages`` for an in-memory unit of work: applied at commit."""

    def __init__(self) -> None:
        self.staged: list[tuple[list[MessageId], datetime, str]] = []

    async def handled(self, message_ids: Sequence[MessageId], now: datetime, outcome: TurnOutcome) -> None:
        self.staged.append((list(message_ids), now, outcome.value))

    def apply(self, state: InboxState) -> None:
        for message_ids, now, outcome in self.staged:
            state.handle(message_ids, now, outcome)
