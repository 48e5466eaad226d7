"""Real servers for the integration tests: one per test session, a clean database per test.

Where the server comes from (an environment URL, testcontainers, or a throwaway
cluster from the local binaries) is decided in ``tests/integration/servers``; the
tests below it run the same in all three cases.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator

import asyncpg
import pytest

from adapters.postgres.database import Database, DatabaseOptions
from adapters.postgres.migrate import migrate
from tests.integration.servers.fake_graph import FakeGraphApi, fake_graph_api
from tests.integration.servers.fake_transcriber import FakeTranscriber, fake_transcriber
from tests.integration.servers.postgres import PostgresServer, postgres_server
from tests.integration.servers.redis import RedisServer, redis_server

TEMPLATE = "clinicflow_migrated"


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    with postgres_server() as server:
        yield server


@pytest.fixture(scope="session")
def redis() -> Iterator[RedisServer]:
    with redis_server() as server:
        yield server


@pytest.fixture(scope="session")
def migrated_template(postgres: PostgresServer) -> str:
    """A database with every migration applied, copied (cheaply) for each test that wants one."""

    async def build() -> None:
        admin = await asyncpg.connect(postgres.url())
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{TEMPLATE}" WITH (FORCE)')
            await admin.execute(f'CREATE DATABASE "{TEMPLATE}"')
        finally:
            await admin.close()
        connection = await asyncpg.connect(postgres.url(TEMPLATE))
        try:
            await migrate(connection)
        finally:
            await connection.close()

    asyncio.run(build())
    return TEMPLATE


async def _fresh_database(postgres: PostgresServer, template: str) -> AsyncIterator[str]:
    name = f"test_{uuid.uuid4().hex[:16]}"
    admin = await asyncpg.connect(postgres.url())
    try:
        await admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    finally:
        await admin.close()
    yield postgres.url(name)
    # A new connection: the test may have restarted the server in between.
    admin = await asyncpg.connect(postgres.url())
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


@pytest.fixture
async def database_url(postgres: PostgresServer, migrated_template: str) -> AsyncIterator[str]:
    """The URL of a database of this test's own, at the current schema."""
    async for url in _fresh_database(postgres, migrated_template):
        yield url


@pytest.fixture
async def empty_database_url(postgres: PostgresServer) -> AsyncIterator[str]:
    """The URL of a database of this test's own, with no schema at all."""
    async for url in _fresh_database(postgres, "template0"):
        yield url


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    """An open pool on this test's database (for tests that drive adapters directly, not an app)."""
    database = Database(DatabaseOptions(url=database_url, max_connections=20))
    await database.start()
    try:
        yield database
    finally:
        await database.stop()


@pytest.fixture
def graph() -> Iterator[FakeGraphApi]:
    """Meta's Graph API, faked: what the code under test sends reaches it (fresh per test)."""
    with fake_graph_api() as fake:
        yield fake


@pytest.fixture
def transcriber() -> Iterator[FakeTranscriber]:
    """An OpenAI-compatible transcription server, faked (fresh per test)."""
    with fake_transcriber() as fake:
        yield fake
