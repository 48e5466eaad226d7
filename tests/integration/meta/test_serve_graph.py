"""`clinicflow serve` with META_ACCESS_TOKEN: messages are read-receipted and answered via the Graph API."""

from __future__ import annotations

import time

import httpx
import pytest

from tests import meta_payloads as meta
from tests.integration.servers.fake_graph import TOKEN, FakeGraphApi
from tests.integration.serving import clean_env, running_server

pytestmark = pytest.mark.integration

SECRET = "graph-serve-secret"
PHONE_NUMBER_ID = "100000000000001"  # the demo clinic's
PATIENT = "56911112222"


def test_a_message_is_read_receipted_then_answered_through_the_graph_api(graph: FakeGraphApi) -> None:
    env = clean_env(
        META_APP_SECRET=SECRET,
        META_VERIFY_TOKEN="verify",
        META_ACCESS_TOKEN=TOKEN,
        META_GRAPH_URL=graph.url,
        META_GRAPH_VERSION="v24.0",
    )
    body = meta.encode(
        meta.text_delivery(PHONE_NUMBER_ID, PATIENT, "wamid.IN1", "Quiero agendar una cita", 1)
    )
    with running_server(env, "--now", "2026-11-30T09:00:00-03:00") as server:
        response = httpx.post(
            f"{server}/webhooks/whatsapp", content=body, headers=meta.signed_headers(SECRET, body)
        )
        assert response.status_code == 200
        deadline = time.monotonic() + 5
        while len(graph.requests) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
    # A first message: the privacy notice goes out first, then the answer (issue 24).
    receipt, notice, reply = graph.requests
    assert "PRIVACY_CONSENT_YES" in str(notice.json)
    assert receipt.path == f"/v24.0/{PHONE_NUMBER_ID}/messages"
    assert receipt.json["status"] == "read"
    assert receipt.json["message_id"] == "wamid.IN1"
    assert reply.json["to"] == f"+{PATIENT}"
    assert reply.json["type"] == "interactive"
    assert "¿Para qué día" in reply.json["interactive"]["body"]["text"]
    assert all(r.headers["authorization"] == f"Bearer {TOKEN}" for r in graph.requests)


def test_a_wrong_access_token_loses_no_turn_and_is_not_a_webhook_error(graph: FakeGraphApi) -> None:
    env = clean_env(
        META_APP_SECRET=SECRET,
        META_VERIFY_TOKEN="verify",
        META_ACCESS_TOKEN="expired",
        META_GRAPH_URL=graph.url,
    )
    body = meta.encode(meta.text_delivery(PHONE_NUMBER_ID, PATIENT, "wamid.IN2", "hola", 1))
    with running_server(env) as server:
        response = httpx.post(
            f"{server}/webhooks/whatsapp", content=body, headers=meta.signed_headers(SECRET, body)
        )
    # Meta must not redeliver a message whose turn already happened: the failure is ours to log.
    assert response.status_code == 200
    # The read receipt, the privacy notice of a first message and one reply, each refused once
    # (190 is not retried).
    assert len(graph.requests) == 3
