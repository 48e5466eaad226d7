"""The clinics' staff accounts in PostgreSQL (``staff_accounts``): argon2 hashes of passwords and
SHA-256 of invitation tokens, never a password or a token."""

from __future__ import annotations

from asyncpg import Record, UniqueViolationError

from adapters.postgres.database import Database
from application.ports import EmailTaken
from domain.ids import ClinicId
from domain.staff import Role, StaffAccount

_COLUMNS = (
    "id, clinic_id, email, name, role, created_at, password_hash, totp_secret, totp_last_step,"
    " invitation_hash, invitation_expires_at, deactivated_at"
)


class PostgresStaffAccounts:
    """Implements ``StaffAccounts``."""

    def __init__(self, database: Database) -> None:
        self._database = database

    async def add(self, account: StaffAccount) -> None:
        try:
            async with self._database.pool.acquire() as connection:
                await connection.execute(
                    f"INSERT INTO staff_accounts ({_COLUMNS})"  # noqa: S608
                    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                    account.id,
                    account.clinic_id,
                    account.email,
                    account.name,
                    account.role.value,
                    account.created_at,
                    account.password_hash,
                    account.totp_secret,
                    account.totp_last_step,
                    account.invitation_hash,
                    account.invitation_expires_at,
                    account.deactivated_at,
                )
        except UniqueViolationError as taken:
            raise EmailTaken("the clinic has an account with this e-mail") from taken

    async def get(self, account_id: str) -> StaffAccount | None:
        rows = await self._fetch("id = $1", account_id)
        return rows[0] if rows else None

    async def with_email(self, email: str) -> list[StaffAccount]:
        return await self._fetch("lower(email) = lower(btrim($1))", email)

    async def by_invitation(self, invitation_hash: str) -> StaffAccount | None:
        rows = await self._fetch("invitation_hash = $1", invitation_hash)
        return rows[0] if rows else None

    async def of_clinic(self, clinic_id: ClinicId) -> list[StaffAccount]:
        return await self._fetch("clinic_id = $1", clinic_id)

    async def save(self, account: StaffAccount) -> None:
        async with self._database.pool.acquire() as connection:
            await connection.execute(
                "UPDATE staff_accounts SET name = $2, role = $3, password_hash = $4, totp_secret = $5,"
                " invitation_hash = $6, invitation_expires_at = $7, deactivated_at = $8 WHERE id = $1",
                account.id,
                account.name,
                account.role.value,
                account.password_hash,
                account.totp_secret,
                account.invitation_hash,
                account.invitation_expires_at,
                account.deactivated_at,
            )

    async def use_step(self, account_id: str, step: int) -> bool:
        async with self._database.pool.acquire() as connection:
            status = await connection.execute(
                "UPDATE staff_accounts SET totp_last_step = $2"
                " WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)",
                account_id,
                step,
            )
        return bool(status.endswith(" 1"))

    async def _fetch(self, where: str, value: str) -> list[StaffAccount]:
        async with self._database.pool.acquire() as connection:
            rows = await connection.fetch(
                f"SELECT {_COLUMNS} FROM staff_accounts WHERE {where} ORDER BY created_at, id",  # noqa: S608
                value,
            )
        return [_account(row) for row in rows]


def _account(row: Record) -> StaffAccount:
    return StaffAccount(
        id=row["id"],
        clinic_id=ClinicId(row["clinic_id"]),
        email=row["email"],
        name=row["name"],
        role=Role(row["role"]),
        created_at=row["created_at"],
        password_hash=row["password_hash"],
        totp_secret=row["totp_secret"],
        totp_last_step=row["totp_last_step"],
        invitation_hash=row["invitation_hash"],
        invitation_expires_at=row["invitation_expires_at"],
        deactivated_at=row["deactivated_at"],
    )
