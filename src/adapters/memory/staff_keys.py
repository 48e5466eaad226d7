"""The clinics' staff API keys for one process (tests, and `serve` without a database)."""

from __future__ import annotations

import dataclasses
from datetime import datetime

from application.ports import StaffKey
from domain.ids import ClinicId


class InMemoryStaffKeys:
    """Implements ``StaffKeys`` in a dict: hashes only, as in PostgreSQL."""

    def __init__(self) -> None:
        self._keys: dict[str, tuple[StaffKey, str]] = {}

    async def add(self, key: StaffKey, key_hash: str) -> None:
        if key.id in self._keys or any(stored == key_hash for _, stored in self._keys.values()):
            raise ValueError("a staff key with this id or hash exists already")
        self._keys[key.id] = (key, key_hash)

    async def by_hash(self, key_hash: str) -> StaffKey | None:
        for key, stored in self._keys.values():
            if stored == key_hash and key.revoked_at is None:
                return key
        return None

    async def by_id(self, key_id: str) -> StaffKey | None:
        found = self._keys.get(key_id)
        return found[0] if found is not None else None

    async def of_clinic(self, clinic_id: ClinicId) -> list[StaffKey]:
        return sorted(
            (k for k, _ in self._keys.values() if k.clinic_id == clinic_id), key=lambda k: k.created_at
        )

    async def revoke(self, key_id: str, at: datetime) -> bool:
        found = self._keys.get(key_id)
        if found is None or found[0].revoked_at is not None:
            return False
        self._keys[key_id] = (dataclasses.replace(found[0], revoked_at=at), found[1])
        return True
