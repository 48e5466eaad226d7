"""The clinics' staff API keys in PostgreSQL (``staff_api_keys``): hashes only, never a key."""

from __future__ import annotations

from datetime import datetime

from asyncpg import Record

from adapters.postgres.database import Database
from application.ports import StaffKey
from domain.ids import ClinicId
from domain.staff import Role

_COLUMNS = "id, clinic_id, name, created_at, revoked_at, role"


class PostgresStaffKeys:
    """Implements ``StaffKeys``."""

    def __init__(self, database: Database) -> None:
        self._database = database

    async def add(self, key: StaffKey, key_hash: str) -> None:
        async with self._database.pool.acquire() as connection:
            await connection.execute(
                "INSERT INTO staff_api_keys (id, clinic_id, name, key_hash, created_at, role)"
                " VALUES ($1, $2, $3, $4, $5, $6)",
                key.id,
                key.clinic_id,
                key.name,
                key_hash,
                key.created_at,
                key.role.value,
            )

    async def by_hash(self, key_hash: str) -> StaffKey | None:
        return await self._one("key_hash = $1 AND revoked_at IS NULL", key_hash)

    async def by_id(self, key_id: str) -> StaffKey | None:
        return await self._one("id = $1", key_id)

    async def _one(self, where: str, value: str) -> StaffKey | None:
        async with self._database.pool.acquire() as connection:
            row = await connection.fetchrow(f"SELECT {_COLUMNS} FROM staff_api_keys WHERE {where}", value)  # noqa: S608
        return _key(row) if row is not None else None

    async def of_clinic(self, clinic_id: ClinicId) -> list[StaffKey]:
        async with self._database.pool.acquire() as connection:
            rows = await connection.fetch(
                f"SELECT {_COLUMNS} FROM staff_api_keys WHERE clinic_id = $1 ORDER BY created_at",  # noqa: S608
                clinic_id,
            )
        return [_key(row) for row in rows]

    async def revoke(self, key_id: str, at: datetime) -> bool:
        async with self._database.pool.acquire() as connection:
            status = await connection.execute(
                "UPDATE staff_api_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL", key_id, at
            )
        return bool(status.endswith(" 1"))


def _key(row: Record) -> StaffKey:
    return StaffKey(
        id=row["id"],
        clinic_id=ClinicId(row["clinic_id"]),
        name=row["name"],
        created_at=row["created_at"],
        revoked_at=row["revoked_at"],
        role=Role(row["role"]),
    )
