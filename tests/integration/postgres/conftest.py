"""Fixtures shared by the PostgreSQL adapter tests (the server and databases come from ../conftest.py)."""

from __future__ import annotations

import pytest

from adapters.postgres.database import Database
from adapters.postgres.store import PostgresUnitOfWorkFactory


@pytest.fixture
def units(database: Database) -> PostgresUnitOfWorkFactory:
    return PostgresUnitOfWorkFactory(database)
