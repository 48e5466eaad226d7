"""What the in-memory stores keep of patients' messages, forgotten on time (``ExpiringRecords``).

The twins of ``adapters.postgres.retention`` over the same data in process memory. The in-memory
inbox keeps no text of a handled message (only its id, for a while), so it has nothing to purge.
"""

from __future__ import annotations

from collections import deque
from datetime import UTC, datetime

from adapters.memory.outbound import InMemoryOutboundLog
from adapters.memory.outbox import OutboxRow, OutboxState
from adapters.memory.store import InMemoryStore
from application.ports import ExpiringRecords, Retained
from domain.ids import ClinicId


class InMemoryConversationHistory:
    """Implements ``ExpiringRecords``: the turns of each conversation said before the cut-off."""

    name = "conversation_history"
    kept_for = Retained.MESSAGES

    def __init__(self, store: InMemoryStore) -> None:
        self._store = store

    async def purge(self, clinic_id: ClinicId, older_than: datetime, limit: int) -> int:
        done = 0
        for (clinic, _), session in self._store.sessions.items():
            if done == limit:
                break
            if clinic != clinic_id or not session.history or session.history[0].at >= older_than:
                continue
            session.history = deque(
                (t for t in session.history if t.at >= older_than), session.history.maxlen
            )
            session.version += 1  # as the row's version: a turn holding the old one conflicts
            done += 1
        return done


class InMemorySentReplies:
    """Implements ``ExpiringRecords``: replies sent or given up on, kept for their late receipts."""

    name = "sent_replies"
    kept_for = Retained.MESSAGES

    def __init__(self, state: OutboxState) -> None:
        self._state = state

    async def purge(self, clinic_id: ClinicId, older_than: datetime, limit: int) -> int:
        state, done = self._state, 0

        def expired(row: OutboxRow) -> bool:
            return done < limit and row.clinic_id == clinic_id and row.available_at < older_than

        for row_id, row in list(state.recent.items()):
            if expired(row):
                del state.recent[row_id]
                done += 1
        kept: deque[OutboxRow] = deque(maxlen=state.failed.maxlen)
        for row in state.failed:
            if expired(row):
                done += 1
            else:
                kept.append(row)
        state.failed = kept
        return done


class InMemoryDeliveryReceipts:
    """Implements ``ExpiringRecords``: the receipts of sent messages, by when each came."""

    name = "delivery_receipts"
    kept_for = Retained.RECEIPTS

    def __init__(self, log: InMemoryOutboundLog) -> None:
        self._log = log

    async def purge(self, clinic_id: ClinicId, older_than: datetime, limit: int) -> int:
        done = 0
        for record in self._log.messages.values():
            if done == limit:
                break
            if record.clinic_id == clinic_id and any(r.at < older_than for r in record.reports):
                record.reports = [r for r in record.reports if r.at >= older_than]
                done += 1
        return done


class InMemoryOutboundRecords:
    """Implements ``ExpiringRecords``: the log of what was sent, and to whom."""

    name = "outbound_log"
    kept_for = Retained.OUTBOUND

    def __init__(self, log: InMemoryOutboundLog) -> None:
        self._log = log

    async def purge(self, clinic_id: ClinicId, older_than: datetime, limit: int) -> int:
        old = [
            message_id
            for message_id, record in self._log.messages.items()
            if record.clinic_id == clinic_id and record.sent_at < older_than
        ][:limit]
        for message_id in old:
            del self._log.messages[message_id]
        return len(old)


class InMemoryWaitlistEntries:
    """Implements ``ExpiringRecords``: waitlist entries that ended or whose day passed, with their offers."""

    name = "waitlist_entries"
    kept_for = Retained.MESSAGES

    def __init__(self, store: InMemoryStore) -> None:
        self._store = store

    async def purge(self, clinic_id: ClinicId, older_than: datetime, limit: int) -> int:
        state = self._store.waitlist
        old = [
            entry_id
            for entry_id, entry in state.entries.items()
            if entry.clinic_id == clinic_id
            and entry.created_at < older_than
            and (not entry.waiting or entry.want.day < older_than.astimezone(UTC).date())
        ][:limit]
        for entry_id in old:
            del state.entries[entry_id]
        for offer_id in [o.id for o in state.offers.values() if o.entry_id in old]:
            del state.offers[offer_id]
        return len(old)


def memory_expiring_records(store: InMemoryStore, outbound: InMemoryOutboundLog) -> list[ExpiringRecords]:
    """Every in-memory store that keeps message texts, receipts or the outbound log."""
    return [
        InMemorySentReplies(store.outbox),
        InMemoryConversationHistory(store),
        InMemoryDeliveryReceipts(outbound),
        InMemoryOutboundRecords(outbound),
        InMemoryWaitlistEntries(store),
    ]
