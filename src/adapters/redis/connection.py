"""The Redis client, opened in the app's lifespan; every Redis failure becomes ``ServiceUnavailable``."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import urlsplit

import redis.asyncio as redis
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff
from redis.exceptions import RedisError

from application.ports import ServiceUnavailable

log = logging.getLogger(__name__)


def safe_location(url: str) -> str:
    """host:port/db, for messages: never the password."""
    parts = urlsplit(url)
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.hostname or 'localhost'}{port}{parts.path or '/0'}"


class RedisConnection:
    """Owns the client (and its connection pool): ``start`` in the lifespan, ``stop`` at shutdown.

    Timeouts are short and retries few: when Redis is down a message is refused with a
    503 in well under a second, and Meta delivers it again later.
    """

    def __init__(self, url: str, *, timeout_seconds: float = 1.0) -> None:
        self.url = url
        self._timeout = timeout_seconds
        self._client: redis.Redis | None = None

    @property
    def where(self) -> str:
        return safe_location(self.url)

    @property
    def client(self) -> redis.Redis:
        if self._client is None:
            raise RuntimeError("the Redis client is not started (start it in the app's lifespan)")
        return self._client

    async def start(self) -> None:
        if self._client is not None:
            return
        try:
            client = redis.Redis.from_url(
                self.url,
                socket_timeout=self._timeout,
                socket_connect_timeout=self._timeout,
                retry=Retry(ExponentialBackoff(cap=0.1, base=0.01), retries=2),
                health_check_interval=30,
            )
        except ValueError:
            raise ServiceUnavailable("REDIS_URL is not a valid redis:// or rediss:// URL") from None
        try:
            await client.ping()
        except RedisError as error:
            await client.aclose()
            raise ServiceUnavailable(f"cannot connect to Redis at {self.where}: {_reason(error)}") from None
        self._client = client
        log.info("redis client open on %s", self.where)

    async def stop(self) -> None:
        if self._client is not None:
            client, self._client = self._client, None
            await client.aclose()

    async def ping(self) -> bool:
        try:
            return bool(await self.client.ping())
        except (RedisError, RuntimeError):
            return False


@asynccontextmanager
async def reached(what: str) -> AsyncIterator[None]:
    """Turn Redis failures inside the block into ``ServiceUnavailable`` naming what was attempted."""
    try:
        yield
    except RedisError as error:
        raise ServiceUnavailable(f"redis unreachable while {what}: {_reason(error)}") from None


def _reason(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0]
