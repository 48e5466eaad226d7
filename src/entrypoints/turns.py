"""Running conversation turns in the background of a process: after the webhook's 200, and the sweep.

The webhook accepts a delivery durably and answers at once; the turns run here. One task
per conversation at a time (messages that arrive meanwhile are taken by the next round
of the same task), a bound on how many run together, and a sweep that takes again what
was left waiting: failed turns after their pause, and what a crashed process held.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import datetime

from application.ports import Conversation
from application.turn_processor import TurnProcessor
from domain.ids import ClinicId, PatientAddress
from entrypoints import logs

log = logging.getLogger(__name__)


class TurnRunner:
    """Start turns without waiting for them; sweep for waiting conversations; drain on shutdown."""

    def __init__(
        self,
        processor: TurnProcessor,
        *,
        concurrency: int = 32,
        sweep_seconds: float = 2.0,
        sweep_batch: int = 100,
    ) -> None:
        self._processor = processor
        self._slots = asyncio.Semaphore(concurrency)
        self._sweep_seconds = sweep_seconds
        self._sweep_batch = sweep_batch
        self._running: dict[Conversation, asyncio.Task[None]] = {}
        self._again: set[Conversation] = set()
        self._closing = False

    @property
    def busy(self) -> int:
        """Conversations with a turn running or about to run (tests wait for zero)."""
        return len(self._running)

    def start(self, clinic_id: ClinicId, patient: PatientAddress, sent_at: datetime | None = None) -> None:
        """Have the conversation's waiting messages answered soon; returns at once."""
        if self._closing:
            return  # the messages are in the inbox: the next process's sweep answers them
        key = (clinic_id, patient)
        if key in self._running:
            self._again.add(key)
            return
        self._running[key] = asyncio.create_task(self._run(key, sent_at), name=f"turn {patient.masked()}")

    async def _run(self, key: Conversation, sent_at: datetime | None) -> None:
        try:
            while True:
                self._again.discard(key)
                async with self._slots:
                    with logs.bound(turn_id=logs.new_id(), clinic_id=key[0]):
                        await self._processor.take_turn(*key, sent_at)
                if key not in self._again or self._closing:
                    return
                sent_at = None
        except Exception:
            log.exception("turn runner: unexpected failure for %s", key[1].masked())
        finally:
            self._running.pop(key, None)

    async def sweep_once(self) -> int:
        """Start a turn for every conversation with messages or replies left waiting; how many."""
        waiting = await self._processor.waiting(self._sweep_batch)
        for clinic_id, patient in waiting:
            self.start(clinic_id, patient)
        return len(waiting)

    async def sweep_forever(self, first_delay: float = 0.0) -> None:
        """Until cancelled: every ``sweep_seconds``, take up what was left waiting.

        The first sweep waits ``first_delay``: a process starting after a crash finds replies
        whose lease ran out while it was down, and Meta's receipts for the ones that did go out
        can only come in once it listens. Sending those again at once would double them.
        """
        await asyncio.sleep(first_delay)
        while True:
            try:
                await self.sweep_once()
            except Exception as failure:  # the database may be away: the next sweep tries again
                log.warning("sweep failed: %s: %s", type(failure).__name__, failure)
            await asyncio.sleep(self._sweep_seconds)

    async def drain(self, grace_seconds: float) -> None:
        """Start nothing new, let running turns finish for up to ``grace_seconds``, then cancel the rest.

        A cancelled turn commits nothing; its messages stay in the inbox for the next sweep.
        """
        self._closing = True
        tasks = list(self._running.values())
        if not tasks:
            return
        done, late = await asyncio.wait(tasks, timeout=grace_seconds)
        for task in late:
            log.warning("shutdown: a turn still running is cancelled; it was at:%s", _where(task))
            task.cancel()
        for task in late:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        log.info("shutdown: %d turns finished, %d handed back to the inbox", len(done), len(late))


def _where(task: asyncio.Task[None]) -> str:
    """Where a task waits, down its chain of awaits (``get_stack`` shows only the outermost frame)."""
    lines = []
    awaited: object = task.get_coro()
    for _ in range(40):
        frame = getattr(awaited, "cr_frame", None) or getattr(awaited, "ag_frame", None)
        if frame is None:
            lines.append(f"\n  awaiting {type(awaited).__name__}")
            break
        lines.append(f"\n  {frame.f_code.co_filename}:{frame.f_lineno} {frame.f_code.co_name}")
        awaited = getattr(awaited, "cr_await", None) or getattr(awaited, "ag_await", None)
        if awaited is None:
            break
    return "".join(lines)
