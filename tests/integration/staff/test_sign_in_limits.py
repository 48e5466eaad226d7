"""Failed sign-ins, in the console (e-mail and password) and the staff API (a key), against
`clinicflow serve` on PostgreSQL and Redis: each is logged (the client masked, never the key, the
e-mail or the password) and the console's are in the audit log, with the client's address; and
repeated failures are refused with 429 and Retry-After, per client and per clinic, before any key
or password is checked. A different client with a good password or key still signs in at once.

Clients are told apart by address: serve trusts X-Forwarded-For from a proxy on its own machine
(uvicorn's default), which stands for the many addresses of the internet here.
"""

from __future__ import annotations

import asyncio
import json
import re
import secrets
from collections.abc import Iterator
from typing import Any

import asyncpg
import httpx
import pytest

from tests.integration.faults.harness import Stack, stack_of
from tests.integration.servers.fake_graph import FakeGraphApi
from tests.integration.servers.redis import RedisServer
from tests.integration.staff.test_console_browser import PASSWORD, form_post, staff_account, staff_key

pytestmark = pytest.mark.integration

_TOKEN = re.compile(r'name="_csrf_token" value="([0-9a-f]+)"')
CLIENT_LIMIT = 10  # failures one client may make in a window


@pytest.fixture
def stack(database_url: str, redis: RedisServer, graph: FakeGraphApi) -> Iterator[Stack]:
    with stack_of(database_url, redis.url(), graph) as stack:
        stack.start()
        yield stack


def wrong_key() -> str:
    return "cf_" + secrets.token_urlsafe(32)


def console_sign_in(stack: Stack, client: str, email: str, password: str) -> httpx.Response:
    """One sign-in through the console's form, as a browser at address ``client`` makes it."""
    return form_post(stack, "/console/login", {"email": email, "password": password}, client)


def audited(stack: Stack) -> list[asyncpg.Record]:
    async def read() -> list[asyncpg.Record]:
        connection = await asyncpg.connect(stack.database_url)
        try:
            return await connection.fetch(
                "SELECT * FROM audit_log WHERE action LIKE 'sign_in%' ORDER BY sequence"
            )
        finally:
            await connection.close()

    return asyncio.run(read())


def api_call(stack: Stack, client: str, key: str) -> httpx.Response:
    headers = {"X-Forwarded-For": client, "Authorization": f"Bearer {key}"}
    return httpx.get(f"{stack.url}/api/v1/conversations", headers=headers, timeout=10)


def logged(stack: Stack) -> list[dict[str, Any]]:
    lines = []
    for line in stack.logged().splitlines():
        try:
            lines.append(json.loads(line))
        except ValueError:
            continue
    return lines


def failures_logged(stack: Stack) -> list[dict[str, Any]]:
    return [line for line in logged(stack) if "sign-in failed" in str(line.get("event"))]


def test_a_client_that_keeps_failing_is_refused_for_a_while_and_every_failure_is_logged(
    stack: Stack,
) -> None:
    key = staff_key(stack)
    email = staff_account(stack)
    tried: list[str] = []
    for _ in range(CLIENT_LIMIT):
        tried.append(secrets.token_urlsafe(12))
        failed = console_sign_in(stack, "203.0.113.7", email, tried[-1])
        assert failed.status_code == 401
        assert "Correo o contraseña incorrectos." in failed.text
    refused = console_sign_in(stack, "203.0.113.7", email, PASSWORD + "?")
    assert refused.status_code == 429
    assert 0 < int(refused.headers["retry-after"]) <= 15 * 60
    assert "Demasiados intentos" in refused.text
    # Refused before the password is looked at: even the right one waits.
    assert console_sign_in(stack, "203.0.113.7", email, PASSWORD).status_code == 429
    # Another client is not slowed, and the right password signs in.
    assert console_sign_in(stack, "192.0.2.44", email, PASSWORD).status_code == 303
    # Every attempt is in the audit log, with the client's address; never the password.
    entries = audited(stack)
    assert [(e["action"], e["client"]) for e in entries] == [
        *[("sign_in_failed", "203.0.113.7")] * (CLIENT_LIMIT + 2),
        ("sign_in", "192.0.2.44"),
    ]
    assert not any(password in str(dict(e)) for e in entries for password in (*tried, PASSWORD))

    for _ in range(CLIENT_LIMIT):
        tried.append(wrong_key())
        assert api_call(stack, "2001:db8:1:2::7", tried[-1]).status_code == 401
    limited = api_call(stack, "2001:db8:1:2:ffff::1", wrong_key())  # the same /64: the same client
    assert limited.status_code == 429
    assert 0 < int(limited.headers["retry-after"]) <= 15 * 60
    assert "error" in limited.json()
    assert api_call(stack, "192.0.2.44", key).status_code == 200

    lines = failures_logged(stack)
    assert len(lines) >= 2 * CLIENT_LIMIT
    assert {line["level"] for line in lines} == {"warning"}
    assert {line.get("channel") for line in lines} == {"console", "api"}
    assert all(re.fullmatch(r"[0-9a-f]{16}", str(line.get("client"))) for line in lines)
    text = stack.logged()
    for secret in (key, key[3:], *tried, *(t[3:20] for t in tried), email, PASSWORD):
        assert secret not in text
    for address in ("203.0.113.7", "2001:db8:1:2::7", "192.0.2.44"):
        assert address not in text


def test_failures_naming_one_clinics_key_from_many_clients_close_that_clinic_for_a_while(
    stack: Stack,
) -> None:
    key = staff_key(stack)
    named = key[: len(key) - 43]  # cf_<key id>_: what ties an attempt to the key's clinic
    statuses = []
    for n in range(150):
        guess = named + secrets.token_urlsafe(32)
        statuses.append(api_call(stack, f"198.51.100.{n}", guess).status_code)
    assert statuses[0] == 401
    assert statuses[-1] == 429
    assert set(statuses) == {401, 429}
    closed = statuses.index(429)
    assert all(s == 429 for s in statuses[closed:])
    # A fresh client naming the clinic's key is refused; a key naming no clinic is only checked.
    assert api_call(stack, "198.51.100.250", named + secrets.token_urlsafe(32)).status_code == 429
    assert api_call(stack, "198.51.100.251", wrong_key()).status_code == 401
    clinics = [line.get("clinic_id") for line in failures_logged(stack)]
    assert clinics == ["sonrisa"] * closed + [None]  # checked and failed: then refused unchecked
    closing = [line for line in logged(stack) if "at this clinic refused" in str(line.get("event"))]
    assert [line.get("clinic_id") for line in closing] == ["sonrisa"]
    assert key not in stack.logged()
