"""The outbound message log in memory."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from application.messages import DeliveryReport
from domain.ids import ClinicId, PatientAddress


@dataclass
class SentRecord:
    clinic_id: ClinicId
    to: PatientAddress
    kind: str
    reports: list[DeliveryReport] = field(default_factory=list)
    sent_at: datetime = field(default_factory=lambda: datetime.now(UTC))  # as PostgreSQL's now()


class InMemoryOutboundLog:
    """Implements ``OutboundLog``."""

    def __init__(self) -> None:
        self.messages: dict[str, SentRecord] = {}

    async def sent(self, clinic_id: ClinicId, to: PatientAddress, message_id: str, kind: str) -> None:
        self.messages[message_id] = SentRecord(clinic_id, to, kind)

    async def report(self, report: DeliveryReport) -> bool:
        record = self.messages.get(report.message_id)
        if record is None:
            return False
        record.reports.append(report)
        return True
