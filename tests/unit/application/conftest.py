"""A whole app on in-memory adapters, driven like a patient: say(), press()."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from adapters.memory.audit import InMemoryAuditLog
from adapters.memory.clinics import InMemoryClinicDirectory
from adapters.memory.clock import FixedClock
from adapters.memory.inbox import InMemoryInbox
from adapters.memory.lock import InMemoryConversationLock
from adapters.memory.model_tokens import InMemoryModelTokens
from adapters.memory.outbound import InMemoryOutboundLog
from adapters.memory.outbox import InMemoryOutbox
from adapters.memory.sender import RecordingSender
from adapters.memory.store import InMemoryOtherAddresses, InMemoryUnitOfWorkFactory
from adapters.offline_nlu.privacy import OfflinePrivacyReader
from application.conversation import ConversationService
from application.deliver_replies import DeliverReplies
from application.delivery_reports import RecordDeliveryReports
from application.intake import Intake
from application.listening import Listening
from application.messages import InboundMessage, Media, OutboundMessage
from application.ports import DeliveryFailed, MediaFile, MediaRefused, NluContext, SpeechHint
from application.pseudonyms import Pseudonyms
from application.reengagement import ResendLate
from application.turn_processor import TurnPolicy, TurnProcessor
from domain.appointment import Appointment
from domain.clinic import Clinic, FaqEntry
from domain.consent import Consent
from domain.conversation import ChatSession
from domain.ids import PatientAddress
from domain.throttle import PatientLimits
from domain.understanding import Intent, Understanding
from tests.counting_metrics import CountingMetrics
from tests.factories import clinic, doctor

SANTIAGO = ZoneInfo("America/Santiago")
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=SANTIAGO)  # a Monday morning
TOMORROW = date(2026, 12, 1)
ANA = PatientAddress("56911112222")
BETO = PatientAddress("56933334444")


class RateLimited(DeliveryFailed):
    retryable = True


class Refused(DeliveryFailed):
    """An error that would fail again (undeliverable, a template Meta does not know)."""


class FlakySender:
    """Refuses the next sends with the queued failures (shared list), then records in ``inner``."""

    def __init__(
        self, inner: RecordingSender, failures: list[DeliveryFailed], from_parts: list[int] | None = None
    ) -> None:
        self.inner = inner
        self.failures = failures
        self.from_parts = from_parts if from_parts is not None else []  # where each send started

    async def send(
        self,
        clinic: Clinic,
        to: PatientAddress,
        message: OutboundMessage,
        reference: str | None = None,
        *,
        from_part: int = 0,
    ) -> None:
        self.from_parts.append(from_part)
        if self.failures:
            raise self.failures.pop(0)
        await self.inner.send(clinic, to, message, reference)

    async def mark_read(self, clinic: Clinic, message_id: str) -> None:
        await self.inner.mark_read(clinic, message_id)


class ScriptedNlu:
    """A spy NLU engine: answers from a script and counts its calls."""

    def __init__(self) -> None:
        self.calls = 0
        self.read: list[str] = []  # every text it was asked to read
        self.contexts: list[NluContext] = []
        self.script: dict[str, Understanding] = {}
        self.failure: Exception | None = None

    async def understand(self, text: str, context: NluContext) -> Understanding:
        self.calls += 1
        self.read.append(text)
        self.contexts.append(context)
        if self.failure is not None:
            raise self.failure
        reading = self.script.get(text, Understanding(Intent.UNKNOWN))
        if reading.by_model and not context.model_allowed:  # as a real engine: no model, no reading
            return Understanding(Intent.UNKNOWN)
        return reading


class FakeMedia:
    """Implements ``MediaFiles`` from a dict of media id -> file; the next fetches may fail."""

    def __init__(self) -> None:
        self.files: dict[str, MediaFile] = {}
        self.failures: list[Exception] = []
        self.fetched: list[str] = []

    async def fetch(self, clinic: Clinic, media: Media) -> MediaFile:
        self.fetched.append(media.id)
        if self.failures:
            raise self.failures.pop(0)
        if media.id not in self.files:
            raise MediaRefused("gone")
        return self.files[media.id]


class ScriptedSpeech:
    """Implements ``SpeechToText`` from a script of audio bytes -> what is said; counts its calls."""

    def __init__(self) -> None:
        self.script: dict[bytes, str] = {}
        self.failures: list[Exception] = []
        self.hints: list[SpeechHint] = []

    async def transcribe(self, audio: MediaFile, hint: SpeechHint) -> str:
        self.hints.append(hint)
        if self.failures:
            raise self.failures.pop(0)
        return self.script.get(audio.content, "")


@dataclass
class FakeApp:
    clinic: Clinic
    nlu: ScriptedNlu = field(default_factory=ScriptedNlu)
    sender: RecordingSender = field(default_factory=RecordingSender)
    clock: FixedClock = field(default_factory=lambda: FixedClock(NOW))
    uow: InMemoryUnitOfWorkFactory = field(default_factory=InMemoryUnitOfWorkFactory)
    lock: InMemoryConversationLock = field(default_factory=lambda: InMemoryConversationLock(settle_seconds=0))
    ids: itertools.count[int] = field(default_factory=itertools.count)
    turns: TurnPolicy = TurnPolicy()
    apologise_when_nlu_fails: bool = False
    refusals: list[DeliveryFailed] = field(default_factory=list)  # the next sends Meta refuses
    from_parts: list[int] = field(default_factory=list)  # the part of its reply each send started at
    limits: PatientLimits = PatientLimits()
    metrics: CountingMetrics = field(default_factory=CountingMetrics)
    model_tokens: InMemoryModelTokens = field(default_factory=InMemoryModelTokens)  # each clinic's, today
    media: FakeMedia = field(default_factory=FakeMedia)
    speech: ScriptedSpeech | None = None  # voice notes are heard only with a transcriber
    audit: InMemoryAuditLog = field(default_factory=InMemoryAuditLog)
    names: Pseudonyms = field(default_factory=lambda: Pseudonyms(b"k" * 32))
    # Patients who answered the clinic's privacy notice yes before the test starts: the tests of
    # booking read their first message's replies without the notice; tests/unit/application/
    # test_consent.py starts from patients who never answered it (``consented=()``).
    consented: tuple[PatientAddress, ...] = (ANA, BETO)

    def __post_init__(self) -> None:
        before = NOW - timedelta(days=1)
        version = self.clinic.privacy.notice.version
        self.uow.store.consents.extend(
            Consent(self.clinic.id, who, version, True, before) for who in self.consented
        )

    def refuse(self, *failures: DeliveryFailed) -> None:
        self.refusals.extend(failures)

    @property
    def inbox(self) -> InMemoryInbox:
        return InMemoryInbox(self.uow.store.inbox)

    @property
    def outbox(self) -> InMemoryOutbox:
        return InMemoryOutbox(self.uow.store.outbox)

    @property
    def clinics(self) -> InMemoryClinicDirectory:
        return InMemoryClinicDirectory([self.clinic])

    @property
    def intake(self) -> Intake:
        reports = RecordDeliveryReports(InMemoryOutboundLog(), self.outbox, self.clock)
        resend = ResendLate(self.clinics, self.uow, self.clock)
        return Intake(self.clinics, self.inbox, reports, self.clock, resend_late=resend)

    @property
    def conversation(self) -> ConversationService:
        return ConversationService(
            self.nlu,
            apologise_when_nlu_fails=self.apologise_when_nlu_fails,
            limits=self.limits,
            model_tokens=self.model_tokens,
            privacy=OfflinePrivacyReader(),
            names=self.names,
            audit=self.audit,
        )

    @property
    def deliver_replies(self) -> DeliverReplies:
        return DeliverReplies(
            self.outbox,
            FlakySender(self.sender, self.refusals, self.from_parts),
            self.clinics,
            self.clock,
            addresses=InMemoryOtherAddresses(self.uow.store),
        )

    @property
    def turn(self) -> TurnProcessor:
        deliver = self.deliver_replies
        return TurnProcessor(
            clinics=self.clinics,
            unit_of_work=self.uow,
            inbox=self.inbox,
            lock=self.lock,
            conversation=self.conversation,
            deliver=deliver,
            sender=deliver.sender,
            clock=self.clock,
            policy=self.turns,
            metrics=self.metrics,
            listening=Listening(self.media, self.speech, self.inbox) if self.speech is not None else None,
        )

    def means(self, text: str, understanding: Understanding) -> None:
        self.nlu.script[text] = understanding

    async def deliver(self, message: InboundMessage) -> list[OutboundMessage]:
        before = len(self.sender.sent)
        if await self.intake.accept([message]):
            await self.turn.take_turn(message.clinic_id, message.sender, message.sent_at)
        return [s.message for s in self.sender.sent[before:]]

    async def say(self, text: str, who: PatientAddress = ANA) -> list[OutboundMessage]:
        return await self.deliver(
            InboundMessage.text_message(self._id(), self.clinic.id, who, self.clock.now(), text)
        )

    async def press(self, button_id: str, who: PatientAddress = ANA) -> list[OutboundMessage]:
        message = InboundMessage.button_press(self._id(), self.clinic.id, who, self.clock.now(), button_id)
        return await self.deliver(message)

    def session(self, who: PatientAddress = ANA) -> ChatSession:
        return self.uow.store.sessions[(self.clinic.id, who)]

    def appointments(self) -> list[Appointment]:
        return list(self.uow.store.appointments.values())

    def local(self, moment: datetime) -> str:
        return self.clinic.local(moment).strftime("%Y-%m-%d %H:%M")

    def _id(self) -> str:
        return f"wamid.{next(self.ids)}"


FAQ = (FaqEntry("¿Dónde están?", "Estamos en Av. Providencia 1234.", ("dónde",)),)


@pytest.fixture
def app() -> FakeApp:
    return FakeApp(
        clinic(
            doctor("perez"),
            doctor("soto", name="Dr. Andrés Soto", specialty="Ortodoncia", slot_minutes=60),
            faq=FAQ,
            blocked=frozenset({"56900000000"}),
        )
    )
