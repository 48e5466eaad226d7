"""The console's routes, sessions and templates (see the package's docstring)."""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any

from litestar import Request, Response, Router, get, post
from litestar.config.csrf import CSRFConfig
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.middleware import DefineMiddleware
from litestar.middleware.csrf import CSRFMiddleware
from litestar.params import PathParameter, QueryParameter, URLEncodedBody
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import Redirect, Template
from litestar.static_files import create_static_files_router
from litestar.status_codes import (
    HTTP_303_SEE_OTHER,
    HTTP_400_BAD_REQUEST,
    HTTP_401_UNAUTHORIZED,
    HTTP_403_FORBIDDEN,
    HTTP_404_NOT_FOUND,
    HTTP_409_CONFLICT,
    HTTP_429_TOO_MANY_REQUESTS,
    HTTP_503_SERVICE_UNAVAILABLE,
)
from litestar.stores.base import Store
from litestar.stores.memory import MemoryStore
from litestar.stores.redis import RedisStore
from litestar.template.config import TemplateConfig

from application.ports import ServiceUnavailable
from application.pseudonyms import Pseudonyms
from application.staff import (
    InvalidRequest,
    NotYet,
    SlotUnavailable,
    TooLate,
    UnknownAppointment,
    UnknownConversation,
)
from application.texts_es import WEEKDAYS
from domain.appointment import Appointment, AppointmentStatus, VisitOutcome
from domain.clinic import Clinic
from domain.conversation import ChatSession, ConversationState, Speaker, Turn
from domain.ids import AddressKind, AppointmentId, PatientAddress
from entrypoints.console.sessions import POLL, ConsoleSessionConfig, start_session
from entrypoints.container import Container
from entrypoints.settings import Settings
from entrypoints.sign_ins import TooManyFailures
from entrypoints.staff_services import StaffServices, patient_of, patient_path

PatientPath = Annotated[str, PathParameter(description="the patient: phone number or user_id:...")]
AppointmentPath = Annotated[str, PathParameter(description="the appointment's id")]

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
PREFIX = "/console"
SESSION_STORE = "console_sessions"
POLL_SECONDS = 3

STATES = {
    ConversationState.IDLE: "Sin reserva en curso",
    ConversationState.COLLECTING_DATE: "Eligiendo día",
    ConversationState.COLLECTING_TIME: "Eligiendo hora",
    ConversationState.COLLECTING_NAME: "Dando su nombre",
    ConversationState.CONFIRMING: "Confirmando",
    ConversationState.CONFIRMED: "Cita confirmada",
}
VISITS = {VisitOutcome.ATTENDED: "Asistió", VisitOutcome.NO_SHOW: "No asistió"}
SPEAKERS = {Speaker.PATIENT: "Paciente", Speaker.BOT: "Bot", Speaker.STAFF: "Personal"}


class NotSignedIn(NotAuthorizedException):
    """No session, or its key was revoked: the console asks for a key again."""


# Sessions -------------------------------------------------------------------------------------


def console_stores(settings: Settings) -> dict[str, Store]:
    """Where console sessions live: Redis when there is one (every replica sees them), else this
    process's memory (one replica, or sticky sessions)."""
    if settings.redis_url:
        return {SESSION_STORE: RedisStore.with_client(url=settings.redis_url, namespace="clinicflow_console")}
    return {SESSION_STORE: MemoryStore()}


def console_templates() -> TemplateConfig[JinjaTemplateEngine]:
    return TemplateConfig(directory=TEMPLATES, engine=JinjaTemplateEngine)


# What the templates show ----------------------------------------------------------------------


def _shown(patient: PatientAddress) -> str:
    return f"+{patient.value}" if patient.kind is AddressKind.PHONE else patient.value


def _when(clinic: Clinic, moment: datetime | None) -> str:
    if moment is None:
        return ""
    local = clinic.local(moment)
    return f"{local:%d/%m %H:%M}"


def _day_title(day: date, today: date) -> str:
    name = f"{WEEKDAYS[day.weekday()]} {day:%d/%m}"
    return f"Hoy, {name}" if day == today else name.capitalize()


@dataclass(frozen=True, slots=True)
class _Said:
    speaker: str
    who: str
    text: str
    when: str


def _said(clinic: Clinic, turn: Turn) -> _Said:
    return _Said(turn.speaker.value, SPEAKERS[turn.speaker], turn.text, _when(clinic, turn.at))


@dataclass(frozen=True, slots=True)
class _ConversationRow:
    path: str
    shown: str
    state: str
    state_class: str
    bot_enabled: bool
    unread: int
    last: _Said | None
    when: str


def conversation_row(clinic: Clinic, session: ChatSession, seen: datetime | None) -> _ConversationRow:
    last = session.history[-1] if session.history else None
    unread = sum(
        1 for turn in session.history if turn.speaker is Speaker.PATIENT and (seen is None or turn.at > seen)
    )
    return _ConversationRow(
        path=patient_path(session.patient),
        shown=_shown(session.patient),
        state=STATES[session.state],
        state_class=session.state.value.lower(),
        bot_enabled=session.bot_enabled,
        unread=unread,
        last=_said(clinic, last) if last is not None else None,
        when=_when(clinic, last.at if last is not None else None),
    )


@dataclass(frozen=True, slots=True)
class _AppointmentRow:
    id: str
    when: str
    patient_name: str
    doctor: str
    status: str
    situation: str
    can_cancel: bool
    can_mark: bool


def _appointment(clinic: Clinic, appointment: Appointment, now: datetime) -> _AppointmentRow:
    doctor = clinic.doctor(appointment.doctor_id)
    local = clinic.local(appointment.starts_at)
    if appointment.status is AppointmentStatus.CANCELLED:
        situation = "Anulada"
    elif appointment.visit is not None:
        situation = VISITS[appointment.visit]
    elif appointment.attendance_confirmed_at is not None:
        situation = "Confirmó que asistirá"
    else:
        situation = "Reservada" + (" por la clínica" if appointment.source.value == "staff" else "")
    return _AppointmentRow(
        id=appointment.id,
        when=f"{WEEKDAYS[local.weekday()][:3]} {local:%d/%m %H:%M}",
        patient_name=appointment.patient_name,
        doctor=doctor.name if doctor is not None else appointment.doctor_id,
        status=appointment.status.value,
        situation=situation,
        can_cancel=appointment.is_upcoming(now),
        can_mark=appointment.holds_time and appointment.starts_at <= now,
    )


# Routes ---------------------------------------------------------------------------------------


MAX_READ_MARKS = 500  # conversations a session remembers as read (the oldest are forgotten)


@dataclass(frozen=True, slots=True)
class _Staff:
    """Who is signed in: their clinic, and what their session remembers.

    Read marks are keyed by the patient's keyed hash (``Pseudonyms.patient``): the session store
    never holds a phone number or a user id."""

    clinic: Clinic
    session: dict[str, Any]
    marks: Pseudonyms

    def seen(self, patient: PatientAddress) -> datetime | None:
        at = self.session.get("seen", {}).get(self.marks.patient(patient))
        return datetime.fromisoformat(at) if at else None

    def read_up_to(self, patient: PatientAddress, at: datetime) -> None:
        seen: dict[str, str] = self.session.setdefault("seen", {})
        mark = self.marks.patient(patient)
        seen.pop(mark, None)  # the newest last, so the oldest go first
        seen[mark] = at.isoformat()
        while len(seen) > MAX_READ_MARKS:
            del seen[next(iter(seen))]


def _context(staff: _Staff, section: str, request: Request[Any, Any, Any], **values: Any) -> dict[str, Any]:
    notice = staff.session.pop("notice", None)
    if notice is not None:
        request.set_session(staff.session)
    return {"clinic_name": staff.clinic.name, "section": section, "notice": notice, **values}


def _told(request: Request[Any, Any, Any], notice: str, to: str) -> Redirect:
    """After a form: ``notice`` shown once on the next page, and a 303 to ``to``."""
    request.session["notice"] = notice
    request.set_session(request.session)
    return Redirect(to, status_code=HTTP_303_SEE_OTHER)


def safe_back(form: dict[str, str], default: str) -> str:
    """Where a form sends the receptionist after it: a console page, never another site."""
    back = form.get("back", "")
    return back if back.startswith(PREFIX + "/") and "//" not in back and "\\" not in back else default


def console_routes(container: Container) -> list[Router]:
    """The console's pages under /console, and its static files (htmx, the stylesheet)."""
    settings = container.settings()
    services = StaffServices(container)
    session = ConsoleSessionConfig(
        key="cf_session",
        path=PREFIX,
        secure=True,  # browsers keep Secure cookies on http://127.0.0.1 and localhost too
        httponly=True,
        samesite="lax",
        max_age=int(settings.console_idle.total_seconds()),
        store=SESSION_STORE,
        now=lambda: services.clock.now(),
        idle=settings.console_idle,
        lifetime=settings.console_lifetime,
    )
    csrf = CSRFConfig(
        secret=settings.console_secret or secrets.token_hex(32),
        cookie_name="cf_csrf",
        cookie_path=PREFIX,
        cookie_secure=True,
        cookie_httponly=True,  # the page carries the token; scripts never read the cookie
        cookie_samesite="strict",
        header_name="x-csrftoken",
    )

    async def staff_of(request: Request[Any, Any, Any]) -> _Staff:
        data = request.session if isinstance(request.session, dict) else {}
        key_hash = data.get("key")
        clinic_id = await services.access.clinic_of_login(key_hash) if key_hash else None
        clinic = await services.clinics.get(clinic_id) if clinic_id else None
        if clinic is None:
            raise NotSignedIn("sign in first")
        return _Staff(clinic, data, container.pseudonyms())

    @get("/login", name="console_login_form")
    async def login_form() -> Template:
        return Template("login.html")

    @post("/login", name="console_login", status_code=HTTP_303_SEE_OTHER)
    async def login(request: Request[Any, Any, Any], data: URLEncodedBody[dict[str, str]]) -> Response[Any]:
        client = request.client.host if request.client else None
        try:
            signed_in = await container.sign_ins().sign_in(data.get("key", "").strip(), client, "console")
        except TooManyFailures as limited:
            minutes = math.ceil(limited.retry_after / 60)
            return Template(
                "login.html",
                context={
                    "error": f"Demasiados intentos fallidos. Espere {minutes} min y vuelva a intentarlo."
                },
                status_code=HTTP_429_TOO_MANY_REQUESTS,
                headers={"Retry-After": str(limited.retry_after)},
            )
        if signed_in is None:
            return Template(
                "login.html",
                context={"error": "Esa clave no existe o fue revocada."},
                status_code=HTTP_401_UNAUTHORIZED,
            )
        start_session(request, {"key": signed_in.key_hash, "seen": {}}, services.clock.now())
        return Redirect(request.url_for("console_inbox"), status_code=HTTP_303_SEE_OTHER)

    @post("/logout", name="console_logout", status_code=HTTP_303_SEE_OTHER)
    async def logout(request: Request[Any, Any, Any]) -> Redirect:
        request.clear_session()
        return Redirect(request.url_for("console_login_form"), status_code=HTTP_303_SEE_OTHER)

    async def rows(staff: _Staff) -> list[_ConversationRow]:
        sessions = await services.desk.sessions(staff.clinic.id, 100)
        return [conversation_row(staff.clinic, s, staff.seen(s.patient)) for s in sessions]

    @get("/", name="console_inbox")
    async def inbox(request: Request[Any, Any, Any]) -> Template:
        staff = await staff_of(request)
        context = _context(staff, "inbox", request, conversations=await rows(staff))
        return Template("inbox.html", context=context)

    @get("/conversations", name="console_conversations", opt={POLL: True})
    async def conversations(request: Request[Any, Any, Any]) -> Template:
        staff = await staff_of(request)
        return Template("_conversations.html", context={"conversations": await rows(staff)})

    async def history(staff: _Staff, path: str) -> tuple[ChatSession, list[_Said]]:
        conversation = await services.desk.conversation(staff.clinic.id, patient_of(path))
        return conversation, [_said(staff.clinic, turn) for turn in conversation.history]

    @get("/c/{patient:str}", name="console_conversation")
    async def conversation(request: Request[Any, Any, Any], patient: PatientPath) -> Template:
        staff = await staff_of(request)
        chat, messages = await history(staff, patient)
        if chat.history:  # read up to here
            staff.read_up_to(chat.patient, chat.history[-1].at)
            request.set_session(staff.session)
        now = services.clock.now()
        upcoming = await services.agenda.upcoming(staff.clinic.id, chat.patient)
        context = _context(
            staff,
            "inbox",
            request,
            conversation=conversation_row(staff.clinic, chat, None),
            messages=messages,
            upcoming=[_appointment(staff.clinic, a, now) for a in upcoming],
            back=request.url.path,
        )
        return Template("conversation.html", context=context)

    @get("/c/{patient:str}/history", name="console_history", opt={POLL: True})
    async def history_part(request: Request[Any, Any, Any], patient: PatientPath) -> Template:
        staff = await staff_of(request)
        _, messages = await history(staff, patient)
        return Template("_history.html", context={"messages": messages})

    def back_to(request: Request[Any, Any, Any], patient: str, notice: str) -> Redirect:
        return _told(request, notice, request.url_for("console_conversation", patient=patient))

    @post("/c/{patient:str}/pause", name="console_pause", status_code=HTTP_303_SEE_OTHER)
    async def pause(request: Request[Any, Any, Any], patient: PatientPath) -> Redirect:
        staff = await staff_of(request)
        await services.desk.set_bot(staff.clinic.id, patient_of(patient), enabled=False)
        return back_to(request, patient, "Usted atiende esta conversación: el bot no responde.")

    @post("/c/{patient:str}/resume", name="console_resume", status_code=HTTP_303_SEE_OTHER)
    async def resume(request: Request[Any, Any, Any], patient: PatientPath) -> Redirect:
        staff = await staff_of(request)
        await services.desk.set_bot(staff.clinic.id, patient_of(patient), enabled=True)
        return back_to(request, patient, "El bot vuelve a responder en esta conversación.")

    @post("/c/{patient:str}/replies", name="console_reply", status_code=HTTP_303_SEE_OTHER)
    async def reply(
        request: Request[Any, Any, Any], patient: PatientPath, data: URLEncodedBody[dict[str, str]]
    ) -> Redirect:
        staff = await staff_of(request)
        sent = await services.desk.reply(staff.clinic.id, patient_of(patient), data.get("text", ""))
        notice = "Mensaje enviado." if sent else "WhatsApp no lo tomó aún: saldrá en cuanto se pueda."
        return back_to(request, patient, notice)

    @get("/agenda", name="console_agenda")
    async def agenda(
        request: Request[Any, Any, Any],
        dias: Annotated[int, QueryParameter(description="1: today, 7: this week")] = 7,
    ) -> Template:
        staff = await staff_of(request)
        days = 1 if dias == 1 else 7
        now = services.clock.now()
        today = staff.clinic.today(now)
        found = await services.agenda.appointments(staff.clinic.id, today, days)
        doctors = []
        for doctor in staff.clinic.doctors:
            mine = [a for a in found if a.doctor_id == doctor.id]
            by_day: dict[date, list[_AppointmentRow]] = {}
            for appointment in mine:
                day = staff.clinic.local(appointment.starts_at).date()
                by_day.setdefault(day, []).append(_appointment(staff.clinic, appointment, now))
            doctors.append(
                {
                    "name": doctor.name,
                    "specialty": doctor.specialty,
                    "days": [
                        {"title": _day_title(day, today), "appointments": rows}
                        for day, rows in sorted(by_day.items())
                    ],
                }
            )
        back = f"{request.url.path}?dias={days}"
        context = _context(staff, "agenda", request, doctors=doctors, days=days, back=back)
        return Template("agenda.html", context=context)

    @post("/appointments/{appointment_id:str}/cancel", name="console_cancel", status_code=HTTP_303_SEE_OTHER)
    async def cancel(
        request: Request[Any, Any, Any], appointment_id: AppointmentPath, data: URLEncodedBody[dict[str, str]]
    ) -> Redirect:
        staff = await staff_of(request)
        await services.agenda.cancel(staff.clinic.id, AppointmentId(appointment_id))
        notice = (
            "Cita anulada: la hora queda libre, sus recordatorios no se envían "
            "y se avisa al paciente por WhatsApp."
        )
        return _told(request, notice, safe_back(data, request.url_for("console_agenda")))

    @post("/appointments/{appointment_id:str}/visit", name="console_visit", status_code=HTTP_303_SEE_OTHER)
    async def visit(
        request: Request[Any, Any, Any], appointment_id: AppointmentPath, data: URLEncodedBody[dict[str, str]]
    ) -> Redirect:
        staff = await staff_of(request)
        outcome = data.get("outcome", "")
        if outcome not in VisitOutcome.__members__.values():
            raise InvalidRequest("attended or no_show")
        done = await services.agenda.record_visit(
            staff.clinic.id, AppointmentId(appointment_id), VisitOutcome(outcome)
        )
        notice = f"{done.patient_name}: {VISITS[VisitOutcome(outcome)].lower()}."
        return _told(request, notice, safe_back(data, request.url_for("console_agenda")))

    def page(status: int, title: str, message: str) -> Any:
        def handler(request: Request[Any, Any, Any], _: Exception) -> Template:
            home = request.url_for("console_inbox")
            context = {"title": title, "message": message, "home": home}
            return Template("error.html", context=context, status_code=status)

        return handler

    def sign_in_again(request: Request[Any, Any, Any], _: Exception) -> Response[Any]:
        login = request.url_for("console_login_form")
        if request.headers.get("hx-request"):  # a poll: the whole page goes to the login
            return Response(b"", status_code=HTTP_401_UNAUTHORIZED, headers={"HX-Redirect": login})
        return Redirect(login, status_code=HTTP_303_SEE_OTHER)

    static = create_static_files_router(
        path=PREFIX + "/static", directories=[STATIC], name="console_static", include_in_schema=False
    )
    pages = Router(
        path=PREFIX,
        route_handlers=[
            login_form,
            login,
            logout,
            inbox,
            conversations,
            conversation,
            history_part,
            pause,
            resume,
            reply,
            agenda,
            cancel,
            visit,
        ],
        middleware=[session.middleware, DefineMiddleware(CSRFMiddleware, config=csrf)],
        include_in_schema=False,
        exception_handlers={
            NotSignedIn: sign_in_again,
            PermissionDeniedException: page(
                HTTP_403_FORBIDDEN, "Formulario vencido", "Vuelva a la página y envíelo otra vez."
            ),
            UnknownConversation: page(HTTP_404_NOT_FOUND, "No encontrado", "Esa conversación no existe."),
            UnknownAppointment: page(HTTP_404_NOT_FOUND, "No encontrado", "Esa cita no existe."),
            InvalidRequest: page(HTTP_400_BAD_REQUEST, "No se pudo", "Revise lo que escribió."),
            SlotUnavailable: page(HTTP_409_CONFLICT, "No se pudo", "Esa hora no está libre."),
            TooLate: page(HTTP_409_CONFLICT, "No se pudo", "Esa cita ya comenzó: no se puede anular."),
            NotYet: page(
                HTTP_409_CONFLICT, "Todavía no", "La asistencia se anota cuando llega la hora de la cita."
            ),
            ServiceUnavailable: page(
                HTTP_503_SERVICE_UNAVAILABLE, "Sin conexión", "El sistema no responde; intente en un momento."
            ),
        },
    )
    return [static, pages]
