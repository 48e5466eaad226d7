"""A check both the direct and the pooled migration tests make."""

from __future__ import annotations

import asyncio

import asyncpg

from adapters.postgres.migrate import bundled_migrations, migrate, schema_version


async def assert_racing_migrations_apply_each_once(
    first: asyncpg.Connection, second: asyncpg.Connection
) -> None:
    """Two migrations at once both succeed, and each migration is applied once, by one or the other."""
    try:
        results = await asyncio.gather(migrate(first), migrate(second))
        applied_versions = sorted(m.version for applied in results for m in applied)
        assert applied_versions == [m.version for m in bundled_migrations()]
        assert await schema_version(first) == len(bundled_migrations())
    finally:
        await first.close()
        await second.close()
