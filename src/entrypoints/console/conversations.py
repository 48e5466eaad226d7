"""``/console/`` and ``/console/c/{patient}``: the inbox, a conversation, taking it over and answering."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.params import PathParameter, URLEncodedBody
from litestar.response import Redirect, Response, Template
from litestar.status_codes import HTTP_303_SEE_OTHER

from application.ports import AuditAction
from domain.conversation import ChatSession
from domain.ids import MessageId
from entrypoints.console.sessions import POLL
from entrypoints.console.signed_in import (
    Agenda,
    Audits,
    Desk,
    Files,
    SignedIn,
    Staff,
    Time,
    page_context,
    told,
)
from entrypoints.console.views import (
    NEEDS,
    ConversationRow,
    Said,
    appointment_row,
    conversation_row,
    said,
)
from entrypoints.patient_files import file_response
from entrypoints.patient_paths import patient_of

PatientPath = Annotated[str, PathParameter(description="the patient: phone number or user_id:...")]
MessagePath = Annotated[str, PathParameter(description="the message the file came with")]


async def _rows(desk: Desk, staff: SignedIn) -> list[ConversationRow]:
    """The conversations that need a person first (the longest waiting first), then the rest, the
    latest message first."""
    waiting = await desk.waiting(staff.clinic.id, 100)
    first = {s.patient for s in waiting}
    rest = [s for s in await desk.sessions(staff.clinic.id, 100) if s.patient not in first]
    return [conversation_row(staff.clinic, s, staff.seen(s.patient)) for s in [*waiting, *rest]]


async def _history(desk: Desk, staff: SignedIn, path: str) -> tuple[ChatSession, list[Said]]:
    conversation = await desk.conversation(staff.clinic.id, patient_of(path))
    return conversation, [said(staff.clinic, turn) for turn in conversation.history]


def _waiting_since(session: ChatSession) -> datetime:
    need = session.needs_person
    return need.since if need is not None else datetime.min.replace(tzinfo=UTC)


def _back_to(request: Request[Any, Any, Any], patient: str, notice: str) -> Redirect:
    return told(request, notice, request.url_for("console_conversation", patient=patient))


class Conversations(Controller):
    path = "/"

    @get("/", name="console_inbox")
    async def inbox(self, request: Request[Any, Any, Any], staff: Staff, desk: Desk) -> Template:
        context = page_context(staff, "inbox", request, conversations=await _rows(desk, staff))
        return Template("inbox.html", context=context)

    @get("/conversations", name="console_conversations", opt={POLL: True})
    async def conversations(self, staff: Staff, desk: Desk) -> Template:
        return Template("_conversations.html", context={"conversations": await _rows(desk, staff)})

    @get("/alerts", name="console_alerts", opt={POLL: True})
    async def alerts(self, staff: Staff, desk: Desk) -> Template:
        """The nav's badge: how many conversations need a person, and the newest one's reason and
        time (for the browser notification, ``static/avisos.js``)."""
        waiting = await desk.waiting(staff.clinic.id, 100)
        newest = max(waiting, key=_waiting_since, default=None)
        need = newest.needs_person if newest is not None else None
        context = {
            "count": await desk.waiting_count(staff.clinic.id),
            "newest_reason": NEEDS[need.reason] if need is not None else "",
            "newest_at": need.since.astimezone(UTC).isoformat() if need is not None else "",
        }
        return Template("_alerts.html", context=context)

    @get("/c/{patient:str}", name="console_conversation")
    async def conversation(
        self,
        request: Request[Any, Any, Any],
        patient: PatientPath,
        staff: Staff,
        desk: Desk,
        agenda: Agenda,
        clock: Time,
        audit: Audits,
    ) -> Template:
        chat, messages = await _history(desk, staff, patient)
        await audit.record(staff.origin, AuditAction.CONVERSATION_OPENED, staff.target(chat.patient))
        if chat.history:  # read up to here
            staff.read_up_to(chat.patient, chat.history[-1].at)
            request.set_session(staff.session)
        now = clock.now()
        upcoming = await agenda.upcoming(staff.clinic.id, chat.patient)
        context = page_context(
            staff,
            "inbox",
            request,
            conversation=conversation_row(staff.clinic, chat, None),
            messages=messages,
            upcoming=[appointment_row(staff.clinic, a, now) for a in upcoming],
            back=request.url.path,
        )
        return Template("conversation.html", context=context)

    @get("/c/{patient:str}/history", name="console_history", opt={POLL: True})
    async def history_part(self, patient: PatientPath, staff: Staff, desk: Desk) -> Template:
        chat, messages = await _history(desk, staff, patient)
        context = {"messages": messages, "conversation": conversation_row(staff.clinic, chat, None)}
        return Template("_history.html", context=context)

    @get("/c/{patient:str}/media/{message:str}", name="console_media")
    async def media(
        self,
        patient: PatientPath,
        message: MessagePath,
        staff: Staff,
        files: Files,
        desk: Desk,
        audit: Audits,
    ) -> Response[bytes]:
        """A file the patient sent, fetched from WhatsApp now: shown in the page when it is a
        picture, a sound or a video a browser plays safely, else downloaded. A conversation that
        waited for a file to be reviewed no longer waits."""
        response = file_response(await files.open(staff.clinic.id, MessageId(message)))
        to = patient_of(patient)
        if await desk.reviewed_file(staff.clinic.id, to):
            await audit.record(staff.origin, AuditAction.FILE_REVIEWED, staff.target(to))
        return response

    @post("/c/{patient:str}/pause", name="console_pause", status_code=HTTP_303_SEE_OTHER)
    async def pause(
        self, request: Request[Any, Any, Any], patient: PatientPath, staff: Staff, desk: Desk, audit: Audits
    ) -> Redirect:
        chat = await desk.set_bot(staff.clinic.id, patient_of(patient), enabled=False)
        await audit.record(staff.origin, AuditAction.CONVERSATION_TAKEN, staff.target(chat.patient))
        return _back_to(request, patient, "Usted atiende esta conversación: el bot no responde.")

    @post("/c/{patient:str}/resume", name="console_resume", status_code=HTTP_303_SEE_OTHER)
    async def resume(
        self, request: Request[Any, Any, Any], patient: PatientPath, staff: Staff, desk: Desk, audit: Audits
    ) -> Redirect:
        chat = await desk.set_bot(staff.clinic.id, patient_of(patient), enabled=True)
        await audit.record(staff.origin, AuditAction.CONVERSATION_RETURNED, staff.target(chat.patient))
        return _back_to(request, patient, "El bot vuelve a responder en esta conversación.")

    @post("/c/{patient:str}/replies", name="console_reply", status_code=HTTP_303_SEE_OTHER)
    async def reply(
        self,
        request: Request[Any, Any, Any],
        patient: PatientPath,
        data: URLEncodedBody[dict[str, str]],
        staff: Staff,
        desk: Desk,
        audit: Audits,
    ) -> Redirect:
        to = patient_of(patient)
        reply = await desk.reply(staff.clinic.id, to, data.get("text", ""))
        await audit.record(staff.origin, AuditAction.REPLY_SENT, staff.target(to), reply.template or "")
        notice = "Mensaje enviado." if reply.sent else "WhatsApp no lo tomó aún: saldrá en cuanto se pueda."
        if reply.template:
            notice = (
                "Pasaron más de 24 horas desde su último mensaje: WhatsApp solo entrega plantillas, "
                f"así que su respuesta va en la plantilla «{reply.template}». {notice}"
            )
        return _back_to(request, patient, notice)
