"""Ports for the clinics and the time: the clinic directory, its switches, the clock."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Protocol

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


class ClinicStore(Protocol):
    """Where a clinic's settings are kept, read afresh and written whole."""

    async def get(self, clinic_id: ClinicId) -> Clinic | None:
        """The clinic as stored now (no cached copy: a change starts from what is there)."""
        ...

    async def save(self, clinic: Clinic) -> None:
        """Create or replace it. Doctors and services it leaves out are deactivated, not deleted
        (appointments keep pointing at them); numbers staff blocked stay blocked. Every process
        sees the change within its clinic cache's time to live, this one at once.
        ``InvalidClinicFile`` when another clinic has its WhatsApp phone number id."""
        ...


class InvalidClinicFile(Exception):
    """Settings that break a rule of the clinic file; ``detail`` is the file's own message,
    naming the place (``doctors[1].hours.monday[0]: "9-13" is not a range like "09:00-13:00"``)."""

    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__(detail)


class ClinicFiles(Protocol):
    """The clinic file's format: a clinic as its document of tables (what the file says, as dicts,
    lists, strings, numbers and dates), and back, by the file's rules; and as the file's text."""

    def document(self, clinic: Clinic) -> dict[str, Any]:
        """A fresh document, free to edit."""
        ...

    def read(self, document: Mapping[str, Any]) -> Clinic:
        """The clinic the document describes; ``InvalidClinicFile`` when it breaks a rule."""
        ...

    def text(self, clinic: Clinic) -> str:
        """The clinic's file, which ``parse`` reads back as the same clinic."""
        ...

    def parse(self, data: bytes | str) -> Clinic:
        """The clinic a file describes; ``InvalidClinicFile`` when it breaks a rule."""
        ...


class UnknownClinic(Exception):
    """No clinic by that id (it was never loaded, or was removed)."""
