"""Migrations on a real server: ordered, recorded, idempotent, safe when two processes race."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace

import asyncpg
import pytest

from adapters.postgres.migrate import (
    MigrationError,
    SchemaOutOfDate,
    bundled_migrations,
    migrate,
    require_current_schema,
    schema_version,
)
from tests.integration.postgres.migrating import assert_racing_migrations_apply_each_once

pytestmark = pytest.mark.integration

TABLES = {
    "outbound_messages",
    "recall_messages",
    "clinics",
    "clinic_closed_days",
    "doctors",
    "doctor_schedules",
    "doctor_days_off",
    "faq_entries",
    "patients",
    "blocked_numbers",
    "chat_sessions",
    "appointments",
    "reminder_jobs",
    "inbound_messages",
    "patient_consents",
    "schema_migrations",
    "audit_log",
    "staff_accounts",
    "privacy_requests",
}


async def _tables(url: str) -> set[str]:
    connection = await asyncpg.connect(url)
    try:
        rows = await connection.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    finally:
        await connection.close()
    return {row["tablename"] for row in rows}


async def test_migrating_an_empty_database_creates_the_schema_and_records_it(empty_database_url: str) -> None:
    connection = await asyncpg.connect(empty_database_url)
    try:
        assert await schema_version(connection) == 0
        applied = await migrate(connection)
        assert [m.version for m in applied] == [m.version for m in bundled_migrations()]
        assert await schema_version(connection) == len(bundled_migrations())
        recorded = await connection.fetch("SELECT version, name, checksum FROM schema_migrations ORDER BY 1")
        assert [(r["version"], r["name"], r["checksum"]) for r in recorded] == [
            (m.version, m.name, m.checksum) for m in bundled_migrations()
        ]
    finally:
        await connection.close()
    assert await _tables(empty_database_url) >= TABLES


async def test_migrating_twice_is_a_no_op(empty_database_url: str) -> None:
    connection = await asyncpg.connect(empty_database_url)
    try:
        await migrate(connection)
        before = await connection.fetch("SELECT version, applied_at FROM schema_migrations ORDER BY 1")
        assert await migrate(connection) == []
        assert (
            await connection.fetch("SELECT version, applied_at FROM schema_migrations ORDER BY 1") == before
        )
    finally:
        await connection.close()


async def test_two_concurrent_migrations_both_succeed_and_apply_once(empty_database_url: str) -> None:
    first, second = await asyncpg.connect(empty_database_url), await asyncpg.connect(empty_database_url)
    await assert_racing_migrations_apply_each_once(first, second)


def _clinicflow(*args: str, database_url: str) -> subprocess.Popen[str]:
    env = {**os.environ, "DATABASE_URL": database_url}
    return subprocess.Popen(
        [sys.executable, "-m", "entrypoints.cli", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_migrate_processes_started_at_once_both_succeed(empty_database_url: str) -> None:
    processes = [_clinicflow("migrate", database_url=empty_database_url) for _ in range(2)]
    outputs = [process.communicate(timeout=60) for process in processes]
    assert [process.returncode for process in processes] == [0, 0], outputs
    said = "".join(out for out, _ in outputs)
    for migration in bundled_migrations():
        assert said.count(f"applied {migration.version:04d}_{migration.name}") == 1, said


async def test_a_migration_edited_after_it_was_applied_is_refused(empty_database_url: str) -> None:
    connection = await asyncpg.connect(empty_database_url)
    try:
        await migrate(connection)
        edited = [replace(m, sql=m.sql + "\n-- edited") for m in bundled_migrations()]
        with pytest.raises(MigrationError, match="changed after it was applied"):
            await migrate(connection, edited)
    finally:
        await connection.close()


async def test_code_refuses_a_database_that_was_not_migrated(empty_database_url: str) -> None:
    connection = await asyncpg.connect(empty_database_url)
    try:
        with pytest.raises(SchemaOutOfDate, match="clinicflow migrate"):
            await require_current_schema(connection)
        await migrate(connection)
        await require_current_schema(connection)
    finally:
        await connection.close()
