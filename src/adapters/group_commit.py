"""Group commit for the webhook: deliveries accepted at the same time are recorded in one write."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from adapters.inbox_decorator import InboxDecorator
from application.messages import InboundMessage
from application.ports import Inbox


@dataclass(frozen=True, slots=True)
class _Waiting:
    messages: Sequence[InboundMessage]
    now: datetime
    recorded: asyncio.Future[list[InboundMessage]]


class GroupCommitInbox(InboxDecorator):
    """Implements ``Inbox``: concurrent ``accept`` calls share one write to the inbox behind.

    A busy server has many deliveries being accepted at once. Each joins the group that
    forms while the previous write is in flight, and a group costs one dedup lookup, one
    INSERT and one dedup write, however many deliveries it holds. A lone delivery is
    written at once. Each caller still gets exactly its own new messages, and a write
    that fails fails every call of its group, so none of them is acknowledged and Meta
    delivers them all again.
    """

    def __init__(self, inbox: Inbox, *, max_group: int = 256) -> None:
        super().__init__(inbox)
        self._max_group = max_group
        self._queue: list[_Waiting] = []
        self._writer: asyncio.Task[None] | None = None

    async def accept(self, messages: Sequence[InboundMessage], now: datetime) -> list[InboundMessage]:
        if not messages:
            return []
        recorded: asyncio.Future[list[InboundMessage]] = asyncio.get_running_loop().create_future()
        self._queue.append(_Waiting(messages, now, recorded))
        if self._writer is None:
            self._writer = asyncio.create_task(self._write_groups(), name="inbox group commit")
        return await recorded

    async def _write_groups(self) -> None:
        try:
            await asyncio.sleep(0)  # requests already under way in this turn of the loop join in
            while self._queue:
                group, self._queue = self._queue[: self._max_group], self._queue[self._max_group :]
                await self._write(group)
        finally:
            self._writer = None
            for waiting in self._queue:  # cancelled at shutdown: nobody is left waiting forever
                if not waiting.recorded.done():
                    waiting.recorded.set_exception(RuntimeError("the inbox writer stopped"))
            self._queue = []

    async def _write(self, group: list[_Waiting]) -> None:
        try:
            accepted = await self._inbox.accept(
                [m for waiting in group for m in waiting.messages], max(w.now for w in group)
            )
        except Exception as failure:
            for waiting in group:
                if not waiting.recorded.done():
                    waiting.recorded.set_exception(failure)
            return
        except BaseException:
            for waiting in group:
                if not waiting.recorded.done():
                    waiting.recorded.cancel()
            raise
        new = {m.id for m in accepted}
        for waiting in group:
            # A message delivered twice at once is accepted once, by the first delivery.
            mine = []
            for m in waiting.messages:
                if m.id in new:
                    new.discard(m.id)
                    mine.append(m)
            if not waiting.recorded.done():  # its request may have been cut off meanwhile
                waiting.recorded.set_result(mine)
