"""Ports for staff access: the API's keys, one per integration (a machine), each with a role."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from domain.ids import AppointmentId, ClinicId
from domain.staff import Role


class IdGenerator(Protocol):
    def new_appointment_id(self) -> AppointmentId: ...


@dataclass(frozen=True, slots=True)
class StaffKey:
    """An API key of one clinic, as stored: never the key itself, only its hash. ``name`` is the
    integration it serves."""

    id: str
    clinic_id: ClinicId
    name: str
    created_at: datetime
    revoked_at: datetime | None = None
    role: Role = Role.RECEPTION  # what the integration it serves may do


class StaffKeys(Protocol):
    """The clinics' staff API keys. A key is shown once, when issued; only its SHA-256 is kept."""

    async def add(self, key: StaffKey, key_hash: str) -> None: ...

    async def by_hash(self, key_hash: str) -> StaffKey | None:
        """The key with this hash, unless revoked."""
        ...

    async def by_id(self, key_id: str) -> StaffKey | None:
        """The key with this id, revoked or not."""
        ...

    async def of_clinic(self, clinic_id: ClinicId) -> list[StaffKey]: ...

    async def revoke(self, key_id: str, at: datetime) -> bool:
        """False when no live key has this id."""
        ...
