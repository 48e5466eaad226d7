"""Staff accounts on a real PostgreSQL with argon2: hashes in the table, never a password; one
e-mail per clinic whatever its case; a code's time step used once; and the `clinicflow staff`
commands an operator runs."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest

from adapters.argon2.hasher import Argon2PasswordHasher
from adapters.memory.clock import FixedClock
from adapters.postgres.accounts import PostgresStaffAccounts
from adapters.postgres.audit import PostgresAuditLog
from adapters.postgres.clinics import PostgresClinicDirectory
from adapters.postgres.database import Database
from adapters.totp.codes import TotpCodes
from application.accounts import Accounts, Step
from application.audit import Audit, Origin
from application.ports import AuditAction, EmailTaken
from application.pseudonyms import Pseudonyms
from domain.clinic import Clinic
from domain.staff import Role
from tests.integration.postgres.test_audit_log import AT
from tests.integration.serving import clean_env, clinicflow

pytestmark = pytest.mark.integration

PASSWORD = "una clave larga de verdad"


def accounts_on(database: Database) -> Accounts:
    clock = FixedClock(AT)
    return Accounts(
        PostgresStaffAccounts(database),
        PostgresClinicDirectory(database),
        Argon2PasswordHasher(),
        TotpCodes(),
        Audit(PostgresAuditLog(database), clock),
        Pseudonyms.random(),
        clock,
    )


async def test_only_an_argon2_hash_of_the_password_is_stored(database: Database, sonrisa: Clinic) -> None:
    accounts = accounts_on(database)
    invited = await accounts.invite(Origin.cli(None), sonrisa.id, "Carla@Sonrisa.cl", "Carla", Role.RECEPTION)
    await accounts.accept(invited.token, PASSWORD, "203.0.113.7", "console")
    async with database.pool.acquire() as connection:
        row = await connection.fetchrow("SELECT * FROM staff_accounts")
    assert row is not None
    assert row["password_hash"].startswith("$argon2id$")
    assert PASSWORD not in str(dict(row))
    assert invited.token not in str(dict(row))
    attempt = await accounts.sign_in("carla@sonrisa.cl", PASSWORD, "203.0.113.7", "console")
    assert attempt.step is Step.SIGNED_IN
    assert (await accounts.sign_in("carla@sonrisa.cl", PASSWORD + "x", None, "console")).step is Step.FAILED
    actions = [r.entry.action for r in await PostgresAuditLog(database).entries(sonrisa.id)]
    assert actions[:2] == [AuditAction.SIGN_IN_FAILED, AuditAction.SIGN_IN]


async def test_an_email_is_one_account_per_clinic_and_a_step_is_used_once(
    database: Database, sonrisa: Clinic
) -> None:
    accounts = accounts_on(database)
    invited = await accounts.invite(Origin.cli(None), sonrisa.id, "carla@sonrisa.cl", "Carla", Role.RECEPTION)
    with pytest.raises(EmailTaken):
        await accounts.invite(Origin.cli(None), sonrisa.id, "CARLA@sonrisa.cl ", "Carla", Role.ADMIN)
    store = PostgresStaffAccounts(database)
    assert [a.id for a in await store.with_email(" CARLA@SONRISA.CL")] == [invited.account.id]
    uses = await asyncio.gather(*(store.use_step(invited.account.id, 100) for _ in range(5)))
    assert sorted(uses) == [False, False, False, False, True]
    assert not await store.use_step(invited.account.id, 99)


def test_the_cli_invites_lists_and_deactivates(database_url: str, sonrisa: Clinic) -> None:
    env = clean_env(DATABASE_URL=database_url)
    invited = clinicflow(
        "staff", "invite", "sonrisa", "jefa@sonrisa.cl", "--name", "Jefa", "--role", "admin", env=env
    )
    assert invited.returncode == 0, invited.stderr
    [link] = [line for line in invited.stdout.splitlines() if line.startswith("/console/invitation/")]
    account_id = invited.stdout.split()[1]
    listed = clinicflow("staff", "list", "sonrisa", env=env)
    assert f"{account_id}  admin  Jefa  jefa@sonrisa.cl  invited" in listed.stdout
    again = clinicflow("staff", "invite", "sonrisa", "JEFA@sonrisa.cl", "--name", "Otra", env=env)
    assert again.returncode == 2
    assert link.rsplit("/", 1)[1] not in again.stdout + again.stderr
    gone = clinicflow("staff", "deactivate", account_id, env=env)
    assert gone.returncode == 0, gone.stderr
    assert "deactivated" in clinicflow("staff", "list", "sonrisa", env=env).stdout
    key = clinicflow(
        "staff-key", "create", "sonrisa", "--integration", "agenda-sync", "--role", "read_only", env=env
    )
    assert key.returncode == 0, key.stderr
    assert "agenda-sync  read_only" in clinicflow("staff-key", "list", "sonrisa", env=env).stdout

    async def logged() -> list[str]:
        connection = await asyncpg.connect(database_url)
        try:
            rows = await connection.fetch("SELECT action, channel FROM audit_log ORDER BY sequence")
        finally:
            await connection.close()
        return [f"{r['action']}/{r['channel']}" for r in rows]

    loaded = clinicflow("clinic", "load", "--demo", env=env)
    assert loaded.returncode == 0, loaded.stderr
    assert asyncio.run(logged()) == [
        "account_invited/cli",
        "account_deactivated/cli",
        "key_issued/cli",
        "settings_changed/cli",
    ]
