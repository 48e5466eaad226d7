"""HandleIncomingMessage: accept what Meta delivers durably, then answer each conversation in turns.

Intake and answering are two steps. ``accept`` records a delivery's messages in the
inbox (what the webhook must do before it answers 200); ``take_turn`` then answers
everything a conversation has waiting, in the order sent, as one turn: consecutive
texts are read together (one NLU call, one reply), the turn's effects and its
messages' "handled" mark commit together, and a turn that fails gives its messages
back to be tried again after a pause. After ``TurnPolicy.max_attempts`` failed turns
a person takes over: the bot pauses for that conversation and says so.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from application import texts_es as texts
from application.booking_desk import BookingDesk
from application.confirm_booking import ConfirmBooking
from application.deliver_replies import DeliverReplies, SendPolicy
from application.failures import describe
from application.messages import InboundKind, InboundMessage, OutboundMessage
from application.ports import (
    ClinicDirectory,
    Clock,
    ConcurrencyConflict,
    ConversationLock,
    Inbox,
    MessageSender,
    Metrics,
    ModelTokens,
    NluEngine,
    NluUnavailable,
    NoMetrics,
    NoModelTokens,
    Outbox,
    PendingMessage,
    ServiceUnavailable,
    UnitOfWorkFactory,
)
from application.respond import Responder, availability
from domain.backoff import Backoff
from domain.clinic import Clinic
from domain.conversation import ChatSession, Speaker
from domain.ids import ClinicId, PatientAddress
from domain.throttle import PatientLimits

log = logging.getLogger(__name__)

# Failures that say "not now" rather than "this is a bug": logged without a traceback.
_OUTAGES = (ServiceUnavailable, ConcurrencyConflict, NluUnavailable, OSError, TimeoutError)


# Tripling from 5 s with each failed turn (5 s, 15 s, 45 s ...), at most 5 min.
TURN_BACKOFF = Backoff(first=timedelta(seconds=5), longest=timedelta(minutes=5), factor=3)


@dataclass(frozen=True, slots=True)
class TurnPolicy:
    """How long a turn holds its messages, and how patiently failed turns are tried again."""

    lease: timedelta = timedelta(seconds=60)  # a turn that dies holding messages loses them after this
    max_attempts: int = 5  # failed turns before a person takes the conversation over
    backoff: Backoff = TURN_BACKOFF


@dataclass(frozen=True)
class HandleIncomingMessage:
    """Accept -> (lock -> claim -> load session and clinic -> answer -> save, handled, outbox -> send)."""

    clinics: ClinicDirectory
    unit_of_work: UnitOfWorkFactory
    inbox: Inbox
    outbox: Outbox
    lock: ConversationLock
    nlu: NluEngine
    sender: MessageSender
    clock: Clock
    confirm: ConfirmBooking = field(default_factory=ConfirmBooking)
    stale_after: timedelta = timedelta(hours=2)
    turns: TurnPolicy = TurnPolicy()
    sending: SendPolicy = SendPolicy()
    limits: PatientLimits = PatientLimits()
    apologise_when_nlu_fails: bool = False  # a terminal chat answers at once instead of retrying
    metrics: Metrics = field(default_factory=NoMetrics)
    model_tokens: ModelTokens = field(default_factory=NoModelTokens)  # each clinic's, for its daily budget
    _sent_unrecorded: set[int] = field(default_factory=set, repr=False, compare=False)

    async def __call__(self, message: InboundMessage) -> None:
        """Accept one message and take its conversation's turn at once (the terminal chat, tests)."""
        if await self.accept([message]):
            await self.take_turn(message.clinic_id, message.sender, message.sent_at)

    async def accept(self, messages: Sequence[InboundMessage]) -> list[InboundMessage]:
        """Record messages durably; returns those never seen before. Raises ``ServiceUnavailable``
        (or the store's own error) when they could not be recorded: then nothing was accepted."""
        return await self.inbox.accept(messages, self.clock.now())

    async def take_turn(
        self, clinic_id: ClinicId, patient: PatientAddress, sent_at: datetime | None = None
    ) -> bool:
        """Answer everything the conversation has waiting, then send what its outbox holds.

        False when something is left to be tried later. Never raises for an outage or a
        bug: the messages stay in the inbox, the replies in the outbox.
        """
        try:
            async with self.lock.hold(clinic_id, patient, sent_at or self.clock.now()):
                answered = await self._answer(clinic_id, patient)
                return await self.deliver(clinic_id, patient) and answered
        except _OUTAGES as outage:
            # Locked too long, Redis or the database away: the sweep comes back to it.
            log.warning("turn for %s put off: %s", patient.masked(), describe(outage))
            self.metrics.turn("put_off", 0.0)
            return False

    @property
    def deliver(self) -> DeliverReplies:
        return DeliverReplies(
            self.outbox, self.sender, self.clinics, self.clock, self.sending, self._sent_unrecorded
        )

    async def _answer(self, clinic_id: ClinicId, patient: PatientAddress) -> bool:
        pending = await self.inbox.claim(clinic_id, patient, self.clock.now(), self.turns.lease)
        if not pending:
            return True
        started = time.perf_counter()
        try:
            # A turn never outlives its lease: past it, another process may take the same messages.
            async with asyncio.timeout(self.turns.lease.total_seconds() * 0.8):
                outcome = await self._turn(clinic_id, patient, pending)
        except Exception as failure:
            self.metrics.turn(
                "failed" if isinstance(failure, _OUTAGES) else "bug", time.perf_counter() - started
            )
            await self._give_back(patient, pending, failure)
            return False
        except BaseException as stopped:  # cancelled (shutdown): hand back at once, untried
            self.metrics.turn("stopped", time.perf_counter() - started)
            await self._give_back(patient, pending, stopped, pause=False)
            raise
        self.metrics.turn(outcome.replace(" ", "_"), time.perf_counter() - started)
        return True

    async def _turn(self, clinic_id: ClinicId, patient: PatientAddress, pending: list[PendingMessage]) -> str:
        """What became of the messages: the outcome the inbox records."""
        clinic = await self.clinics.get(clinic_id)
        if clinic is None:
            log.warning("messages for unknown clinic %s dropped", clinic_id)
            await self._mark(pending, "no clinic")
            return "no clinic"
        if clinic.is_blocked(patient):
            log.info("messages from blocked number %s ignored", patient.masked())
            await self._mark(pending, "blocked")
            return "blocked"
        if clinic.bot_enabled and any(p.attempts == 1 for p in pending):
            # One receipt per turn, on its newest message: Meta marks every earlier one read with
            # it, and a flood must not cost a Graph API call per message.
            await self.sender.mark_read(clinic, pending[-1].message.id)
        hand_off = max(p.attempts for p in pending) > self.turns.max_attempts
        async with self.unit_of_work() as uow:
            now = self.clock.now()
            session = await uow.sessions.get(clinic.id, patient) or ChatSession(clinic.id, patient)
            if session.booking_in_progress and session.is_stale(now, self.stale_after):
                session.abandon()
            for item in pending:
                session.record(Speaker.PATIENT, item.message.text or item.message.button_id or "", now)
            replies: list[OutboundMessage] = []
            outcome = "recorded"  # the bot is off: staff read it
            if hand_off:
                replies, outcome = self._hand_off(clinic, session, pending), "handed off"
            elif clinic.bot_enabled and session.bot_enabled:
                respond = Responder(
                    self.nlu, self.confirm, self.apologise_when_nlu_fails, self.limits, self.model_tokens
                )
                for message in coalesced([p.message for p in pending]):
                    if not session.bot_enabled:  # the patient asked for a person: staff answer the rest
                        break
                    desk = BookingDesk(clinic, session, await availability(uow, clinic, now), now)
                    replies += await respond(message, desk, uow)
                if not session.bot_enabled:
                    log.info("conversation of %s handed to staff at the patient's request", patient.masked())
                replies, outcome = self._within_limits(session, replies, now), "answered"
            for reply in replies:
                session.record(Speaker.BOT, reply.body, now)
            await uow.sessions.save(session)
            await uow.inbox.handled([p.message.id for p in pending], now, outcome)
            await uow.outbox.add(clinic.id, patient, replies, now)
            await uow.commit()
        log.info(
            "turn of %d messages from %s: %s, %s, %d replies",
            len(pending),
            patient.masked(),
            outcome,
            session.state,
            len(replies),
        )
        return outcome

    def _within_limits(
        self, session: ChatSession, replies: list[OutboundMessage], now: datetime
    ) -> list[OutboundMessage]:
        """The replies the patient's reply limit leaves room for; the state changes stand."""
        room = session.reply_room(now, self.limits.replies)
        if len(replies) > room:
            log.warning(
                "reply limit reached for %s: %d of %d replies not sent",
                session.patient.masked(),
                len(replies) - room,
                len(replies),
            )
            replies = replies[:room]
        session.replied(now, self.limits.replies, len(replies))
        return replies

    def _hand_off(
        self, clinic: Clinic, session: ChatSession, pending: list[PendingMessage]
    ) -> list[OutboundMessage]:
        attempts = max(p.attempts for p in pending) - 1
        # Staff are told in the log (and, with issue 10, in metrics and their console).
        log.error(
            "conversation of %s handed to staff after %d failed turns; the bot is paused for it",
            session.patient.masked(),
            attempts,
        )
        if not (clinic.bot_enabled and session.bot_enabled):
            return []
        session.bot_enabled = False
        return [texts.handed_to_staff(clinic)]

    async def _mark(self, pending: list[PendingMessage], outcome: str) -> None:
        async with self.unit_of_work() as uow:
            await uow.inbox.handled([p.message.id for p in pending], self.clock.now(), outcome)
            await uow.commit()

    async def _give_back(
        self,
        patient: PatientAddress,
        pending: list[PendingMessage],
        failure: BaseException,
        *,
        pause: bool = True,
    ) -> None:
        attempts = max(p.attempts for p in pending)
        at = self.clock.now() + (self.turns.backoff.delay(attempts) if pause else timedelta(0))
        if not pause:
            log.info("turn for %s stopped; its %d messages go back", patient.masked(), len(pending))
        elif isinstance(failure, _OUTAGES):
            log.warning(
                "turn %d for %s failed, again at %s: %s",
                attempts,
                patient.masked(),
                at.isoformat(),
                describe(failure),
            )
        else:
            log.exception("turn %d for %s failed with a bug", attempts, patient.masked())
        try:
            await self.inbox.retry([p.message.id for p in pending], at, describe(failure))
        except Exception as outage:
            # The claim is a lease: when it runs out, the sweep takes the messages again.
            log.warning("could not give back %d messages: %s", len(pending), describe(outage))


# What a turn reads of a text (the whole message is kept in the history): booking requests are
# short, and a bounded reading keeps one patient's flood from costing seconds of CPU or tokens.
MAX_READ_PER_MESSAGE = 1000
MAX_READ_PER_TURN = 2000


def coalesced(messages: Sequence[InboundMessage]) -> list[InboundMessage]:
    """Consecutive texts as one message (one reading, one reply); buttons and media stay apart.

    Each text is read up to ``MAX_READ_PER_MESSAGE`` characters, and texts read together up
    to the last ``MAX_READ_PER_TURN``: what the patient said last matters most.
    """
    merged: list[InboundMessage] = []
    for message in messages:
        if message.kind is InboundKind.TEXT:
            message = replace(message, text=message.text[:MAX_READ_PER_MESSAGE])
        previous = merged[-1] if merged else None
        if previous is not None and previous.kind is message.kind is InboundKind.TEXT:
            joined = f"{previous.text}\n{message.text}"[-MAX_READ_PER_TURN:]
            merged[-1] = replace(message, text=joined)
        else:
            merged.append(message)
    return merged
