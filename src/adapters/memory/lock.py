"""Per-conversation locks for one process, handing the conversation over in the order messages were sent."""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime

from application.ports import LockUnavailable
from domain.ids import ClinicId, PatientAddress

Key = tuple[ClinicId, PatientAddress]
Ticket = tuple[datetime, int]  # (sent at, arrival): the order a conversation's messages go in


@dataclass
class _Conversation:
    queue: list[Ticket] = field(default_factory=list)  # a heap of every waiter, earliest sent first
    ready: dict[Ticket, asyncio.Future[None]] = field(default_factory=dict)  # waiters done settling
    held: bool = False

    def grant(self) -> None:
        """Hand the conversation to the earliest waiter once it has settled (synchronous: no race)."""
        if not self.held and self.queue and self.queue[0] in self.ready:
            ticket = heapq.heappop(self.queue)
            self.held = True
            self.ready.pop(ticket).set_result(None)

    @property
    def idle(self) -> bool:
        return not self.held and not self.queue


class InMemoryConversationLock:
    """Implements ``ConversationLock`` within one process.

    A message first waits ``settle_seconds``, so that messages delivered together are
    all queued before any of them goes; then the earliest sent goes first. Waiting
    longer than ``wait_seconds`` raises ``LockUnavailable``.
    """

    def __init__(self, *, settle_seconds: float = 0.05, wait_seconds: float = 10.0) -> None:
        self._settle = settle_seconds
        self._wait = wait_seconds
        self._conversations: dict[Key, _Conversation] = {}
        self._arrivals = itertools.count()

    def hold(
        self, clinic_id: ClinicId, patient: PatientAddress, sent_at: datetime
    ) -> AbstractAsyncContextManager[None]:
        return self._hold((clinic_id, patient), (sent_at, next(self._arrivals)))

    @asynccontextmanager
    async def _hold(self, key: Key, ticket: Ticket) -> AsyncIterator[None]:
        conversation = self._conversations.setdefault(key, _Conversation())
        await self._acquire(key, conversation, ticket)
        try:
            yield
        finally:
            self._release(key, conversation)

    async def _acquire(self, key: Key, conversation: _Conversation, ticket: Ticket) -> None:
        heapq.heappush(conversation.queue, ticket)
        granted = asyncio.get_running_loop().create_future()
        try:
            await asyncio.sleep(self._settle)
            conversation.ready[ticket] = granted
            conversation.grant()
            await asyncio.wait({granted}, timeout=self._wait)
        except BaseException:  # cancelled while waiting
            if granted.done():
                self._release(key, conversation)
            else:
                self._leave(key, conversation, ticket)
            raise
        if not granted.done():
            self._leave(key, conversation, ticket)
            raise LockUnavailable("the conversation stayed busy too long")

    def _release(self, key: Key, conversation: _Conversation) -> None:
        conversation.held = False
        conversation.grant()
        self._forget_if_idle(key, conversation)

    def _leave(self, key: Key, conversation: _Conversation, ticket: Ticket) -> None:
        conversation.ready.pop(ticket, None)
        conversation.queue.remove(ticket)
        heapq.heapify(conversation.queue)
        conversation.grant()  # it may have been first in line
        self._forget_if_idle(key, conversation)

    def _forget_if_idle(self, key: Key, conversation: _Conversation) -> None:
        if conversation.idle:
            self._conversations.pop(key, None)

    @property
    def held(self) -> int:
        """How many conversations have a holder or waiters (for tests: no leak)."""
        return len(self._conversations)
