"""A clinic's daily model tokens, counted from what the Messages API says each call used, outlive a
restart of `clinicflow serve` on PostgreSQL (tests/integration/postgres/test_model_tokens.py: and two
processes at once); past the budget, patients are read offline and still answered; `/metrics` shows
the count, the limit and the calls refused (issue 19, finding 3)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from adapters.claude.engine import ClaudeConfig, ClaudeNlu
from adapters.clinic_config.toml_file import load_demo_clinic
from application.ports import NluUnavailable
from tests import meta_payloads as meta
from tests.claude_readings import reading_json
from tests.consent import answered_at_url_now
from tests.integration.claude.test_claude_nlu import context
from tests.integration.faults.harness import NOW, PHONE_NUMBER_ID, Delivery, Meta, Stack, settled, stack_of
from tests.integration.servers.fake_anthropic import API_KEY, FakeMessagesApi, Reply, fake_messages_api
from tests.integration.servers.fake_graph import FakeGraphApi
from tests.integration.servers.redis import RedisServer

pytestmark = pytest.mark.integration

METRICS_TOKEN = "budget-metrics-token"
# Each call reads 1,200 tokens (half from the cache) and writes 60: 1,260 count against the budget.
CALL = Reply(text=reading_json(), input_tokens=600, cache_read_tokens=600, output_tokens=60)
LIMIT = 2_000  # two calls exceed it
QUESTION = "¿y eso qué significa entonces?"  # only the model reads it (a question)


@pytest.fixture
def claude() -> Iterator[FakeMessagesApi]:
    with fake_messages_api() as fake:
        fake.respond_with(lambda _request: CALL)
        yield fake


@pytest.fixture
def stack(
    database_url: str, redis: RedisServer, graph: FakeGraphApi, claude: FakeMessagesApi
) -> Iterator[Stack]:
    env = {
        "ANTHROPIC_API_KEY": API_KEY,
        "ANTHROPIC_BASE_URL": claude.url,
        "CLINICFLOW_MODEL_TOKENS_PER_CLINIC_DAY": str(LIMIT),
        "CLINICFLOW_METRICS_TOKEN": METRICS_TOKEN,
    }
    with stack_of(database_url, redis.url(), graph, **env) as stack:
        # Each question's patient accepted the privacy notice before: the model may read them.
        patients = [question(index).patient for index in range(PATIENTS)]
        answered_at_url_now(database_url, load_demo_clinic(), patients, NOW - timedelta(days=1))
        stack.start()
        yield stack


PATIENTS = 10  # more than the tests ask


def question(index: int) -> Delivery:
    sender = f"5698{index:07d}"  # a patient each: no patient's own limit is reached
    message_id = f"wamid.budget.{time.time_ns():x}.{index}"
    payload = meta.text_delivery(PHONE_NUMBER_ID, sender, message_id, QUESTION, int(NOW.timestamp()))
    return Delivery(sender, message_id, QUESTION, meta.encode(payload))


def samples(stack: Stack) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    response = httpx.get(
        f"{stack.url}/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"}, timeout=10
    )
    assert response.status_code == 200
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def answered(graph: FakeGraphApi, patient: str) -> bool:
    return any(str(body.get("to", "")).removeprefix("+") == patient for body in list(graph.accepted))


async def ask(stack: Stack, delivery: Delivery, database_url: str) -> None:
    async with httpx.AsyncClient(timeout=10) as client:
        await Meta(stack).deliver(client, delivery)
    await settled(database_url)


async def test_the_clinics_daily_tokens_outlive_a_restart_and_show_in_the_metrics(
    stack: Stack, claude: FakeMessagesApi, graph: FakeGraphApi, database_url: str
) -> None:
    first, second, third, fourth = (question(n) for n in range(4))
    await ask(stack, first, database_url)
    await ask(stack, second, database_url)
    assert len(claude.requests) == 2
    await ask(stack, third, database_url)  # 2,520 tokens today: past the clinic's 2,000
    assert len(claude.requests) == 2, "read offline"
    seen = samples(stack)
    clinic = frozenset({("clinic", "sonrisa")})
    refused = ("clinicflow_model_calls_refused_total", frozenset({("budget", "clinic_tokens")}))
    assert seen[("clinicflow_model_tokens_today", clinic)] == 2 * 1_260
    assert seen[("clinicflow_model_tokens_daily_limit", clinic)] == LIMIT
    assert seen[refused] == 1
    stack.stop()  # another process, or this one started again, reads the same count
    stack.start()
    await ask(stack, fourth, database_url)
    assert len(claude.requests) == 2, "the count outlived the restart"
    for delivery in (first, second, third, fourth):
        assert answered(graph, delivery.patient), "every patient is answered"
    again = samples(stack)
    assert again[("clinicflow_model_tokens_today", clinic)] == 2 * 1_260
    assert again[refused] == 1
    for line in stack.logged().splitlines():
        assert QUESTION not in line
        assert all(delivery.patient not in line for delivery in (first, second, third, fourth))


async def test_a_reading_carries_every_token_the_call_used_even_a_refused_one(
    claude: FakeMessagesApi,
) -> None:
    nlu = ClaudeNlu(ClaudeConfig(api_key=API_KEY, base_url=claude.url, timeout_seconds=2))
    try:
        reading = await nlu.understand(QUESTION, context(QUESTION))
        assert (reading.by_model, reading.model_tokens) == (True, 1_260)
        claude.answer(Reply(text="no es JSON", input_tokens=900, cache_write_tokens=300, output_tokens=5))
        with pytest.raises(NluUnavailable) as refused:
            await nlu.understand(QUESTION, context(QUESTION))
        assert refused.value.tokens == 1_205
    finally:
        await nlu.close()
