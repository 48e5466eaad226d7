"""How a chat session's collected fields, history and people are kept as JSONB (msgspec, typed both ways)."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Annotated

import msgspec

from domain.availability import Slot
from domain.conversation import HISTORY_LIMIT, Attachment, CollectedFields, Rescheduling, Speaker, Turn
from domain.ids import AppointmentId, DoctorId, ServiceId
from domain.people import Person, PersonId
from domain.throttle import DailyTokens, Throttle
from domain.when import ClockTime, DayPart, Meridiem

# Stored instants must carry their offset: a naive one is refused, never guessed.
AwareDatetime = Annotated[datetime, msgspec.Meta(tz=True)]


class _Time(msgspec.Struct, frozen=True, omit_defaults=True):
    hour: int
    minute: int = 0
    meridiem: Meridiem | None = None


class _Slot(msgspec.Struct, frozen=True):
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    doctor_id: str


class _Rescheduling(msgspec.Struct, frozen=True):
    appointment_id: str
    was_at: AwareDatetime


class _Collected(msgspec.Struct, frozen=True, omit_defaults=True):
    day: date | None = None
    part: DayPart | None = None
    time: _Time | None = None
    doctor_id: str | None = None
    patient_name: str | None = None
    slot: _Slot | None = None
    rescheduling: _Rescheduling | None = None
    service_id: str | None = None
    person_id: str | None = None
    relation: str | None = None


class _Attachment(msgspec.Struct, frozen=True, omit_defaults=True):
    kind: str
    message_id: str = ""
    mime_type: str = ""
    filename: str = ""


class _Turn(msgspec.Struct, frozen=True, omit_defaults=True):
    speaker: Speaker
    text: str
    at: AwareDatetime
    attachment: _Attachment | None = None


class StoredDataError(Exception):
    """A row holds JSON this code cannot read (a bug or a hand edit): never guessed at."""


_encoder = msgspec.json.Encoder()
_collected_decoder = msgspec.json.Decoder(_Collected)
_history_decoder = msgspec.json.Decoder(list[_Turn])


def encode_collected(fields: CollectedFields) -> str:
    slot, moving = fields.slot, fields.rescheduling
    return _encoder.encode(
        _Collected(
            day=fields.day,
            part=fields.part,
            time=_Time(fields.time.hour, fields.time.minute, fields.time.meridiem) if fields.time else None,
            doctor_id=fields.doctor_id,
            patient_name=fields.patient_name,
            slot=_Slot(slot.starts_at, slot.ends_at, slot.doctor_id) if slot else None,
            rescheduling=_Rescheduling(moving.appointment_id, moving.was_at) if moving else None,
            service_id=fields.service_id,
            person_id=fields.person_id,
            relation=fields.relation,
        )
    ).decode()


def decode_collected(text: str) -> CollectedFields:
    try:
        stored = _collected_decoder.decode(text)
        return CollectedFields(
            day=stored.day,
            part=stored.part,
            time=ClockTime(stored.time.hour, stored.time.minute, stored.time.meridiem)
            if stored.time
            else None,
            doctor_id=DoctorId(stored.doctor_id) if stored.doctor_id else None,
            patient_name=stored.patient_name,
            slot=(
                Slot(stored.slot.starts_at, stored.slot.ends_at, DoctorId(stored.slot.doctor_id))
                if stored.slot
                else None
            ),
            rescheduling=(
                Rescheduling(AppointmentId(stored.rescheduling.appointment_id), stored.rescheduling.was_at)
                if stored.rescheduling
                else None
            ),
            service_id=ServiceId(stored.service_id) if stored.service_id else None,
            person_id=PersonId(stored.person_id) if stored.person_id else None,
            relation=stored.relation,
        )
    except (msgspec.ValidationError, msgspec.DecodeError, ValueError) as error:
        raise StoredDataError(f"unreadable collected_fields: {error}") from None


def encode_history(turns: Iterable[Turn], message_key: Callable[[str], str] | None = None) -> str:
    """``turns`` as JSON; with ``message_key``, an attachment's message id is kept as its keyed hash
    (a wamid holds the patient's number), which the inbox's media lookup takes as well as the id."""
    return _encoder.encode(
        [_Turn(t.speaker, t.text, t.at, _attachment(t.attachment, message_key)) for t in turns]
    ).decode()


def _attachment(
    attachment: Attachment | None, message_key: Callable[[str], str] | None
) -> _Attachment | None:
    if attachment is None:
        return None
    message_id = attachment.message_id
    if message_key is not None and message_id and not _HASHED.fullmatch(message_id):
        message_id = message_key(message_id)
    return _Attachment(attachment.kind, message_id, attachment.mime_type, attachment.filename)


_HASHED = re.compile("[0-9a-f]{64}")  # a turn saved before is saved again: its id is hashed once


def decode_history(text: str) -> deque[Turn]:
    try:
        stored = _history_decoder.decode(text)
    except (msgspec.ValidationError, msgspec.DecodeError) as error:
        raise StoredDataError(f"unreadable history: {error}") from None
    return deque((_turn(t) for t in stored), maxlen=HISTORY_LIMIT)


def _turn(stored: _Turn) -> Turn:
    kept = stored.attachment
    attachment = Attachment(kept.kind, kept.message_id, kept.mime_type, kept.filename) if kept else None
    return Turn(stored.speaker, stored.text, stored.at, attachment)


class _Person(msgspec.Struct, frozen=True, omit_defaults=True):
    id: str
    name: str
    relation: str | None = None


_people_decoder = msgspec.json.Decoder(list[_Person])


def encode_people(people: Iterable[Person]) -> str:
    return _encoder.encode([_Person(p.id, p.name, p.relation) for p in people]).decode()


def decode_people(text: str) -> tuple[Person, ...]:
    """Whom the session's phone booked for, the latest first ('[]', for sessions from before 0018
    that booked nothing: none)."""
    try:
        stored = _people_decoder.decode(text)
        return tuple(Person(PersonId(p.id), p.name, p.relation) for p in stored)
    except (msgspec.ValidationError, msgspec.DecodeError, ValueError) as error:
        raise StoredDataError(f"unreadable people: {error}") from None


class _Throttles(msgspec.Struct, frozen=True, omit_defaults=True):
    model_calls: tuple[AwareDatetime, ...] = ()
    replies: tuple[AwareDatetime, ...] = ()
    tokens_day: date | None = None  # the day of ``tokens``, the clinic's
    tokens: int = 0


_throttles_decoder = msgspec.json.Decoder(_Throttles)


def encode_throttles(model_calls: Throttle, replies: Throttle, tokens: DailyTokens) -> str:
    return _encoder.encode(_Throttles(model_calls.recent, replies.recent, tokens.day, tokens.tokens)).decode()


def decode_throttles(text: str) -> tuple[Throttle, Throttle, DailyTokens]:
    """The session's recent model calls and replies, and today's model tokens ('{}', for sessions
    from before 0008: none)."""
    try:
        stored = _throttles_decoder.decode(text)
    except (msgspec.ValidationError, msgspec.DecodeError) as error:
        raise StoredDataError(f"unreadable throttles: {error}") from None
    return (
        Throttle(stored.model_calls),
        Throttle(stored.replies),
        DailyTokens(stored.tokens_day, stored.tokens),
    )
