"""The in-memory twin of the PostgreSQL holds (issue 22): same answers, same transactions."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from adapters.memory.store import InMemoryUnitOfWorkFactory
from domain.availability import Interval, Slot
from domain.conversation import ChatSession
from domain.holds import HOLD_FOR, Hold
from domain.ids import ClinicId, DoctorId, PatientAddress

SANTIAGO = ZoneInfo("America/Santiago")
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=SANTIAGO)
TEN = datetime(2026, 12, 1, 10, 0, tzinfo=SANTIAGO)
HALF_PAST = TEN + timedelta(minutes=30)
CLINIC = ClinicId("sonrisa")
ANA = PatientAddress("56911112222")
BETO = PatientAddress("56933334444")
CARLA = PatientAddress("56955556666")
PEREZ = DoctorId("perez")
SOTO = DoctorId("soto")
DAY = (TEN - timedelta(hours=1), TEN + timedelta(hours=8))


def _hold(
    who: PatientAddress, start: datetime = TEN, *, doctor_id: DoctorId = PEREZ, now: datetime = NOW
) -> Hold:
    return Hold.of(CLINIC, Slot(start, start + timedelta(minutes=30), doctor_id), who, now)


async def _held(
    units: InMemoryUnitOfWorkFactory, *, now: datetime = NOW, excluding: PatientAddress | None = None
) -> dict[DoctorId, list[Interval]]:
    async with units() as uow:
        return await uow.holds.held(CLINIC, [PEREZ, SOTO], *DAY, now, excluding=excluding)


def _stored(units: InMemoryUnitOfWorkFactory) -> list[tuple[PatientAddress, DoctorId, datetime]]:
    holds = sorted(units.store.holds.values(), key=lambda h: h.holder.value)
    return [(h.holder, h.slot.doctor_id, h.slot.starts_at) for h in holds]


async def test_a_hold_keeps_the_time_from_others_but_not_from_its_holder() -> None:
    units = InMemoryUnitOfWorkFactory()
    async with units() as uow:
        assert await uow.holds.hold(_hold(ANA), NOW)
        await uow.commit()

    ten = Interval(TEN, HALF_PAST)
    assert await _held(units) == {PEREZ: [ten], SOTO: []}
    assert await _held(units, excluding=BETO) == {PEREZ: [ten], SOTO: []}
    assert await _held(units, excluding=ANA) == {PEREZ: [], SOTO: []}
    async with units() as uow:
        assert await uow.holds.held(CLINIC, [PEREZ], HALF_PAST, HALF_PAST + timedelta(hours=1), NOW) == {
            PEREZ: []
        }
        assert await uow.holds.held(ClinicId("otra"), [PEREZ], *DAY, NOW) == {PEREZ: []}


async def test_a_committed_hold_refuses_another_unit_of_work_which_stays_usable() -> None:
    units = InMemoryUnitOfWorkFactory()
    async with units() as uow:
        assert await uow.holds.hold(_hold(ANA), NOW)
        await uow.commit()

    later = NOW + timedelta(minutes=5)
    async with units() as uow:
        assert not await uow.holds.hold(_hold(BETO, TEN + timedelta(minutes=15)), later)
        await uow.sessions.save(ChatSession(CLINIC, BETO, last_activity=later))
        assert await uow.holds.hold(_hold(BETO, HALF_PAST), later)
        await uow.commit()
    assert _stored(units) == [(ANA, PEREZ, TEN), (BETO, PEREZ, HALF_PAST)]
    assert (CLINIC, BETO) in units.store.sessions


async def test_a_hold_not_committed_is_seen_only_by_its_own_unit_of_work() -> None:
    units = InMemoryUnitOfWorkFactory()
    async with units() as uow:
        assert await uow.holds.hold(_hold(ANA), NOW)
        assert (await uow.holds.held(CLINIC, [PEREZ], *DAY, NOW))[PEREZ] == [Interval(TEN, HALF_PAST)]
        assert await _held(units) == {PEREZ: [], SOTO: []}
        # Where PostgreSQL makes another transaction holding that time wait for this one (and
        # refuses it once this commits), the twin refuses it at once, as it does bookings.
        async with units() as other:
            assert not await other.holds.hold(_hold(BETO), NOW)
            assert not await other.holds.hold(_hold(ANA, HALF_PAST), NOW)  # one hold per patient
            assert await other.holds.hold(_hold(BETO, HALF_PAST), NOW)
    assert _stored(units) == []  # neither committed: rolled back


async def test_a_second_hold_by_the_same_patient_replaces_the_first() -> None:
    units = InMemoryUnitOfWorkFactory()
    async with units() as uow:
        assert await uow.holds.hold(_hold(ANA), NOW)
        await uow.commit()
    async with units() as uow:
        assert await uow.holds.hold(_hold(ANA, HALF_PAST), NOW)
        await uow.commit()

    assert _stored(units) == [(ANA, PEREZ, HALF_PAST)]
    assert await _held(units) == {PEREZ: [Interval(HALF_PAST, HALF_PAST + timedelta(minutes=30))], SOTO: []}
    async with units() as uow:
        assert await uow.holds.hold(_hold(BETO), NOW)
        assert await uow.holds.hold(_hold(ANA, HALF_PAST, now=NOW + timedelta(minutes=1)), NOW)
        await uow.commit()
    assert _stored(units) == [(ANA, PEREZ, HALF_PAST), (BETO, PEREZ, TEN)]


async def test_release_drops_the_hold_and_is_a_no_op_without_one() -> None:
    units = InMemoryUnitOfWorkFactory()
    async with units() as uow:
        assert await uow.holds.hold(_hold(ANA), NOW)
        await uow.commit()
    async with units() as uow:
        await uow.holds.release(CLINIC, ANA)
        await uow.holds.release(CLINIC, BETO)
        assert (await uow.holds.held(CLINIC, [PEREZ], *DAY, NOW))[PEREZ] == []
        assert await _held(units) == {PEREZ: [Interval(TEN, HALF_PAST)], SOTO: []}  # not committed yet
        await uow.commit()

    assert _stored(units) == []
    assert await _held(units) == {PEREZ: [], SOTO: []}
    async with units() as uow:
        assert await uow.holds.hold(_hold(BETO), NOW)


async def test_a_release_rolled_back_keeps_the_hold() -> None:
    units = InMemoryUnitOfWorkFactory()
    async with units() as uow:
        assert await uow.holds.hold(_hold(ANA), NOW)
        await uow.commit()
    async with units() as uow:
        await uow.holds.release(CLINIC, ANA)
    assert _stored(units) == [(ANA, PEREZ, TEN)]


async def test_an_expired_hold_blocks_nobody() -> None:
    units = InMemoryUnitOfWorkFactory()
    async with units() as uow:
        assert await uow.holds.hold(_hold(ANA), NOW)
        await uow.commit()

    expired = NOW + HOLD_FOR
    assert await _held(units, now=expired) == {PEREZ: [], SOTO: []}
    async with units() as uow:
        later = Hold.of(CLINIC, Slot(TEN + timedelta(minutes=15), HALF_PAST, PEREZ), BETO, expired)
        assert await uow.holds.hold(later, expired)
        await uow.commit()
    assert _stored(units) == [(BETO, PEREZ, TEN + timedelta(minutes=15))]  # the expired one is gone


async def test_holds_of_other_doctors_or_adjacent_times_do_not_clash() -> None:
    units = InMemoryUnitOfWorkFactory()
    async with units() as uow:
        assert await uow.holds.hold(_hold(ANA), NOW)
        assert await uow.holds.hold(_hold(BETO, doctor_id=SOTO), NOW)
        assert await uow.holds.hold(_hold(CARLA, HALF_PAST), NOW)
        assert not await uow.holds.hold(_hold(PatientAddress("56977778888"), TEN), NOW)  # staged here
        await uow.commit()

    assert await _held(units, excluding=CARLA) == {
        PEREZ: [Interval(TEN, HALF_PAST)],
        SOTO: [Interval(TEN, HALF_PAST)],
    }
    assert len(_stored(units)) == 3
