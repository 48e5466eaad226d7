"""What the staff API reads and answers (JSON, by msgspec), and how the domain's objects become it."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from zoneinfo import ZoneInfo

import msgspec
from litestar.params import Parameter

from application.staff import ConversationSummary
from domain.appointment import Appointment, VisitOutcome
from domain.conversation import ChatSession, Turn
from entrypoints.patient_paths import patient_path

PatientPath = Annotated[str, Parameter(description="the patient: phone number (digits) or user_id:...")]
MessagePath = Annotated[str, Parameter(description="the message the file came with (attachment.message_id)")]


class Attachment(msgspec.Struct, omit_defaults=True):
    """What came with a message besides its text."""

    # The message's kind (audio, image, video, document, sticker, location, contacts, reaction,
    # edit, deleted, system...), or for staff's side: template, resent, undelivered.
    kind: str
    message_id: str | None = None  # its file: GET .../conversations/{patient}/media/{message_id}
    mime_type: str | None = None
    filename: str | None = None


class Message(msgspec.Struct, omit_defaults=True):
    speaker: str  # patient | bot | staff
    text: str  # a voice note's transcript, a caption, a reaction's emoji...
    at: datetime
    attachment: Attachment | None = None


class Conversation(msgspec.Struct):
    patient: str  # the phone number (digits), or "user_id:..." for a patient known by user id
    state: str
    bot_enabled: bool
    last_message: Message | None
    last_patient_message_at: datetime | None


class ConversationHistory(msgspec.Struct):
    conversation: Conversation
    messages: list[Message]


class ManualReply(msgspec.Struct):
    text: str


class ReplyOutcome(msgspec.Struct):
    sent: bool  # False: WhatsApp did not take it yet; it waits in the outbox and goes out in order
    # The approved template that carried it, when the patient last wrote more than 24 hours ago.
    template: str | None = None


class Bot(msgspec.Struct):
    enabled: bool  # False: every patient's messages are recorded and none answered


class Blocked(msgspec.Struct):
    numbers: list[str]  # phone numbers (or user ids) whose messages are recorded and never answered


class AppointmentOut(msgspec.Struct):
    id: str
    doctor_id: str
    patient: str
    patient_name: str
    starts_at: datetime  # in the clinic's time zone
    ends_at: datetime
    status: str  # booked | cancelled
    source: str  # whatsapp | staff
    visit: str | None  # attended | no_show, once staff noted it; None before
    service_id: str | None = None  # one of the clinic's services; None: a plain visit


class NewAppointment(msgspec.Struct):
    doctor_id: str
    starts_at: datetime  # with its UTC offset, e.g. 2026-12-01T10:00:00-03:00
    patient: str  # phone number (digits) or user_id:...
    patient_name: str
    service_id: str | None = None  # one of the clinic's services; omitted: the one the bot would book


class Move(msgspec.Struct):
    starts_at: datetime  # the new start, with its UTC offset; the visit keeps its length
    doctor_id: str | None = None  # another doctor who does its service; omitted: the same doctor


class Visit(msgspec.Struct):
    outcome: VisitOutcome  # attended | no_show


class Problem(msgspec.Struct):
    """Every refusal of the staff API: what was wrong, in a sentence."""

    error: str


def appointment_out(appointment: Appointment, clinic_zone: ZoneInfo) -> AppointmentOut:
    return AppointmentOut(
        id=appointment.id,
        doctor_id=appointment.doctor_id,
        patient=patient_path(appointment.patient),
        patient_name=appointment.patient_name,
        starts_at=appointment.starts_at.astimezone(clinic_zone),
        ends_at=appointment.ends_at.astimezone(clinic_zone),
        status=appointment.status.value,
        source=appointment.source.value,
        visit=appointment.visit.value if appointment.visit else None,
        service_id=appointment.service_id,
    )


def message_out(turn: Turn) -> Message:
    kept = turn.attachment
    if kept is None:
        return Message(turn.speaker.value, turn.text, turn.at)
    attachment = Attachment(kept.kind, kept.message_id or None, kept.mime_type or None, kept.filename or None)
    return Message(turn.speaker.value, turn.text, turn.at, attachment)


def conversation_out(summary: ConversationSummary) -> Conversation:
    return Conversation(
        patient=patient_path(summary.patient),
        state=summary.state.value,
        bot_enabled=summary.bot_enabled,
        last_message=message_out(summary.last_turn) if summary.last_turn is not None else None,
        last_patient_message_at=summary.last_activity,
    )


def history_out(session: ChatSession) -> ConversationHistory:
    return ConversationHistory(
        conversation_out(ConversationSummary.of(session)), [message_out(t) for t in session.history]
    )
