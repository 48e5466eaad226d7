"""The failed sign-in counters: bounded in size, per window, and a client is an address or a /64."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from dependency_injector import providers

from adapters.memory.clock import FixedClock
from domain.ids import ClinicId
from entrypoints.container import build_container
from entrypoints.settings import Settings
from entrypoints.sign_ins import CLINIC_FAILURES, FailureCounts, TooManyFailures, client_of

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


def test_a_name_waits_once_its_failures_reach_the_limit_until_its_window_ends() -> None:
    counts = FailureCounts(limit=3, size=10, window=timedelta(minutes=15))
    assert [counts.fail("a", NOW + timedelta(minutes=m)) for m in range(3)] == [False, False, True]
    assert counts.wait("a", NOW + timedelta(minutes=2)) == 13 * 60
    assert counts.any_closed(NOW + timedelta(minutes=2))
    assert counts.wait("b", NOW) == 0
    assert counts.wait("a", NOW + timedelta(minutes=15)) == 0  # a new window
    assert not counts.any_closed(NOW + timedelta(minutes=15))
    assert not counts.fail("a", NOW + timedelta(minutes=15))


def test_the_table_never_holds_more_than_its_size() -> None:
    counts = FailureCounts(limit=2, size=100)
    for n in range(10_000):
        counts.fail(f"client-{n}", NOW)
        counts.fail(f"client-{n}", NOW)
    assert len(counts) == 100
    assert counts.wait("client-9999", NOW) > 0
    assert counts.wait("client-0", NOW) == 0  # forgotten, the oldest first


@pytest.mark.parametrize(
    ("address", "client"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("2001:db8:1:2::7", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff:ffff:ffff:1", "2001:db8:1:2::/64"),
        ("::ffff:203.0.113.7", "203.0.113.7"),
        (None, "unknown"),
        ("", "unknown"),
        ("testclient", "testclient"),
        ("x" * 1000, "x" * 64),
    ],
)
def test_a_client_is_an_address_or_its_ipv6_network(address: str | None, client: str) -> None:
    assert client_of(address) == client


async def test_a_clinic_locked_out_by_failures_still_lets_in_its_own_recent_clients() -> None:
    # Whoever holds a revoked key of a clinic names that clinic in every attempt: failing on purpose
    # must not keep the clinic's own staff (or its API integrations) out.
    clock = FixedClock(NOW)
    container = build_container(Settings.from_environment({}))
    container.clock.override(providers.Object(clock))
    access, guard = container.staff_access(), container.sign_ins()
    staff = await access.issue(ClinicId("sonrisa"), "recepción")
    revoked = await access.issue(ClinicId("sonrisa"), "ex empleado")
    await access.revoke(revoked.key.id)
    assert await guard.sign_in(staff.secret, "203.0.113.10", "api") is not None  # the front desk

    for n in range(CLINIC_FAILURES):  # from as many addresses: no client's own limit is reached
        assert await guard.sign_in(revoked.secret, f"198.51.{n // 250}.{n % 250}", "api") is None
    with pytest.raises(TooManyFailures):
        await guard.sign_in(revoked.secret, "198.51.100.250", "api")

    assert await guard.sign_in(staff.secret, "203.0.113.10", "api") is not None  # still in
    with pytest.raises(TooManyFailures):  # a client new to the clinic waits out the lock-out
        await guard.sign_in(staff.secret, "192.0.2.99", "console")
    clock.advance(timedelta(minutes=15))
    assert await guard.sign_in(staff.secret, "192.0.2.99", "console") is not None
