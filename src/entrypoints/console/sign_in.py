"""``/console/login``, its second step, ``/console/invitation/{token}`` and ``/console/logout``:
a person signs in with their e-mail and password (and the code of their authenticator app, when
they turned it on); an invitation sets the password the first time.

Wrong e-mail or wrong password get the same answer. A right password with a second factor
starts a session that only awaits the code (for ``CODE_WAIT``); the code starts the real one,
under a new id again. The session keeps the account's id, never a password or a hash.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.params import PathParameter, URLEncodedBody
from litestar.response import Redirect, Template
from litestar.status_codes import (
    HTTP_303_SEE_OTHER,
    HTTP_400_BAD_REQUEST,
    HTTP_401_UNAUTHORIZED,
    HTTP_404_NOT_FOUND,
    HTTP_429_TOO_MANY_REQUESTS,
)

from application.accounts import Step, UnknownAccount, account_actor
from application.audit import Origin
from application.ports import AuditAction
from application.staff import InvalidRequest
from domain.staff import StaffAccount
from entrypoints.console.sessions import start_session, started_at
from entrypoints.console.signed_in import Audits, SignIns, Team, Time, client_address
from entrypoints.sign_ins import TooManyFailures

CODE_WAIT = timedelta(minutes=5)  # from the right password to its code
TokenPath = Annotated[str, PathParameter(description="the invitation's token, shown once")]
WRONG = "Correo o contraseña incorrectos."


def _limited(limited: TooManyFailures, page: str) -> Template:
    minutes = math.ceil(limited.retry_after / 60)
    return Template(
        page,
        context={"error": f"Demasiados intentos fallidos. Espere {minutes} min y vuelva a intentarlo."},
        status_code=HTTP_429_TOO_MANY_REQUESTS,
        headers={"Retry-After": str(limited.retry_after)},
    )


def _signed_in(request: Request[Any, Any, Any], account: StaffAccount, now: datetime) -> Redirect:
    start_session(request, {"account": account.id, "seen": {}}, now)
    return Redirect(request.url_for("console_inbox"), status_code=HTTP_303_SEE_OTHER)


class SignIn(Controller):
    path = "/"

    @get("/login", name="console_login_form")
    async def login_form(self) -> Template:
        return Template("login.html")

    @post("/login", name="console_login", status_code=HTTP_303_SEE_OTHER)
    async def login(
        self,
        request: Request[Any, Any, Any],
        data: URLEncodedBody[dict[str, str]],
        sign_ins: SignIns,
        clock: Time,
    ) -> Response[Any]:
        email = data.get("email", "").strip()
        try:
            attempt = await sign_ins.sign_in_account(
                email, data.get("password", ""), client_address(request), "console"
            )
        except TooManyFailures as limited:
            return _limited(limited, "login.html")
        if attempt.step is Step.FAILED or attempt.account is None:
            return Template(
                "login.html", context={"error": WRONG, "email": email}, status_code=HTTP_401_UNAUTHORIZED
            )
        if attempt.step is Step.CODE_NEEDED:
            start_session(request, {"pending": attempt.account.id}, clock.now())
            return Redirect(request.url_for("console_code_form"), status_code=HTTP_303_SEE_OTHER)
        return _signed_in(request, attempt.account, clock.now())

    @get("/login/code", name="console_code_form")
    async def code_form(self, request: Request[Any, Any, Any]) -> Response[Any]:
        if not _pending(request):
            return Redirect(request.url_for("console_login_form"), status_code=HTTP_303_SEE_OTHER)
        return Template("code.html")

    @post("/login/code", name="console_code", status_code=HTTP_303_SEE_OTHER)
    async def code(
        self,
        request: Request[Any, Any, Any],
        data: URLEncodedBody[dict[str, str]],
        sign_ins: SignIns,
        clock: Time,
    ) -> Response[Any]:
        pending = _pending(request)
        if pending is None or clock.now() - _started(request) > CODE_WAIT:
            request.clear_session()
            return Redirect(request.url_for("console_login_form"), status_code=HTTP_303_SEE_OTHER)
        try:
            attempt = await sign_ins.second_step(
                pending, data.get("code", ""), client_address(request), "console"
            )
        except TooManyFailures as limited:
            return _limited(limited, "code.html")
        if attempt.step is not Step.SIGNED_IN or attempt.account is None:
            return Template(
                "code.html",
                context={"error": "Código incorrecto o ya usado."},
                status_code=HTTP_401_UNAUTHORIZED,
            )
        return _signed_in(request, attempt.account, clock.now())

    @get("/invitation/{token:str}", name="console_invitation")
    async def invitation(self, token: TokenPath, accounts: Team) -> Template:
        account = await accounts.invitation(token)
        if account is None:
            return _no_invitation()
        return Template(
            "invitation.html", context={"name": account.name, "email": account.email, "token": token}
        )

    @post("/invitation/{token:str}", name="console_invitation_accept", status_code=HTTP_303_SEE_OTHER)
    async def accept(
        self,
        request: Request[Any, Any, Any],
        token: TokenPath,
        data: URLEncodedBody[dict[str, str]],
        accounts: Team,
    ) -> Template:
        account = await accounts.invitation(token)
        if account is None:
            return _no_invitation()
        password = data.get("password", "")
        error = "Las contraseñas no coinciden." if password != data.get("again", "") else None
        if error is None:
            try:
                await accounts.accept(token, password, client_address(request), "console")
            except InvalidRequest:
                error = "Use al menos 12 caracteres (y no más de 1024), y que no sea su correo."
            except UnknownAccount:
                return _no_invitation()
        if error is not None:
            context = {"name": account.name, "email": account.email, "token": token, "error": error}
            return Template("invitation.html", context=context, status_code=HTTP_400_BAD_REQUEST)
        done = "Contraseña guardada. Ya puede entrar con su correo y su contraseña."
        return Template("login.html", context={"done": done, "email": account.email}, status_code=200)

    @post("/logout", name="console_logout", status_code=HTTP_303_SEE_OTHER)
    async def logout(self, request: Request[Any, Any, Any], accounts: Team, audit: Audits) -> Redirect:
        account_id = request.session.get("account") if isinstance(request.session, dict) else None
        account = await accounts.signed_in(account_id) if isinstance(account_id, str) else None
        if account is not None:
            origin = Origin(account.clinic_id, account_actor(account), "console", client_address(request))
            await audit.record(origin, AuditAction.SIGN_OUT)
        request.clear_session()
        return Redirect(request.url_for("console_login_form"), status_code=HTTP_303_SEE_OTHER)


def _no_invitation() -> Template:
    context = {
        "title": "Invitación no válida",
        "message": "Esta invitación ya se usó, venció o no existe. Pida otra a quien administra la clínica.",
        "home": "/console/login",
    }
    return Template("error.html", context=context, status_code=HTTP_404_NOT_FOUND)


def _pending(request: Request[Any, Any, Any]) -> str | None:
    session = request.session if isinstance(request.session, dict) else {}
    pending = session.get("pending")
    return pending if isinstance(pending, str) else None


def _started(request: Request[Any, Any, Any]) -> datetime:
    return started_at(request.session)
