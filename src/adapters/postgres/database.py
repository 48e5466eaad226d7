"""The connection pool, opened in the app's lifespan and shared by every PostgreSQL adapter."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import asyncpg
from asyncpg.pool import PoolConnectionProxy

from adapters.postgres.migrate import require_current_schema as check_schema

# A connection of our own or one lent by the pool: the adapters accept either.
Connection = asyncpg.Connection | PoolConnectionProxy

log = logging.getLogger(__name__)


class DatabaseUnavailable(Exception):
    """The database cannot be reached or refused us; the message never carries the password."""


@dataclass(frozen=True)
class DatabaseOptions:
    url: str = field(repr=False)
    # Behind a transaction pooler (Supabase on port 6543, PgBouncer in transaction mode) a
    # connection's prepared statements vanish between transactions: asyncpg must not cache them.
    transaction_pooler: bool = False
    min_connections: int = 1
    max_connections: int = 10
    command_timeout_seconds: float = 30.0

    @property
    def where(self) -> str:
        """host:port/database, for messages: never the user or password."""
        return safe_location(self.url)


def safe_location(url: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or "localhost"
    port = f":{parts.port}" if parts.port else ""
    return f"{host}{port}{parts.path or '/'}"


class Database:
    """Owns the asyncpg pool: ``start`` in the lifespan, ``stop`` at shutdown."""

    def __init__(self, options: DatabaseOptions) -> None:
        self.options = options
        self._pool: asyncpg.Pool | None = None

    @property
    def pool(self) -> asyncpg.Pool:
        if self._pool is None:
            raise RuntimeError("the database pool is not started (start it in the app's lifespan)")
        return self._pool

    async def start(self, *, require_current_schema: bool = False) -> None:
        """Open the pool; with ``require_current_schema``, refuse a database this code cannot run on."""
        if self._pool is not None:
            return
        try:
            self._pool = await asyncpg.create_pool(
                self.options.url,
                min_size=self.options.min_connections,
                max_size=self.options.max_connections,
                statement_cache_size=self._statement_cache_size,
                command_timeout=self.options.command_timeout_seconds,
                reset=_keep_session,
            )
        except _CONNECT_ERRORS as error:
            raise DatabaseUnavailable(f"cannot connect to {self.options.where}: {_reason(error)}") from None
        log.info("database pool open on %s", self.options.where)
        if require_current_schema:
            try:
                async with self._pool.acquire() as connection:
                    await check_schema(connection)
            except BaseException:
                await self.stop()
                raise

    async def stop(self) -> None:
        if self._pool is not None:
            pool, self._pool = self._pool, None
            await pool.close()

    async def connect(self) -> asyncpg.Connection:
        """A single connection outside the pool (migrations, one-off commands)."""
        try:
            connection: asyncpg.Connection = await asyncpg.connect(
                self.options.url,
                statement_cache_size=self._statement_cache_size,
                command_timeout=self.options.command_timeout_seconds,
            )
        except _CONNECT_ERRORS as error:
            raise DatabaseUnavailable(f"cannot connect to {self.options.where}: {_reason(error)}") from None
        return connection

    @property
    def _statement_cache_size(self) -> int:
        return 0 if self.options.transaction_pooler else 100

    async def ping(self) -> bool:
        try:
            async with self.pool.acquire() as connection:
                return bool(await connection.fetchval("SELECT true"))
        except (OSError, RuntimeError, asyncpg.PostgresError, asyncpg.InterfaceError):
            return False


async def _keep_session(_: asyncpg.Connection) -> None:
    """What the pool does to a connection given back, besides rolling back an open transaction: nothing.

    asyncpg's default sends ``RESET ALL; UNLISTEN *; CLOSE ALL; pg_advisory_unlock_all()``,
    a round trip on every release. No adapter leaves session state on a pooled connection
    (no SET, LISTEN, cursor or session advisory lock: listening and migrating use
    connections of their own), so there is nothing to reset.
    """


_CONNECT_ERRORS = (OSError, ValueError, asyncpg.PostgresError, asyncpg.InterfaceError)


def _reason(error: BaseException) -> str:
    if isinstance(error, ValueError):
        # A malformed URL: its text may echo the URL, password and all.
        return "the URL is not a valid PostgreSQL connection URL"
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0]
