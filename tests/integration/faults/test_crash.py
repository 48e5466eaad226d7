"""kill -9, or a deploy's SIGTERM, in the middle of a stream: what was acknowledged is answered,
once, after the restart.

CLINICFLOW_FAULT_PATIENTS sets how many patients (ten messages each) the stream carries;
CI runs the issue's full size, 50 patients and 500 deliveries.
"""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.integration.faults.harness import (
    Meta,
    Stack,
    assert_nothing_lost_or_doubled,
    deliveries,
    settled,
    stack_of,
)
from tests.integration.servers.fake_graph import Answer, FakeGraphApi
from tests.integration.servers.redis import RedisServer

pytestmark = pytest.mark.integration

PATIENTS = int(os.environ.get("CLINICFLOW_FAULT_PATIENTS", "50"))


# A reply cut short by the kill may have reached Meta: its receipt, which Meta delivers once the
# server listens again, is what keeps it from going out twice. So its lease must outlast the
# restart (about 5 s here; 60 s in production, where restarts take as long).
LEASE_SECONDS = "12"


@pytest.fixture
def stack(database_url: str, redis: RedisServer, graph: FakeGraphApi) -> Iterator[Stack]:
    with stack_of(database_url, redis.url(), graph, CLINICFLOW_TURN_LEASE_SECONDS=LEASE_SECONDS) as stack:
        yield stack


async def test_killed_mid_stream_every_accepted_delivery_is_answered_exactly_once(stack: Stack) -> None:
    streams = deliveries(PATIENTS)
    total = sum(len(s) for s in streams)
    meta = Meta(stack)
    stack.start()
    async with httpx.AsyncClient(timeout=10, limits=httpx.Limits(max_connections=100)) as client:
        sending = asyncio.gather(*(meta.stream(client, stream) for stream in streams))
        async with asyncio.timeout(120):
            await meta.until_acknowledged(total * 2 // 5)
        stack.kill()  # turns, sends and requests in flight are cut short
        killed_after = sum(meta.acknowledged.values())
        await asyncio.sleep(0.5)
        stack.start()
        async with asyncio.timeout(240):
            await sending
    assert killed_after < total, "the kill came after the stream"
    assert meta.refusals > 0, "the kill cut no delivery short"
    await settled(stack.database_url)
    await asyncio.sleep(1)  # a receipt or reply still on its way would show now
    await assert_nothing_lost_or_doubled(stack, streams)


async def test_sigterm_mid_stream_stops_taking_deliveries_and_loses_nothing(stack: Stack) -> None:
    streams = deliveries(max(PATIENTS // 5, 4))
    total = sum(len(s) for s in streams)
    meta = Meta(stack)
    stack.graph.answer_for(60, Answer(delay_seconds=0.7))  # Meta slow: sends are in flight at the signal
    stack.start()
    async with httpx.AsyncClient(timeout=10) as client:
        sending = asyncio.gather(*(meta.stream(client, stream) for stream in streams))
        async with asyncio.timeout(120):
            await meta.until_acknowledged(total // 3)
        assert stack.process is not None
        stack.process.send_signal(signal.SIGTERM)
        stopped_at = time.monotonic()
        assert await stops_answering(client, stack.url), "still taking deliveries"
        code = await asyncio.to_thread(stack.process.wait, 30)
        # uvicorn re-raises SIGTERM once it has shut down cleanly, so the process ends by that signal.
        assert code in (0, -signal.SIGTERM), stack.logged()[-2000:]
        assert "Application shutdown complete" in stack.logged()
        assert time.monotonic() - stopped_at < 15, "shutdown waits for its grace, not longer"
        stack.graph.answer_for(0, Answer())
        stack.start()
        async with asyncio.timeout(240):
            await sending
    await settled(stack.database_url)
    await asyncio.sleep(1)
    await assert_nothing_lost_or_doubled(stack, streams)
    assert "Traceback" not in stack.logged()


async def stops_answering(client: httpx.AsyncClient, url: str, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            await client.get(f"{url}/health")
        except httpx.TransportError:
            return True
        await asyncio.sleep(0.05)
    return False
