"""A started Redis client for tests that drive the Redis adapters directly."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from adapters.redis.connection import RedisConnection
from tests.integration.servers.redis import RedisServer


@pytest.fixture
async def connection(redis: RedisServer) -> AsyncIterator[RedisConnection]:
    connection = RedisConnection(redis.url())
    await connection.start()
    try:
        yield connection
    finally:
        await connection.stop()
