"""DeliverReplies: send a conversation's queued replies in order, each until WhatsApp took it once."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import timedelta

from application.failures import describe
from application.messages import TextReply
from application.ports import (
    ClinicDirectory,
    Clock,
    Conversation,
    DeliveryFailed,
    MessageSender,
    NoOtherAddresses,
    OtherAddresses,
    Outbox,
    QueuedReply,
)
from domain.backoff import Backoff
from domain.clinic import Clinic
from domain.ids import ClinicId, PatientAddress

log = logging.getLogger(__name__)


# Doubling from 5 s with each refused send (5 s, 10 s, 20 s ...), at most 10 min.
SEND_BACKOFF = Backoff(first=timedelta(seconds=5), longest=timedelta(minutes=10))


@dataclass(frozen=True, slots=True)
class SendPolicy:
    """How long a sender holds replies, and how patiently refused ones are sent again."""

    lease: timedelta = timedelta(seconds=60)  # a sender that dies mid-send loses them after this
    max_attempts: int = 8
    backoff: Backoff = SEND_BACKOFF


@dataclass(frozen=True)
class DeliverReplies:
    """Send what the conversation's outbox holds, oldest first.

    Meta's rate limits, 5xx and timeouts leave the reply (and those after it, to keep
    the order) queued for a later try; an error that will not go away marks that reply
    failed and the next ones still go. Every send carries the reply's reference, which
    Meta echoes in its delivery reports: a send interrupted after Meta took it is
    recognised by its report and not sent again.
    """

    outbox: Outbox
    sender: MessageSender
    clinics: ClinicDirectory
    clock: Clock
    policy: SendPolicy = SendPolicy()
    # A reply WhatsApp refuses at one of a patient's identifiers goes to the other, once.
    addresses: OtherAddresses = field(default_factory=NoOtherAddresses)
    # Replies Meta took whose "sent" mark could not be written (the database was away): this
    # process knows they went out and never sends them again, only records them when it can.
    sent_unrecorded: set[int] = field(default_factory=set)

    async def __call__(self, clinic_id: ClinicId, to: PatientAddress) -> bool:
        """False when some replies wait for a later try."""
        queued = await self.outbox.claim(clinic_id, to, self.clock.now(), self.policy.lease)
        if not queued:
            return True
        # Sending never outlives the lease: past it, another process may send the same replies.
        async with asyncio.timeout(self.policy.lease.total_seconds() * 0.8):
            return await self._send(clinic_id, to, queued)

    async def waiting(self, limit: int) -> list[Conversation]:
        """Conversations with replies due now that no sender holds."""
        return await self.outbox.waiting(self.clock.now(), limit)

    async def _send(self, clinic_id: ClinicId, to: PatientAddress, queued: list[QueuedReply]) -> bool:
        clinic = await self.clinics.get(clinic_id)
        for index, reply in enumerate(queued):
            if reply.id in self.sent_unrecorded:
                await self._record_sent(reply)
                continue
            if clinic is None:
                await self.outbox.failed(reply.id, "clinic unknown")
                continue
            asked: timedelta | None = None  # the pause Meta asked for
            try:
                await self.sender.send(clinic, to, reply.message, reply.reference, from_part=reply.parts_sent)
            except DeliveryFailed as failure:
                retryable, error, asked = failure.retryable, describe(failure), failure.retry_after
                if failure.parts_sent > reply.parts_sent:  # never send again what Meta took
                    await self.outbox.parts_sent(reply.id, failure.parts_sent)
            except Exception as failure:  # a bug while sending: paused like an outage, never lost
                log.exception("sending a reply to %s failed", to.masked())
                retryable, error = True, describe(failure)
            except BaseException:
                # Cut short: this reply may or may not have reached Meta, so it keeps its lease
                # (its receipt, if it went out, settles it meanwhile); the rest go back untried.
                await self.outbox.retry([r.id for r in queued[index + 1 :]], self.clock.now(), "interrupted")
                raise
            else:
                await self._took(reply)
                continue
            if retryable and reply.attempts < self.policy.max_attempts:
                at = self.clock.now() + self.policy.backoff.delay_at_least(reply.attempts, asked)
                await self.outbox.retry([r.id for r in queued[index:]], at, error)
                log.warning("reply to %s not sent yet (%s); again at %s", to.masked(), error, at.isoformat())
                return False
            if not retryable and await self._at_other_address(clinic, to, reply):
                continue
            await self._failed(reply, error)
            log.error("reply to %s failed for good after %d tries: %s", to.masked(), reply.attempts, error)
        return True

    async def _at_other_address(self, clinic: Clinic, to: PatientAddress, reply: QueuedReply) -> bool:
        """A reply WhatsApp refused for good at ``to``, sent whole to the patient's other identifier
        (their user id when the number is not reachable, or the reverse); True once it took it."""
        other = await self.addresses.other(clinic.id, to) if reply.parts_sent == 0 else None
        if other is None:
            return False
        try:
            await self.sender.send(clinic, other, reply.message, reply.reference)
        except DeliveryFailed as failure:
            log.warning("reply refused at both of %s's addresses: %s", to.masked(), describe(failure))
            return False
        log.info("reply to %s went to their other address", to.masked())
        await self._took(reply)
        return True

    async def _took(self, reply: QueuedReply) -> None:
        """Meta took the reply: this process never sends it again, even before the mark is written."""
        self.sent_unrecorded.add(reply.id)
        await self._record_sent(reply)

    async def _record_sent(self, reply: QueuedReply) -> None:
        if _forgotten(reply):
            await self.outbox.forget(reply.id)
        else:
            await self.outbox.sent(reply.id, self.clock.now())  # raises while the database is away
        self.sent_unrecorded.discard(reply.id)

    async def _failed(self, reply: QueuedReply, error: str) -> None:
        if _forgotten(reply):
            await self.outbox.forget(reply.id)
        else:
            await self.outbox.failed(reply.id, error)


def _forgotten(reply: QueuedReply) -> bool:
    """The last message to an erased patient: its row goes once it is settled either way."""
    return isinstance(reply.message, TextReply) and reply.message.forget_when_sent
