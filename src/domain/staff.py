"""The people who work a clinic's console, and what each role may do.

Accounts are people, not shared keys: each has an e-mail, a name and a role, and signs in with
a password (and a one-time code, when they turned the second factor on). The password and the
code's secret are opaque text here: hashing and checking them belong to adapters.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from domain.ids import ClinicId

MIN_PASSWORD = 12
MAX_PASSWORD = 1024  # a hasher is no place to pour megabytes


class Permission(StrEnum):
    SEE = "see"  # conversations, the agenda, the clinic's switches
    WORK = "work"  # the desk's work: replies, take over and hand back, the agenda, blocks
    ADMINISTER = "administer"  # accounts, API keys, the bot switch, settings, the audit log


class Role(StrEnum):
    """The values are stored: add new ones, never rename one."""

    ADMIN = "admin"
    RECEPTION = "reception"
    READ_ONLY = "read_only"

    def may(self, permission: Permission) -> bool:
        return permission in _ALLOWED[self]


_ALLOWED = {
    Role.ADMIN: frozenset(Permission),
    Role.RECEPTION: frozenset({Permission.SEE, Permission.WORK}),
    Role.READ_ONLY: frozenset({Permission.SEE}),
}


class Forbidden(Exception):
    """The role does not allow it: the API answers 403, the console an error page."""


def require(role: Role, permission: Permission) -> None:
    if not role.may(permission):
        raise Forbidden(f"the {role.value} role may not {permission.value}")


def normal_email(email: str) -> str:
    """How e-mails compare: trimmed, in lower case (one account per address and clinic)."""
    return email.strip().lower()


def weak_password(password: str, email: str) -> str | None:
    """Why a password is refused, or None: too short, too long, or the e-mail itself."""
    if len(password) < MIN_PASSWORD:
        return f"at least {MIN_PASSWORD} characters"
    if len(password) > MAX_PASSWORD:
        return f"at most {MAX_PASSWORD} characters"
    address = normal_email(email)
    if password.strip().lower() in {address, address.partition("@")[0]}:
        return "not the e-mail"
    return None


@dataclass(slots=True)
class StaffAccount:
    """One person at one clinic. ``password_hash`` is None until the invitation is accepted;
    ``totp_secret`` None until the second factor is on; ``totp_last_step`` the time step of the
    last code used (each code works once)."""

    id: str
    clinic_id: ClinicId
    email: str
    name: str
    role: Role
    created_at: datetime
    password_hash: str | None = None
    totp_secret: str | None = None
    totp_last_step: int | None = None
    invitation_hash: str | None = None
    invitation_expires_at: datetime | None = None
    deactivated_at: datetime | None = None

    @property
    def active(self) -> bool:
        """May sign in: the invitation accepted, and not deactivated."""
        return self.password_hash is not None and self.deactivated_at is None

    @property
    def second_factor(self) -> bool:
        return self.totp_secret is not None

    def invitation_open(self, now: datetime) -> bool:
        return (
            self.invitation_hash is not None
            and self.invitation_expires_at is not None
            and now < self.invitation_expires_at
            and self.deactivated_at is None
        )

    def accept(self, password_hash: str) -> None:
        """The invitation is used up: its hash goes, the password's comes."""
        self.password_hash = password_hash
        self.invitation_hash = None
        self.invitation_expires_at = None

    def invite_again(self, invitation_hash: str, expires_at: datetime) -> None:
        self.invitation_hash = invitation_hash
        self.invitation_expires_at = expires_at

    def deactivate(self, now: datetime) -> None:
        if self.deactivated_at is None:
            self.deactivated_at = now
        self.invitation_hash = None
        self.invitation_expires_at = None

    def reactivate(self) -> None:
        self.deactivated_at = None
