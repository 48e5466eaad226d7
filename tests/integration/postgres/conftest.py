"""Fixtures shared by the PostgreSQL adapter tests (the server and databases come from ../conftest.py)."""

from __future__ import annotations

import pytest

from adapters.postgres.clinics import PostgresClinicDirectory
from adapters.postgres.database import Database
from adapters.postgres.store import PostgresUnitOfWorkFactory
from domain.clinic import Clinic
from tests.factories import clinic


@pytest.fixture
def units(database: Database) -> PostgresUnitOfWorkFactory:
    return PostgresUnitOfWorkFactory(database)


@pytest.fixture
async def sonrisa(database: Database) -> Clinic:
    """The plain test clinic, stored (modules that need other doctors define their own)."""
    demo = clinic()
    await PostgresClinicDirectory(database).put(demo)
    return demo
