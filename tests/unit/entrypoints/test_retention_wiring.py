"""The worker's retention purge is wired over every store the settings choose."""

from __future__ import annotations

from application.retention import PurgeExpired
from entrypoints.container import build_container
from entrypoints.settings import Settings


async def test_the_container_purges_the_in_memory_stores() -> None:
    container = build_container(Settings())
    purge = container.purge_expired()
    assert isinstance(purge, PurgeExpired)
    assert {store.name for store in purge.stores} == {
        "sent_replies",
        "conversation_history",
        "delivery_receipts",
        "outbound_log",
        "waitlist_entries",
    }
    assert await purge() == {}  # nothing old yet


def test_the_purge_runs_hourly_by_default() -> None:
    assert Settings().retention_every.total_seconds() == 3600
