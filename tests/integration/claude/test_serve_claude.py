"""`clinicflow serve` with ANTHROPIC_API_KEY really asks the model (a fake Messages API on 127.0.0.1)."""

from __future__ import annotations

import time

import httpx
import pytest

from tests import meta_payloads as meta
from tests.integration.servers.fake_anthropic import API_KEY, fake_messages_api
from tests.integration.serving import clean_env, running_server

pytestmark = pytest.mark.integration

SECRET = "claude-serve-secret"


def test_serve_asks_the_model_for_what_the_offline_reader_cannot_settle() -> None:
    # Regression: serve's preflight closed the SDK client, and the server went on using the
    # closed one, so every model call failed and the offline reading stood in for all of them.
    with fake_messages_api() as claude:
        env = clean_env(
            META_APP_SECRET=SECRET,
            META_VERIFY_TOKEN="verify",
            ANTHROPIC_API_KEY=API_KEY,
            ANTHROPIC_BASE_URL=claude.url,
        )
        # The patient accepts the privacy notice first: without consent the model never reads them.
        accepts = meta.encode(
            meta.button_delivery(
                "100000000000001", "56911112222", "wamid.C0", "PRIVACY_CONSENT_YES", "Acepto", 0
            )
        )
        body = meta.encode(
            meta.text_delivery(
                "100000000000001", "56911112222", "wamid.C1", "¿y eso qué significa entonces?", 1
            )
        )
        with running_server(env, "--now", "2026-11-30T09:00:00-03:00") as server:
            response = httpx.post(
                f"{server}/webhooks/whatsapp", content=accepts, headers=meta.signed_headers(SECRET, accepts)
            )
            assert response.status_code == 200
            response = httpx.post(
                f"{server}/webhooks/whatsapp", content=body, headers=meta.signed_headers(SECRET, body)
            )
            assert response.status_code == 200
            deadline = time.monotonic() + 10
            while not claude.requests and time.monotonic() < deadline:
                time.sleep(0.05)
        assert len(claude.requests) == 1
        assert claude.requests[0]["model"] == "claude-haiku-4-5"
