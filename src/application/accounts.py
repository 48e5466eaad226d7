"""Staff accounts: people invited by e-mail, who set their own password, sign in with it (and a
one-time code when they turned that on), and are deactivated when they leave.

An invitation is a random token shown once (only its SHA-256 is kept) that sets the password
within ``INVITATION_DAYS``. Sign-in never tells whether an e-mail exists: an unknown one costs
a hash check too, and gets the same answer as a wrong password. Every sign-in, failed or not,
is in the audit log; a failure for an unknown e-mail names the attempt by a keyed hash of what
was typed, never the e-mail itself.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field, replace
from datetime import timedelta
from enum import Enum

from application.audit import Audit, Origin
from application.plain_text import clean
from application.ports import (
    Actor,
    ActorKind,
    AuditAction,
    ClinicDirectory,
    Clock,
    EmailTaken,
    OneTimeCodes,
    PasswordHasher,
    StaffAccounts,
    UnknownClinic,
)
from application.pseudonyms import Pseudonyms
from application.staff import InvalidRequest, key_hash, typed_text
from domain.ids import ClinicId
from domain.staff import MAX_PASSWORD, Role, StaffAccount, normal_email, weak_password

INVITATION_DAYS = 7
ISSUER = "ClinicFlow"
MAX_EMAIL = 254
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
# What an unknown e-mail's password is checked against, so that it takes as long as a real one.
_NOBODY = "not a password of anyone, only a hash to check against"

__all__ = ["EmailTaken", "InvalidRequest"]


class UnknownAccount(Exception):
    pass


class LastAdmin(Exception):
    """The clinic would be left with no active admin to manage it."""


class Step(Enum):
    SIGNED_IN = "signed_in"
    CODE_NEEDED = "code_needed"  # the password was right: the one-time code comes next
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class Attempt:
    step: Step
    account: StaffAccount | None = None  # who signed in, or whose code is awaited


@dataclass(frozen=True, slots=True)
class Invitation:
    account: StaffAccount
    token: str  # shown once: /console/invitation/<token>


@dataclass(frozen=True, slots=True)
class NewSecondFactor:
    secret: str
    uri: str  # otpauth://...


def account_actor(account: StaffAccount) -> Actor:
    return Actor(ActorKind.ACCOUNT, account.id)


@dataclass(slots=True)
class Accounts:
    """Inviting, activating, signing in, deactivating and re-rolling the clinics' staff accounts."""

    accounts: StaffAccounts
    clinics: ClinicDirectory
    hasher: PasswordHasher
    codes: OneTimeCodes
    audit: Audit
    pseudonyms: Pseudonyms
    clock: Clock
    _nobody: str | None = field(default=None, init=False)

    async def invite(
        self, origin: Origin, clinic_id: ClinicId, email: str, name: str, role: Role
    ) -> Invitation:
        """A new account awaiting its password; ``EmailTaken`` when the clinic has that e-mail."""
        if await self.clinics.get(clinic_id) is None:
            raise UnknownClinic(f"no clinic {clinic_id!r}")
        email = clean(email).strip()
        if len(email) > MAX_EMAIL or not _EMAIL.fullmatch(email):
            raise InvalidRequest("the e-mail is not an address")
        token = secrets.token_urlsafe(32)
        now = self.clock.now()
        account = StaffAccount(
            id=secrets.token_hex(8),
            clinic_id=clinic_id,
            email=email,
            name=typed_text(name, "the name", 200),
            role=role,
            created_at=now,
            invitation_hash=key_hash(token),
            invitation_expires_at=now + timedelta(days=INVITATION_DAYS),
        )
        await self.accounts.add(account)
        await self._record(origin, account, AuditAction.ACCOUNT_INVITED, f"role {role.value}")
        return Invitation(account, token)

    async def invite_again(self, origin: Origin, account_id: str) -> Invitation:
        """A new invitation for an account that has not set its password (the old one stops working)."""
        account = await self._get(account_id, origin.clinic_id)
        if account.password_hash is not None or account.deactivated_at is not None:
            raise InvalidRequest("only a pending account is invited again")
        token = secrets.token_urlsafe(32)
        account.invite_again(key_hash(token), self.clock.now() + timedelta(days=INVITATION_DAYS))
        await self.accounts.save(account)
        await self._record(origin, account, AuditAction.ACCOUNT_INVITED, "invited again")
        return Invitation(account, token)

    async def invitation(self, token: str) -> StaffAccount | None:
        """The account an invitation opens, while it is open (unused, unexpired, not deactivated)."""
        if not token or len(token) > 100:
            return None
        account = await self.accounts.by_invitation(key_hash(token))
        return account if account is not None and account.invitation_open(self.clock.now()) else None

    async def accept(self, token: str, password: str, client: str | None, channel: str) -> StaffAccount:
        """Sets the password the invitation asked for: the account is active, the token used up.
        ``UnknownAccount`` for a token that opens nothing; ``InvalidRequest`` for a weak password."""
        account = await self.invitation(token)
        if account is None:
            raise UnknownAccount("no open invitation")
        weakness = weak_password(password, account.email)
        if weakness is not None:
            raise InvalidRequest(f"the password must have {weakness}")
        account.accept(await self.hasher.hash(password))
        await self.accounts.save(account)
        origin = Origin(account.clinic_id, account_actor(account), channel, client)
        await self.audit.record(origin, AuditAction.ACCOUNT_ACTIVATED, account.id)
        return account

    async def sign_in(self, email: str, password: str, client: str | None, channel: str) -> Attempt:
        """The account an e-mail and password open (``CODE_NEEDED`` when it has a second factor);
        every outcome but ``CODE_NEEDED`` is in the audit log."""
        found = await self.accounts.with_email(email) if 0 < len(email) <= MAX_EMAIL else []
        if len(password) > MAX_PASSWORD:
            found = []
        why = "wrong e-mail or password"
        checked = False
        for account in found:
            if account.password_hash is None:  # invited, no password yet
                continue
            checked = True
            if not await self.hasher.verify(account.password_hash, password):
                continue
            if not account.active:
                why = "account deactivated"
                break
            await self._rehash(account, password)
            if account.second_factor:
                return Attempt(Step.CODE_NEEDED, account)
            await self._signed_in(account, client, channel)
            return Attempt(Step.SIGNED_IN, account)
        if not checked:  # as long as a real check: the answer's time tells nothing either
            await self.hasher.verify(await self._nobody_hash(), password)
        await self._failed(found, email, client, channel, why)
        return Attempt(Step.FAILED)

    async def second_step(self, account_id: str, code: str, client: str | None, channel: str) -> Attempt:
        """The sign-in's one-time code: right, unused before, and the account still active."""
        account = await self.accounts.get(account_id)
        if account is None or not account.active or account.totp_secret is None:
            return Attempt(Step.FAILED)
        step = self.codes.step_of(account.totp_secret, code.strip(), self.clock.now())
        if step is None or not await self.accounts.use_step(account.id, step):
            await self._failed([account], account.email, client, channel, "wrong or used code")
            return Attempt(Step.FAILED)
        await self._signed_in(account, client, channel)
        return Attempt(Step.SIGNED_IN, account)

    async def signed_in(self, account_id: str) -> StaffAccount | None:
        """The account a session holds, while it is active: a deactivated one opens nothing."""
        account = await self.accounts.get(account_id)
        return account if account is not None and account.active else None

    async def of_clinic(self, clinic_id: ClinicId) -> list[StaffAccount]:
        return await self.accounts.of_clinic(clinic_id)

    async def get(self, account_id: str) -> StaffAccount | None:
        return await self.accounts.get(account_id)

    async def deactivate(self, origin: Origin, account_id: str) -> StaffAccount:
        """The account signs in no more, and its open sessions end at their next request."""
        account = await self._get(account_id, origin.clinic_id)
        await self._keep_an_admin(account, leaving=True)
        account.deactivate(self.clock.now())
        await self.accounts.save(account)
        await self._record(origin, account, AuditAction.ACCOUNT_DEACTIVATED)
        return account

    async def reactivate(self, origin: Origin, account_id: str) -> StaffAccount:
        account = await self._get(account_id, origin.clinic_id)
        account.reactivate()
        await self.accounts.save(account)
        await self._record(origin, account, AuditAction.ACCOUNT_ACTIVATED, "reactivated")
        return account

    async def change_role(self, origin: Origin, account_id: str, role: Role) -> StaffAccount:
        account = await self._get(account_id, origin.clinic_id)
        if role is not Role.ADMIN:
            await self._keep_an_admin(account, leaving=True)
        before = account.role
        account.role = role
        await self.accounts.save(account)
        await self._record(
            origin, account, AuditAction.ACCOUNT_ROLE_CHANGED, f"{before.value} -> {role.value}"
        )
        return account

    def new_second_factor(self, account: StaffAccount) -> NewSecondFactor:
        """A secret for the account's authenticator app; it takes effect once a code confirms it."""
        return self.second_factor_of(account, self.codes.new_secret())

    def second_factor_of(self, account: StaffAccount, secret: str) -> NewSecondFactor:
        return NewSecondFactor(secret, self.codes.uri(secret, account.email, ISSUER))

    async def enable_second_factor(self, origin: Origin, account_id: str, secret: str, code: str) -> bool:
        """Turns the second factor on with ``secret``, if ``code`` is its current one."""
        account = await self._get(account_id, origin.clinic_id)
        step = self.codes.step_of(secret, code.strip(), self.clock.now())
        if step is None:
            return False
        account.totp_secret = secret
        account.totp_last_step = step  # the confirming code does not sign in later
        await self.accounts.save(account)
        await self.accounts.use_step(account.id, step)
        await self._record(origin, account, AuditAction.SECOND_FACTOR_ENABLED)
        return True

    async def _record(
        self, origin: Origin, account: StaffAccount, action: AuditAction, detail: str = ""
    ) -> None:
        """An entry about ``account``, in its clinic's log (the CLI acts for no clinic of its own)."""
        await self.audit.record(replace(origin, clinic_id=account.clinic_id), action, account.id, detail)

    async def _get(self, account_id: str, clinic_id: ClinicId | None) -> StaffAccount:
        """The account; from a clinic's console, only one of that clinic (the CLI sees them all)."""
        account = await self.accounts.get(account_id)
        if account is None or (clinic_id is not None and account.clinic_id != clinic_id):
            raise UnknownAccount(f"no account {account_id}")
        return account

    async def _keep_an_admin(self, account: StaffAccount, *, leaving: bool) -> None:
        if not leaving or account.role is not Role.ADMIN or not account.active:
            return
        others = [
            a
            for a in await self.accounts.of_clinic(account.clinic_id)
            if a.id != account.id and a.role is Role.ADMIN and a.active
        ]
        if not others:
            raise LastAdmin("the clinic's last active admin stays")

    async def _rehash(self, account: StaffAccount, password: str) -> None:
        """A hash made with older parameters is made again with today's, now that we have the password."""
        if account.password_hash is not None and self.hasher.needs_rehash(account.password_hash):
            account.password_hash = await self.hasher.hash(password)
            await self.accounts.save(account)

    async def _nobody_hash(self) -> str:
        if self._nobody is None:
            self._nobody = await self.hasher.hash(_NOBODY)
        return self._nobody

    async def _signed_in(self, account: StaffAccount, client: str | None, channel: str) -> None:
        origin = Origin(account.clinic_id, account_actor(account), channel, client)
        await self.audit.record(origin, AuditAction.SIGN_IN)

    async def _failed(
        self, found: list[StaffAccount], email: str, client: str | None, channel: str, why: str
    ) -> None:
        if not found:  # nobody to name: the attempt is named by what was typed, hashed
            actor = Actor(ActorKind.ANONYMOUS, self.pseudonyms.of("email", normal_email(email), length=16))
            origin = Origin(None, actor, channel, client)
            await self.audit.record(origin, AuditAction.SIGN_IN_FAILED, detail=why)
            return
        for account in found:  # each clinic with this e-mail sees the attempt on its account
            origin = Origin(account.clinic_id, account_actor(account), channel, client)
            await self.audit.record(origin, AuditAction.SIGN_IN_FAILED, account.id, why)
