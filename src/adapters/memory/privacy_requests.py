"""The register of patients' requests about their data in process memory: added at commit."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from domain.ids import ClinicId
from domain.privacy_requests import PrivacyRequest


class StagedPrivacyRegister:
    """Implements ``PrivacyRegister`` for an in-memory unit of work over the store's ``requests``."""

    def __init__(self, requests: dict[str, PrivacyRequest]) -> None:
        self._requests = requests  # committed, by id
        self.staged: dict[str, PrivacyRequest] = {}

    def _visible(self) -> dict[str, PrivacyRequest]:
        return {**self._requests, **self.staged}

    async def add(self, request: PrivacyRequest) -> None:
        self.staged[request.id] = request

    async def pending(self, clinic_id: ClinicId, limit: int = 200) -> list[PrivacyRequest]:
        found = [r for r in self._visible().values() if r.clinic_id == clinic_id and r.pending]
        return sorted(found, key=lambda r: (r.due, r.received_at))[:limit]

    async def recent(self, clinic_id: ClinicId, limit: int = 200) -> list[PrivacyRequest]:
        found = [r for r in self._visible().values() if r.clinic_id == clinic_id]
        return sorted(found, key=lambda r: r.received_at, reverse=True)[:limit]

    async def answer(self, clinic_id: ClinicId, request_id: str, at: datetime) -> PrivacyRequest | None:
        found = self._visible().get(request_id)
        if found is None or found.clinic_id != clinic_id:
            return None
        self.staged[request_id] = found.answered(at)
        return self.staged[request_id]

    async def due_by(self, day: date, limit: int = 500) -> list[PrivacyRequest]:
        found = [r for r in self._visible().values() if r.pending and r.due <= day]
        return sorted(found, key=lambda r: (r.due, r.received_at))[:limit]

    def apply(self, requests: dict[str, PrivacyRequest]) -> None:
        requests.update(self.staged)


def forget_addresses(
    requests: dict[str, PrivacyRequest], clinic_id: ClinicId, addresses: set[object]
) -> None:
    """An erased patient is named in the register by their keyed hash alone."""
    for key, request in list(requests.items()):
        if request.clinic_id == clinic_id and request.address in addresses:
            requests[key] = replace(request, address=None)
