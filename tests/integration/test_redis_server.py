"""The Redis server of the integration tests: it answers at its URL, wants its password, and can be
stopped and started again for "Redis went away" tests.

Runs in whichever mode ``redis_server()`` picks (an env URL, a container, or the local binary). An
env-mode server is someone else's, possibly shared: these tests only touch keys of their own, and the
stop/start tests are skipped there (as is the wrong-password test if that server has no password);
under CI (local mode, where nothing should be skipped) they fail instead.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import AsyncIterator
from dataclasses import replace

import pytest
from redis import asyncio as aioredis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import AuthenticationError
from redis.exceptions import ConnectionError as RedisConnectionError

from tests.integration.servers._process import not_here
from tests.integration.servers.redis import ENV_VAR, RedisServer, redis_server

pytestmark = pytest.mark.integration


def _client(url: str) -> aioredis.Redis:
    """A client that fails at once instead of retrying (redis-py retries connection errors by default)."""
    return aioredis.from_url(url, retry=Retry(NoBackoff(), 0), socket_connect_timeout=2, socket_timeout=5)


@pytest.fixture
async def key(redis: RedisServer) -> AsyncIterator[str]:
    """A key of this test's own, deleted afterwards (an env-mode server may be shared)."""
    name = f"clinicflow-test:{uuid.uuid4().hex}"
    yield name
    client = _client(redis.url())
    try:
        await client.delete(name)
    finally:
        await client.aclose()


def test_mode_follows_the_environment(redis: RedisServer) -> None:
    if os.environ.get(ENV_VAR, "").strip():
        assert redis.mode == "env"
        assert not redis.can_restart
    else:
        assert redis.mode in {"testcontainers", "local"}
        assert redis.can_restart
        assert redis.password, "a server the tests start always has a password"


async def test_ping_works_at_the_url(redis: RedisServer) -> None:
    client = aioredis.from_url(redis.url())
    try:
        assert await client.ping() is True
    finally:
        await client.aclose()


async def test_a_wrong_password_is_refused(redis: RedisServer) -> None:
    if not redis.password:  # only in env mode: the servers the tests start always have one
        not_here("the server has no password (Redis 6+ then lets a client in with any password)")
    client = _client(replace(redis, password=f"{redis.password}-wrong").url())
    try:
        with pytest.raises(AuthenticationError):
            await client.ping()
    finally:
        await client.aclose()
    client = _client(replace(redis, password="").url())
    try:
        with pytest.raises(AuthenticationError):  # NOAUTH
            await client.ping()
    finally:
        await client.aclose()


async def test_set_nx_ex_takes_a_key_once(redis: RedisServer, key: str) -> None:
    client = _client(redis.url())
    try:
        assert await client.set(key, "v", nx=True, ex=10) is True
        assert await client.set(key, "w", nx=True, ex=10) is None
        assert await client.get(key) == b"v"
        assert 0 < await client.ttl(key) <= 10
    finally:
        await client.aclose()


async def test_stop_refuses_connections_and_start_brings_it_back(redis: RedisServer) -> None:
    if not redis.can_restart:
        not_here(f"a server from {ENV_VAR} is not the tests' to stop")
    url = redis.url()
    client = _client(url)
    try:
        assert await client.ping() is True
        redis.stop()
        try:
            with pytest.raises(RedisConnectionError):
                await client.ping()
            fresh = _client(url)
            try:
                with pytest.raises(RedisConnectionError):
                    await fresh.ping()
            finally:
                await fresh.aclose()
            with pytest.raises(ConnectionRefusedError):  # the process is gone, not just deaf
                socket.create_connection((redis.host, redis.port), timeout=2).close()
        finally:
            redis.start()  # whatever happened: the rest of the session shares this server
        assert redis.url() == url
        assert await client.ping() is True  # the same client reconnects
        fresh = _client(url)
        try:
            assert await fresh.ping() is True
        finally:
            await fresh.aclose()
    finally:
        await client.aclose()


def test_stop_and_start_are_idempotent(redis: RedisServer) -> None:
    if not redis.can_restart:
        not_here(f"a server from {ENV_VAR} is not the tests' to stop")
    redis.start()  # already running: nothing happens
    redis.stop()
    redis.stop()  # already stopped: nothing happens
    redis.start()
    with socket.create_connection((redis.host, redis.port), timeout=2):
        pass


def test_an_env_mode_server_refuses_to_stop() -> None:
    server = RedisServer(host="127.0.0.1", port=6379, password="", mode="env")
    assert not server.can_restart
    with pytest.raises(RuntimeError, match="can_restart"):
        server.stop()
    with pytest.raises(RuntimeError, match="can_restart"):
        server.start()


@pytest.mark.parametrize(
    "url", ["rediss://:pw@example.invalid:6380/0", "http://example.invalid", "redis://:pw@example.invalid/x"]
)
def test_an_unusable_env_url_is_named(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    monkeypatch.setenv(ENV_VAR, url)
    with pytest.raises(RuntimeError, match=ENV_VAR), redis_server():
        pass


async def test_url_quotes_the_password() -> None:
    server = RedisServer(host="::1", port=6380, password="p@ss:w/rd?#%&", mode="env", db=3)
    assert server.url() == "redis://:p%40ss%3Aw%2Frd%3F%23%25%26@[::1]:6380/3"
    assert server.url(5).endswith("/5")
    assert "p@ss" not in repr(server)
    client = aioredis.from_url(server.url())
    try:
        kwargs = client.connection_pool.connection_kwargs
        assert (kwargs["host"], kwargs["port"], kwargs["db"]) == ("::1", 6380, 3)
        assert kwargs["password"] == "p@ss:w/rd?#%&"
    finally:
        await client.aclose()
    no_password = RedisServer(host="127.0.0.1", port=6379, password="", mode="env")
    assert no_password.url() == "redis://127.0.0.1:6379/0"
