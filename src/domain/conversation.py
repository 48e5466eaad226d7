"""The chat session: where a patient's booking conversation stands and what it has gathered."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from enum import StrEnum

from domain.availability import Slot
from domain.handoff import NeedReason, NeedsPerson
from domain.ids import AppointmentId, ClinicId, DoctorId, PatientAddress, ServiceId
from domain.language import Language
from domain.people import SELF, Person, PersonId, same_name
from domain.throttle import DailyTokens, Limit, ModelRefusal, PatientLimits, Throttle
from domain.when import ClockTime, DayPart

HISTORY_LIMIT = 20
PEOPLE_LIMIT = 10  # the people a phone booked for that are offered again (a WhatsApp list's rows)
# Meta's customer-service window: this long after a patient last wrote, anything may be sent to
# them; after it, only an approved template.
SERVICE_WINDOW = timedelta(hours=24)


class ConversationState(StrEnum):
    IDLE = "IDLE"
    COLLECTING_DATE = "COLLECTING_DATE"
    COLLECTING_TIME = "COLLECTING_TIME"
    COLLECTING_NAME = "COLLECTING_NAME"
    CONFIRMING = "CONFIRMING"
    CONFIRMED = "CONFIRMED"


class Speaker(StrEnum):
    PATIENT = "patient"
    BOT = "bot"
    STAFF = "staff"


@dataclass(frozen=True, slots=True)
class Attachment:
    """What came with a patient's message besides its text, for staff to see: a photo, a voice
    note, a document, a location, a contact card, or a reaction, an edit, a deletion...

    ``kind`` is the message's kind; ``message_id`` is the message it came with (staff fetch its
    media by it); ``mime_type`` and ``filename`` say how to show a file.
    """

    kind: str
    message_id: str = ""
    mime_type: str = ""
    filename: str = ""


@dataclass(frozen=True, slots=True)
class Turn:
    speaker: Speaker
    text: str
    at: datetime
    attachment: Attachment | None = None


@dataclass(frozen=True, slots=True)
class Rescheduling:
    """A booked appointment the booking in progress moves, and when it was (for the patient to read)."""

    appointment_id: AppointmentId
    was_at: datetime


@dataclass(frozen=True, slots=True)
class CollectedFields:
    """What the patient has told us so far. ``slot`` is set only once availability agreed."""

    day: date | None = None
    part: DayPart | None = None
    time: ClockTime | None = None
    doctor_id: DoctorId | None = None
    patient_name: str | None = None
    slot: Slot | None = None
    rescheduling: Rescheduling | None = None  # set when this booking moves a booked appointment
    service_id: ServiceId | None = None  # the service the patient asked for; None: the clinic's default
    # Whom it is for: one of the phone's people (``person_id``), and how the patient named them
    # (``domain.people``: "hija", or SELF); ``patient_name`` is the name on the card.
    person_id: PersonId | None = None
    relation: str | None = None

    def next_state(self) -> ConversationState:
        """The state a booking is in follows from what is still missing."""
        if self.slot is None:
            return ConversationState.COLLECTING_TIME if self.day else ConversationState.COLLECTING_DATE
        if not self.patient_name:
            return ConversationState.COLLECTING_NAME
        return ConversationState.CONFIRMING

    def keeping_name(self) -> CollectedFields:
        """A new booking keeps only whom a name given before it named (nothing booked yet)."""
        return CollectedFields(
            patient_name=self.patient_name, person_id=self.person_id, relation=self.relation
        )

    def starting_over(self) -> CollectedFields:
        """What survives choosing the date again: the name, and a move's appointment and doctor."""
        kept = CollectedFields(
            patient_name=self.patient_name,
            service_id=self.service_id,
            person_id=self.person_id,
            relation=self.relation,
        )
        if self.rescheduling is None:
            return kept
        return replace(kept, doctor_id=self.doctor_id, rescheduling=self.rescheduling)


@dataclass
class ChatSession:
    """One patient's conversation with one clinic (the aggregate the lock and version protect)."""

    clinic_id: ClinicId
    patient: PatientAddress
    state: ConversationState = ConversationState.IDLE
    collected: CollectedFields = field(default_factory=CollectedFields)
    history: deque[Turn] = field(default_factory=lambda: deque(maxlen=HISTORY_LIMIT))
    bot_enabled: bool = True
    last_activity: datetime | None = None
    last_appointment_id: AppointmentId | None = None
    model_calls: int = 0  # language-model calls since the last completed booking (cost per booking)
    recent_model_calls: Throttle = Throttle()  # for the patient's limits (domain.throttle)
    recent_replies: Throttle = Throttle()
    model_tokens: DailyTokens = field(default_factory=DailyTokens)  # today's, in the clinic's day
    people: tuple[Person, ...] = ()  # whom this phone booked for, the latest first
    notice_shown: str | None = None  # the privacy notice's version last shown here (asked once)
    version: int = 0
    erased: bool = False  # the patient's data was erased in this turn: the session is not kept
    needs_person: NeedsPerson | None = None  # why and since when it waits for staff (domain.handoff)
    paused_at: datetime | None = None  # when the bot last stepped aside here, or staff last wrote
    # The language this patient is answered in (domain.language); None: none told yet, the
    # clinic's first. Detected from what they write, kept until they write in another.
    language: Language | None = None

    def erase(self) -> None:
        """The patient asked for their data to be erased: saving the session deletes it instead."""
        self.erased = True

    @property
    def booking_in_progress(self) -> bool:
        return self.state not in (ConversationState.IDLE, ConversationState.CONFIRMED)

    def window_open(self, now: datetime) -> bool:
        """Whether the patient wrote within Meta's customer-service window: a free text reaches them."""
        return self.last_activity is not None and now - self.last_activity < SERVICE_WINDOW

    def is_stale(self, now: datetime, idle_for: timedelta) -> bool:
        return self.last_activity is not None and now - self.last_activity > idle_for

    def model_refusal(
        self, now: datetime, today: date, limits: PatientLimits, clinic_tokens: int
    ) -> ModelRefusal | None:
        """None when the model may be asked about this patient's message; else the budget used up."""
        return limits.model_refusal(self.recent_model_calls, self.model_tokens.on(today), clinic_tokens, now)

    def called_model(self, now: datetime, limit: Limit) -> None:
        self.model_calls += 1
        self.recent_model_calls = self.recent_model_calls.recorded(now, limit)

    def spent_model_tokens(self, today: date, tokens: int) -> None:
        self.model_tokens = self.model_tokens.spent(today, tokens)

    def charge_reading(
        self, now: datetime, today: date, limits: PatientLimits, *, by_model: bool, tokens: int
    ) -> None:
        """Count one reading against the patient's budgets: a model call (when the model read it)
        and the model tokens it cost (a refused or failed call may cost tokens too)."""
        if by_model:
            self.called_model(now, limits.model_calls)
        if tokens:
            self.spent_model_tokens(today, tokens)

    def hand_to_staff(self, at: datetime | None = None) -> bool:
        """A person takes the conversation over: the bot stays silent in it until staff hand it
        back, or it stays quiet long enough (``due_back``). False when staff had it already."""
        was_bot = self.bot_enabled
        self.bot_enabled = False
        if at is not None:
            self.paused_at = at
        return was_bot

    def hand_back(self) -> None:
        """Staff give the conversation back to the bot (or the quiet time did): nobody waits."""
        self.bot_enabled = True
        self.needs_person = None
        self.paused_at = None

    def needs_a_person(self, reason: NeedReason, now: datetime) -> bool:
        """Staff should look at this conversation; False when it waited for them already (the
        first reason and time stand)."""
        if self.needs_person is not None:
            return False
        self.needs_person = NeedsPerson(reason, now)
        return True

    def attended(self, reason: NeedReason | None = None) -> bool:
        """Staff answered (or reviewed the file): nobody waits any more. With ``reason``, only a
        wait for that reason ends. False when nothing was waiting."""
        waiting = self.needs_person
        if waiting is None or (reason is not None and waiting.reason is not reason):
            return False
        self.needs_person = None
        return True

    def due_back(self, now: datetime, quiet: timedelta) -> bool:
        """Whether the bot takes the conversation back: paused for a person, and nobody (staff or
        patient) wrote for ``quiet``."""
        if self.bot_enabled or self.paused_at is None:
            return False
        last = max(self.paused_at, self.last_activity or self.paused_at)
        return now - last >= quiet

    def reply_room(self, now: datetime, limit: Limit) -> int:
        return self.recent_replies.room(now, limit)

    def replied(self, now: datetime, limit: Limit, count: int) -> None:
        if count:
            self.recent_replies = self.recent_replies.recorded(now, limit, count)

    def record(self, speaker: Speaker, text: str, at: datetime, attachment: Attachment | None = None) -> None:
        self.history.append(Turn(speaker, text, at, attachment))
        if speaker is Speaker.PATIENT:
            self.last_activity = at

    # Booking steps. Each leaves the state following from what is still missing.

    def start_booking(self) -> None:
        if not self.booking_in_progress:
            self.collected = self.collected.keeping_name()
        self._advance()

    def start_rescheduling(
        self,
        moving: Rescheduling,
        doctor_id: DoctorId,
        patient_name: str,
        service_id: ServiceId | None = None,
    ) -> None:
        """Choose a new time for a booked appointment, with the same doctor, service and name."""
        self.collected = CollectedFields(
            doctor_id=doctor_id, patient_name=patient_name, rescheduling=moving, service_id=service_id
        )
        self._advance()

    def choose_service(self, service_id: ServiceId, *, keep_doctor: bool) -> None:
        """The patient named what the visit is for; a doctor who does not do it is let go."""
        if service_id != self.collected.service_id:
            self.collected = replace(
                self.collected,
                service_id=service_id,
                doctor_id=self.collected.doctor_id if keep_doctor else None,
                slot=None,
            )
        self._advance()

    def choose_doctor(self, doctor_id: DoctorId) -> None:
        if doctor_id != self.collected.doctor_id:
            self.collected = replace(self.collected, doctor_id=doctor_id, slot=None)
        self._advance()

    def choose_day(self, day: date) -> None:
        if day != self.collected.day:
            self.collected = replace(self.collected, day=day, slot=None)
        self._advance()

    def prefer(self, *, part: DayPart | None = None, time: ClockTime | None = None) -> None:
        """Remember when in the day the patient wants to come; a new wish unpicks the slot."""
        self.collected = replace(
            self.collected,
            part=part or self.collected.part,
            time=time if time is not None else (None if part else self.collected.time),
            slot=None,
        )
        self._advance()

    def choose_slot(self, slot: Slot, day: date) -> None:
        self.collected = replace(self.collected, slot=slot, day=day, doctor_id=slot.doctor_id)
        self._advance()

    def release_slot(self) -> None:
        """The chosen slot was taken by someone else: back to choosing a time."""
        self.collected = replace(self.collected, slot=None)
        self._advance()

    def give_name(self, name: str) -> None:
        """The name of whoever the appointment is for; one of the phone's people if it names one."""
        cleaned = " ".join(name.split())
        if not cleaned:
            raise ValueError("a patient name cannot be blank")
        known = self.person_named(cleaned)
        if known is not None:
            self.choose_person(known)
            return
        self.collected = replace(self.collected, patient_name=cleaned, person_id=None)
        if self.booking_in_progress:
            self._advance()

    def person(self, person_id: PersonId | str | None) -> Person | None:
        return next((p for p in self.people if p.id == person_id), None)

    def person_named(self, name: str) -> Person | None:
        return next((p for p in self.people if same_name(p.name, name)), None)

    @property
    def owner(self) -> Person | None:
        """The phone's owner, once they booked for themselves."""
        return next((p for p in self.people if p.relation == SELF), None)

    def choose_person(self, person: Person) -> None:
        """The appointment is for one of the people this phone booked for before."""
        relation = person.relation or self.collected.relation
        self.collected = replace(
            self.collected, patient_name=person.name, person_id=person.id, relation=relation
        )
        if self.booking_in_progress:
            self._advance()

    def for_whom(self, relation: str) -> None:
        """Whom the appointment is for, as the patient put it ("para mi hija", "para mí"). Another
        person than the one named before lets that name go."""
        fields = self.collected
        if relation == SELF and self.owner is not None:
            self.choose_person(self.owner)
            return
        if relation != fields.relation:
            # A name given before saying whom stays ("Sofía Rojas" ... "es mi hija"); a name given
            # for someone else does not ("para mi hija" after booking for "mi mamá").
            keep = fields.relation is None and fields.person_id is None
            self.collected = replace(
                fields,
                relation=relation,
                patient_name=fields.patient_name if keep else None,
                person_id=None,
            )
        if self.booking_in_progress:
            self._advance()

    def remember(self, person: Person) -> None:
        """``person`` just booked: offered first next time (at most ``PEOPLE_LIMIT`` kept)."""
        others = tuple(p for p in self.people if p.id != person.id and not same_name(p.name, person.name))
        self.people = (person, *others)[:PEOPLE_LIMIT]

    def edit(self) -> None:
        """Start choosing the date again, keeping who the appointment is for (and what it moves)."""
        self.collected = self.collected.starting_over()
        self.state = ConversationState.COLLECTING_DATE

    def abandon(self) -> None:
        """The patient dropped the booking in progress: the next one starts afresh (and asks whom
        it is for, offering the phone's people)."""
        self.collected = CollectedFields()
        self.state = ConversationState.IDLE

    def reset(self) -> None:
        self.collected = CollectedFields()
        self.state = ConversationState.IDLE

    def confirmed(self, appointment_id: AppointmentId) -> None:
        if self.state is not ConversationState.CONFIRMING:
            raise ValueError(f"cannot confirm from {self.state}")
        self.last_appointment_id = appointment_id
        self.model_calls = 0
        self.collected = CollectedFields()  # the next booking may be for someone else: it asks
        self.state = ConversationState.CONFIRMED

    def _advance(self) -> None:
        self.state = self.collected.next_state()
