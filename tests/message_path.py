"""The whole path of a message (intake -> inbox -> turn -> conversation -> outbox -> sender) wired
over in-memory adapters, as the container wires it over real ones: for tests and benchmarks that
drive the application directly, without the webhook."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from adapters.memory.clinics import InMemoryClinicDirectory
from adapters.memory.inbox import InMemoryInbox
from adapters.memory.lock import InMemoryConversationLock
from adapters.memory.outbound import InMemoryOutboundLog
from adapters.memory.outbox import InMemoryOutbox
from adapters.memory.store import InMemoryUnitOfWorkFactory
from adapters.offline_nlu.languages import OfflineLanguageDetector
from application.conversation import ConversationService
from application.deliver_replies import DeliverReplies
from application.delivery_reports import RecordDeliveryReports
from application.intake import Intake
from application.messages import InboundMessage
from application.ports import (
    ClinicDirectory,
    Clock,
    ConversationLock,
    Inbox,
    LanguageDetector,
    MessageSender,
    NluEngine,
    Outbox,
    UnitOfWorkFactory,
)
from application.turn_processor import TurnProcessor
from domain.clinic import Clinic
from domain.ids import ClinicId, PatientAddress
from domain.throttle import PatientLimits


@dataclass(frozen=True)
class MessagePath:
    intake: Intake
    turn: TurnProcessor

    async def __call__(self, message: InboundMessage) -> None:
        """Record one message and answer its conversation at once."""
        if await self.intake.accept([message]):
            await self.turn.take_turn(message.clinic_id, message.sender, message.sent_at)

    async def accept(self, messages: Sequence[InboundMessage]) -> list[InboundMessage]:
        return await self.intake.accept(messages)

    async def take_turn(
        self, clinic_id: ClinicId, patient: PatientAddress, sent_at: datetime | None = None
    ) -> bool:
        return await self.turn.take_turn(clinic_id, patient, sent_at)


def message_path(
    clinics: Sequence[Clinic] | ClinicDirectory,
    *,
    nlu: NluEngine,
    sender: MessageSender,
    clock: Clock,
    store: InMemoryUnitOfWorkFactory | None = None,
    unit_of_work: UnitOfWorkFactory | None = None,
    inbox: Inbox | None = None,
    outbox: Outbox | None = None,
    lock: ConversationLock | None = None,
    limits: PatientLimits = PatientLimits(),
    languages: LanguageDetector | None = None,
) -> MessagePath:
    """In-memory by default (one ``store``); pass ``unit_of_work``, ``inbox`` and ``outbox`` to run
    the same path over other adapters."""
    store = store or InMemoryUnitOfWorkFactory()
    directory = clinics if not isinstance(clinics, Sequence) else InMemoryClinicDirectory(clinics)
    inbox = inbox or InMemoryInbox(store.store.inbox)
    outbox = outbox or InMemoryOutbox(store.store.outbox)
    deliver = DeliverReplies(outbox, sender, directory, clock)
    turn = TurnProcessor(
        clinics=directory,
        unit_of_work=unit_of_work or store,
        inbox=inbox,
        lock=lock or InMemoryConversationLock(settle_seconds=0),
        conversation=ConversationService(
            nlu, limits=limits, languages=languages or OfflineLanguageDetector()
        ),
        deliver=deliver,
        sender=sender,
        clock=clock,
    )
    intake = Intake(directory, inbox, RecordDeliveryReports(InMemoryOutboundLog(), outbox, clock), clock)
    return MessagePath(intake, turn)
