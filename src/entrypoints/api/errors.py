"""How the staff API refuses: every refusal a ``Problem`` with one sentence, and the documented
refusals of each route."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.openapi.datastructures import ResponseSpec
from litestar.status_codes import (
    HTTP_400_BAD_REQUEST,
    HTTP_401_UNAUTHORIZED,
    HTTP_403_FORBIDDEN,
    HTTP_404_NOT_FOUND,
    HTTP_409_CONFLICT,
    HTTP_410_GONE,
    HTTP_429_TOO_MANY_REQUESTS,
    HTTP_503_SERVICE_UNAVAILABLE,
)
from litestar.types import ExceptionHandlersMap

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
from entrypoints.api.schemas import Problem
from entrypoints.sign_ins import TooManyFailures

_REFUSALS = {
    HTTP_400_BAD_REQUEST: "The request is malformed: a parameter, the body, or a patient's number.",
    HTTP_401_UNAUTHORIZED: "No staff API key, or an unknown or revoked one.",
    HTTP_403_FORBIDDEN: "The key's role does not allow this: read_only reads, only admin switches the bot.",
    HTTP_404_NOT_FOUND: "The clinic has no such conversation, number, appointment or file.",
    HTTP_410_GONE: "WhatsApp no longer keeps that file (it keeps them a few days), or it is too large.",
    HTTP_409_CONFLICT: (
        "Not now: the time is not free, the appointment has (not yet) started or is cancelled, or "
        "the patient last wrote over 24 hours ago and the clinic has no approved re-engagement template."
    ),
    HTTP_429_TOO_MANY_REQUESTS: "Too many failed sign-ins from this client or at this clinic: "
    "no key is checked until Retry-After seconds have passed.",
    HTTP_503_SERVICE_UNAVAILABLE: "The database does not answer; try again after Retry-After seconds.",
}


def refusals(*statuses: int) -> dict[int, ResponseSpec]:
    """The documented refusals of a route: every route's (400, 401, 403, 429, 503) and ``statuses``."""
    chosen = (
        HTTP_400_BAD_REQUEST,
        HTTP_401_UNAUTHORIZED,
        HTTP_403_FORBIDDEN,
        HTTP_429_TOO_MANY_REQUESTS,
        HTTP_503_SERVICE_UNAVAILABLE,
        *statuses,
    )
    return {
        status: ResponseSpec(Problem, description=_REFUSALS[status], generate_examples=False)
        for status in sorted(chosen)
    }


ANY = refusals()
UNKNOWN = refusals(HTTP_404_NOT_FOUND)


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


def _refused(status: int | None) -> Callable[[Request[Any, Any, Any], Exception], Response[Problem]]:
    """A handler answering ``status`` (None: the HTTP error's own) with a ``Problem``."""

    def handler(_: Request[Any, Any, Any], error: Exception) -> Response[Problem]:
        code = status or (error.status_code if isinstance(error, HTTPException) else 500)
        headers = {"Retry-After": "5"} if code == HTTP_503_SERVICE_UNAVAILABLE else None
        if code == HTTP_401_UNAUTHORIZED:
            headers = {"WWW-Authenticate": "Bearer"}
        return Response(Problem(_said(error)), status_code=code, headers=headers)

    return handler


def _limited(_: Request[Any, Any, Any], error: TooManyFailures) -> Response[Problem]:
    headers = {"Retry-After": str(error.retry_after)}
    return Response(Problem(str(error)), status_code=HTTP_429_TOO_MANY_REQUESTS, headers=headers)


EXCEPTION_HANDLERS: ExceptionHandlersMap = {
    HTTPException: _refused(None),  # Litestar's own (a malformed body, a bad parameter)
    Forbidden: _refused(HTTP_403_FORBIDDEN),
    UnknownConversation: _refused(HTTP_404_NOT_FOUND),
    UnknownRequest: _refused(HTTP_404_NOT_FOUND),
    InvalidRequest: _refused(HTTP_400_BAD_REQUEST),
    UnknownAppointment: _refused(HTTP_404_NOT_FOUND),
    SlotUnavailable: _refused(HTTP_409_CONFLICT),
    AppointmentPassed: _refused(HTTP_409_CONFLICT),
    AlreadyCancelled: _refused(HTTP_409_CONFLICT),
    VisitNotDue: _refused(HTTP_409_CONFLICT),
    WindowClosed: _refused(HTTP_409_CONFLICT),
    UnknownFile: _refused(HTTP_404_NOT_FOUND),
    MediaRefused: _refused(HTTP_410_GONE),
    ServiceUnavailable: _refused(HTTP_503_SERVICE_UNAVAILABLE),
    TooManyFailures: _limited,
}
