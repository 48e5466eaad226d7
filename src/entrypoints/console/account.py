"""``/console/cuenta``: one's own account, and its second factor (TOTP). The secret is shown with
its otpauth:// URI and kept in the session (server-side) only until a code from the app confirms
it; then it takes effect and every sign-in asks for a code."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import URLEncodedBody
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER, HTTP_400_BAD_REQUEST

from domain.staff import Permission
from entrypoints.console.signed_in import Staff, Team, page_context, told
from entrypoints.roles import PERMISSION

ANYONE = {PERMISSION: Permission.SEE}  # every role manages its own second factor
_PENDING = "totp_pending"


class MyAccount(Controller):
    path = "/"

    @get("/cuenta", name="console_account")
    async def account(self, request: Request[Any, Any, Any], staff: Staff) -> Template:
        return Template("account.html", context=page_context(staff, "account", request))

    @post("/cuenta/dos-pasos", name="console_totp_start", opt=ANYONE, status_code=200)
    async def start(self, request: Request[Any, Any, Any], staff: Staff, accounts: Team) -> Template:
        new = accounts.new_second_factor(staff.account)
        staff.session[_PENDING] = new.secret
        request.set_session(staff.session)
        context = page_context(staff, "account", request, secret=new.secret, uri=new.uri)
        return Template("account.html", context=context)

    @post(
        "/cuenta/dos-pasos/confirmar", name="console_totp_confirm", opt=ANYONE, status_code=HTTP_303_SEE_OTHER
    )
    async def confirm(
        self,
        request: Request[Any, Any, Any],
        data: URLEncodedBody[dict[str, str]],
        staff: Staff,
        accounts: Team,
    ) -> Any:
        secret = staff.session.get(_PENDING)
        if not isinstance(secret, str):
            return Redirect(request.url_for("console_account"), status_code=HTTP_303_SEE_OTHER)
        if not await accounts.enable_second_factor(
            staff.origin, staff.account.id, secret, data.get("code", "")
        ):
            context = page_context(
                staff,
                "account",
                request,
                secret=secret,
                uri=accounts.second_factor_of(staff.account, secret).uri,
            )
            context["error"] = (
                "El código no coincide. Revise la hora del teléfono y escriba el código actual."
            )
            return Template("account.html", context=context, status_code=HTTP_400_BAD_REQUEST)
        staff.session.pop(_PENDING, None)
        request.set_session(staff.session)
        notice = "Verificación en dos pasos activada: desde ahora cada inicio de sesión pide un código."
        return told(request, notice, request.url_for("console_account"))
