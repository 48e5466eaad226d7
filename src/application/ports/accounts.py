"""Ports for staff accounts: where they are kept, how a password is hashed, how a one-time code
is checked. argon2 and TOTP live in adapters; the use cases see only these."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from domain.ids import ClinicId
from domain.staff import StaffAccount


class EmailTaken(Exception):
    """The clinic has an account with this e-mail already (whatever its case)."""


class StaffAccounts(Protocol):
    """The clinics' staff accounts: password hashes and invitation hashes only, never a secret."""

    async def add(self, account: StaffAccount) -> None:
        """``EmailTaken`` when the clinic has this e-mail already."""
        ...

    async def get(self, account_id: str) -> StaffAccount | None: ...

    async def with_email(self, email: str) -> list[StaffAccount]:
        """Every clinic's account with this e-mail (compared in lower case), oldest first."""
        ...

    async def by_invitation(self, invitation_hash: str) -> StaffAccount | None: ...

    async def of_clinic(self, clinic_id: ClinicId) -> list[StaffAccount]:
        """The clinic's accounts, oldest first."""
        ...

    async def save(self, account: StaffAccount) -> None:
        """Writes back an account that ``get`` or the others returned (all but its TOTP step)."""
        ...

    async def use_step(self, account_id: str, step: int) -> bool:
        """Records that the code of time step ``step`` was used: False when that step, or a later
        one, was used already (a code is never accepted twice, even by two requests at once)."""
        ...


class PasswordHasher(Protocol):
    """A slow, salted hash of a password (a string that says its own algorithm and parameters)."""

    async def hash(self, password: str) -> str: ...

    async def verify(self, hashed: str, password: str) -> bool:
        """Whether ``password`` is the one hashed (compared by the algorithm, in constant time)."""
        ...

    def needs_rehash(self, hashed: str) -> bool:
        """Whether ``hashed`` was made with other parameters than today's."""
        ...


class OneTimeCodes(Protocol):
    """Time-based one-time codes (TOTP, RFC 6238), as authenticator apps show them."""

    def new_secret(self) -> str: ...

    def uri(self, secret: str, account: str, issuer: str) -> str:
        """The otpauth:// URI an authenticator app reads (as text or a QR code)."""
        ...

    def step_of(self, secret: str, code: str, at: datetime) -> int | None:
        """The time step whose code ``code`` is, within one step of ``at``; None when it is none."""
        ...
