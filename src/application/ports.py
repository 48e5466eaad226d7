"""What the use cases need from the outside world, named for the need, not the technology."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from types import TracebackType
from typing import ClassVar, Protocol, Self

from application.messages import DeliveryReport, InboundMessage, OutboundMessage
from domain.appointment import Appointment
from domain.availability import Interval, Slot
from domain.clinic import Clinic
from domain.conversation import ChatSession, CollectedFields, ConversationState, Turn
from domain.ids import AppointmentId, ClinicId, DoctorId, MessageId, PatientAddress
from domain.outreach import RecallCampaign
from domain.patient import Patient
from domain.reminder import Reminder
from domain.throttle import ModelRefusal
from domain.understanding import Understanding


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware (UTC)."""
        ...


class ClinicDirectory(Protocol):
    """Read access to clinics' configuration."""

    async def get(self, clinic_id: ClinicId) -> Clinic | None: ...

    async def all(self) -> list[Clinic]: ...

    async def by_phone_number_id(self, phone_number_id: str) -> Clinic | None:
        """The clinic that owns a WhatsApp Business phone number id (Meta's ``metadata.phone_number_id``)."""
        ...


class ClinicSwitches(Protocol):
    """What staff change of their clinic at run time: the bot on or off, numbers blocked."""

    async def set_bot_enabled(self, clinic_id: ClinicId, enabled: bool) -> None: ...

    async def block(self, clinic_id: ClinicId, address: str) -> None:
        """Messages from this number are recorded and never answered (a no-op if it is blocked)."""
        ...

    async def unblock(self, clinic_id: ClinicId, address: str) -> bool:
        """False when staff had not blocked it (a number the clinic's file blocks stays blocked)."""
        ...


class SessionRepository(Protocol):
    async def get(self, clinic_id: ClinicId, patient: PatientAddress) -> ChatSession | None: ...

    async def save(self, session: ChatSession) -> None:
        """Store the session. Raises ``ConcurrencyConflict`` if it changed since it was read."""
        ...

    async def recent(self, clinic_id: ClinicId, limit: int) -> list[ChatSession]:
        """The clinic's conversations, the one with the latest message (anyone's) first."""
        ...


class AppointmentRepository(Protocol):
    async def add(self, appointment: Appointment) -> None:
        """Stage a new appointment. Raises ``SlotTaken`` (now or at commit) if its time is held."""
        ...

    async def get(self, appointment_id: AppointmentId) -> Appointment | None: ...

    async def update(self, appointment: Appointment) -> None:
        """Store a changed appointment; a cancelled one frees its time and drops its pending reminders.

        A moved one raises ``SlotTaken`` if its new time is held, leaving the unit of work usable.
        """
        ...

    async def between(self, clinic_id: ClinicId, start: datetime, end: datetime) -> list[Appointment]:
        """The clinic's appointments (booked or cancelled) starting in ``[start, end)``, soonest first."""
        ...

    async def upcoming(
        self, clinic_id: ClinicId, patient: PatientAddress, now: datetime
    ) -> list[Appointment]:
        """The patient's booked appointments at this clinic that start after ``now``, soonest first."""
        ...

    async def busy(
        self, clinic_id: ClinicId, doctor_ids: Sequence[DoctorId], first_day: datetime, last_day: datetime
    ) -> dict[DoctorId, list[Interval]]:
        """Time held by non-cancelled appointments of these doctors overlapping [first_day, last_day)."""
        ...


class ReminderQueue(Protocol):
    async def schedule(self, reminders: Sequence[Reminder]) -> None: ...

    async def cancel(self, appointment_id: AppointmentId) -> None:
        """Drop the appointment's pending reminders (it was moved: new ones replace them)."""
        ...


class PatientRepository(Protocol):
    async def get(self, clinic_id: ClinicId, address: PatientAddress) -> Patient | None: ...

    async def save(self, patient: Patient) -> None: ...


class UnitOfWork(Protocol):
    """One transaction over sessions, appointments and reminders: all of it commits or none does."""

    @property
    def sessions(self) -> SessionRepository: ...

    @property
    def appointments(self) -> AppointmentRepository: ...

    @property
    def reminders(self) -> ReminderQueue: ...

    @property
    def patients(self) -> PatientRepository: ...

    @property
    def inbox(self) -> HandledMessages: ...

    @property
    def outbox(self) -> StagedReplies: ...

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        """Roll back whatever was not committed."""
        ...

    async def commit(self) -> None:
        """Make the staged changes durable. Raises ``SlotTaken`` or ``ConcurrencyConflict``."""
        ...


class UnitOfWorkFactory(Protocol):
    def __call__(self) -> UnitOfWork: ...


@dataclass(frozen=True, slots=True)
class ClaimedReminder:
    """A due reminder job a worker holds for a while (its lease), with what sending it needs."""

    job_id: int
    appointment: Appointment  # as it stands now, not as it was when the job was made
    before: timedelta
    due_at: datetime
    attempts: int  # including this one
    patient_opted_out: bool


class ReminderJobs(Protocol):
    """The queue of reminder jobs, shared by every worker. Each call is its own transaction.

    A claim is a lease: a worker that dies holding a job loses it when the lease ends,
    and another worker sends it. No two live leases cover one job.
    """

    async def claim_due(self, now: datetime, limit: int, lease: timedelta) -> list[ClaimedReminder]: ...

    async def sent(self, job_id: int, now: datetime) -> None: ...

    async def retry(self, job_id: int, at: datetime, error: str) -> None:
        """Give the job back, to be claimed again from ``at``."""
        ...

    async def failed(self, job_id: int, error: str) -> None:
        """The job will not be tried again; it stays visible as failed."""
        ...

    async def skipped(self, job_id: int, reason: str) -> None:
        """The reminder no longer makes sense (appointment gone or passed, patient opted out)."""
        ...

    async def release(self, job_ids: Sequence[int]) -> None:
        """Give claimed jobs back at once, untried (a worker stopping cleanly)."""
        ...


@dataclass(frozen=True, slots=True)
class RecallCandidate:
    """A patient a campaign would invite back now, and since when (their recall cycle)."""

    patient: PatientAddress
    name: str | None
    last_visit_at: datetime  # when their last visit of the campaign's service ended
    cycle_start: datetime  # at most one recall per campaign and cycle: the later of last visit and snooze


class RecallLog(Protocol):
    """Who a recall campaign may invite, and the record that keeps each invitation to one."""

    async def candidates(
        self, clinic: Clinic, campaign: RecallCampaign, now: datetime
    ) -> list[RecallCandidate]:
        """Patients whose last visit of the service ended before the campaign's cut-off, with no
        upcoming appointment, not opted out, not snoozed, and not yet recalled this cycle."""
        ...

    async def claim(
        self, clinic_id: ClinicId, campaign_id: str, candidate: RecallCandidate, now: datetime
    ) -> bool:
        """Record that this patient is being recalled this cycle; False if they already were.

        A recall that failed to send may be claimed again; one that was sent, or whose
        sending was interrupted, is never sent twice.
        """
        ...

    async def sent(
        self, clinic_id: ClinicId, campaign_id: str, candidate: RecallCandidate, now: datetime
    ) -> None: ...

    async def failed(
        self, clinic_id: ClinicId, campaign_id: str, candidate: RecallCandidate, error: str
    ) -> None: ...


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


class HandledMessages(Protocol):
    """The part of the inbox a turn's unit of work writes: its messages are handled."""

    async def handled(self, message_ids: Sequence[MessageId], now: datetime, outcome: str) -> None: ...


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


class StagedReplies(Protocol):
    """The part of the outbox a turn's unit of work writes: its replies, to be sent after commit."""

    async def add(
        self, clinic_id: ClinicId, to: PatientAddress, messages: Sequence[OutboundMessage], now: datetime
    ) -> None: ...


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

    async def confirm(self, reference: str, now: datetime) -> bool:
        """A delivery report came back for the reply with this reference: it went out.

        This settles a send whose sender died before recording it. True if it was unsent.
        """
        ...

    async def waiting(self, now: datetime, limit: int) -> list[Conversation]:
        """Conversations with unsent replies that are due and held by no sender."""
        ...


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


@dataclass(frozen=True, slots=True)
class NluContext:
    """What an NLU engine may know when reading a message: the clinic's live context."""

    clinic: Clinic
    now: datetime
    today: date
    state: ConversationState
    collected: CollectedFields
    history: Sequence[Turn]
    free_days: Sequence[date]
    free_slots: Sequence[Slot] = ()  # real free times of the day being discussed (or the next free day)
    model_refusal: ModelRefusal | None = None  # the budget used up, when the model may not be asked

    @property
    def model_allowed(self) -> bool:
        return self.model_refusal is None


class NluEngine(Protocol):
    async def understand(self, text: str, context: NluContext) -> Understanding:
        """Propose what the patient meant. Raises ``NluUnavailable`` when it cannot tell."""
        ...


class ModelTokens(Protocol):
    """The model tokens each clinic used per day (the clinic's day), shared by every process."""

    async def used(self, clinic_id: ClinicId, day: date) -> int: ...

    async def spend(self, clinic_id: ClinicId, day: date, tokens: int) -> int:
        """Add ``tokens`` to the day's count at once, outside any unit of work (a call made is
        paid for, whatever becomes of the turn); returns the new count."""
        ...


class NoModelTokens:
    """Implements ``ModelTokens`` by counting nothing: the offline reader costs no tokens."""

    async def used(self, clinic_id: ClinicId, day: date) -> int:
        return 0

    async def spend(self, clinic_id: ClinicId, day: date, tokens: int) -> int:
        return 0


class IdGenerator(Protocol):
    def new_appointment_id(self) -> AppointmentId: ...


@dataclass(frozen=True, slots=True)
class StaffKey:
    """An API key of one clinic's staff, as stored: never the key itself, only its hash."""

    id: str
    clinic_id: ClinicId
    name: str
    created_at: datetime
    revoked_at: datetime | None = None


class StaffKeys(Protocol):
    """The clinics' staff API keys. A key is shown once, when issued; only its SHA-256 is kept."""

    async def add(self, key: StaffKey, key_hash: str) -> None: ...

    async def by_hash(self, key_hash: str) -> StaffKey | None:
        """The key with this hash, unless revoked."""
        ...

    async def by_id(self, key_id: str) -> StaffKey | None:
        """The key with this id, revoked or not."""
        ...

    async def of_clinic(self, clinic_id: ClinicId) -> list[StaffKey]: ...

    async def revoke(self, key_id: str, at: datetime) -> bool:
        """False when no live key has this id."""
        ...


class Metrics(Protocol):
    """What the service does, counted for operators (Prometheus in production, nothing in tests).

    Every method is cheap and never raises: counting must not cost a patient an answer.
    """

    def delivery(self, outcome: str) -> None:
        """A webhook delivery: ``accepted``, ``missing_signature``, ``bad_signature``,
        ``malformed`` or ``deferred`` (not recorded, Meta delivers it again)."""
        ...

    def messages(self, new: int, duplicates: int) -> None:
        """Messages of an accepted delivery: first seen, or seen before (a redelivery)."""
        ...

    def turn(self, outcome: str, seconds: float) -> None:
        """A conversation's turn: ``answered``, ``recorded`` (the bot is off), ``handed_off``,
        ``blocked``, ``no_clinic``, ``failed`` (an outage: tried again), ``bug``, ``stopped``."""
        ...

    def nlu_call(self, engine: str, outcome: str, seconds: float) -> None:
        """A model call: ``ok``, ``failed`` (timeout, rate limit, 5xx) or ``refused`` (malformed)."""
        ...

    def nlu_tokens(self, model: str, kind: str, tokens: int, dollars: float) -> None:
        """Tokens a model call used by kind (``input``, ``output``, ``cache_read``, ``cache_write``)."""
        ...

    def send(self, outcome: str) -> None:
        """A message handed to WhatsApp: ``sent``, ``retryable`` (tried again later) or ``rejected``."""
        ...

    def booking(self, outcome: str) -> None:
        """An appointment written: ``booked``, or ``taken`` (the store refused a taken slot)."""
        ...

    def lock_wait(self, outcome: str, seconds: float) -> None:
        """Time a turn waited for its conversation: ``acquired``, ``timed_out`` or ``unavailable``."""
        ...

    def model_tokens(self, clinic_id: ClinicId, used: int, limit: int) -> None:
        """A clinic's model tokens today (its own day), as last read or spent, and its daily limit."""
        ...

    def model_refused(self, refusal: ModelRefusal) -> None:
        """A message read offline that the model would have read: a budget was used up."""
        ...


class NoMetrics:
    """Implements ``Metrics`` by counting nothing (unit tests, the terminal chat)."""

    def delivery(self, outcome: str) -> None:
        pass

    def messages(self, new: int, duplicates: int) -> None:
        pass

    def turn(self, outcome: str, seconds: float) -> None:
        pass

    def nlu_call(self, engine: str, outcome: str, seconds: float) -> None:
        pass

    def nlu_tokens(self, model: str, kind: str, tokens: int, dollars: float) -> None:
        pass

    def send(self, outcome: str) -> None:
        pass

    def booking(self, outcome: str) -> None:
        pass

    def lock_wait(self, outcome: str, seconds: float) -> None:
        pass

    def model_tokens(self, clinic_id: ClinicId, used: int, limit: int) -> None:
        pass

    def model_refused(self, refusal: ModelRefusal) -> None:
        pass


class ConcurrencyConflict(Exception):
    """The session changed under us (someone else saved it first)."""


class DeliveryFailed(Exception):
    """A reply could not be handed to WhatsApp on this try.

    ``retryable`` says whether trying again later may succeed (rate limits, outages);
    ``retry_after``, how long the service asked us to wait first (``Retry-After``);
    ``parts_sent``, how many requests of a reply sent as several got through before it.
    """

    retryable: ClassVar[bool] = False
    retry_after: timedelta | None = None
    parts_sent: int = 0


class ServiceUnavailable(Exception):
    """A service the work needs (Redis, the database) is down: nothing was done.

    At intake the webhook answers 503, so Meta delivers again later; in a turn, the
    messages stay in the inbox and are taken again after a pause.
    """


class LockUnavailable(ServiceUnavailable):
    """The conversation stayed locked by another message for longer than the wait allows."""


class NluUnavailable(Exception):
    """The NLU engine failed or timed out: the turn is tried again later (or a safe reply, in a terminal).

    ``tokens``: what the failed reading still cost (a model answer that was refused).
    """

    def __init__(self, reason: str = "", tokens: int = 0) -> None:
        super().__init__(reason)
        self.tokens = tokens
