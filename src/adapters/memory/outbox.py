"""The outbox in process memory: a turn's replies until WhatsApp took them (or refused them for good).

Sent replies are dropped at once; failed ones are kept (bounded) for a person to look at.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from application.messages import OutboundMessage, TemplateReply
from application.ports import OUTBOX_REFERENCE_PREFIX, REFUSED_LATE, Conversation, QueuedReply
from domain.ids import ClinicId, PatientAddress

RECENT_SENT = 1000  # sent replies kept, for a receipt that says WhatsApp refused one later


@dataclass
class OutboxRow:
    id: int
    clinic_id: ClinicId
    to: PatientAddress
    message: OutboundMessage
    available_at: datetime
    attempts: int = 0
    parts_sent: int = 0
    claimed_until: datetime | None = None
    last_error: str | None = None


@dataclass
class OutboxState:
    """Shared by the outbox and every unit of work of one process."""

    pending: dict[int, OutboxRow] = field(default_factory=dict)
    failed: deque[OutboxRow] = field(default_factory=lambda: deque(maxlen=1000))
    recent: dict[int, OutboxRow] = field(default_factory=dict)  # the last sent, for their late receipts
    sent_count: int = 0
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def add(self, clinic_id: ClinicId, to: PatientAddress, message: OutboundMessage, now: datetime) -> None:
        row_id = next(self._ids)
        self.pending[row_id] = OutboxRow(row_id, clinic_id, to, message, available_at=now)


class InMemoryOutbox:
    """Implements ``Outbox`` over an ``OutboxState``."""

    def __init__(self, state: OutboxState) -> None:
        self._state = state

    async def claim(
        self, clinic_id: ClinicId, to: PatientAddress, now: datetime, lease: timedelta
    ) -> list[QueuedReply]:
        rows = sorted(
            (r for r in self._state.pending.values() if r.clinic_id == clinic_id and r.to == to),
            key=lambda r: r.id,
        )
        if not rows or rows[0].available_at > now:
            return []
        if any(r.claimed_until is not None and r.claimed_until > now for r in rows):
            return []
        for row in rows:
            row.attempts += 1
            row.claimed_until = now + lease
        return [QueuedReply(r.id, r.clinic_id, r.to, r.message, r.attempts, r.parts_sent) for r in rows]

    async def sent(self, reply_id: int, now: datetime) -> None:
        row = self._state.pending.pop(reply_id, None)
        if row is not None:
            self._state.sent_count += 1
            self._state.recent[reply_id] = row
            while len(self._state.recent) > RECENT_SENT:
                del self._state.recent[next(iter(self._state.recent))]

    async def retry(self, reply_ids: Sequence[int], at: datetime, error: str) -> None:
        for reply_id in reply_ids:
            row = self._state.pending.get(reply_id)
            if row is not None:
                row.claimed_until, row.available_at, row.last_error = None, at, error

    async def parts_sent(self, reply_id: int, parts: int) -> None:
        row = self._state.pending.get(reply_id)
        if row is not None:
            row.parts_sent = max(row.parts_sent, parts)

    async def failed(self, reply_id: int, error: str) -> None:
        row = self._state.pending.pop(reply_id, None)
        if row is not None:
            row.last_error = error
            self._state.failed.append(row)

    async def forget(self, reply_id: int) -> None:
        self._state.pending.pop(reply_id, None)
        self._state.recent.pop(reply_id, None)
        for row in [r for r in self._state.failed if r.id == reply_id]:
            self._state.failed.remove(row)

    async def confirm(self, reference: str, now: datetime) -> bool:
        try:
            reply_id = int(reference.removeprefix(OUTBOX_REFERENCE_PREFIX))
        except ValueError:
            return False
        if not reference.startswith(OUTBOX_REFERENCE_PREFIX) or reply_id not in self._state.pending:
            return False
        await self.sent(reply_id, now)
        return True

    async def waiting(self, now: datetime, limit: int) -> list[Conversation]:
        first: dict[Conversation, OutboxRow] = {}
        for row in sorted(self._state.pending.values(), key=lambda r: r.id):
            first.setdefault((row.clinic_id, row.to), row)
        held = {
            (r.clinic_id, r.to)
            for r in self._state.pending.values()
            if r.claimed_until is not None and r.claimed_until > now
        }
        due = [key for key, row in first.items() if row.available_at <= now and key not in held]
        return due[:limit]


class StagedOutbox:
    """Implements ``StagedReplies`` for an in-memory unit of work: queued at commit."""

    def __init__(self, state: OutboxState | None = None) -> None:
        self._state = state  # read for late receipts of replies already sent
        self.staged: list[tuple[ClinicId, PatientAddress, OutboundMessage, datetime]] = []
        self.late: list[int] = []

    async def add(
        self, clinic_id: ClinicId, to: PatientAddress, messages: Sequence[OutboundMessage], now: datetime
    ) -> None:
        self.staged.extend((clinic_id, to, m, now) for m in messages)

    async def refused_late(self, reference: str) -> QueuedReply | None:
        number = reference.removeprefix(OUTBOX_REFERENCE_PREFIX)
        if not reference.startswith(OUTBOX_REFERENCE_PREFIX) or not number.isdigit():
            return None
        row = self._state.recent.get(int(number)) if self._state is not None else None
        if row is None or isinstance(row.message, TemplateReply) or row.id in self.late:
            return None
        self.late.append(row.id)
        return QueuedReply(row.id, row.clinic_id, row.to, row.message, row.attempts, row.parts_sent)

    def apply(self, state: OutboxState) -> None:
        for clinic_id, to, message, now in self.staged:
            state.add(clinic_id, to, message, now)
        for reply_id in self.late:  # failed, as PostgreSQL marks it: reported once
            row = state.recent.pop(reply_id, None)
            if row is not None:
                row.last_error = REFUSED_LATE
                state.failed.append(row)
