"""The JSON of ``/api/v1/patients`` (issue 24): a patient's full copy, a corrected name, an erasure."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import msgspec

from application.patient_rights import PatientFile
from application.ports import KeptMessage
from domain.erasure import Erased
from domain.privacy import Retention
from domain.privacy_requests import PrivacyRequest, Right
from entrypoints.api.schemas import AppointmentOut, Message, appointment_out, message_out
from entrypoints.patient_paths import patient_path


class Person(msgspec.Struct, omit_defaults=True):
    name: str
    relation: str | None = None  # "yo" (the phone's owner), "hija"...; None when never said


class KeptConversation(msgspec.Struct):
    state: str
    bot_enabled: bool
    history: list[Message]
    people: list[Person]  # whom this phone booked for, the latest first


class KeptText(msgspec.Struct):
    at: datetime | None
    direction: str  # in (the patient wrote it) | out (the clinic sent it)
    kind: str
    text: str
    status: str


class KeptFor(msgspec.Struct):
    """How long the clinic keeps each kind of data (its retention settings), in days."""

    messages_days: int
    clinical_records_days: int


class PatientExport(msgspec.Struct):
    """Everything the clinic keeps about a patient: what the right of access gives them."""

    patient: str  # the identifier their data is kept under: phone (digits) or user_id:...
    identifiers: list[str]  # every identifier they are known by (a number and a user id)
    name: str | None
    opted_out_at: datetime | None
    recall_snoozed_until: datetime | None
    conversation: KeptConversation | None
    appointments: list[AppointmentOut]
    messages: list[KeptText]  # in the inbox and the outbox, texts included, oldest first
    kept_for: KeptFor


class Rectification(msgspec.Struct):
    name: str


class Rectified(msgspec.Struct):
    patient: str
    name: str


class ErasureOut(msgspec.Struct):
    records_kept: int  # past visits kept as clinical records, under a keyed hash and with no name
    upcoming_cancelled: int


def export_out(found: PatientFile, zone: ZoneInfo, retention: Retention) -> PatientExport:
    details, session = found.details, found.session
    conversation = (
        KeptConversation(
            session.state.value,
            session.bot_enabled,
            [message_out(t) for t in session.history],
            [Person(p.name, p.relation) for p in session.people],
        )
        if session is not None
        else None
    )
    return PatientExport(
        patient=patient_path(found.patient),
        identifiers=[patient_path(a) for a in found.kept.identifiers],
        name=details.name if details is not None else None,
        opted_out_at=details.opted_out_at if details is not None else None,
        recall_snoozed_until=details.recall_snoozed_until if details is not None else None,
        conversation=conversation,
        appointments=[appointment_out(a, zone) for a in found.kept.appointments],
        messages=[_text(m) for m in found.kept.messages],
        kept_for=KeptFor(retention.messages.days, retention.clinical_records.days),
    )


def _text(message: KeptMessage) -> KeptText:
    return KeptText(message.at, message.direction, message.kind, message.text, message.status)


def erasure_out(erased: Erased) -> ErasureOut:
    return ErasureOut(erased.records_kept, erased.upcoming_cancelled)


class NewPrivacyRequest(msgspec.Struct):
    patient: str  # phone number (digits) or user_id:...
    kind: Right  # access | rectification | erasure | objection


class PrivacyRequestOut(msgspec.Struct):
    id: str
    kind: str
    channel: str  # whatsapp | api | console
    patient: str | None  # phone (digits) or user_id:...; None once the patient was erased
    patient_hash: str  # the patient's keyed hash: what the audit log names them by
    received_at: datetime
    due: date  # the last day the clinic's law gives to answer (the clinic's day)
    answered_at: datetime | None


def request_out(request: PrivacyRequest) -> PrivacyRequestOut:
    return PrivacyRequestOut(
        id=request.id,
        kind=request.right.value,
        channel=request.channel.value,
        patient=patient_path(request.address) if request.address is not None else None,
        patient_hash=request.patient,
        received_at=request.received_at,
        due=request.due,
        answered_at=request.answered_at,
    )
