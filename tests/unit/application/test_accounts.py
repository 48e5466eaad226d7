"""Staff accounts on in-memory adapters: invited, activated by their own password, signed in with
it (and a one-time code when on), deactivated; every sign-in in the audit log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pyotp
import pytest

from adapters.memory.accounts import InMemoryStaffAccounts
from adapters.memory.audit import InMemoryAuditLog
from adapters.memory.clinics import InMemoryClinicDirectory
from adapters.memory.clock import FixedClock
from adapters.memory.passwords import QuickPasswordHasher
from adapters.totp.codes import TotpCodes
from application.accounts import Accounts, LastAdmin, Step, UnknownAccount
from application.audit import Audit, Origin
from application.ports import ActorKind, AuditAction, EmailTaken
from application.pseudonyms import Pseudonyms
from application.staff import InvalidRequest
from domain.ids import ClinicId
from domain.staff import Role
from tests.factories import clinic

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
PASSWORD = "una clave larga de verdad"
CLI = Origin.cli(None)


@dataclass
class Desk:
    accounts: Accounts
    store: InMemoryStaffAccounts
    log: InMemoryAuditLog
    clock: FixedClock
    hasher: QuickPasswordHasher
    clinic_id: ClinicId

    async def carla(self, role: Role = Role.RECEPTION, password: str = PASSWORD) -> str:
        invited = await self.accounts.invite(CLI, self.clinic_id, "Carla@Sonrisa.cl", "Carla Rojas", role)
        await self.accounts.accept(invited.token, password, "203.0.113.7", "console")
        return invited.account.id

    async def actions(self) -> list[AuditAction]:
        return [r.entry.action for r in await self.log.entries(self.clinic_id)]


@pytest.fixture
async def desk() -> Desk:
    sonrisa = clinic()
    clinics = InMemoryClinicDirectory()
    clinics.put(sonrisa)
    store, log, clock, hasher = (
        InMemoryStaffAccounts(),
        InMemoryAuditLog(),
        FixedClock(NOW),
        QuickPasswordHasher(),
    )
    accounts = Accounts(store, clinics, hasher, TotpCodes(), Audit(log, clock), Pseudonyms.random(), clock)
    return Desk(accounts, store, log, clock, hasher, sonrisa.id)


async def test_an_invitation_sets_the_password_once_and_only_its_hash_is_kept(desk: Desk) -> None:
    invited = await desk.accounts.invite(
        CLI, desk.clinic_id, "carla@sonrisa.cl", "Carla Rojas", Role.RECEPTION
    )
    stored = await desk.store.get(invited.account.id)
    assert stored is not None
    assert stored.invitation_hash is not None
    assert invited.token not in str(stored)
    assert not stored.active

    account = await desk.accounts.accept(invited.token, PASSWORD, "203.0.113.7", "console")
    assert account.active
    assert PASSWORD not in str(await desk.store.get(account.id))
    with pytest.raises(UnknownAccount):
        await desk.accounts.accept(invited.token, "otra clave larga de verdad", None, "console")
    assert await desk.actions() == [AuditAction.ACCOUNT_ACTIVATED, AuditAction.ACCOUNT_INVITED]


async def test_an_invitation_expires(desk: Desk) -> None:
    invited = await desk.accounts.invite(CLI, desk.clinic_id, "carla@sonrisa.cl", "Carla", Role.RECEPTION)
    desk.clock.advance(timedelta(days=7))
    assert await desk.accounts.invitation(invited.token) is None
    with pytest.raises(UnknownAccount):
        await desk.accounts.accept(invited.token, PASSWORD, None, "console")
    again = await desk.accounts.invite_again(CLI, invited.account.id)
    assert (await desk.accounts.accept(again.token, PASSWORD, None, "console")).active


@pytest.mark.parametrize("password", ["corta", "carla@sonrisa.cl", "CARLA@sonrisa.cl ", "x" * 1025])
async def test_a_weak_password_is_refused(desk: Desk, password: str) -> None:
    invited = await desk.accounts.invite(CLI, desk.clinic_id, "carla@sonrisa.cl", "Carla", Role.RECEPTION)
    with pytest.raises(InvalidRequest):
        await desk.accounts.accept(invited.token, password, None, "console")


async def test_an_email_is_one_account_per_clinic_whatever_its_case(desk: Desk) -> None:
    await desk.carla()
    with pytest.raises(EmailTaken):
        await desk.accounts.invite(CLI, desk.clinic_id, "CARLA@sonrisa.cl", "Otra", Role.RECEPTION)
    with pytest.raises(InvalidRequest):
        await desk.accounts.invite(CLI, desk.clinic_id, "no es un correo", "Otra", Role.RECEPTION)


async def test_signing_in_with_the_password_is_audited_with_the_client(desk: Desk) -> None:
    carla = await desk.carla()
    attempt = await desk.accounts.sign_in(" carla@SONRISA.cl", PASSWORD, "198.51.100.4", "console")
    assert attempt.step is Step.SIGNED_IN
    assert attempt.account is not None
    assert attempt.account.id == carla
    [entry, *_] = await desk.log.entries(desk.clinic_id)
    assert entry.entry.action is AuditAction.SIGN_IN
    assert (entry.entry.actor.kind, entry.entry.actor.id) == (ActorKind.ACCOUNT, carla)
    assert (entry.entry.client, entry.entry.channel) == ("198.51.100.4", "console")


async def test_a_wrong_password_and_an_unknown_email_get_the_same_answer_and_are_audited(desk: Desk) -> None:
    carla = await desk.carla()
    wrong = await desk.accounts.sign_in("carla@sonrisa.cl", "no es la clave!!", "198.51.100.4", "console")
    unknown = await desk.accounts.sign_in("nadie@sonrisa.cl", PASSWORD, "198.51.100.4", "console")
    assert wrong == unknown == type(wrong)(Step.FAILED)
    [failed, *_] = await desk.log.entries(desk.clinic_id)
    assert (failed.entry.action, failed.entry.actor.id, failed.entry.target) == (
        AuditAction.SIGN_IN_FAILED,
        carla,
        carla,
    )
    [anonymous] = [r.entry for r in desk.log._records if r.entry.actor.kind is ActorKind.ANONYMOUS]
    assert anonymous.action is AuditAction.SIGN_IN_FAILED
    assert "nadie" not in str(anonymous)
    assert anonymous.actor.id
    assert (
        desk.hasher.hashed == 2
    )  # the invitation's password, and the one an unknown e-mail is checked against


async def test_a_deactivated_account_cannot_sign_in_and_its_session_ends(desk: Desk) -> None:
    await desk.accounts.invite(CLI, desk.clinic_id, "jefa@sonrisa.cl", "Jefa", Role.ADMIN)
    carla = await desk.carla()
    assert await desk.accounts.signed_in(carla) is not None
    await desk.accounts.deactivate(CLI, carla)
    assert await desk.accounts.signed_in(carla) is None
    assert (await desk.accounts.sign_in("carla@sonrisa.cl", PASSWORD, None, "console")).step is Step.FAILED
    await desk.accounts.reactivate(CLI, carla)
    assert (await desk.accounts.sign_in("carla@sonrisa.cl", PASSWORD, None, "console")).step is Step.SIGNED_IN


async def test_the_last_active_admin_stays(desk: Desk) -> None:
    admin = await desk.carla(Role.ADMIN)
    with pytest.raises(LastAdmin):
        await desk.accounts.deactivate(CLI, admin)
    with pytest.raises(LastAdmin):
        await desk.accounts.change_role(CLI, admin, Role.RECEPTION)


async def test_a_clinic_manages_only_its_own_accounts(desk: Desk) -> None:
    carla = await desk.carla()
    elsewhere = Origin(ClinicId("otra"), CLI.actor, "console", "203.0.113.9")
    with pytest.raises(UnknownAccount):
        await desk.accounts.deactivate(elsewhere, carla)


async def test_an_old_hash_is_made_again_at_sign_in(desk: Desk) -> None:
    carla = await desk.carla()
    desk.hasher.version = 2
    await desk.accounts.sign_in("carla@sonrisa.cl", PASSWORD, None, "console")
    stored = await desk.store.get(carla)
    assert stored is not None
    assert stored.password_hash is not None
    assert not desk.hasher.needs_rehash(stored.password_hash)
    assert (await desk.accounts.sign_in("carla@sonrisa.cl", PASSWORD, None, "console")).step is Step.SIGNED_IN


async def test_with_a_second_factor_the_code_is_needed_and_works_once(desk: Desk) -> None:
    carla = await desk.carla()
    account = await desk.accounts.get(carla)
    assert account is not None
    new = desk.accounts.new_second_factor(account)
    assert new.uri.startswith("otpauth://totp/")
    totp = pyotp.TOTP(new.secret)
    assert not await desk.accounts.enable_second_factor(CLI, carla, new.secret, "000000")
    assert await desk.accounts.enable_second_factor(CLI, carla, new.secret, totp.at(NOW))

    desk.clock.advance(timedelta(seconds=30))
    attempt = await desk.accounts.sign_in("carla@sonrisa.cl", PASSWORD, None, "console")
    assert attempt.step is Step.CODE_NEEDED
    wrong = "111111" if totp.at(desk.clock.now()) != "111111" else "222222"
    assert (await desk.accounts.second_step(carla, wrong, None, "console")).step is Step.FAILED
    code = totp.at(desk.clock.now())
    assert (await desk.accounts.second_step(carla, code, None, "console")).step is Step.SIGNED_IN
    assert (await desk.accounts.second_step(carla, code, None, "console")).step is Step.FAILED  # replayed
    assert (
        await desk.accounts.second_step(carla, totp.at(NOW), None, "console")
    ).step is Step.FAILED  # older
    assert AuditAction.SECOND_FACTOR_ENABLED in await desk.actions()
