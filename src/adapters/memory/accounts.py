"""The clinics' staff accounts for one process (tests, and `serve` without a database)."""

from __future__ import annotations

import dataclasses

from application.ports import EmailTaken
from domain.ids import ClinicId
from domain.staff import StaffAccount, normal_email


class InMemoryStaffAccounts:
    """Implements ``StaffAccounts`` in a dict (copies in and out, as a database would)."""

    def __init__(self) -> None:
        self._accounts: dict[str, StaffAccount] = {}

    async def add(self, account: StaffAccount) -> None:
        if any(
            a.clinic_id == account.clinic_id and normal_email(a.email) == normal_email(account.email)
            for a in self._accounts.values()
        ):
            raise EmailTaken("the clinic has an account with this e-mail")
        self._accounts[account.id] = dataclasses.replace(account)

    async def get(self, account_id: str) -> StaffAccount | None:
        found = self._accounts.get(account_id)
        return dataclasses.replace(found) if found is not None else None

    async def with_email(self, email: str) -> list[StaffAccount]:
        wanted = normal_email(email)
        return [dataclasses.replace(a) for a in self._oldest_first() if normal_email(a.email) == wanted]

    async def by_invitation(self, invitation_hash: str) -> StaffAccount | None:
        for account in self._accounts.values():
            if account.invitation_hash == invitation_hash:
                return dataclasses.replace(account)
        return None

    async def of_clinic(self, clinic_id: ClinicId) -> list[StaffAccount]:
        return [dataclasses.replace(a) for a in self._oldest_first() if a.clinic_id == clinic_id]

    async def save(self, account: StaffAccount) -> None:
        stored = self._accounts[account.id]
        self._accounts[account.id] = dataclasses.replace(account, totp_last_step=stored.totp_last_step)

    async def use_step(self, account_id: str, step: int) -> bool:
        account = self._accounts[account_id]
        if account.totp_last_step is not None and step <= account.totp_last_step:
            return False
        account.totp_last_step = step
        return True

    def _oldest_first(self) -> list[StaffAccount]:
        return sorted(self._accounts.values(), key=lambda a: a.created_at)
