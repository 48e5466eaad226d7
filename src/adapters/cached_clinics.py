"""A clinic directory that keeps what it read for a few seconds: a clinic's whole document
(doctors, hours, FAQ) is read for every delivery, every turn and every send otherwise."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from application.ports import ClinicDirectory, ClinicStore, ClinicSwitches
from domain.clinic import Clinic
from domain.ids import ClinicId

_Entry = tuple[float, Clinic | None]


class CachedClinicDirectory:
    """Implements ``ClinicDirectory`` in front of another, remembering each answer for ``ttl``.

    A change to a clinic (a new doctor, a blocked number, the bot turned off) is seen by every
    process within ``ttl``. Unknown phone-number ids are remembered too, so a stream of
    deliveries for a number no clinic owns costs no database work. Requests that miss at the
    same moment (when an entry runs out under load) share one read. ``all`` is never cached.
    """

    def __init__(
        self, inner: ClinicDirectory, ttl: timedelta, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._inner = inner
        self._ttl = ttl.total_seconds()
        self._clock = clock
        self._by_id: dict[str, _Entry] = {}
        self._by_number: dict[str, _Entry] = {}
        self._reading: dict[tuple[str, str], asyncio.Future[Clinic | None]] = {}

    async def get(self, clinic_id: ClinicId) -> Clinic | None:
        return await self._cached(self._by_id, "id", clinic_id, self._inner.get)

    async def by_phone_number_id(self, phone_number_id: str) -> Clinic | None:
        if len(self._by_number) > 10_000:  # junk numbers must not grow it without bound
            self._by_number.clear()
        return await self._cached(self._by_number, "number", phone_number_id, self._inner.by_phone_number_id)

    async def _cached(
        self,
        entries: dict[str, _Entry],
        kind: str,
        key: str,
        read: Callable[[Any], Awaitable[Clinic | None]],
    ) -> Clinic | None:
        cached = self._fresh(entries.get(key))
        if cached is not None:
            return cached[1]
        reading = self._reading.get((kind, key))
        if reading is not None:  # another request is reading it right now: wait for its answer
            return await asyncio.shield(reading)
        reading = asyncio.get_running_loop().create_future()
        self._reading[(kind, key)] = reading
        try:
            clinic = await read(key)
        except BaseException as failure:
            # Those waiting fail as this read did (a cancelled read fails them, not cancels them).
            shared = (
                failure if isinstance(failure, Exception) else RuntimeError("the clinic read was cancelled")
            )
            reading.set_exception(shared)
            reading.exception()  # retrieved: nobody else may be waiting
            raise
        else:
            entries[key] = (self._clock(), clinic)
            reading.set_result(clinic)
            return clinic
        finally:
            del self._reading[(kind, key)]

    async def all(self) -> list[Clinic]:
        return await self._inner.all()

    def forget(self, clinic_id: ClinicId) -> None:
        """Read the clinic afresh next time (this process changed it)."""
        self._by_id.pop(clinic_id, None)
        for number, (_, clinic) in list(self._by_number.items()):
            if clinic is not None and clinic.id == clinic_id:
                del self._by_number[number]

    def _fresh(self, entry: _Entry | None) -> _Entry | None:
        if entry is None or self._clock() - entry[0] >= self._ttl:
            return None
        return entry


class ForgettingSwitches:
    """Implements ``ClinicSwitches`` over another, and has the cache read the clinic afresh after
    each change: this process sees it at once, the others within the cache's time to live."""

    def __init__(self, inner: ClinicSwitches, cache: CachedClinicDirectory) -> None:
        self._inner = inner
        self._cache = cache

    async def set_bot_enabled(self, clinic_id: ClinicId, enabled: bool) -> None:
        await self._inner.set_bot_enabled(clinic_id, enabled)
        self._cache.forget(clinic_id)

    async def block(self, clinic_id: ClinicId, address: str) -> None:
        await self._inner.block(clinic_id, address)
        self._cache.forget(clinic_id)

    async def unblock(self, clinic_id: ClinicId, address: str) -> bool:
        unblocked = await self._inner.unblock(clinic_id, address)
        self._cache.forget(clinic_id)
        return unblocked


class ForgettingClinicStore:
    """Implements ``ClinicStore`` over another, and has the cache read the clinic afresh after
    each save: this process sees the new settings at once, the others within the cache's TTL."""

    def __init__(self, inner: ClinicStore, cache: CachedClinicDirectory) -> None:
        self._inner = inner
        self._cache = cache

    async def get(self, clinic_id: ClinicId) -> Clinic | None:
        return await self._inner.get(clinic_id)

    async def save(self, clinic: Clinic) -> None:
        try:
            await self._inner.save(clinic)
        finally:
            self._cache.forget(clinic.id)
