"""A clinic directory that keeps what it read for a few seconds: a clinic's whole document
(doctors, hours, FAQ) is read for every delivery, every turn and every send otherwise."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta

from application.ports import ClinicDirectory
from domain.clinic import Clinic
from domain.ids import ClinicId

_Entry = tuple[float, Clinic | None]


class CachedClinicDirectory:
    """Implements ``ClinicDirectory`` in front of another, remembering each answer for ``ttl``.

    A change to a clinic (a new doctor, a blocked number, the bot turned off) is seen by every
    process within ``ttl``. Unknown phone-number ids are remembered too, so a stream of
    deliveries for a number no clinic owns costs no database work. ``all`` is never cached.
    """

    def __init__(
        self, inner: ClinicDirectory, ttl: timedelta, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._inner = inner
        self._ttl = ttl.total_seconds()
        self._clock = clock
        self._by_id: dict[ClinicId, _Entry] = {}
        self._by_number: dict[str, _Entry] = {}

    async def get(self, clinic_id: ClinicId) -> Clinic | None:
        cached = self._fresh(self._by_id.get(clinic_id))
        if cached is not None:
            return cached[1]
        clinic = await self._inner.get(clinic_id)
        self._by_id[clinic_id] = (self._clock(), clinic)
        return clinic

    async def by_phone_number_id(self, phone_number_id: str) -> Clinic | None:
        cached = self._fresh(self._by_number.get(phone_number_id))
        if cached is not None:
            return cached[1]
        clinic = await self._inner.by_phone_number_id(phone_number_id)
        if len(self._by_number) > 10_000:  # junk numbers must not grow it without bound
            self._by_number.clear()
        self._by_number[phone_number_id] = (self._clock(), clinic)
        return clinic

    async def all(self) -> list[Clinic]:
        return await self._inner.all()

    def _fresh(self, entry: _Entry | None) -> _Entry | None:
        if entry is None or self._clock() - entry[0] >= self._ttl:
            return None
        return entry
