"""The clinic directory cache: a clinic is read once per few seconds, not for every delivery."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from adapters.cached_clinics import CachedClinicDirectory
from adapters.memory.clinics import InMemoryClinicDirectory
from domain.clinic import Clinic
from domain.ids import ClinicId
from tests.factories import clinic


class CountingDirectory(InMemoryClinicDirectory):
    def __init__(self, clinics: list[Clinic]) -> None:
        super().__init__(clinics)
        self.reads = 0

    async def get(self, clinic_id: ClinicId) -> Clinic | None:
        self.reads += 1
        return await super().get(clinic_id)

    async def by_phone_number_id(self, phone_number_id: str) -> Clinic | None:
        self.reads += 1
        return await super().by_phone_number_id(phone_number_id)


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


SONRISA = clinic()


async def test_a_clinic_is_read_once_per_ttl() -> None:
    inner, clock = CountingDirectory([SONRISA]), Clock()
    cached = CachedClinicDirectory(inner, timedelta(seconds=5), clock)
    for _ in range(10):
        assert await cached.get(SONRISA.id) == SONRISA
        assert await cached.by_phone_number_id(SONRISA.phone_number_id) == SONRISA
    assert inner.reads == 2
    clock.now += 5
    assert await cached.get(SONRISA.id) == SONRISA
    assert inner.reads == 3


async def test_a_number_no_clinic_owns_is_remembered_as_such() -> None:
    inner, clock = CountingDirectory([SONRISA]), Clock()
    cached = CachedClinicDirectory(inner, timedelta(seconds=5), clock)
    for _ in range(100):
        assert await cached.by_phone_number_id("999") is None
    assert inner.reads == 1


async def test_a_ttl_of_zero_reads_every_time() -> None:
    inner = CountingDirectory([SONRISA])
    cached = CachedClinicDirectory(inner, timedelta(0), Clock())
    await cached.get(SONRISA.id)
    await cached.get(SONRISA.id)
    assert inner.reads == 2


async def test_all_is_never_cached() -> None:
    inner = CountingDirectory([SONRISA])
    cached = CachedClinicDirectory(inner, timedelta(seconds=5), Clock())
    assert await cached.all() == [SONRISA]


class SlowDirectory(CountingDirectory):
    """Each read takes a moment (a round trip), and can be told to fail."""

    def __init__(self, clinics: list[Clinic]) -> None:
        super().__init__(clinics)
        self.failing = False

    async def by_phone_number_id(self, phone_number_id: str) -> Clinic | None:
        self.reads += 1
        await asyncio.sleep(0.01)
        if self.failing:
            raise ConnectionError("database away")
        return await InMemoryClinicDirectory.by_phone_number_id(self, phone_number_id)


async def test_requests_missing_at_the_same_moment_share_one_read() -> None:
    inner = SlowDirectory([SONRISA])
    cache = CachedClinicDirectory(inner, timedelta(seconds=5))
    found = await asyncio.gather(*(cache.by_phone_number_id(SONRISA.phone_number_id) for _ in range(20)))
    assert found == [SONRISA] * 20
    assert inner.reads == 1


async def test_a_failed_shared_read_fails_everyone_waiting_and_the_next_request_reads_again() -> None:
    inner = SlowDirectory([SONRISA])
    inner.failing = True
    cache = CachedClinicDirectory(inner, timedelta(seconds=5))
    together = (cache.by_phone_number_id(SONRISA.phone_number_id) for _ in range(5))
    failed = await asyncio.gather(*together, return_exceptions=True)
    assert all(isinstance(f, ConnectionError) for f in failed)
    assert inner.reads == 1
    inner.failing = False
    assert await cache.by_phone_number_id(SONRISA.phone_number_id) == SONRISA
    assert inner.reads == 2
