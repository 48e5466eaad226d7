"""Intake: what the webhook hands the application once a delivery's signature is verified.

Route each business number to its clinic, record the delivery's messages in the inbox (the
unique message id is the dedup, for good) and its receipts against the messages we sent.
Nothing is answered here: the inbox wakes the turns (``application.turn_processor``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from application.delivery_reports import RecordDeliveryReports
from application.messages import DeliveryReport, InboundMessage
from application.ports import ClinicDirectory, Clock, Conversation, Inbox
from application.reengagement import ResendLate
from domain.ids import ClinicId


class Delivery(Protocol):
    """One decoded delivery of a channel (Meta's: ``adapters.meta.inbound.MetaDelivery``)."""

    def business_numbers(self) -> Iterable[str]:
        """The business phone number ids that received messages."""
        ...

    def messages(self, clinics: Mapping[str, ClinicId]) -> list[InboundMessage]:
        """The messages to the numbers in ``clinics`` (number id -> clinic), oldest first."""
        ...

    def reports(self) -> list[DeliveryReport]:
        """What became of messages we sent (receipts)."""
        ...


@dataclass(frozen=True, slots=True)
class Recorded:
    """What intake made of a delivery."""

    accepted: list[InboundMessage]  # new messages, now in the inbox
    redelivered: int  # messages the inbox already held
    resent: list[Conversation]  # replies refused outside the 24-hour window, queued again as templates


@dataclass(frozen=True)
class Intake:
    """Route and record a delivery. Raises ``ServiceUnavailable`` (or the store's own error) when
    it could not be recorded: the caller answers so that the sender delivers it again."""

    clinics: ClinicDirectory
    inbox: Inbox
    record_reports: RecordDeliveryReports
    clock: Clock
    resend_late: ResendLate | None = None

    async def record(self, delivery: Delivery) -> Recorded:
        routes: dict[str, ClinicId] = {}
        for number in delivery.business_numbers():
            clinic = await self.clinics.by_phone_number_id(number)
            if clinic is not None:
                routes[number] = clinic.id
        messages = delivery.messages(routes)
        accepted = await self.accept(messages) if messages else []
        reports = delivery.reports()
        needing_template = await self.record_reports(reports) if reports else []
        resent = await self.resend_late(needing_template) if needing_template and self.resend_late else []
        return Recorded(accepted, len(messages) - len(accepted), resent)

    async def accept(self, messages: Sequence[InboundMessage]) -> list[InboundMessage]:
        """Record messages durably; returns those never seen before."""
        return await self.inbox.accept(messages, self.clock.now())
