"""Ports for messages in and out: the inbox, the outbox, the lock, the sender and its log."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import ClassVar, Protocol

from application.messages import DeliveryReport, InboundMessage, Media, OutboundMessage
from application.ports.metrics import TurnMetric
from domain.clinic import Clinic
from domain.ids import ClinicId, MessageId, PatientAddress

Conversation = tuple[ClinicId, PatientAddress]


@dataclass(frozen=True, slots=True)
class PendingMessage:
    """An accepted message waiting for its conversation's turn, and how many turns took it so far."""

    message: InboundMessage
    attempts: int  # the turns that took it, the one taking it now included


class Inbox(Protocol):
    """The durable record of every message Meta delivered, and the queue of those not yet handled.

    A message is recorded once, by id, before the webhook answers 200 (a redelivery days
    later is still recognised); a turn of its conversation then takes it. Each call is its
    own transaction; marking messages handled belongs to the turn's unit of work
    (``uow.inbox``), so a turn's effects and its messages' state commit together.
    """

    async def accept(self, messages: Sequence[InboundMessage], now: datetime) -> list[InboundMessage]:
        """Record the messages never seen before and return them; redeliveries are left out."""
        ...

    async def claim(
        self, clinic_id: ClinicId, patient: PatientAddress, now: datetime, lease: timedelta
    ) -> list[PendingMessage]:
        """Take every unhandled message of the conversation, in the order sent, for ``lease``.

        Empty when there is none, or while another turn holds them (its lease has not run out).
        """
        ...

    async def retry(self, message_ids: Sequence[MessageId], at: datetime, error: str) -> None:
        """Give messages back after a failed turn; the sweep takes them again from ``at``."""
        ...

    async def waiting(self, now: datetime, limit: int) -> list[Conversation]:
        """Conversations with unhandled messages that are due by ``now`` and held by no turn."""
        ...

    async def transcribed(self, message_id: MessageId, transcript: str) -> None:
        """Keep a waiting voice note's transcript, so a turn tried again does not transcribe it twice."""
        ...

    async def media_of(self, clinic_id: ClinicId, message_id: MessageId) -> Media | None:
        """The file a message to ``clinic_id`` came with (a photo, a voice note...), for staff;
        None when there is none, or the message is another clinic's."""
        ...


class TurnOutcome(StrEnum):
    """What became of a turn's messages: the inbox records it, metrics count it."""

    ANSWERED = "answered"
    RECORDED = "recorded"  # the bot is off (for the clinic or this conversation): staff read them
    HANDED_OFF = "handed off"  # turns kept failing: a person takes the conversation over
    NO_CLINIC = "no clinic"  # the clinic is gone
    BLOCKED = "blocked"  # the clinic blocked the number

    @property
    def metric(self) -> TurnMetric:
        return TurnMetric(self.value.replace(" ", "_"))


class HandledMessages(Protocol):
    """The part of the inbox a turn's unit of work writes: its messages are handled."""

    async def handled(
        self, message_ids: Sequence[MessageId], now: datetime, outcome: TurnOutcome
    ) -> None: ...


@dataclass(frozen=True, slots=True)
class QueuedReply:
    """A reply in the outbox, and how many sends of it were started so far (this one included)."""

    id: int
    clinic_id: ClinicId
    to: PatientAddress
    message: OutboundMessage
    attempts: int
    parts_sent: int = 0  # a reply sent as several requests: how many Meta took (a retry skips them)

    @property
    def reference(self) -> str:
        """What Meta echoes back in the reply's delivery reports."""
        return f"{OUTBOX_REFERENCE_PREFIX}{self.id}"


OUTBOX_REFERENCE_PREFIX = "outbox:"


# What a reply refused outside the 24-hour window is marked failed with (Meta's 131047).
REFUSED_LATE = "131047: the patient last wrote over 24 hours ago"


class StagedReplies(Protocol):
    """The part of the outbox a turn's unit of work writes: its replies, to be sent after commit."""

    async def add(
        self, clinic_id: ClinicId, to: PatientAddress, messages: Sequence[OutboundMessage], now: datetime
    ) -> None: ...

    async def refused_late(self, reference: str) -> QueuedReply | None:
        """WhatsApp refused the reply with this reference because the patient last wrote over 24
        hours ago (131047): marked failed so, and returned the first time only (None for a
        report of it again, a template, or a reference not ours)."""
        ...


class Outbox(Protocol):
    """Replies waiting to be sent, in order per conversation, until WhatsApp took them.

    A turn's replies enter in the turn's own transaction, so a turn that committed
    always has its replies somewhere: sent, queued for a retry, or failed for good.
    Each call is its own transaction.
    """

    async def claim(
        self, clinic_id: ClinicId, to: PatientAddress, now: datetime, lease: timedelta
    ) -> list[QueuedReply]:
        """The conversation's unsent replies, oldest first, held for ``lease``; [] while another
        sender holds them or the first of them is pausing after a failure."""
        ...

    async def sent(self, reply_id: int, now: datetime) -> None: ...

    async def retry(self, reply_ids: Sequence[int], at: datetime, error: str) -> None:
        """Give replies back untried or failed for now; taken again from ``at``."""
        ...

    async def parts_sent(self, reply_id: int, parts: int) -> None:
        """Meta took the first ``parts`` requests of a reply sent as several: a retry starts after them."""
        ...

    async def failed(self, reply_id: int, error: str) -> None:
        """WhatsApp refused it for good; it stays visible as failed."""
        ...

    async def forget(self, reply_id: int) -> None:
        """Delete the reply (sent or failed for good): the last message to an erased patient."""
        ...

    async def confirm(self, reference: str, now: datetime) -> bool:
        """A delivery report came back for the reply with this reference: it went out.

        This settles a send whose sender died before recording it. True if it was unsent.
        """
        ...

    async def waiting(self, now: datetime, limit: int) -> list[Conversation]:
        """Conversations with unsent replies that are due and held by no sender."""
        ...


class OtherAddresses(Protocol):
    """The other identifier a patient is known by (their user id beside their number, or the
    reverse), for a reply WhatsApp would not take at one of them."""

    async def other(self, clinic_id: ClinicId, address: PatientAddress) -> PatientAddress | None: ...


class NoOtherAddresses:
    """Implements ``OtherAddresses`` knowing none."""

    async def other(self, clinic_id: ClinicId, address: PatientAddress) -> PatientAddress | None:
        return None


class RecentMessages(Protocol):
    """A fast memory of message ids already recorded (Redis, 24 hours), in front of the inbox.

    Meta redelivers often; this answers most redeliveries without touching the database.
    It may forget (expiry, outage) but never decides alone: the inbox has the last word.
    """

    async def seen(self, clinic_id: ClinicId, message_ids: Sequence[MessageId]) -> set[MessageId]: ...

    async def remember(self, clinic_id: ClinicId, message_ids: Sequence[MessageId]) -> None: ...


class ConversationLock(Protocol):
    def hold(
        self, clinic_id: ClinicId, patient: PatientAddress, sent_at: datetime
    ) -> AbstractAsyncContextManager[None]:
        """Handle one message of a conversation at a time, in the order the patient sent them.

        Messages arriving together are let in by ``sent_at`` (Meta's timestamp), then by
        arrival. Raises ``LockUnavailable`` when the conversation stays busy too long.
        """
        ...


class MessageSender(Protocol):
    async def send(
        self,
        clinic: Clinic,
        to: PatientAddress,
        message: OutboundMessage,
        reference: str | None = None,
        *,
        from_part: int = 0,
    ) -> None:
        """Deliver a reply, trying once. Raises ``DeliveryFailed`` when it could not be delivered:
        the caller's retry (the outbox, the reminder queue) is the only one.

        ``reference`` travels with the message and comes back in its delivery reports
        (Meta's ``biz_opaque_callback_data``): how an outbox entry learns it went out.
        A reply too long for one request goes as several; ``from_part`` skips those Meta
        already took (``DeliveryFailed.parts_sent`` of an earlier try).
        """
        ...

    async def mark_read(self, clinic: Clinic, message_id: str) -> None:
        """Show the patient their message was read and a reply is coming (best effort, never raises)."""
        ...


class OutboundLog(Protocol):
    """The messages we sent, by the id WhatsApp gave them, and what became of each."""

    async def sent(self, clinic_id: ClinicId, to: PatientAddress, message_id: str, kind: str) -> None: ...

    async def report(self, report: DeliveryReport) -> bool:
        """Record a delivery report; False when no sent message has that id (not ours, or forgotten)."""
        ...


class DeliveryFailed(Exception):
    """A reply could not be handed to WhatsApp on this try.

    ``retryable`` says whether trying again later may succeed (rate limits, outages);
    ``retry_after``, how long the service asked us to wait first (``Retry-After``);
    ``parts_sent``, how many requests of a reply sent as several got through before it.
    """

    retryable: ClassVar[bool] = False
    retry_after: timedelta | None = None
    parts_sent: int = 0
