"""`CLINICFLOW_TURNS=workers`: `serve` only records deliveries, `clinicflow worker` answers them,
woken by the inbox's NOTIFY rather than by its poll; a worker killed mid-stream loses nothing."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager

import httpx
import pytest

from tests import meta_payloads as meta
from tests.integration.faults.harness import (
    NOW,
    PHONE_NUMBER_ID,
    SECRET,
    Meta,
    Stack,
    assert_nothing_lost_or_doubled,
    deliveries,
    fetch,
    settled,
    stack_of,
)
from tests.integration.servers.fake_graph import FakeGraphApi
from tests.integration.servers.redis import RedisServer

pytestmark = pytest.mark.integration

PATIENTS = int(os.environ.get("CLINICFLOW_FAULT_PATIENTS", "50")) // 2


def workers_stack(
    database_url: str, redis: RedisServer, graph: FakeGraphApi, poll_ms: int
) -> AbstractContextManager[Stack]:
    return stack_of(
        database_url, redis.url(), graph, CLINICFLOW_TURNS="workers", CLINICFLOW_WORKER_POLL_MS=str(poll_ms)
    )


@pytest.fixture
def slow_polling(database_url: str, redis: RedisServer, graph: FakeGraphApi) -> Iterator[Stack]:
    """Workers that poll once a minute: a prompt answer can only come from a wake-up."""
    with workers_stack(database_url, redis, graph, poll_ms=60_000) as stack:
        yield stack


@pytest.fixture
def stack(database_url: str, redis: RedisServer, graph: FakeGraphApi) -> Iterator[Stack]:
    with workers_stack(database_url, redis, graph, poll_ms=500) as stack:
        yield stack


async def deliver(client: httpx.AsyncClient, stack: Stack, message_id: str, text: str, second: int) -> None:
    timestamp = int(NOW.timestamp()) + second
    body = meta.encode(meta.text_delivery(PHONE_NUMBER_ID, "56933334444", message_id, text, timestamp))
    response = await client.post(
        f"{stack.url}/webhooks/whatsapp", content=body, headers=meta.signed_headers(SECRET, body)
    )
    assert response.status_code == 200, response.text


async def replies_to(graph: FakeGraphApi, count: int, seconds: float) -> float:
    started = time.monotonic()
    while len([b for b in graph.accepted if b.get("to") == "+56933334444"]) < count:
        assert time.monotonic() - started < seconds, f"fewer than {count} replies in {seconds} s"
        await asyncio.sleep(0.02)
    return time.monotonic() - started


async def test_serve_only_records_and_a_woken_worker_answers_at_once(
    slow_polling: Stack, graph: FakeGraphApi
) -> None:
    stack = slow_polling
    stack.start()
    async with httpx.AsyncClient(timeout=10) as client:
        await deliver(client, stack, "wamid.w1", "hola", 0)
        await asyncio.sleep(1.0)
        assert graph.accepted == []  # recorded, not answered: no worker runs
        [row] = await fetch(stack.database_url, "SELECT status FROM inbound_messages")
        assert row["status"] == "pending"

        stack.start_worker()  # its first sweep, at start, answers what waited
        await replies_to(graph, 1, seconds=30)
        await asyncio.sleep(0.5)  # the worker is listening by now
        answered = len([b for b in graph.accepted if b.get("to") == "+56933334444"])
        await deliver(client, stack, "wamid.w2", "quiero agendar una cita", 5)
        # The worker's next poll is a minute away: only the inbox's NOTIFY can have woken it.
        assert await replies_to(graph, answered + 1, seconds=5) < 5


async def test_two_workers_one_killed_mid_stream_nothing_lost_or_doubled(stack: Stack) -> None:
    streams = deliveries(PATIENTS)
    total = sum(len(s) for s in streams)
    meta_ = Meta(stack)
    stack.start()
    first, _ = stack.start_worker(), stack.start_worker()
    async with httpx.AsyncClient(timeout=10, limits=httpx.Limits(max_connections=100)) as client:
        sending = asyncio.gather(*(meta_.stream(client, stream) for stream in streams))
        async with asyncio.timeout(120):
            await meta_.until_acknowledged(total * 2 // 5)
        first.send_signal(signal.SIGKILL)  # its turns and sends are cut short; its leases run out
        await asyncio.to_thread(first.wait, 10)
        async with asyncio.timeout(120):
            await meta_.until_acknowledged(total * 3 // 4)
        stack.start_worker()
        async with asyncio.timeout(180):
            await sending
    await settled(stack.database_url)
    await assert_nothing_lost_or_doubled(stack, streams)
