"""``/api/v1/conversations``: the clinic's conversations; staff take one over, answer as the clinic,
and hand it back to the bot."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Response, get, post
from litestar.di import NamedDependency
from litestar.params import JSONBody, Parameter
from litestar.status_codes import HTTP_404_NOT_FOUND, HTTP_409_CONFLICT, HTTP_410_GONE

from application.ports import AuditAction
from domain.ids import ClinicId, MessageId
from entrypoints.api.dependencies import Audits, Caller, Desk, Files, Marks
from entrypoints.api.errors import ANY, UNKNOWN, refusals
from entrypoints.api.schemas import (
    Conversation,
    ConversationHistory,
    ManualReply,
    MessagePath,
    PatientPath,
    ReplyOutcome,
    conversation_out,
    history_out,
)
from entrypoints.patient_files import file_response
from entrypoints.patient_paths import patient_of


class Conversations(Controller):
    path = "/conversations"

    @get("/", summary="The clinic's conversations, latest message first", responses=ANY)
    async def conversations(
        self, clinic_id: NamedDependency[str], desk: Desk, limit: Annotated[int, Parameter(ge=1, le=200)] = 50
    ) -> list[Conversation]:
        return [conversation_out(c) for c in await desk.conversations(ClinicId(clinic_id), limit)]

    @get("/{patient:str}", summary="One conversation and its history (audited)", responses=UNKNOWN)
    async def conversation(
        self,
        clinic_id: NamedDependency[str],
        desk: Desk,
        patient: PatientPath,
        caller: Caller,
        audit: Audits,
        marks: Marks,
    ) -> ConversationHistory:
        session = await desk.conversation(ClinicId(clinic_id), patient_of(patient))
        await audit.record(caller, AuditAction.CONVERSATION_OPENED, marks.patient(session.patient))
        return history_out(session)

    @post(
        "/{patient:str}/pause", status_code=200, summary="Staff take the conversation over", responses=UNKNOWN
    )
    async def pause(
        self,
        clinic_id: NamedDependency[str],
        desk: Desk,
        patient: PatientPath,
        caller: Caller,
        audit: Audits,
        marks: Marks,
    ) -> ConversationHistory:
        session = await desk.set_bot(ClinicId(clinic_id), patient_of(patient), enabled=False)
        await audit.record(caller, AuditAction.CONVERSATION_TAKEN, marks.patient(session.patient))
        return history_out(session)

    @post("/{patient:str}/resume", status_code=200, summary="Hand it back to the bot", responses=UNKNOWN)
    async def resume(
        self,
        clinic_id: NamedDependency[str],
        desk: Desk,
        patient: PatientPath,
        caller: Caller,
        audit: Audits,
        marks: Marks,
    ) -> ConversationHistory:
        session = await desk.set_bot(ClinicId(clinic_id), patient_of(patient), enabled=True)
        await audit.record(caller, AuditAction.CONVERSATION_RETURNED, marks.patient(session.patient))
        return history_out(session)

    @post(
        "/{patient:str}/replies",
        status_code=201,
        summary="Send a message as the clinic (the bot pauses for this conversation)",
        responses=refusals(HTTP_404_NOT_FOUND, HTTP_409_CONFLICT),
    )
    async def reply(
        self,
        clinic_id: NamedDependency[str],
        desk: Desk,
        patient: PatientPath,
        data: JSONBody[ManualReply],
        caller: Caller,
        audit: Audits,
        marks: Marks,
    ) -> ReplyOutcome:
        to = patient_of(patient)
        reply = await desk.reply(ClinicId(clinic_id), to, data.text)
        await audit.record(caller, AuditAction.REPLY_SENT, marks.patient(to), reply.template or "")
        return ReplyOutcome(sent=reply.sent, template=reply.template)

    @get(
        "/{patient:str}/media/{message:str}",
        summary="A file the patient sent (a photo, a voice note, a document), fetched from WhatsApp now",
        media_type="application/octet-stream",
        responses=refusals(HTTP_404_NOT_FOUND, HTTP_410_GONE),
    )
    async def media(
        self, clinic_id: NamedDependency[str], files: Files, patient: PatientPath, message: MessagePath
    ) -> Response[bytes]:
        return file_response(await files.open(ClinicId(clinic_id), MessageId(message)))
