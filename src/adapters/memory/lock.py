"""Per-conversation locks for one process."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from domain.ids import ClinicId, PatientAddress


class InMemoryConversationLock:
    """Implements ``ConversationLock``: one asyncio lock per (clinic, patient), dropped when idle."""

    def __init__(self) -> None:
        self._locks: dict[tuple[ClinicId, PatientAddress], tuple[asyncio.Lock, int]] = {}

    def hold(self, clinic_id: ClinicId, patient: PatientAddress) -> AbstractAsyncContextManager[None]:
        return self._hold((clinic_id, patient))

    @asynccontextmanager
    async def _hold(self, key: tuple[ClinicId, PatientAddress]) -> AsyncIterator[None]:
        entry = self._locks.get(key)
        lock, users = entry if entry is not None else (asyncio.Lock(), 0)
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[key]
            if users == 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)

    @property
    def held(self) -> int:
        """How many conversations have a holder or waiters (for tests: no leak)."""
        return len(self._locks)
