"""The turn: answer everything a conversation has waiting in the inbox, once, in order, then send.

lock the conversation -> claim its waiting messages (a lease) -> load the clinic -> transcribe
voice notes (``application.listening``) -> load the session -> the conversation answers
(``application.conversation``) -> save the session, mark the messages handled and queue the
replies in the outbox, in one transaction -> send from the outbox (``application.deliver_replies``).

A turn that fails gives its messages back to be tried again after a pause
(``TurnPolicy.backoff``); after ``TurnPolicy.max_attempts`` failed turns a person takes over:
the bot pauses for that conversation and says so.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from application.conversation import Answer, ConversationService
from application.deliver_replies import DeliverReplies
from application.failures import describe
from application.handoff import alert_for
from application.listening import Listening
from application.messages import InboundMessage
from application.ports import (
    ClinicDirectory,
    Clock,
    ConcurrencyConflict,
    Conversation,
    ConversationLock,
    Inbox,
    MessageSender,
    Metrics,
    NluUnavailable,
    NoMetrics,
    NoPatientTraces,
    PatientTraces,
    PendingMessage,
    ServiceUnavailable,
    TurnMetric,
    TurnOutcome,
    UnitOfWorkFactory,
)
from domain.backoff import Backoff
from domain.clinic import Clinic
from domain.conversation import ChatSession
from domain.ids import ClinicId, PatientAddress

log = logging.getLogger(__name__)

# Failures that say "not now" rather than "this is a bug": logged without a traceback.
_OUTAGES = (ServiceUnavailable, ConcurrencyConflict, NluUnavailable, OSError, TimeoutError)


MAX_LINKS_REMEMBERED = 100_000  # (clinic, user id, number) links this process made: not made again

# Tripling from 5 s with each failed turn (5 s, 15 s, 45 s ...), at most 5 min.
TURN_BACKOFF = Backoff(first=timedelta(seconds=5), longest=timedelta(minutes=5), factor=3)


@dataclass(frozen=True, slots=True)
class TurnPolicy:
    """How long a turn holds its messages, and how patiently failed turns are tried again."""

    lease: timedelta = timedelta(seconds=60)  # a turn that dies holding messages loses them after this
    max_attempts: int = 5  # failed turns before a person takes the conversation over
    backoff: Backoff = TURN_BACKOFF


@dataclass(frozen=True)
class TurnProcessor:
    """lock -> claim -> (clinic, session -> conversation -> save, handled, outbox) -> send."""

    clinics: ClinicDirectory
    unit_of_work: UnitOfWorkFactory
    inbox: Inbox
    lock: ConversationLock
    conversation: ConversationService
    deliver: DeliverReplies
    sender: MessageSender  # for read receipts; replies go out through ``deliver``
    clock: Clock
    policy: TurnPolicy = TurnPolicy()
    metrics: Metrics = field(default_factory=NoMetrics)
    listening: Listening | None = None  # voice notes transcribed before they are read; None: not heard
    linked: set[tuple[ClinicId, PatientAddress, PatientAddress]] = field(default_factory=set)
    traces: PatientTraces = field(default_factory=NoPatientTraces)  # what Redis keeps by the patient's hash

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
            self.metrics.turn(TurnMetric.PUT_OFF, 0.0)
            return False

    async def waiting(self, limit: int) -> list[Conversation]:
        """Conversations with messages or replies due now and held by no turn (for the sweep)."""
        found = dict.fromkeys(await self.inbox.waiting(self.clock.now(), limit))
        found.update(dict.fromkeys(await self.deliver.waiting(limit)))
        return list(found)

    async def _answer(self, clinic_id: ClinicId, patient: PatientAddress) -> bool:
        pending = await self.inbox.claim(clinic_id, patient, self.clock.now(), self.policy.lease)
        if not pending:
            return True
        started = time.perf_counter()
        try:
            # A turn never outlives its lease: past it, another process may take the same messages.
            async with asyncio.timeout(self.policy.lease.total_seconds() * 0.8):
                outcome = await self._turn(clinic_id, patient, pending)
        except Exception as failure:
            self.metrics.turn(
                TurnMetric.FAILED if isinstance(failure, _OUTAGES) else TurnMetric.BUG,
                time.perf_counter() - started,
            )
            await self._give_back(patient, pending, failure)
            return False
        except BaseException as stopped:  # cancelled (shutdown): hand back at once, untried
            self.metrics.turn(TurnMetric.STOPPED, time.perf_counter() - started)
            await self._give_back(patient, pending, stopped, pause=False)
            raise
        self.metrics.turn(outcome.metric, time.perf_counter() - started)
        return True

    async def _turn(
        self, clinic_id: ClinicId, patient: PatientAddress, pending: list[PendingMessage]
    ) -> TurnOutcome:
        """What became of the messages: the outcome the inbox records."""
        clinic = await self.clinics.get(clinic_id)
        if clinic is None:
            log.warning("messages for unknown clinic %s dropped", clinic_id)
            return await self._mark(pending, TurnOutcome.NO_CLINIC)
        if clinic.is_blocked(patient):
            log.info("messages from blocked number %s ignored", patient.masked())
            return await self._mark(pending, TurnOutcome.BLOCKED)
        if clinic.bot_enabled and any(p.attempts == 1 for p in pending):
            # One receipt per turn, on its newest message: Meta marks every earlier one read with
            # it, and a flood must not cost a Graph API call per message.
            await self.sender.mark_read(clinic, pending[-1].message.id)
        failed_turns = max(p.attempts for p in pending) - 1
        messages = [p.message for p in pending]
        if self.listening is not None and clinic.bot_enabled and failed_turns < self.policy.max_attempts:
            messages = await self.listening.transcribed(clinic, messages)
        await self._link(clinic.id, patient, messages)
        async with self.unit_of_work() as uow:
            now = self.clock.now()
            identity = await uow.patients.identity(clinic.id, patient)
            session = await uow.sessions.get(clinic.id, identity) or ChatSession(clinic.id, identity)
            waiting = session.needs_person
            if failed_turns >= self.policy.max_attempts:
                answer = self._hand_off(clinic, session, pending, now, failed_turns)
            else:
                answer = await self.conversation.answer(clinic, session, messages, now, uow)
            await uow.sessions.save(session)
            alert = alert_for(clinic, session, waiting, self.conversation.names)
            if alert is not None:  # sent by the worker once this commits (application.handoff)
                await uow.alerts.add(alert, now)
            await uow.inbox.handled([m.id for m in messages], now, answer.outcome)
            await uow.outbox.add(clinic.id, patient, answer.replies, now)
            for moved_to in [m.new_address for m in messages if m.new_address is not None]:
                await uow.patients.move(clinic.id, identity, moved_to)  # a changed number: all goes along
                identity = moved_to
            await uow.commit()
        if session.erased:
            await self._forget(clinic.id, {patient, identity, *(m.also for m in messages if m.also)})
        log.info(
            "turn of %d messages from %s: %s, %s, %d replies",
            len(pending),
            patient.masked(),
            answer.outcome,
            session.state,
            len(answer.replies),
        )
        return answer.outcome

    async def _link(
        self, clinic_id: ClinicId, patient: PatientAddress, messages: Sequence[InboundMessage]
    ) -> None:
        """A message that names the patient by both their number and their user id links the two
        (what was kept under the user id alone joins the number), in a unit of work of its own so
        the turn reads the result. Links this process made are not made again."""
        aliases = {m.also for m in messages if m.also is not None}
        if not aliases or all((clinic_id, alias, patient) in self.linked for alias in aliases):
            return
        async with self.unit_of_work() as uow:
            identity = await uow.patients.identity(clinic_id, patient)
            for alias in aliases:
                await uow.patients.link(clinic_id, alias, identity)
            await uow.commit()
        if len(self.linked) > MAX_LINKS_REMEMBERED:
            self.linked.clear()
        self.linked.update((clinic_id, alias, patient) for alias in aliases)

    async def _forget(self, clinic_id: ClinicId, addresses: set[PatientAddress]) -> None:
        """The patient's data was erased: nothing this process or Redis keeps names them either."""
        self.linked.difference_update(
            {link for link in self.linked if link[0] == clinic_id and {link[1], link[2]} & addresses}
        )
        for address in addresses:
            await self.traces.forget(clinic_id, address)

    def _hand_off(
        self,
        clinic: Clinic,
        session: ChatSession,
        pending: list[PendingMessage],
        now: datetime,
        failed_turns: int,
    ) -> Answer:
        # Staff are told in their console (the conversation needs a person), by the clinic's alert
        # webhook, and in the log.
        log.error(
            "conversation of %s handed to staff after %d failed turns; the bot is paused for it",
            session.patient.masked(),
            failed_turns,
        )
        return self.conversation.hand_off(clinic, session, [p.message for p in pending], now)

    async def _mark(self, pending: list[PendingMessage], outcome: TurnOutcome) -> TurnOutcome:
        async with self.unit_of_work() as uow:
            await uow.inbox.handled([p.message.id for p in pending], self.clock.now(), outcome)
            await uow.commit()
        return outcome

    async def _give_back(
        self,
        patient: PatientAddress,
        pending: list[PendingMessage],
        failure: BaseException,
        *,
        pause: bool = True,
    ) -> None:
        attempts = max(p.attempts for p in pending)
        at = self.clock.now() + (self.policy.backoff.delay(attempts) if pause else timedelta(0))
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
