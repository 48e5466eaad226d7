"""SSL URLs (`?sslmode=require`, as hosted PostgreSQL hands out) work end to end."""

from __future__ import annotations

import pytest

from adapters.postgres.clinics import PostgresClinicDirectory
from adapters.postgres.database import Database, DatabaseOptions
from tests.factories import clinic
from tests.integration.servers._process import not_here
from tests.integration.servers.postgres import PostgresServer

pytestmark = pytest.mark.integration


async def test_an_sslmode_require_url_gives_encrypted_connections(
    postgres: PostgresServer, database_url: str
) -> None:
    if not postgres.ssl:
        not_here(f"this {postgres.mode} server has SSL off")
    database = Database(DatabaseOptions(url=f"{database_url}?sslmode=require"))
    await database.start()
    try:
        async with database.pool.acquire() as connection:
            encrypted = await connection.fetchval("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
        directory = PostgresClinicDirectory(database)
        await directory.put(clinic())
        assert await directory.get(clinic().id) == clinic()
    finally:
        await database.stop()
    assert encrypted is True
