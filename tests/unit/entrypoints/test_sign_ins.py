"""The failed sign-in counters: bounded in size, per window, and a client is an address or a /64."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from entrypoints.sign_ins import FailureCounts, client_of

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
