"""Clinics held in memory (the demo clinic, or clinics loaded from configuration files)."""

from __future__ import annotations

from collections.abc import Iterable

from domain.clinic import Clinic
from domain.ids import ClinicId


class InMemoryClinicDirectory:
    """Implements ``ClinicDirectory``."""

    def __init__(self, clinics: Iterable[Clinic] = ()) -> None:
        self._by_id: dict[ClinicId, Clinic] = {}
        for clinic in clinics:
            self.put(clinic)

    def put(self, clinic: Clinic) -> None:
        taken = {c.phone_number_id: c.id for c in self._by_id.values()}
        if taken.get(clinic.phone_number_id, clinic.id) != clinic.id:
            raise ValueError(f"phone number id {clinic.phone_number_id} already belongs to another clinic")
        self._by_id[clinic.id] = clinic

    async def all(self) -> list[Clinic]:
        return list(self._by_id.values())

    async def get(self, clinic_id: ClinicId) -> Clinic | None:
        return self._by_id.get(clinic_id)

    async def by_phone_number_id(self, phone_number_id: str) -> Clinic | None:
        return next((c for c in self._by_id.values() if c.phone_number_id == phone_number_id), None)
