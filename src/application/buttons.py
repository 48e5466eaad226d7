"""Button ids a patient can tap: written here (the texts put them on buttons) and read back here
into commands. Taps never reach the NLU engine."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from enum import StrEnum

from domain.availability import Slot
from domain.ids import AppointmentId
from domain.outreach import RecallReply, RecallSettings

# The booking's own buttons.
CONFIRM_BOOKING = "CONFIRM_BOOKING"
EDIT_BOOKING = "EDIT_BOOKING"
CANCEL_BOOKING = "CANCEL_BOOKING"
RESET = "RESET"
START_BOOKING = "START_BOOKING"
DAY_PREFIX = "DAY:"  # DAY:2026-12-01
SLOT_PREFIX = "SLOT:"  # SLOT:<doctor>:<epoch seconds>
# A booked appointment's: from a reminder's quick replies, or the patient's own questions.
ATTEND_PREFIX = "APPT_ATTEND:"
CANCEL_PREFIX = "APPT_CANCEL:"
MOVE_PREFIX = "APPT_MOVE:"
KEEP = "APPT_KEEP"
# Whom the appointment is for: one of the phone's people, the patient, someone else.
PERSON_PREFIX = "PERSON:"  # PERSON:<person id>
FOR_SELF = "PERSON_SELF"
FOR_SOMEONE = "PERSON_OTHER"
# Erasing the patient's data ("borrar mis datos") is confirmed, or not, with a button.
PRIVACY_ERASE_CONFIRM = "PRIVACY_ERASE_CONFIRM"
PRIVACY_ERASE_KEEP = "PRIVACY_ERASE_KEEP"
# The answer to the clinic's privacy notice (``application.consent``).
PRIVACY_CONSENT_YES = "PRIVACY_CONSENT_YES"
PRIVACY_CONSENT_NO = "PRIVACY_CONSENT_NO"
# The waitlist: joining for a full day (and maybe a time), leaving it, and a freed time offered.
WAITLIST_JOIN_PREFIX = "WAITLIST_JOIN:"  # WAITLIST_JOIN:2026-12-01 or WAITLIST_JOIN:2026-12-01T16:00
WAITLIST_LEAVE = "WAITLIST_LEAVE"
WAITLIST_TAKE_PREFIX = "WAITLIST_TAKE:"  # WAITLIST_TAKE:<offer id>
WAITLIST_DECLINE_PREFIX = "WAITLIST_DECLINE:"  # WAITLIST_DECLINE:<offer id>


def day_id(day: date) -> str:
    return f"{DAY_PREFIX}{day.isoformat()}"


def waitlist_join_id(day: date, at: time | None = None) -> str:
    return f"{WAITLIST_JOIN_PREFIX}{day.isoformat()}" + (f"T{at:%H:%M}" if at is not None else "")


def slot_id(slot: Slot) -> str:
    return f"{SLOT_PREFIX}{slot.doctor_id}:{int(slot.starts_at.timestamp())}"


class Command(StrEnum):
    CONFIRM = CONFIRM_BOOKING
    EDIT = EDIT_BOOKING
    CANCEL = CANCEL_BOOKING
    RESET = RESET
    START = START_BOOKING
    PICK_DAY = "PICK_DAY"
    PICK_SLOT = "PICK_SLOT"
    PICK_PERSON = "PICK_PERSON"
    FOR_SELF = FOR_SELF
    FOR_SOMEONE = FOR_SOMEONE
    # A booked appointment: from a reminder's quick replies, or the patient's own questions.
    ATTEND = "ATTEND"
    CANCEL_APPOINTMENT = "CANCEL_APPOINTMENT"
    MOVE_APPOINTMENT = "MOVE_APPOINTMENT"
    KEEP_APPOINTMENT = KEEP
    # A recall campaign's quick replies (ids set by the clinic, under RECALL_REPLY_).
    RECALL_BOOK = "RECALL_BOOK"
    RECALL_LATER = "RECALL_LATER"
    RECALL_STOP = "RECALL_STOP"
    ERASE = PRIVACY_ERASE_CONFIRM
    KEEP_DATA = PRIVACY_ERASE_KEEP
    # The privacy notice's answers.
    CONSENT_YES = PRIVACY_CONSENT_YES
    CONSENT_NO = PRIVACY_CONSENT_NO
    # The waitlist.
    WAITLIST_JOIN = "WAITLIST_JOIN"
    WAITLIST_LEAVE = WAITLIST_LEAVE
    WAITLIST_TAKE = "WAITLIST_TAKE"
    WAITLIST_DECLINE = "WAITLIST_DECLINE"
    UNKNOWN = "UNKNOWN"


_RECALL = {
    RecallReply.BOOK: Command.RECALL_BOOK,
    RecallReply.LATER: Command.RECALL_LATER,
    RecallReply.STOP: Command.RECALL_STOP,
}
_APPOINTMENT = {
    ATTEND_PREFIX: Command.ATTEND,
    CANCEL_PREFIX: Command.CANCEL_APPOINTMENT,
    MOVE_PREFIX: Command.MOVE_APPOINTMENT,
}
_PLAIN = {
    c.value: c
    for c in (
        Command.CONFIRM,
        Command.EDIT,
        Command.CANCEL,
        Command.RESET,
        Command.START,
        Command.KEEP_APPOINTMENT,
        Command.FOR_SELF,
        Command.FOR_SOMEONE,
        Command.ERASE,
        Command.KEEP_DATA,
        Command.CONSENT_YES,
        Command.CONSENT_NO,
        Command.WAITLIST_LEAVE,
    )
}
_OFFER = {WAITLIST_TAKE_PREFIX: Command.WAITLIST_TAKE, WAITLIST_DECLINE_PREFIX: Command.WAITLIST_DECLINE}


@dataclass(frozen=True, slots=True)
class Press:
    command: Command
    day: date | None = None
    doctor_id: str = ""
    starts_at: datetime | None = None
    appointment_id: AppointmentId | None = None  # a claim only: the use case checks it is the patient's
    person_id: str = ""  # a claim only: the session's people say whether it is one of theirs
    at: time | None = None  # a waitlist's wanted time
    offer_id: str = ""  # a claim only: the waitlist says whether the offer went to this patient


def parse_button(button_id: str, recalls: RecallSettings | None = None) -> Press:
    """Read a button id; anything malformed or forged is UNKNOWN, never an exception."""
    if button_id in _PLAIN:
        return Press(_PLAIN[button_id])
    reply = (recalls or RecallSettings()).reply(button_id)
    if reply is not None:
        return Press(_RECALL[reply])
    if button_id.startswith(PERSON_PREFIX) and 0 < len(button_id) - len(PERSON_PREFIX) <= 64:
        return Press(Command.PICK_PERSON, person_id=button_id.removeprefix(PERSON_PREFIX))
    for prefix, command in _APPOINTMENT.items():
        if button_id.startswith(prefix) and 0 < len(button_id) - len(prefix) <= 64:
            return Press(command, appointment_id=AppointmentId(button_id.removeprefix(prefix)))
    for prefix, command in _OFFER.items():
        if button_id.startswith(prefix) and 0 < len(button_id) - len(prefix) <= 64:
            return Press(command, offer_id=button_id.removeprefix(prefix))
    try:
        if button_id.startswith(WAITLIST_JOIN_PREFIX):
            day, _, at = button_id.removeprefix(WAITLIST_JOIN_PREFIX).partition("T")
            return Press(
                Command.WAITLIST_JOIN,
                day=date.fromisoformat(day),
                at=time.fromisoformat(at) if at else None,
            )
        if button_id.startswith(DAY_PREFIX):
            return Press(Command.PICK_DAY, day=date.fromisoformat(button_id.removeprefix(DAY_PREFIX)))
        if button_id.startswith(SLOT_PREFIX):
            doctor_id, _, epoch = button_id.removeprefix(SLOT_PREFIX).rpartition(":")
            if doctor_id:
                return Press(
                    Command.PICK_SLOT, doctor_id=doctor_id, starts_at=datetime.fromtimestamp(int(epoch), UTC)
                )
    except (ValueError, OverflowError, OSError):
        pass
    return Press(Command.UNKNOWN)
