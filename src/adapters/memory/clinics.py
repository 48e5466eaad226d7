"""Clinics held in memory (the demo clinic, or clinics loaded from configuration files)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from application.ports import InvalidClinicFile
from domain.clinic import Clinic
from domain.ids import ClinicId


class InMemoryClinicDirectory:
    """Implements ``ClinicDirectory``, ``ClinicSwitches`` and ``ClinicStore``."""

    def __init__(self, clinics: Iterable[Clinic] = ()) -> None:
        self._by_id: dict[ClinicId, Clinic] = {}
        self._staff_blocked: set[tuple[ClinicId, str]] = set()
        for clinic in clinics:
            self.put(clinic)

    def put(self, clinic: Clinic) -> None:
        taken = {c.phone_number_id: c.id for c in self._by_id.values()}
        if taken.get(clinic.phone_number_id, clinic.id) != clinic.id:
            raise ValueError(f"phone number id {clinic.phone_number_id} already belongs to another clinic")
        self._by_id[clinic.id] = clinic

    async def save(self, clinic: Clinic) -> None:
        try:
            self.put(clinic)
        except ValueError as exc:
            raise InvalidClinicFile(f"clinic.whatsapp_phone_number_id: {exc}") from exc

    async def all(self) -> list[Clinic]:
        return list(self._by_id.values())

    async def get(self, clinic_id: ClinicId) -> Clinic | None:
        return self._by_id.get(clinic_id)

    async def by_phone_number_id(self, phone_number_id: str) -> Clinic | None:
        return next((c for c in self._by_id.values() if c.phone_number_id == phone_number_id), None)

    # ClinicSwitches: run-time changes by staff (the file's own blocked numbers stay blocked).

    async def set_bot_enabled(self, clinic_id: ClinicId, enabled: bool) -> None:
        self._by_id[clinic_id] = dataclasses.replace(self._by_id[clinic_id], bot_enabled=enabled)

    async def block(self, clinic_id: ClinicId, address: str) -> None:
        clinic = self._by_id[clinic_id]
        if address not in clinic.blocked_numbers:
            self._staff_blocked.add((clinic_id, address))
            self._by_id[clinic_id] = dataclasses.replace(
                clinic, blocked_numbers=clinic.blocked_numbers | {address}
            )

    async def unblock(self, clinic_id: ClinicId, address: str) -> bool:
        if (clinic_id, address) not in self._staff_blocked:
            return False
        self._staff_blocked.discard((clinic_id, address))
        clinic = self._by_id[clinic_id]
        self._by_id[clinic_id] = dataclasses.replace(
            clinic, blocked_numbers=clinic.blocked_numbers - {address}
        )
        return True
