"""The staff API under ``/api/v1``: a clinic's staff see their conversations, take one over, answer
as the clinic and hand it back to the bot. Every request carries a clinic's API key
(``Authorization: Bearer cf_...``); a key opens its own clinic's data and nothing else."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

import msgspec
from litestar import Request, Response, Router, delete, get, post, put
from litestar.di import NamedDependency, Provide
from litestar.exceptions import HTTPException, NotAuthorizedException, ValidationException
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Components, SecurityScheme
from litestar.params import JSONBody, Parameter, PathParameter
from litestar.status_codes import (
    HTTP_400_BAD_REQUEST,
    HTTP_401_UNAUTHORIZED,
    HTTP_404_NOT_FOUND,
    HTTP_409_CONFLICT,
    HTTP_429_TOO_MANY_REQUESTS,
    HTTP_503_SERVICE_UNAVAILABLE,
)

from application.ports import ServiceUnavailable
from application.staff import (
    ConversationSummary,
    InvalidRequest,
    NotYet,
    SlotUnavailable,
    TooLate,
    UnknownAppointment,
    UnknownConversation,
)
from domain.appointment import Appointment, VisitOutcome
from domain.conversation import ChatSession, Turn
from domain.ids import AppointmentId, ClinicId, DoctorId
from entrypoints.container import Container
from entrypoints.sign_ins import TooManyFailures
from entrypoints.staff_services import StaffServices, patient_of, patient_path

SECURITY_SCHEME = "StaffApiKey"
SECURITY_COMPONENTS = Components(
    security_schemes={
        SECURITY_SCHEME: SecurityScheme(
            type="http",
            scheme="bearer",
            description="A clinic's staff API key (`clinicflow staff-key create CLINIC`).",
        )
    }
)
PatientPath = Annotated[str, Parameter(description="the patient: phone number (digits) or user_id:...")]


class Message(msgspec.Struct):
    speaker: str  # patient | bot | staff
    text: str
    at: datetime


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


class NewAppointment(msgspec.Struct):
    doctor_id: str
    starts_at: datetime  # with its UTC offset, e.g. 2026-12-01T10:00:00-03:00
    patient: str  # phone number (digits) or user_id:...
    patient_name: str


class Visit(msgspec.Struct):
    outcome: VisitOutcome  # attended | no_show


class Problem(msgspec.Struct):
    """Every refusal of the staff API: what was wrong, in a sentence."""

    error: str


_REFUSALS = {
    HTTP_400_BAD_REQUEST: "The request is malformed: a parameter, the body, or a patient's number.",
    HTTP_401_UNAUTHORIZED: "No staff API key, or an unknown or revoked one.",
    HTTP_404_NOT_FOUND: "The clinic has no such conversation, number or appointment.",
    HTTP_409_CONFLICT: "Not now: the time is not free, or the appointment has (not yet) started.",
    HTTP_429_TOO_MANY_REQUESTS: "Too many failed sign-ins from this client or at this clinic: "
    "no key is checked until Retry-After seconds have passed.",
    HTTP_503_SERVICE_UNAVAILABLE: "The database does not answer; try again after Retry-After seconds.",
}


def _refusals(*statuses: int) -> dict[int, ResponseSpec]:
    """The documented refusals of a route: every route's (400, 401, 429, 503) and ``statuses``."""
    chosen = (
        HTTP_400_BAD_REQUEST,
        HTTP_401_UNAUTHORIZED,
        HTTP_429_TOO_MANY_REQUESTS,
        HTTP_503_SERVICE_UNAVAILABLE,
        *statuses,
    )
    return {
        status: ResponseSpec(Problem, description=_REFUSALS[status], generate_examples=False)
        for status in sorted(chosen)
    }


_ANY = _refusals()
_UNKNOWN = _refusals(HTTP_404_NOT_FOUND)


def _said(error: Exception) -> str:
    """An error as one sentence: Litestar's validation errors with what each parameter lacked."""
    if isinstance(error, ValidationException):
        problems = error.extra if isinstance(error.extra, list) else []
        details = "; ".join(
            f"{p.get('key', 'body')}: {p.get('message', '')}" for p in problems if isinstance(p, dict)
        )
        return f"{error.detail}: {details}" if details else error.detail
    if isinstance(error, HTTPException):
        return error.detail
    return str(error)


def _appointment(appointment: Appointment, clinic_zone: ZoneInfo) -> AppointmentOut:
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
    )


def _message(turn: Turn) -> Message:
    return Message(turn.speaker.value, turn.text, turn.at)


def _conversation(summary: ConversationSummary) -> Conversation:
    return Conversation(
        patient=patient_path(summary.patient),
        state=summary.state.value,
        bot_enabled=summary.bot_enabled,
        last_message=_message(summary.last_turn) if summary.last_turn is not None else None,
        last_patient_message_at=summary.last_activity,
    )


def _history(session: ChatSession) -> ConversationHistory:
    return ConversationHistory(
        _conversation(ConversationSummary.of(session)), [_message(t) for t in session.history]
    )


def staff_api(container: Container) -> Router:
    services = StaffServices(container)

    async def clinic_of_key(request: Request[Any, Any, Any]) -> ClinicId:
        scheme, _, key = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not key.strip():
            raise NotAuthorizedException("a staff API key is required: Authorization: Bearer cf_...")
        client = request.client.host if request.client else None
        signed_in = await container.sign_ins().sign_in(key.strip(), client, "api")
        if signed_in is None:
            raise NotAuthorizedException("unknown or revoked API key")
        return signed_in.clinic_id

    @get("/conversations", summary="The clinic's conversations, latest message first", responses=_ANY)
    async def conversations(
        clinic_id: NamedDependency[str], limit: Annotated[int, Parameter(ge=1, le=200)] = 50
    ) -> list[Conversation]:
        return [_conversation(c) for c in await services.desk.conversations(ClinicId(clinic_id), limit)]

    @get("/conversations/{patient:str}", summary="One conversation and its history", responses=_UNKNOWN)
    async def conversation(clinic_id: NamedDependency[str], patient: PatientPath) -> ConversationHistory:
        return _history(await services.desk.conversation(ClinicId(clinic_id), patient_of(patient)))

    async def set_bot(clinic_id: str, patient: str, *, enabled: bool) -> ConversationHistory:
        return _history(
            await services.desk.set_bot(ClinicId(clinic_id), patient_of(patient), enabled=enabled)
        )

    @post(
        "/conversations/{patient:str}/pause",
        status_code=200,
        summary="Staff take the conversation over",
        responses=_UNKNOWN,
    )
    async def pause(clinic_id: NamedDependency[str], patient: PatientPath) -> ConversationHistory:
        return await set_bot(clinic_id, patient, enabled=False)

    @post(
        "/conversations/{patient:str}/resume",
        status_code=200,
        summary="Hand it back to the bot",
        responses=_UNKNOWN,
    )
    async def resume(clinic_id: NamedDependency[str], patient: PatientPath) -> ConversationHistory:
        return await set_bot(clinic_id, patient, enabled=True)

    @post(
        "/conversations/{patient:str}/replies",
        status_code=201,
        summary="Send a message as the clinic (the bot pauses for this conversation)",
        responses=_UNKNOWN,
    )
    async def reply(
        clinic_id: NamedDependency[str], patient: PatientPath, data: JSONBody[ManualReply]
    ) -> ReplyOutcome:
        sent = await services.desk.reply(ClinicId(clinic_id), patient_of(patient), data.text)
        return ReplyOutcome(sent=sent)

    @get("/bot", summary="Whether the bot answers the clinic's patients", responses=_ANY)
    async def bot(clinic_id: NamedDependency[str]) -> Bot:
        return Bot(await services.clinic.bot_enabled(ClinicId(clinic_id)))

    @post(
        "/bot/pause",
        status_code=200,
        summary="Stop the bot for every patient (messages are still recorded)",
        responses=_ANY,
    )
    async def pause_bot(clinic_id: NamedDependency[str]) -> Bot:
        await services.clinic.set_bot(ClinicId(clinic_id), enabled=False)
        return Bot(enabled=False)

    @post("/bot/resume", status_code=200, summary="The bot answers again", responses=_ANY)
    async def resume_bot(clinic_id: NamedDependency[str]) -> Bot:
        await services.clinic.set_bot(ClinicId(clinic_id), enabled=True)
        return Bot(enabled=True)

    @get("/blocked-numbers", summary="Numbers whose messages are recorded and never answered", responses=_ANY)
    async def blocked(clinic_id: NamedDependency[str]) -> Blocked:
        return Blocked(await services.clinic.blocked(ClinicId(clinic_id)))

    @put("/blocked-numbers/{patient:str}", status_code=200, summary="Block a number", responses=_ANY)
    async def block(clinic_id: NamedDependency[str], patient: PatientPath) -> Blocked:
        await services.clinic.block(ClinicId(clinic_id), patient_of(patient))
        return Blocked(await services.clinic.blocked(ClinicId(clinic_id)))

    @delete(
        "/blocked-numbers/{patient:str}",
        status_code=200,
        summary="Unblock a number staff blocked",
        responses=_UNKNOWN,
    )
    async def unblock(clinic_id: NamedDependency[str], patient: PatientPath) -> Blocked:
        if not await services.clinic.unblock(ClinicId(clinic_id), patient_of(patient)):
            raise UnknownConversation("staff have not blocked this number (the clinic's file may block it)")
        return Blocked(await services.clinic.blocked(ClinicId(clinic_id)))

    async def zone(clinic_id: str) -> ZoneInfo:
        return await services.clinic.timezone(ClinicId(clinic_id))

    @get(
        "/appointments",
        summary="The agenda: appointments starting on the days asked (clinic-local days)",
        responses=_ANY,
    )
    async def appointments(
        clinic_id: NamedDependency[str],
        day: Annotated[date | None, Parameter(description="the first day (default: today)")] = None,
        days: Annotated[int, Parameter(ge=1, le=62)] = 7,
    ) -> list[AppointmentOut]:
        found = await services.agenda.appointments(ClinicId(clinic_id), day, days)
        clinic_zone = await zone(clinic_id)
        return [_appointment(a, clinic_zone) for a in found]

    @post(
        "/appointments",
        status_code=201,
        summary="Book a free slot for a patient (by phone, at the desk)",
        responses=_refusals(HTTP_409_CONFLICT),
    )
    async def book(clinic_id: NamedDependency[str], data: JSONBody[NewAppointment]) -> AppointmentOut:
        appointment = await services.agenda.book(
            ClinicId(clinic_id),
            DoctorId(data.doctor_id),
            data.starts_at,
            patient_of(data.patient),
            data.patient_name,
        )
        return _appointment(appointment, await zone(clinic_id))

    @post(
        "/appointments/{appointment_id:str}/cancel",
        status_code=200,
        summary="Cancel an appointment that has not started",
        responses=_refusals(HTTP_404_NOT_FOUND, HTTP_409_CONFLICT),
    )
    async def cancel(
        clinic_id: NamedDependency[str], appointment_id: Annotated[str, PathParameter(description="its id")]
    ) -> AppointmentOut:
        appointment = await services.agenda.cancel(ClinicId(clinic_id), AppointmentId(appointment_id))
        return _appointment(appointment, await zone(clinic_id))

    @post(
        "/appointments/{appointment_id:str}/visit",
        status_code=200,
        summary="Note whether the patient came (once the appointment has started)",
        responses=_refusals(HTTP_404_NOT_FOUND, HTTP_409_CONFLICT),
    )
    async def visit(
        clinic_id: NamedDependency[str],
        appointment_id: Annotated[str, PathParameter(description="its id")],
        data: JSONBody[Visit],
    ) -> AppointmentOut:
        appointment = await services.agenda.record_visit(
            ClinicId(clinic_id), AppointmentId(appointment_id), data.outcome
        )
        return _appointment(appointment, await zone(clinic_id))

    def refused(status: int | None) -> Any:
        """A handler answering ``status`` (None: the HTTP error's own) with a ``Problem``."""

        def handler(_: Request[Any, Any, Any], error: Exception) -> Response[Problem]:
            code = status or (error.status_code if isinstance(error, HTTPException) else 500)
            headers = {"Retry-After": "5"} if code == HTTP_503_SERVICE_UNAVAILABLE else None
            if code == HTTP_401_UNAUTHORIZED:
                headers = {"WWW-Authenticate": "Bearer"}
            return Response(Problem(_said(error)), status_code=code, headers=headers)

        return handler

    def limited(_: Request[Any, Any, Any], error: TooManyFailures) -> Response[Problem]:
        headers = {"Retry-After": str(error.retry_after)}
        return Response(Problem(str(error)), status_code=HTTP_429_TOO_MANY_REQUESTS, headers=headers)

    return Router(
        path="/api/v1",
        route_handlers=[
            conversations,
            conversation,
            pause,
            resume,
            reply,
            bot,
            pause_bot,
            resume_bot,
            blocked,
            block,
            unblock,
            appointments,
            book,
            cancel,
            visit,
        ],
        dependencies={"clinic_id": Provide(clinic_of_key)},
        security=[{SECURITY_SCHEME: []}],
        tags=["staff"],
        exception_handlers={
            HTTPException: refused(None),  # Litestar's own (a malformed body, a bad parameter)
            UnknownConversation: refused(HTTP_404_NOT_FOUND),
            InvalidRequest: refused(HTTP_400_BAD_REQUEST),
            UnknownAppointment: refused(HTTP_404_NOT_FOUND),
            SlotUnavailable: refused(HTTP_409_CONFLICT),
            TooLate: refused(HTTP_409_CONFLICT),
            NotYet: refused(HTTP_409_CONFLICT),
            ServiceUnavailable: refused(HTTP_503_SERVICE_UNAVAILABLE),
            TooManyFailures: limited,
        },
    )
