"""`clinicflow serve` on a real socket: uvicorn, real HTTP, signed deliveries."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import httpx
import pytest

from tests import meta_payloads as meta
from tests.integration.serving import clean_env, free_port, running_server, serving

pytestmark = pytest.mark.integration

SECRET = "serve-secret"
VERIFY = "serve-verify"


@pytest.fixture
def server() -> Iterator[str]:
    with running_server(clean_env(META_APP_SECRET=SECRET, META_VERIFY_TOKEN=VERIFY)) as base:
        yield base


def test_serve_answers_the_handshake_and_signed_deliveries(server: str) -> None:
    params = {"hub.mode": "subscribe", "hub.verify_token": VERIFY, "hub.challenge": "42"}
    assert httpx.get(f"{server}/webhooks/whatsapp", params=params).text == "42"
    body = meta.encode(meta.text_delivery("100000000000001", "56911112222", "wamid.s1", "hola", 1))
    url = f"{server}/webhooks/whatsapp"
    assert httpx.post(url, content=body, headers=meta.signed_headers(SECRET, body)).status_code == 200
    assert httpx.post(url, content=body, headers=meta.signed_headers("wrong", body)).status_code == 403


def test_serve_refuses_deliveries_over_the_size_limit(server: str) -> None:
    body = b"{" + b" " * (3 * 1024 * 1024 + 1) + b"}"
    response = httpx.post(
        f"{server}/webhooks/whatsapp", content=body, headers=meta.signed_headers(SECRET, body)
    )
    assert response.status_code == 413


def test_serve_without_secrets_stops_with_a_message_naming_the_variable() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "entrypoints.cli", "serve", "--port", str(free_port())],
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "META_APP_SECRET must be set" in done.stderr


def test_serve_without_a_database_prints_a_staff_key_that_opens_only_its_clinic() -> None:
    with serving(clean_env(META_APP_SECRET=SECRET, META_VERIFY_TOKEN=VERIFY)) as (base, process):
        assert process.stderr is not None
        printed = ""
        while "staff key for sonrisa" not in printed:  # printed before the server starts
            line = process.stderr.readline()
            assert line, f"serve printed no staff key: {printed}"
            printed += line
        key = printed.rsplit(": ", 1)[1].strip()
        assert key.startswith("cf_")
        opened = httpx.get(f"{base}/api/v1/conversations", headers={"Authorization": f"Bearer {key}"})
        assert opened.status_code == 200
        assert httpx.get(f"{base}/api/v1/conversations").status_code == 401
