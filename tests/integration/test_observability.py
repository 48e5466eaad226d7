"""What an operator sees of a running `clinicflow serve` (PostgreSQL, Redis, a fake Graph API):
Prometheus counters that follow deliveries, redeliveries, turns, sends and lock waits; `/ready`
and the dependency gauges following a stopped Redis and a stopped PostgreSQL; JSON log lines
with request and turn ids and no phone number."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests import meta_payloads as meta
from tests.integration.faults.harness import (
    NOW,
    PATIENTS_WHO_ANSWERED,
    PHONE_NUMBER_ID,
    Delivery,
    Meta,
    Stack,
    deliveries,
    fetch,
    patient,
    settled,
    stack_of,
)
from tests.integration.servers._process import not_here
from tests.integration.servers.fake_graph import FakeGraphApi
from tests.integration.servers.postgres import PostgresServer
from tests.integration.servers.redis import RedisServer
from tests.integration.serving import free_port

pytestmark = pytest.mark.integration

# /metrics is closed without one (tests/unit/entrypoints/test_metrics_endpoint.py).
METRICS_TOKEN = "scrape-token"


@pytest.fixture
def stack(database_url: str, redis: RedisServer, graph: FakeGraphApi) -> Iterator[Stack]:
    with stack_of(database_url, redis.url(), graph, CLINICFLOW_METRICS_TOKEN=METRICS_TOKEN) as stack:
        stack.start()
        yield stack


Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def scraped(stack: Stack) -> Samples:
    """Every sample of serve's `/metrics`, by name and labels."""
    scrape = httpx.get(
        f"{stack.url}/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"}, timeout=10
    )
    return parsed(scrape)


async def scraped_when_up(url: str, seconds: float = 30) -> Samples:
    deadline = time.monotonic() + seconds
    while True:
        try:
            async with httpx.AsyncClient(timeout=10) as client:
                return parsed(await client.get(url))
        except httpx.TransportError:
            assert time.monotonic() < deadline, f"nothing answers {url}"
            await asyncio.sleep(0.2)


def parsed(response: httpx.Response) -> Samples:
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=")
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


async def test_the_counters_follow_a_delivery_its_redelivery_its_turn_and_its_reply(stack: Stack) -> None:
    [[first, second]] = deliveries(1, per_patient=2)
    meta = Meta(stack)
    async with httpx.AsyncClient(timeout=10) as client:
        for delivery in (first, first, second):  # the first one twice: Meta delivers again
            await meta.deliver(client, delivery)
        refused = await client.post(
            f"{stack.url}/webhooks/whatsapp", content=first.body, headers={"x-hub-signature-256": "sha256=0"}
        )
    assert refused.status_code == 403
    await settled(stack.database_url)
    samples = scraped(stack)
    # Three of Meta's deliveries, and the receipts of our replies (the fake posts them back).
    reports = stack.graph.reports_delivered
    assert value(samples, "clinicflow_webhook_deliveries_total", outcome="accepted") == 3 + reports
    assert value(samples, "clinicflow_webhook_deliveries_total", outcome="bad_signature") == 1
    assert value(samples, "clinicflow_inbound_messages_total", outcome="new") == 2
    assert value(samples, "clinicflow_inbound_messages_total", outcome="duplicate") == 1
    answered = value(samples, "clinicflow_turns_total", outcome="answered")
    assert 1 <= answered <= 2  # the two messages in one turn or two
    assert value(samples, "clinicflow_turn_seconds_count") == answered
    assert value(samples, "clinicflow_sends_total", outcome="sent") == len(stack.graph.accepted) >= 1
    assert value(samples, "clinicflow_lock_wait_seconds_count", outcome="acquired") >= answered
    assert value(samples, "clinicflow_dependency_up", dependency="postgres") == 1
    assert value(samples, "clinicflow_dependency_up", dependency="redis") == 1


async def until_ready(stack: Stack, ready: bool, seconds: float = 30) -> httpx.Response:
    deadline = time.monotonic() + seconds
    while True:
        async with httpx.AsyncClient(timeout=10) as client:
            response = await client.get(f"{stack.url}/ready")
        if (response.status_code == 200) == ready or time.monotonic() > deadline:
            return response
        await asyncio.sleep(0.2)


async def test_ready_and_the_dependency_gauges_follow_a_stopped_redis_then_postgres(
    stack: Stack, redis: RedisServer, postgres: PostgresServer
) -> None:
    if not (redis.can_restart and postgres.can_restart):
        not_here("these servers are not the tests' own: they cannot be stopped")
    assert (await until_ready(stack, ready=True)).text == "ready"
    for server, name, shown in ((redis, "redis", "redis"), (postgres, "postgres", "database")):
        server.stop()
        try:
            down = await until_ready(stack, ready=False)
            assert (down.status_code, down.text) == (503, f"unreachable: {shown}")
            samples = scraped(stack)
            assert value(samples, "clinicflow_dependency_up", dependency=name) == 0
            other = "postgres" if name == "redis" else "redis"
            assert value(samples, "clinicflow_dependency_up", dependency=other) == 1
        finally:
            server.start()
        assert (await until_ready(stack, ready=True)).status_code == 200
        assert value(scraped(stack), "clinicflow_dependency_up", dependency=name) == 1


async def test_logs_are_json_lines_with_ids_and_no_phone_number(stack: Stack) -> None:
    [[delivery]] = deliveries(1, per_patient=1)
    async with httpx.AsyncClient(timeout=10) as client:
        await Meta(stack).deliver(client, delivery)
    await settled(stack.database_url)
    stack.stop()
    logged = stack.logged()
    lines = [json.loads(line) for line in logged.splitlines() if line.strip()]
    assert all({"event", "level", "logger", "timestamp"} <= line.keys() for line in lines)
    [turn] = [line for line in lines if line["event"].startswith("turn of 1 messages")]
    assert turn["clinic_id"] == "sonrisa"
    assert turn["turn_id"]
    assert turn["request_id"]  # of the request that brought the message
    assert delivery.patient not in logged
    assert delivery.patient[-4:] in turn["event"]


async def test_a_whole_conversation_with_a_booking_leaves_no_number_name_or_text_in_logs_or_metrics(
    stack: Stack,
) -> None:
    """Issue 24: a new patient gets the privacy notice, books without answering it (read offline),
    and is named in the logs by the last digits of their number only; metrics carry no patient
    data at all."""
    number = patient(PATIENTS_WHO_ANSWERED + 300)  # never answered the notice
    said = [
        "Hola",
        "Quiero agendar una cita",
        "mañana",
        "en la tarde",
        "a las 15",
        "para mí",
        "me llamo Ana López",
        "sí",
        "gracias",
    ]
    stream = []
    for n, text in enumerate(said):
        payload = meta.text_delivery(
            PHONE_NUMBER_ID, number, f"wamid.whole.{n}", text, int(NOW.timestamp()) + n
        )
        stream.append(Delivery(number, f"wamid.whole.{n}", text, meta.encode(payload)))
    async with httpx.AsyncClient(timeout=10) as client:
        for delivery in stream:  # one turn each, as a patient reading every answer writes
            await Meta(stack).deliver(client, delivery)
            await settled(stack.database_url)
        metrics = (
            await client.get(f"{stack.url}/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
        ).text
    [booked] = await fetch(stack.database_url, "SELECT patient_name FROM appointments")
    assert booked["patient_name"] == "Ana López"
    assert any("PRIVACY_CONSENT_YES" in json.dumps(body) for body in stack.graph.accepted)
    stack.stop()
    logged = stack.logged()
    for seen, where in ((logged, "logs"), (metrics, "metrics")):
        assert number not in seen, where
        assert "Ana López" not in seen, where
        assert [text for text in said if len(text) > 8 and text in seen] == [], where


async def test_a_worker_answers_its_own_metrics_port_with_the_turns_it_took(
    database_url: str, redis: RedisServer, graph: FakeGraphApi
) -> None:
    port = free_port()
    with stack_of(
        database_url,
        redis.url(),
        graph,
        CLINICFLOW_TURNS="workers",
        CLINICFLOW_WORKER_METRICS_PORT=str(port),
        CLINICFLOW_METRICS_TOKEN=METRICS_TOKEN,
    ) as stack:
        stack.start()
        stack.start_worker()
        [[delivery]] = deliveries(1, per_patient=1)
        async with httpx.AsyncClient(timeout=10) as client:
            await Meta(stack).deliver(client, delivery)
        await settled(stack.database_url)
        worker = await scraped_when_up(f"http://127.0.0.1:{port}/metrics")
        assert value(worker, "clinicflow_turns_total", outcome="answered") == 1
        assert value(worker, "clinicflow_sends_total", outcome="sent") == 1
        assert value(worker, "clinicflow_dependency_up", dependency="postgres") == 1
        server = scraped(stack)  # it only recorded the message
        assert value(server, "clinicflow_inbound_messages_total", outcome="new") == 1
        assert value(server, "clinicflow_turns_total", outcome="answered") == 0
