"""Console sessions on a real Redis: nothing an anonymous visitor sends writes to the store, a
session is stored only at sign-in and holds no phone number, and it ends after an idle time
that polling does not reset, and after an absolute lifetime, by a clock the test moves."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
import redis.asyncio as aioredis
from dependency_injector import providers
from litestar.stores.memory import MemoryStore
from litestar.testing import AsyncTestClient

from adapters.memory.clock import FixedClock
from application.accounts import Accounts
from entrypoints.container import Container, build_container
from entrypoints.settings import Settings
from entrypoints.web import create_app
from tests.integration.servers.fake_graph import TOKEN, FakeGraphApi
from tests.integration.servers.redis import RedisServer
from tests.integration.serving import TEST_HASH_KEY
from tests.integration.staff.test_console_pages import form_token, sign_in
from tests.integration.staff.world import ANA, NOW, SECRET, Client, Patient

pytestmark = pytest.mark.integration

DB = 9  # a database of the tests' Redis that only these tests use: its size is theirs to count
NAMESPACE = b"clinicflow_console:*"


@pytest.fixture
async def store(redis: RedisServer) -> AsyncIterator[aioredis.Redis]:
    client = aioredis.from_url(redis.url(DB))
    await client.flushdb()
    try:
        yield client
    finally:
        await client.flushdb()
        await client.aclose()


@pytest.fixture
async def redis_container(
    container: Container, database_url: str, graph: FakeGraphApi, redis: RedisServer
) -> Container:
    """The staff tests' container (its clinics are loaded by then) with Redis and the console's
    timeouts set."""
    settings = Settings.from_environment(
        {
            "DATABASE_URL": database_url,
            "REDIS_URL": redis.url(DB),
            "CLINICFLOW_HASH_KEY": TEST_HASH_KEY,
            "META_APP_SECRET": SECRET,
            "META_VERIFY_TOKEN": "verify",
            "META_ACCESS_TOKEN": TOKEN,
            "META_GRAPH_URL": graph.url,
            "CLINICFLOW_CONSOLE_IDLE_MINUTES": "30",
            "CLINICFLOW_CONSOLE_SESSION_HOURS": "12",
        }
    )
    with_redis = build_container(settings)
    with_redis.clock.override(providers.Object(FixedClock(NOW)))
    return with_redis


@pytest.fixture
async def browser(redis_container: Container, store: aioredis.Redis) -> AsyncIterator[Client]:
    app = create_app(redis_container)
    async with AsyncTestClient(app=app, base_url="https://clinica.test") as client:
        yield client


def clock_of(container: Container) -> FixedClock:
    clock = container.clock()
    assert isinstance(clock, FixedClock)
    return clock


async def sessions_in(store: aioredis.Redis) -> list[bytes]:
    return [key async for key in store.scan_iter(match=NAMESPACE)]


COOKIES = [
    "",
    "null",
    "not-hex-at-all",
    "x" * 4096,
    "%00" * 64,
    "A" * 64,  # hex of the right length, but not the lowercase our ids are made of
    "0" * 63,
    secrets.token_hex(32)[:-1] + "g",
]


async def test_nothing_an_anonymous_visitor_sends_writes_to_redis(
    browser: Client, store: aioredis.Redis
) -> None:
    token = await form_token(browser)
    csrf = browser.cookies.get("cf_csrf")  # forms pass CSRF and reach their handlers
    visits = [
        ("get", "/console/login"),
        ("get", "/console/static/console.css"),
        ("get", "/console/static/nothing.js"),
        ("post", "/console/login"),
        ("get", "/console/login/code"),
        ("post", "/console/login/code"),
        ("get", "/console/invitation/" + secrets.token_urlsafe(32)),
        ("post", "/console/invitation/" + secrets.token_urlsafe(32)),
        ("post", "/console/logout"),
        ("get", "/console/"),
        ("get", "/console/conversations"),
        ("get", "/console/agenda?dias=1"),
        ("get", f"/console/c/{ANA}"),
        ("get", f"/console/c/{ANA}/history"),
        ("post", f"/console/c/{ANA}/pause"),
        ("post", f"/console/c/{ANA}/resume"),
        ("post", f"/console/c/{ANA}/replies"),
        ("post", "/console/appointments/x/cancel"),
        ("post", "/console/appointments/x/visit"),
        ("get", "/console/nowhere"),
    ]
    before = await store.dbsize()
    statuses: dict[str, set[int]] = {}
    for cookie in [*COOKIES, *(secrets.token_hex(32) for _ in range(20))]:
        for method, path in visits:
            browser.cookies.clear()
            headers = {"cookie": f"cf_session={cookie}; cf_csrf={csrf}"}
            data = {
                "_csrf_token": token,
                "email": secrets.token_hex(4) + "@example.com",
                "password": secrets.token_urlsafe(16),
                "code": "123456",
                "text": "hola",
            }
            if method == "get":
                response = await browser.get(path, headers=headers, follow_redirects=False)
            else:
                response = await browser.post(path, headers=headers, data=data, follow_redirects=False)
            assert response.status_code < 500, (path, response.status_code, response.text)
            statuses.setdefault(f"{method} {path}", set()).add(response.status_code)
            assert "cf_session=" not in response.headers.get("set-cookie", "").replace("cf_session=null", "")
    assert statuses["post /console/login"] <= {401, 429}  # the passwords were checked (or limited)
    assert statuses[f"post /console/c/{ANA}/pause"] == {303}  # CSRF passed: sent to sign in
    assert await sessions_in(store) == []
    assert await store.dbsize() == before


async def test_a_session_is_stored_at_sign_in_without_a_phone_number_and_gone_at_sign_out(
    browser: Client, accounts: Accounts, redis_container: Container, store: aioredis.Redis
) -> None:
    await Patient(browser, redis_container, ANA).says("Hola")
    user = "user_id:CL.1234567890"
    await sign_in(browser, accounts)
    [key] = await sessions_in(store)
    assert 0 < await store.ttl(key) <= 30 * 60  # the idle timeout, not 12 h
    assert (await browser.get(f"/console/c/{ANA}")).status_code == 200
    assert (await browser.get(f"/console/c/+{ANA}")).status_code == 200
    assert (await browser.get(f"/console/c/{user}")).status_code in (200, 404)
    assert "mensajes sin leer" not in (await browser.get("/console/")).text  # the read mark works
    stored = await store.get(key)
    assert stored is not None
    for leak in (ANA.encode(), ANA[-8:].encode(), b"user_id", b"1234567890"):
        assert leak not in stored, stored
    token = await form_token(browser, "/console/")
    out = await browser.post("/console/logout", data={"_csrf_token": token}, follow_redirects=False)
    assert out.status_code == 303
    assert await sessions_in(store) == []


async def test_polling_does_not_keep_an_idle_session_alive(
    browser: Client, accounts: Accounts, redis_container: Container, store: aioredis.Redis
) -> None:
    await Patient(browser, redis_container, ANA).says("Hola")
    clock = clock_of(redis_container)
    await sign_in(browser, accounts)
    polls = ("/console/conversations", f"/console/c/{ANA}/history")
    for _ in range(5):  # 25 minutes of a tab left open: polls only
        clock.advance(timedelta(minutes=5))
        for poll in polls:
            response = await browser.get(poll, headers={"HX-Request": "true", "HX-Trigger": "historial"})
            assert response.status_code == 200
    clock.advance(timedelta(minutes=6))  # 31 minutes since she last did something
    for poll in polls:
        ended = await browser.get(poll, headers={"HX-Request": "true"})
        assert ended.status_code == 401
        assert ended.headers["hx-redirect"].endswith("/console/login")
    assert await sessions_in(store) == []  # deleted, not left to expire
    page = await browser.get("/console/", follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"].endswith("/console/login")


async def test_using_the_console_keeps_it_open_until_its_absolute_lifetime(
    browser: Client, accounts: Accounts, redis_container: Container, store: aioredis.Redis
) -> None:
    clock = clock_of(redis_container)
    await sign_in(browser, accounts)
    for _ in range(11 * 60 // 25):  # a page every 25 minutes for 11 hours: still signed in
        clock.advance(timedelta(minutes=25))
        assert (await browser.get("/console/agenda", follow_redirects=False)).status_code == 200
    clock.set(NOW + timedelta(hours=12, seconds=1))
    ended = await browser.get("/console/agenda", follow_redirects=False)
    assert ended.status_code == 303
    assert ended.headers["location"].endswith("/console/login")
    assert await sessions_in(store) == []
    await sign_in(browser, accounts)  # and signing in again opens a new one
    assert (await browser.get("/console/")).status_code == 200


async def test_without_redis_anonymous_visits_leave_the_memory_store_empty(
    container: Container, accounts: Accounts
) -> None:
    app = create_app(container)
    sessions = app.stores.get("console_sessions")
    assert isinstance(sessions, MemoryStore)
    async with AsyncTestClient(app=app, base_url="https://clinica.test") as client:
        for cookie in [*COOKIES, *(secrets.token_hex(32) for _ in range(20))]:
            for path in ("/console/login", "/console/", "/console/conversations", "/console/agenda"):
                client.cookies.clear()
                await client.get(path, headers={"cookie": f"cf_session={cookie}"}, follow_redirects=False)
        assert len(sessions._store) == 0  # the store has no count of its own
        await sign_in(client, accounts)
        assert len(sessions._store) == 1
