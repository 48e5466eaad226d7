"""A message sender that keeps what it was asked to send: for tests and the terminal chat."""

from __future__ import annotations

from dataclasses import dataclass

from application.messages import OutboundMessage
from domain.clinic import Clinic
from domain.ids import ClinicId, PatientAddress


@dataclass(frozen=True, slots=True)
class SentMessage:
    clinic_id: ClinicId
    to: PatientAddress
    message: OutboundMessage
    reference: str | None = None


class RecordingSender:
    """Implements ``MessageSender`` by recording every message in order."""

    def __init__(self) -> None:
        self.sent: list[SentMessage] = []
        self.read: list[str] = []

    async def send(
        self,
        clinic: Clinic,
        to: PatientAddress,
        message: OutboundMessage,
        reference: str | None = None,
        *,
        from_part: int = 0,  # whole messages here: one never fails part-way
    ) -> None:
        self.sent.append(SentMessage(clinic.id, to, message, reference))

    async def mark_read(self, clinic: Clinic, message_id: str) -> None:
        self.read.append(message_id)

    def to(self, patient: PatientAddress) -> list[OutboundMessage]:
        return [s.message for s in self.sent if s.to == patient]
