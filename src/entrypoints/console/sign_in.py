"""``/console/login`` and ``/console/logout``: a receptionist signs in with a staff key."""

from __future__ import annotations

import math
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.params import URLEncodedBody
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER, HTTP_401_UNAUTHORIZED, HTTP_429_TOO_MANY_REQUESTS

from entrypoints.console.sessions import start_session
from entrypoints.console.signed_in import SignIns, Time
from entrypoints.sign_ins import TooManyFailures


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
        client = request.client.host if request.client else None
        try:
            signed_in = await sign_ins.sign_in(data.get("key", "").strip(), client, "console")
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
        start_session(request, {"key": signed_in.key_hash, "seen": {}}, clock.now())
        return Redirect(request.url_for("console_inbox"), status_code=HTTP_303_SEE_OTHER)

    @post("/logout", name="console_logout", status_code=HTTP_303_SEE_OTHER)
    async def logout(self, request: Request[Any, Any, Any]) -> Redirect:
        request.clear_session()
        return Redirect(request.url_for("console_login_form"), status_code=HTTP_303_SEE_OTHER)
