"""RecordDeliveryReports: what WhatsApp says became of the messages we sent."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from application.messages import DeliveryReport, DeliveryState
from application.ports import Clock, OutboundLog, Outbox
from application.pseudonyms import Pseudonyms

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RecordDeliveryReports:
    """Record each report against its sent message; surface failures, above all 131047.

    A report carrying an outbox reference settles that reply as sent, even when the
    process that sent it died before it could record so.

    A reply refused with 131047 reached a patient more than 24 hours after they last
    wrote: only an approved template can reach them now. The log says so, and the caller sends
    it again as one (``application.reengagement.ResendLate``). The log names a
    message by its keyed hash (``names``): Meta's id holds the patient's number.
    """

    outbound: OutboundLog
    outbox: Outbox | None = None
    clock: Clock | None = None
    names: Pseudonyms = field(default_factory=Pseudonyms.random)

    async def __call__(self, reports: Sequence[DeliveryReport]) -> list[DeliveryReport]:
        """Record ``reports``; return those that need a template to reach the patient."""
        needing_template: list[DeliveryReport] = []
        for report in reports:
            # Any report proves Meta took the reply: a send cut short is not repeated.
            if (
                report.reference
                and self.outbox is not None
                and self.clock is not None
                and await self.outbox.confirm(report.reference, self.clock.now())
            ):
                # Usually the sender records it a moment later; after a crash, this is what settles it.
                log.debug("reply %s settled by its delivery report", report.reference)
            known = await self.outbound.report(report)
            if report.state is DeliveryState.FAILED:
                log.warning(
                    "message %s failed: code %s %s%s",
                    self.names.message(report.message_id),
                    report.error_code,
                    report.error_title,
                    "" if known else " (not in the outbound log)",
                )
            if report.needs_template:
                log.warning(
                    "message %s is outside the 24-hour window: only a template reaches the patient",
                    self.names.message(report.message_id),
                )
                needing_template.append(report)
        return needing_template
