"""Ordered SQL migrations, applied once each and recorded in ``schema_migrations``.

Each migration runs in its own transaction that first takes a transaction-level
advisory lock, so two processes migrating at once take turns and the second finds
the work done. Transaction-level locks also work behind a transaction pooler
(Supabase, PgBouncer), where session-level ones do not.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from importlib.resources import files

import asyncpg
from asyncpg.pool import PoolConnectionProxy

log = logging.getLogger(__name__)

# Any fixed 64-bit number: the advisory lock every migrating process takes.
MIGRATION_LOCK_KEY = 0x636C_696E_6963_666C  # "clinicfl"
_FILE_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


class MigrationError(Exception):
    """The migrations on disk and those recorded in the database disagree."""


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode()).hexdigest()


def bundled_migrations() -> list[Migration]:
    """The migrations shipped with this package, in order; versions must run 1, 2, 3..."""
    found: list[Migration] = []
    for entry in files("adapters.postgres.migrations").iterdir():
        match = _FILE_NAME.match(entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.read_text(encoding="utf-8")))
        elif entry.name.endswith(".sql"):
            raise MigrationError(f"migration file {entry.name} is not named NNNN_name.sql")
    found.sort(key=lambda m: m.version)
    for expected, migration in enumerate(found, start=1):
        if migration.version != expected:
            raise MigrationError(f"migration {expected:04d} is missing (found {migration.version:04d})")
    return found


async def migrate(
    connection: asyncpg.Connection, migrations: list[Migration] | None = None
) -> list[Migration]:
    """Apply the migrations the database lacks; return those applied by this call."""
    pending = bundled_migrations() if migrations is None else migrations
    applied: list[Migration] = []
    while True:
        async with connection.transaction():
            await connection.execute("SELECT pg_advisory_xact_lock($1)", MIGRATION_LOCK_KEY)
            await connection.execute(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version     integer PRIMARY KEY,
                    name        text NOT NULL,
                    checksum    text NOT NULL,
                    applied_at  timestamptz NOT NULL DEFAULT now()
                )
                """
            )
            recorded = {
                row["version"]: row["checksum"]
                for row in await connection.fetch("SELECT version, checksum FROM schema_migrations")
            }
            _check_recorded(pending, recorded)
            todo = next((m for m in pending if m.version not in recorded), None)
            if todo is None:
                return applied
            await connection.execute(todo.sql)
            await connection.execute(
                "INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
                todo.version,
                todo.name,
                todo.checksum,
            )
        log.info("applied migration %04d_%s", todo.version, todo.name)
        applied.append(todo)


def _check_recorded(migrations: list[Migration], recorded: dict[int, str]) -> None:
    for migration in migrations:
        checksum = recorded.get(migration.version)
        if checksum is not None and checksum != migration.checksum:
            raise MigrationError(
                f"migration {migration.version:04d}_{migration.name} changed after it was applied; "
                "add a new migration instead of editing an applied one"
            )
    newer = sorted(set(recorded) - {m.version for m in migrations})
    if newer:
        # A newer release migrated this database; older code keeps running (rolling deploys).
        log.warning("database has migrations this code does not know: %s", newer)


async def schema_version(connection: asyncpg.Connection | PoolConnectionProxy) -> int:
    """The highest applied migration, 0 for an empty database."""
    exists = await connection.fetchval("SELECT to_regclass('schema_migrations') IS NOT NULL")
    if not exists:
        return 0
    return int(await connection.fetchval("SELECT coalesce(max(version), 0) FROM schema_migrations"))


class SchemaOutOfDate(Exception):
    """The database lacks migrations this code needs."""


async def require_current_schema(connection: asyncpg.Connection | PoolConnectionProxy) -> None:
    """Refuse to run on a database that was not migrated to this code's schema."""
    needed = len(bundled_migrations())
    current = await schema_version(connection)
    if current < needed:
        raise SchemaOutOfDate(
            f"the database schema is at version {current}, this code needs {needed}: run `clinicflow migrate`"
        )
