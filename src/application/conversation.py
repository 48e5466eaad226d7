"""The conversation: what the bot answers to a turn's messages, and what changes with them.

Session, messages, clinic and availability in; replies, the session's new state and the
changes staged in the caller's unit of work out. Nothing here locks, claims, retries, sends
or commits: that is the turn's work (``application.turn_processor``), which wraps this.
A unit test calls it with in-memory adapters and no I/O at all.

Within a turn, consecutive texts are read together (``coalesced``): one reading, one reply.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from application import texts_es as texts
from application.booking import availability
from application.booking_desk import BookingDesk
from application.confirm_booking import ConfirmBooking
from application.consent import ConsentDesk
from application.messages import InboundKind, InboundMessage, OutboundMessage
from application.ports import (
    AuditLog,
    LanguageDetector,
    ModelTokens,
    NluEngine,
    NoLanguageDetector,
    NoModelTokens,
    NoPrivacyReader,
    PrivacyReader,
    TurnOutcome,
    UnitOfWork,
)
from application.pseudonyms import Pseudonyms
from application.respond import Responder
from domain.availability import Availability
from domain.clinic import Clinic
from domain.conversation import Attachment, ChatSession, Speaker
from domain.handoff import NeedReason
from domain.language import conversation_language
from domain.throttle import PatientLimits

log = logging.getLogger(__name__)

__all__ = [
    "MAX_READ_PER_MESSAGE",
    "MAX_READ_PER_TURN",
    "Answer",
    "ConversationService",
    "TurnOutcome",
    "coalesced",
]

# What a turn reads of a text (the whole message is kept in the history): booking requests are
# short, and a bounded reading keeps one patient's flood from costing seconds of CPU or tokens.
MAX_READ_PER_MESSAGE = 1000
MAX_READ_PER_TURN = 2000


@dataclass(frozen=True, slots=True)
class Answer:
    replies: list[OutboundMessage]
    outcome: TurnOutcome


@dataclass(frozen=True)
class ConversationService:
    """Answer what a patient said in one turn. ``NluUnavailable`` propagates (the turn is tried
    again later) unless ``apologise_when_nlu_fails``: a terminal chat, where nobody would come back."""

    nlu: NluEngine
    confirm: ConfirmBooking = field(default_factory=ConfirmBooking)
    stale_after: timedelta = timedelta(hours=2)  # a booking left this long starts over
    limits: PatientLimits = PatientLimits()
    apologise_when_nlu_fails: bool = False
    model_tokens: ModelTokens = field(default_factory=NoModelTokens)  # each clinic's, for its daily budget
    privacy: PrivacyReader = field(default_factory=NoPrivacyReader)  # requests about the patient's data
    names: Pseudonyms = field(default_factory=Pseudonyms.random)  # a patient's keyed hash (audit, erasure)
    audit: AuditLog | None = None  # where patients' requests about their data are recorded
    # Which language a message is in, for a clinic that serves more than one (domain.language).
    languages: LanguageDetector = field(default_factory=NoLanguageDetector)

    async def answer(
        self,
        clinic: Clinic,
        session: ChatSession,
        messages: Sequence[InboundMessage],
        now: datetime,
        uow: UnitOfWork,
    ) -> Answer:
        """The replies to ``messages`` (in the order sent); the session records both sides."""
        self._hear(session, messages, now)
        clinic = self._in_language(clinic, session, messages)
        if not (clinic.bot_enabled and session.bot_enabled):
            return Answer([], TurnOutcome.RECORDED)
        replies = self._within_limits(session, await self._respond(clinic, session, messages, now, uow), now)
        self._said(session, replies, now)
        return Answer(replies, TurnOutcome.ANSWERED)

    def hand_off(
        self, clinic: Clinic, session: ChatSession, messages: Sequence[InboundMessage], now: datetime
    ) -> Answer:
        """Turns kept failing on these messages: a person takes over, and the patient is told once."""
        self._hear(session, messages, now)
        clinic = self._in_language(clinic, session, messages)
        told = clinic.bot_enabled and session.hand_to_staff(now)
        session.needs_a_person(NeedReason.TURNS_FAILED, now)
        replies: list[OutboundMessage] = (
            [texts.handed_to_staff(clinic, clinic.person_answers_at(now))] if told else []
        )
        self._said(session, replies, now)
        return Answer(replies, TurnOutcome.HANDED_OFF)

    def _in_language(
        self, clinic: Clinic, session: ChatSession, messages: Sequence[InboundMessage]
    ) -> Clinic:
        """The clinic as it speaks to this patient after these messages: in the language they
        asked for or write in, when it serves it (``domain.language.conversation_language``)."""
        if len(clinic.languages) > 1:
            for message in edited(messages):
                heard = _heard(message) if message.kind in (InboundKind.TEXT, InboundKind.AUDIO) else ""
                if heard:
                    found = self.languages.heard(heard[:MAX_READ_PER_MESSAGE])
                    session.language = conversation_language(session.language, found, clinic.languages)
        return clinic.speaking(session.language)

    def _hear(self, session: ChatSession, messages: Sequence[InboundMessage], now: datetime) -> None:
        if session.booking_in_progress and session.is_stale(now, self.stale_after):
            session.abandon()
        for message in messages:
            session.record(Speaker.PATIENT, _heard(message), now, _attachment(message))

    @staticmethod
    def _said(session: ChatSession, replies: list[OutboundMessage], now: datetime) -> None:
        for reply in replies:
            session.record(Speaker.BOT, reply.body, now)

    async def _respond(
        self,
        clinic: Clinic,
        session: ChatSession,
        messages: Sequence[InboundMessage],
        now: datetime,
        uow: UnitOfWork,
    ) -> list[OutboundMessage]:
        respond = Responder(
            self.nlu,
            self.confirm,
            self.apologise_when_nlu_fails,
            self.limits,
            self.model_tokens,
            self.privacy,
            self.names,
            self.audit,
        )
        consent = await ConsentDesk.of(clinic, session, uow, now)
        replies: list[OutboundMessage] = []
        free: Availability | None = None
        for message in coalesced(edited(messages)):
            if (
                not session.bot_enabled or session.erased
            ):  # the patient asked for a person: staff answer the rest
                break
            if free is None:  # read once a turn, and again only after the turn booked or freed a slot
                free = await availability(uow, clinic, now, holder=session.patient)
            desk = BookingDesk(clinic, session, free, now)
            replies += await respond(message, desk, uow, consent)
            if desk.appointments_changed:
                free = None
        if not session.bot_enabled:
            log.info("conversation of %s handed to staff at the patient's request", session.patient.masked())
        # The notice comes first on first contact (or a new version), with the answer to what the
        # patient wrote after it: nobody waits on it. It goes with an answer: what gets none (a
        # reaction, an edit) does not bring it. One who answered it in this turn is not asked.
        return [*consent.notice_due(), *replies] if replies else replies

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


def _heard(message: InboundMessage) -> str:
    """What the history keeps of a message for staff and for the model's context."""
    if message.kind is InboundKind.AUDIO:
        return message.transcript or ""
    return message.text or message.button_id or ""


def _attachment(message: InboundMessage) -> Attachment | None:
    """What the console shows beside a message that is not a plain text or a button."""
    if message.kind in (InboundKind.TEXT, InboundKind.BUTTON):
        return None
    media = message.media
    if media is None:
        return Attachment(message.kind.value)
    return Attachment(message.kind.value, message.id, media.mime_type, media.filename)


def edited(messages: Sequence[InboundMessage]) -> list[InboundMessage]:
    """The turn's messages as the patient left them: an edit of a message not yet answered (one of
    these) replaces its text, and a deleted one is not read. Edits and deletions of messages
    answered before stay, for staff to see, and get no answer."""
    here = {m.id for m in messages}
    changes = {
        m.refers_to: m
        for m in messages
        if m.kind in (InboundKind.EDIT, InboundKind.DELETED) and m.refers_to in here
    }  # the latest change of each message wins
    result: list[InboundMessage] = []
    for message in messages:
        if message.kind in (InboundKind.EDIT, InboundKind.DELETED) and message.refers_to in here:
            continue  # applied to the message it changes
        change = changes.get(message.id)
        if change is None:
            result.append(message)
        elif change.kind is InboundKind.EDIT:
            result.append(replace(message, text=change.text))
    return result


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
