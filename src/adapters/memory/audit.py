"""The audit log for one process (tests, and `serve` without a database)."""

from __future__ import annotations

from application.ports import AuditEntry, AuditRecord
from domain.ids import ClinicId


class InMemoryAuditLog:
    """Implements ``AuditLog`` in a list: append-only, as in PostgreSQL."""

    def __init__(self) -> None:
        self._records: list[AuditRecord] = []

    async def record(self, entry: AuditEntry) -> None:
        self._records.append(AuditRecord(len(self._records) + 1, entry))

    async def entries(
        self, clinic_id: ClinicId, *, before: int | None = None, limit: int = 100
    ) -> list[AuditRecord]:
        found = [
            record
            for record in reversed(self._records)
            if record.entry.clinic_id == clinic_id and (before is None or record.sequence < before)
        ]
        return found[:limit]
