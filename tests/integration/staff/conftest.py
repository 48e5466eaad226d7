"""The staff API tests' fixtures: the two clinics on a real PostgreSQL, the app over them with a
fake Graph API, keys issued as `clinicflow staff-key create` does, and accounts invited as
`clinicflow staff invite` does."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from dependency_injector import providers
from litestar.testing import AsyncTestClient

from adapters.argon2.hasher import Argon2PasswordHasher
from adapters.memory.clock import FixedClock
from adapters.postgres.accounts import PostgresStaffAccounts
from adapters.postgres.audit import PostgresAuditLog
from adapters.postgres.clinics import PostgresClinicDirectory
from adapters.postgres.database import Database, DatabaseOptions
from adapters.postgres.staff_keys import PostgresStaffKeys
from adapters.totp.codes import TotpCodes
from application.accounts import Accounts
from application.audit import Audit
from application.pseudonyms import Pseudonyms
from application.staff import StaffAccess
from entrypoints.container import Container, build_container
from entrypoints.settings import Settings
from entrypoints.web import create_app
from tests.integration.servers.fake_graph import TOKEN, FakeGraphApi
from tests.integration.staff.world import NOW, OTRA, SECRET, SONRISA, Client


@pytest.fixture
async def container(database_url: str, graph: FakeGraphApi) -> Container:
    database = Database(DatabaseOptions(database_url))
    await database.start()
    try:
        for clinic in (SONRISA, OTRA):
            await PostgresClinicDirectory(database).put(clinic)
    finally:
        await database.stop()
    settings = Settings.from_environment(
        {
            "DATABASE_URL": database_url,
            "META_APP_SECRET": SECRET,
            "META_VERIFY_TOKEN": "verify",
            "META_ACCESS_TOKEN": TOKEN,
            "META_GRAPH_URL": graph.url,
        }
    )
    container = build_container(settings)
    container.clock.override(providers.Object(FixedClock(NOW)))
    return container


@pytest.fixture
async def client(container: Container) -> AsyncIterator[Client]:
    async with AsyncTestClient(app=create_app(container)) as client:
        yield client


@pytest.fixture
async def access(database_url: str) -> AsyncIterator[StaffAccess]:
    """Keys issued as `clinicflow staff-key` does, on this test's own connection pool (the app's
    pool lives on the test client's event loop)."""
    database = Database(DatabaseOptions(database_url))
    await database.start()
    try:
        yield StaffAccess(PostgresStaffKeys(database), PostgresClinicDirectory(database), FixedClock(NOW))
    finally:
        await database.stop()


@pytest.fixture
async def accounts(database_url: str) -> AsyncIterator[Accounts]:
    """Accounts invited and activated as `clinicflow staff invite` and the invitation page do, on
    this test's own connection pool."""
    database = Database(DatabaseOptions(database_url))
    await database.start()
    clock = FixedClock(NOW)
    try:
        yield Accounts(
            PostgresStaffAccounts(database),
            PostgresClinicDirectory(database),
            Argon2PasswordHasher(),
            TotpCodes(),
            Audit(PostgresAuditLog(database), clock),
            Pseudonyms.random(),
            clock,
        )
    finally:
        await database.stop()
