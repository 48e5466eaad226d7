"""The PostgreSQL server of the integration tests: it answers, has btree_gist, and is truthful about SSL.

Runs in whichever mode ``postgres_server()`` picks (an env URL, a container, or local binaries).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from urllib.parse import parse_qs, unquote, urlsplit

import asyncpg
import pytest

from tests.integration.servers.postgres import ENV_VAR, PostgresServer

pytestmark = pytest.mark.integration


@pytest.fixture
async def scratch_database(postgres: PostgresServer) -> AsyncIterator[str]:
    """A database of this test's own (the server may be shared: an env-mode server is someone's)."""
    name = f"testpostgres_server_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(postgres.url())
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        yield name
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


def test_mode_follows_the_environment(postgres: PostgresServer) -> None:
    if os.environ.get(ENV_VAR, "").strip():
        assert postgres.mode == "env"
    else:
        assert postgres.mode in {"testcontainers", "local"}
    if postgres.mode == "local":
        assert postgres.ssl, "a local test server always runs with SSL on"


async def test_a_plain_connection_works(postgres: PostgresServer) -> None:
    connection = await asyncpg.connect(postgres.url())
    try:
        version = await connection.fetchval("select version()")
        is_superuser = await connection.fetchval("select rolsuper from pg_roles where rolname = current_user")
    finally:
        await connection.close()
    assert str(version).startswith("PostgreSQL ")
    assert is_superuser is True or postgres.mode == "env"  # env mode only promises CREATE DATABASE


async def test_btree_gist_is_available_for_exclusion_constraints(
    postgres: PostgresServer, scratch_database: str
) -> None:
    connection = await asyncpg.connect(postgres.url(scratch_database))
    try:
        await connection.execute("CREATE EXTENSION btree_gist")
        await connection.execute(
            "CREATE TABLE slot (doctor int, during tstzrange,"
            " EXCLUDE USING gist (doctor WITH =, during WITH &&))"
        )
        await connection.execute("INSERT INTO slot VALUES (1, '[2030-01-01 10:00Z, 2030-01-01 10:30Z)')")
        await connection.execute("INSERT INTO slot VALUES (2, '[2030-01-01 10:00Z, 2030-01-01 10:30Z)')")
        with pytest.raises(asyncpg.ExclusionViolationError):
            await connection.execute("INSERT INTO slot VALUES (1, '[2030-01-01 10:15Z, 2030-01-01 10:45Z)')")
    finally:
        await connection.close()


async def test_the_ssl_flag_tells_the_truth(postgres: PostgresServer) -> None:
    connection = await asyncpg.connect(postgres.url())
    try:
        assert await connection.fetchval("SHOW ssl") == ("on" if postgres.ssl else "off")
    finally:
        await connection.close()
    if not postgres.ssl:
        return
    connection = await asyncpg.connect(postgres.url(sslmode="require"))
    try:
        encrypted = await connection.fetchval("select ssl from pg_stat_ssl where pid = pg_backend_pid()")
    finally:
        await connection.close()
    assert encrypted is True


def test_url_quotes_every_part() -> None:
    server = PostgresServer(
        host="::1", port=6543, user="dr maría", password="p@ss:w/rd?#%&", mode="env", ssl=False
    )
    url = server.url("citas 2030", sslmode="require", application_name="clinic flow")
    parts = urlsplit(url)
    assert parts.scheme == "postgresql"
    assert (parts.hostname, parts.port) == ("::1", 6543)
    assert unquote(parts.username or "") == "dr maría"
    assert unquote(parts.password or "") == "p@ss:w/rd?#%&"
    assert unquote(parts.path) == "/citas 2030"
    assert parse_qs(parts.query) == {"sslmode": ["require"], "application_name": ["clinic flow"]}
    assert "p@ss" not in repr(server)
    assert server.url() == "postgresql://dr%20mar%C3%ADa:p%40ss%3Aw%2Frd%3F%23%25%26@[::1]:6543/postgres"
