"""Ports for the clinics and the time: the clinic directory, its switches, the clock."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from domain.clinic import Clinic
from domain.ids import ClinicId


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware (UTC)."""
        ...


class ClinicDirectory(Protocol):
    """Read access to clinics' configuration."""

    async def get(self, clinic_id: ClinicId) -> Clinic | None: ...

    async def all(self) -> list[Clinic]: ...

    async def by_phone_number_id(self, phone_number_id: str) -> Clinic | None:
        """The clinic that owns a WhatsApp Business phone number id (Meta's ``metadata.phone_number_id``)."""
        ...


class ClinicSwitches(Protocol):
    """What staff change of their clinic at run time: the bot on or off, numbers blocked."""

    async def set_bot_enabled(self, clinic_id: ClinicId, enabled: bool) -> None: ...

    async def block(self, clinic_id: ClinicId, address: str) -> None:
        """Messages from this number are recorded and never answered (a no-op if it is blocked)."""
        ...

    async def unblock(self, clinic_id: ClinicId, address: str) -> bool:
        """False when staff had not blocked it (a number the clinic's file blocks stays blocked)."""
        ...


class UnknownClinic(Exception):
    """No clinic by that id (it was never loaded, or was removed)."""
