"""Every dependency away for a while, mid-stream: afterwards everything accepted is handled, once,
and every patient got an answer. Real PostgreSQL and Redis, fake Meta and Anthropic servers."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator

import httpx
import pytest
from redis import asyncio as aioredis

from tests import meta_payloads as meta
from tests.integration.faults.harness import (
    NOW,
    PHONE_NUMBER_ID,
    Delivery,
    Meta,
    Stack,
    assert_nothing_lost_or_doubled,
    deliveries,
    fetch,
    patient,
    settled,
    stack_of,
)
from tests.integration.servers._process import not_here
from tests.integration.servers.fake_anthropic import API_KEY, Reply, error, fake_messages_api
from tests.integration.servers.fake_graph import Answer, FakeGraphApi
from tests.integration.servers.postgres import PostgresServer
from tests.integration.servers.redis import RedisServer

pytestmark = pytest.mark.integration

PATIENTS = 10


@pytest.fixture
def stack(database_url: str, redis: RedisServer, graph: FakeGraphApi) -> Iterator[Stack]:
    with stack_of(database_url, redis.url(), graph) as stack:
        yield stack


Restore = Callable[[], object]


async def stream_with_an_outage(
    stack: Stack, streams: list[list[Delivery]], outage: float, cut: Callable[[], Restore]
) -> None:
    """Deliver the streams; at 30% acknowledged, ``cut`` runs, and ``outage`` s later what it returned."""
    meta_ = Meta(stack)
    total = sum(len(s) for s in streams)
    async with httpx.AsyncClient(timeout=10) as client:
        sending = asyncio.gather(*(meta_.stream(client, s, gap=0.05) for s in streams))
        async with asyncio.timeout(60):
            await meta_.until_acknowledged(total * 3 // 10)
        restore = cut()
        await asyncio.sleep(outage)
        restore()
        async with asyncio.timeout(240):
            await sending


async def test_postgres_restarted_mid_stream(stack: Stack, postgres: PostgresServer) -> None:
    if not postgres.can_restart:
        not_here("this PostgreSQL is not the tests' own: it cannot be stopped")
    streams = deliveries(PATIENTS)
    stack.start()

    def cut() -> Restore:
        postgres.stop()  # deliveries meanwhile get 503 (nothing recorded), turns fail and wait
        return postgres.start

    await stream_with_an_outage(stack, streams, 2.0, cut)
    await settled(stack.database_url)
    await assert_nothing_lost_or_doubled(stack, streams)


async def test_redis_restarted_mid_stream(stack: Stack, redis: RedisServer) -> None:
    if not redis.can_restart:
        not_here("this Redis comes from CLINICFLOW_TEST_REDIS_URL and cannot be stopped by the tests")
    streams = deliveries(PATIENTS)
    stack.start()

    def cut() -> Restore:
        redis.stop()  # deliveries are still recorded; turns wait for the locks to come back
        return redis.start

    await stream_with_an_outage(stack, streams, 2.0, cut)
    await settled(stack.database_url)
    await assert_nothing_lost_or_doubled(stack, streams)


async def test_meta_answering_500_for_30_seconds_loses_no_reply(
    database_url: str, redis: RedisServer, graph: FakeGraphApi
) -> None:
    with stack_of(database_url, redis.url(), graph, CLINICFLOW_SEND_MAX_ATTEMPTS="30") as stack:
        streams = deliveries(PATIENTS)
        stack.start()
        outage = Answer(status=500, body={"error": {"message": "An unknown error occurred", "code": 1}})

        def cut() -> Restore:
            graph.fail_for(30, outage)
            return lambda: None  # it ends on its own

        started = time.monotonic()
        await stream_with_an_outage(stack, streams, 0, cut)
        refused = sum(1 for r in graph.requests if "status" not in r.json) - len(graph.accepted)
        assert refused > 0, "Meta's outage refused nothing"
        await settled(stack.database_url, seconds=120)
        assert time.monotonic() - started > 30
        await assert_nothing_lost_or_doubled(stack, streams)


async def test_anthropic_overloaded_then_timing_out_delays_answers_but_loses_none(
    database_url: str, redis: RedisServer, graph: FakeGraphApi
) -> None:
    with (
        fake_messages_api() as claude,
        stack_of(
            database_url,
            redis.url(),
            graph,
            ANTHROPIC_API_KEY=API_KEY,
            ANTHROPIC_BASE_URL=claude.url,
            CLINICFLOW_NLU_TIMEOUT_MS="1000",
        ) as stack,
    ):
        # Every patient's first message can only be read by the model, so each turn fails until
        # the model answers again: first overloaded, then too slow for the 1 s timeout.
        failures = 2 * PATIENTS
        claude.answer(
            *(error(529, "overloaded_error", "Overloaded") for _ in range(PATIENTS)),
            *(Reply(delay_seconds=2.0) for _ in range(PATIENTS)),
        )
        streams = [deliveries_for(index, ["¿y eso qué significa entonces?"]) for index in range(PATIENTS)]
        stack.start()
        meta_ = Meta(stack)
        async with httpx.AsyncClient(timeout=10) as client:
            await asyncio.gather(*(meta_.stream(client, s) for s in streams))
        await settled(stack.database_url, seconds=120)
        assert len(claude.requests) >= failures + PATIENTS, "each turn was tried until the model answered"
        await assert_nothing_lost_or_doubled(stack, streams)
        handed_off = await fetch(
            stack.database_url, "SELECT count(*) AS n FROM chat_sessions WHERE NOT bot_enabled"
        )
        assert handed_off[0]["n"] == 0, "an outage this short hands nobody over to staff"


def deliveries_for(index: int, texts: list[str]) -> list[Delivery]:
    run = f"{time.time_ns():x}"
    made = []
    for n, text in enumerate(texts):
        message_id = f"wamid.{run}.{index}.{n}"
        payload = meta.text_delivery(
            PHONE_NUMBER_ID, patient(index), message_id, text, int(NOW.timestamp()) + n
        )
        made.append(Delivery(patient(index), message_id, text, meta.encode(payload)))
    return made


async def test_replays_after_the_redis_window_change_nothing(stack: Stack, redis: RedisServer) -> None:
    streams = deliveries(PATIENTS)
    stack.start()
    meta_ = Meta(stack)
    async with httpx.AsyncClient(timeout=10) as client:
        await asyncio.gather(*(meta_.stream(client, s) for s in streams))
        await settled(stack.database_url)
        before = await fetch(
            stack.database_url, "SELECT address, version FROM chat_sessions ORDER BY address"
        )
        sent_before = len(stack.graph.accepted)
        # Days later: Redis's 24-hour memory of these ids is gone; Meta replays them all, out of order.
        cache = aioredis.from_url(redis.url())
        try:
            await cache.flushdb()
        finally:
            await cache.aclose()
        replays = [d for s in streams for d in reversed(s)]
        await asyncio.gather(*(meta_.deliver(client, d) for d in replays))
    await asyncio.sleep(1)
    await settled(stack.database_url)
    after = await fetch(stack.database_url, "SELECT address, version FROM chat_sessions ORDER BY address")
    assert after == before
    assert len(stack.graph.accepted) == sent_before
    await assert_nothing_lost_or_doubled(stack, streams)
