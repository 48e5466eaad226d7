"""When a conversation needs a person: the alert for the clinic's webhook, sent until its receiver
takes it, and the bot taking back a conversation nobody wrote in for the clinic's quiet time.

The need itself is recorded on the session by the conversation (the patient asked, a file came)
and the turn (turns kept failing); the turn stages the alert with it (``alert_for``), in the same
transaction, so an alert is never lost nor sent for a need that was not recorded.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from application.audit import Audit, Origin
from application.failures import describe
from application.ports import (
    Actor,
    ActorKind,
    AlertNotDelivered,
    AlertQueue,
    AlertWebhook,
    AuditAction,
    ClinicDirectory,
    Clock,
    ConversationLock,
    HandoffAlert,
    UnitOfWorkFactory,
)
from application.pseudonyms import Pseudonyms
from domain.backoff import Backoff
from domain.clinic import Clinic
from domain.conversation import ChatSession
from domain.handoff import NeedsPerson

log = logging.getLogger(__name__)

# Doubling from 30 s with each failed try, at most 30 min; given up after a day or so.
ALERT_BACKOFF = Backoff(first=timedelta(seconds=30), longest=timedelta(minutes=30), factor=2)
ALERT_ATTEMPTS = 60
WORKER = Origin(None, Actor(ActorKind.SYSTEM, "worker"), "worker", "worker")


def alert_for(
    clinic: Clinic, session: ChatSession, before: NeedsPerson | None, names: Pseudonyms
) -> HandoffAlert | None:
    """The alert for the clinic's webhook when this turn made the conversation need a person
    (it did not before); None when it did not, or the clinic has no webhook."""
    need = session.needs_person
    if need is None or before is not None or clinic.handoff.alert_webhook_url is None:
        return None
    return HandoffAlert(clinic.id, need.reason, names.patient(session.patient), need.since)


@dataclass(frozen=True)
class DeliverAlerts:
    """The worker's round: POST each due alert to its clinic's webhook; one the receiver does not
    take waits, longer after each failure (``ALERT_BACKOFF``), until ``max_attempts``."""

    queue: AlertQueue
    webhook: AlertWebhook
    clinics: ClinicDirectory
    clock: Clock
    backoff: Backoff = ALERT_BACKOFF
    max_attempts: int = ALERT_ATTEMPTS
    lease: timedelta = timedelta(minutes=1)
    batch_size: int = 20

    async def __call__(self) -> int:
        """How many alerts the receivers took."""
        sent = 0
        for queued in await self.queue.claim(self.clock.now(), self.lease, self.batch_size):
            clinic = await self.clinics.get(queued.alert.clinic_id)
            url = clinic.handoff.alert_webhook_url if clinic is not None else None
            if url is None:  # the clinic dropped its webhook meanwhile
                await self.queue.failed(queued.id, self.clock.now(), "the clinic has no alert webhook")
                continue
            try:
                await self.webhook.post(url, queued.alert)
            except AlertNotDelivered as failure:
                await self._not_taken(queued.id, queued.attempts + 1, describe(failure))
                continue
            await self.queue.sent(queued.id, self.clock.now())
            sent += 1
        return sent

    async def _not_taken(self, alert_id: int, attempts: int, why: str) -> None:
        now = self.clock.now()
        if attempts >= self.max_attempts:
            log.error("alert %d given up after %d tries: %s", alert_id, attempts, why)
            await self.queue.failed(alert_id, now, why)
        else:
            log.warning("alert %d not taken (try %d): %s", alert_id, attempts, why)
            await self.queue.retry(alert_id, now + self.backoff.delay(attempts), why)


@dataclass(frozen=True)
class ReturnQuietConversations:
    """The bot takes back each conversation paused for a person in which neither staff nor the
    patient wrote for the clinic's quiet time (``[handoff] return_after_minutes``); audited as the
    worker's."""

    clinics: ClinicDirectory
    unit_of_work: UnitOfWorkFactory
    lock: ConversationLock
    clock: Clock
    audit: Audit
    names: Pseudonyms
    batch_size: int = 100

    async def __call__(self) -> int:
        returned = 0
        for clinic in await self.clinics.all():
            before = self.clock.now() - clinic.handoff.return_after
            async with self.unit_of_work() as uow:
                quiet = await uow.sessions.quiet_since(clinic.id, before, self.batch_size)
            for patient in quiet:
                now = self.clock.now()
                async with self.lock.hold(clinic.id, patient, now), self.unit_of_work() as uow:
                    session = await uow.sessions.get(clinic.id, patient)
                    if session is None or not session.due_back(now, clinic.handoff.return_after):
                        continue  # someone wrote meanwhile
                    session.hand_back()
                    await uow.sessions.save(session)
                    await uow.commit()
                origin = Origin(clinic.id, WORKER.actor, WORKER.channel, WORKER.client)
                await self.audit.record(
                    origin, AuditAction.CONVERSATION_RETURNED, self.names.patient(patient), "quiet time"
                )
                returned += 1
        return returned
