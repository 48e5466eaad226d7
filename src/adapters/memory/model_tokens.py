"""The clinics' daily model tokens in process memory (the terminal chat, a single ``serve``, tests)."""

from __future__ import annotations

from datetime import date

from domain.ids import ClinicId


class InMemoryModelTokens:
    """Implements ``ModelTokens``; days past are forgotten as a new one is counted."""

    def __init__(self) -> None:
        self._used: dict[ClinicId, tuple[date, int]] = {}

    async def used(self, clinic_id: ClinicId, day: date) -> int:
        counted = self._used.get(clinic_id)
        return counted[1] if counted is not None and counted[0] == day else 0

    async def spend(self, clinic_id: ClinicId, day: date, tokens: int) -> int:
        total = await self.used(clinic_id, day) + tokens
        self._used[clinic_id] = (day, total)
        return total
