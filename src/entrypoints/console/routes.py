"""The console's router under ``/console``: its pages (one controller per part), their sessions,
CSRF protection and error pages, and its static files."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

from litestar import Request, Response, Router
from litestar.config.csrf import CSRFConfig
from litestar.exceptions import PermissionDeniedException
from litestar.middleware import DefineMiddleware
from litestar.middleware.csrf import CSRFMiddleware
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
    HTTP_410_GONE,
    HTTP_503_SERVICE_UNAVAILABLE,
)
from litestar.stores.base import Store
from litestar.stores.memory import MemoryStore
from litestar.stores.redis import RedisStore
from litestar.template.config import TemplateConfig
from litestar.types import ExceptionHandlersMap

from application.accounts import UnknownAccount
from application.patient_files import UnknownFile
from application.patient_rights import UnknownRequest
from application.ports import MediaRefused, ServiceUnavailable
from application.staff import (
    InvalidRequest,
    UnknownAppointment,
    UnknownConversation,
    WindowClosed,
)
from domain.errors import AlreadyCancelled, AppointmentPassed, SlotUnavailable, VisitNotDue
from domain.staff import Forbidden
from entrypoints.console.account import MyAccount
from entrypoints.console.admin import Administration
from entrypoints.console.agenda import AgendaPages
from entrypoints.console.calendar import CalendarPages
from entrypoints.console.conversations import Conversations
from entrypoints.console.panel import PanelPage
from entrypoints.console.privacy import PrivacyPages
from entrypoints.console.sessions import ConsoleSessionConfig
from entrypoints.console.settings import SettingsPages
from entrypoints.console.sign_in import SignIn
from entrypoints.console.signed_in import PREFIX, NotSignedIn, dependencies
from entrypoints.console.waitlist import WaitlistPages
from entrypoints.container import Container
from entrypoints.settings import Settings

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
SESSION_STORE = "console_sessions"


def console_stores(settings: Settings) -> dict[str, Store]:
    """Where console sessions live: Redis when there is one (every replica sees them), else this
    process's memory (one replica, or sticky sessions)."""
    if settings.with_redis:
        return {SESSION_STORE: RedisStore.with_client(url=settings.redis_url, namespace="clinicflow_console")}
    return {SESSION_STORE: MemoryStore()}


def console_templates() -> TemplateConfig[JinjaTemplateEngine]:
    return TemplateConfig(directory=TEMPLATES, engine=JinjaTemplateEngine)


def console_routes(container: Container) -> list[Router]:
    """The console's pages under /console, and its static files (htmx, the stylesheet)."""
    static = create_static_files_router(
        path=PREFIX + "/static", directories=[STATIC], name="console_static", include_in_schema=False
    )
    pages = Router(
        path=PREFIX,
        route_handlers=[
            SignIn,
            Conversations,
            AgendaPages,
            CalendarPages,
            PanelPage,
            WaitlistPages,
            PrivacyPages,
            Administration,
            SettingsPages,
            MyAccount,
        ],
        dependencies=dependencies(container),
        middleware=[
            _sessions(container).middleware,
            DefineMiddleware(CSRFMiddleware, config=_csrf(container)),
        ],
        include_in_schema=False,
        exception_handlers=_error_pages(),
    )
    return [static, pages]


def _sessions(container: Container) -> ConsoleSessionConfig:
    settings = container.settings()
    return ConsoleSessionConfig(
        key="cf_session",
        path=PREFIX,
        secure=True,  # browsers keep Secure cookies on http://127.0.0.1 and localhost too
        httponly=True,
        samesite="lax",
        max_age=int(settings.console_idle.total_seconds()),
        store=SESSION_STORE,
        now=lambda: container.clock().now(),
        idle=settings.console_idle,
        lifetime=settings.console_lifetime,
    )


def _csrf(container: Container) -> CSRFConfig:
    return CSRFConfig(
        secret=container.settings().console_secret or secrets.token_hex(32),
        cookie_name="cf_csrf",
        cookie_path=PREFIX,
        cookie_secure=True,
        cookie_httponly=True,  # the page carries the token; scripts never read the cookie
        cookie_samesite="strict",
        header_name="x-csrftoken",
    )


def _page(status: int, title: str, message: str) -> Callable[[Request[Any, Any, Any], Exception], Template]:
    def handler(request: Request[Any, Any, Any], _: Exception) -> Template:
        home = request.url_for("console_inbox")
        context = {"title": title, "message": message, "home": home}
        return Template("error.html", context=context, status_code=status)

    return handler


def _sign_in_again(request: Request[Any, Any, Any], _: Exception) -> Response[Any]:
    login = request.url_for("console_login_form")
    if request.headers.get("hx-request"):  # a poll: the whole page goes to the login
        return Response(b"", status_code=HTTP_401_UNAUTHORIZED, headers={"HX-Redirect": login})
    return Redirect(login, status_code=HTTP_303_SEE_OTHER)


def _error_pages() -> ExceptionHandlersMap:
    return {
        NotSignedIn: _sign_in_again,
        PermissionDeniedException: _page(
            HTTP_403_FORBIDDEN, "Formulario vencido", "Vuelva a la página y envíelo otra vez."
        ),
        Forbidden: _page(
            HTTP_403_FORBIDDEN,
            "Sin permiso",
            "Su rol no permite hacer esto. Si lo necesita, pídalo a quien administra la clínica.",
        ),
        UnknownConversation: _page(HTTP_404_NOT_FOUND, "No encontrado", "Esa conversación no existe."),
        UnknownAccount: _page(HTTP_404_NOT_FOUND, "No encontrado", "Esa cuenta no existe."),
        UnknownAppointment: _page(HTTP_404_NOT_FOUND, "No encontrado", "Esa cita no existe."),
        UnknownFile: _page(HTTP_404_NOT_FOUND, "No encontrado", "Ese archivo no existe."),
        UnknownRequest: _page(HTTP_404_NOT_FOUND, "No encontrado", "Esa solicitud no existe."),
        MediaRefused: _page(
            HTTP_410_GONE,
            "Ya no está",
            "WhatsApp ya no guarda ese archivo (los guarda unos días), o es muy grande.",
        ),
        InvalidRequest: _page(HTTP_400_BAD_REQUEST, "No se pudo", "Revise lo que escribió."),
        WindowClosed: _page(
            HTTP_409_CONFLICT,
            "No se envió",
            "Pasaron más de 24 horas desde el último mensaje del paciente: WhatsApp solo entrega "
            "plantillas aprobadas. Pida a quien administra la clínica aprobar una en Meta y "
            "ponerla en [reengagement] del archivo de la clínica, o llame al paciente.",
        ),
        SlotUnavailable: _page(HTTP_409_CONFLICT, "No se pudo", "Esa hora no está libre."),
        AppointmentPassed: _page(
            HTTP_409_CONFLICT, "No se pudo", "Esa cita ya comenzó: no se puede anular ni cambiar."
        ),
        AlreadyCancelled: _page(
            HTTP_409_CONFLICT, "No se pudo", "Esa cita está anulada: no se puede cambiar."
        ),
        VisitNotDue: _page(
            HTTP_409_CONFLICT, "Todavía no", "La asistencia se anota cuando llega la hora de la cita."
        ),
        ServiceUnavailable: _page(
            HTTP_503_SERVICE_UNAVAILABLE, "Sin conexión", "El sistema no responde; intente en un momento."
        ),
    }
