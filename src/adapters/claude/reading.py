"""The structured answer Claude must give, and how it becomes an ``Understanding`` (or is refused).

The schema is sent as the native JSON-schema output format, so the answer cannot
come back as prose. The answer is decoded with msgspec; anything malformed is a
failed call. What the model names (a doctor, a FAQ entry) is checked against the
clinic: an unknown doctor or FAQ index is dropped, never trusted.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import Any

import msgspec

from domain.clinic import Clinic
from domain.ids import DoctorId, ServiceId
from domain.people import RELATIVES, SELF, relative
from domain.understanding import Intent, ServiceQuestion, Understanding
from domain.when import ClockTime, DayPart, Meridiem


class Action(StrEnum):
    ASK = "ask"  # booking in progress: the bot asks for what is missing
    CONFIRM = "confirm"  # the patient says yes to the booking shown
    ANSWER_FAQ = "answer_faq"
    CANCEL = "cancel"  # drop the booking in progress, or else cancel a booked appointment
    RESCHEDULE = "reschedule"  # move a booked appointment; date and time say where to
    MY_APPOINTMENTS = "my_appointments"  # asks about their booked appointments
    OPT_OUT = "opt_out"  # no more messages from the clinic
    OPT_IN = "opt_in"  # messages again after an opt-out
    RESET = "reset"
    HANDOFF = "handoff"
    SMALLTALK = "smalltalk"


class ClaudeReading(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    action: Action
    wants_booking: bool
    date: str | None
    time: str | None
    time_of_day: DayPart | None
    doctor_id: str | None
    specialty: str | None
    patient_name: str | None
    faq_index: int | None
    service_id: str | None
    asks: ServiceQuestion | None
    for_whom: str | None


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


# Structured outputs want every property required and no others; "null" stands for "not said".
OUTPUT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": list(ClaudeReading.__struct_fields__),
    "properties": {
        "action": {"type": "string", "enum": [a.value for a in Action]},
        "wants_booking": {"type": "boolean"},
        "date": _nullable({"type": "string", "description": "YYYY-MM-DD in the clinic's calendar"}),
        "time": _nullable({"type": "string", "description": "HH:MM, 24-hour clock, clinic time"}),
        "time_of_day": _nullable({"type": "string", "enum": [p.value for p in DayPart]}),
        "doctor_id": _nullable({"type": "string", "description": "one of the clinic's doctor ids"}),
        "specialty": _nullable({"type": "string"}),
        "patient_name": _nullable({"type": "string", "description": "only if the patient gave it"}),
        "faq_index": _nullable({"type": "integer", "description": "index of the FAQ entry answered"}),
        "service_id": _nullable({"type": "string", "description": "one of the clinic's service ids"}),
        "asks": _nullable({"type": "string", "enum": [q.value for q in ServiceQuestion]}),
        "for_whom": _nullable({"type": "string", "enum": sorted({SELF, *RELATIVES})}),
    },
}

_decoder = msgspec.json.Decoder(ClaudeReading)
_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


class MalformedReading(Exception):
    """The model's answer is not the structure asked for: the call counts as failed."""


def decode_reading(text: str) -> ClaudeReading:
    try:
        return _decoder.decode(text)
    except (msgspec.DecodeError, msgspec.ValidationError) as error:
        raise MalformedReading(f"the model's answer does not fit the schema: {error}") from None


def to_understanding(reading: ClaudeReading, clinic: Clinic) -> Understanding:
    """What the server will consider, from what the model proposed; unknown references are dropped."""
    return Understanding(
        intent=_intent(reading),
        day=_day(reading.date),
        part=reading.time_of_day,
        time=_clock(reading.time),
        doctor_id=_doctor(reading, clinic),
        patient_name=" ".join(reading.patient_name.split()) or None if reading.patient_name else None,
        faq_index=reading.faq_index
        if reading.faq_index is not None and 0 <= reading.faq_index < len(clinic.faq)
        else None,
        service_id=_service(reading, clinic),
        asks=reading.asks,
        relation=relative(reading.for_whom),
        by_model=True,
    )


def _intent(reading: ClaudeReading) -> Intent:
    match reading.action:
        case Action.CONFIRM:
            return Intent.AFFIRM
        case Action.ANSWER_FAQ:
            return Intent.FAQ
        case Action.CANCEL:
            return Intent.CANCEL
        case Action.RESCHEDULE:
            return Intent.RESCHEDULE
        case Action.MY_APPOINTMENTS:
            return Intent.MY_APPOINTMENTS
        case Action.OPT_OUT:
            return Intent.OPT_OUT
        case Action.OPT_IN:
            return Intent.OPT_IN
        case Action.RESET:
            return Intent.RESET
        case Action.HANDOFF:
            return Intent.HANDOFF
        case Action.SMALLTALK:
            return Intent.BOOK if reading.wants_booking else Intent.GREET
        case Action.ASK:
            return Intent.BOOK if reading.wants_booking else Intent.UNKNOWN


def _day(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise MalformedReading(f"not a date: {text!r}") from None


def _clock(text: str | None) -> ClockTime | None:
    """A 24-hour "HH:MM" as a clock time that means exactly that hour (10:00 is not 22:00)."""
    if not text:
        return None
    match = _CLOCK.match(text.strip())
    if match is None:
        raise MalformedReading(f"not a 24-hour time: {text!r}")
    hour, minute = int(match[1]), int(match[2])
    if 1 <= hour <= 11:
        return ClockTime(hour, minute, Meridiem.AM)
    if hour == 12:
        return ClockTime(12, minute, Meridiem.PM)
    return ClockTime(hour, minute)


def _service(reading: ClaudeReading, clinic: Clinic) -> ServiceId | None:
    """The service named, if it is one of the clinic's (the model may only propose)."""
    named = clinic.service(reading.service_id) if reading.service_id else None
    return named.id if named is not None else None


def _doctor(reading: ClaudeReading, clinic: Clinic) -> DoctorId | None:
    named = clinic.doctor(reading.doctor_id) if reading.doctor_id else None
    if named is not None:
        return named.id
    if reading.specialty:
        wanted = reading.specialty.casefold()
        matching = [d for d in clinic.doctors if wanted in d.specialty.casefold()]
        if len(matching) == 1:
            return matching[0].id
    return None
