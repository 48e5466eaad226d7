"""The peers ClinicFlow's intake is measured against, served by uvicorn exactly as `clinicflow serve` is.

- ``bare``: a Litestar endpoint that reads the body and answers 200: the limit of the stack.
- ``pywa``: pywa (the best-known Python WhatsApp framework) on FastAPI, verifying the same
  signature, parsing the update and calling a handler that does nothing.

Run one with ``uvicorn bench.baselines:bare`` or ``uvicorn bench.baselines:pywa_app``; the app
secret comes from ``BENCH_APP_SECRET``.
"""

from __future__ import annotations

import importlib
import os
from typing import Any

from litestar import Litestar, Request, post
from litestar.enums import MediaType
from litestar.response import Response

SECRET = os.environ.get("BENCH_APP_SECRET", "bench-app-secret")


@post("/webhooks/whatsapp", media_type=MediaType.TEXT, status_code=200)
async def _bare_receive(request: Request[Any, Any, Any]) -> Response[str]:
    await request.body()
    return Response("ok", status_code=200, media_type=MediaType.TEXT)


bare = Litestar(route_handlers=[_bare_receive], request_max_body_size=3 * 1024 * 1024)


def _pywa() -> Any:
    """pywa's FastAPI app with a no-op message handler (imported only when this baseline runs:
    pywa and FastAPI are benchmark-only dependencies, so they are looked up by name)."""
    fastapi = importlib.import_module("fastapi")
    pywa = importlib.import_module("pywa")
    app = fastapi.FastAPI()
    wa = pywa.WhatsApp(
        phone_id="100000000000001",
        token="bench-token-never-used",  # nothing is ever sent
        server=app,
        webhook_endpoint="/webhooks/whatsapp",
        verify_token="bench-verify",
        app_secret=SECRET,
        validate_updates=True,
    )

    def nothing(client: Any, message: Any) -> None:
        return None

    wa.add_handlers(pywa.handlers.MessageHandler(nothing))
    return app


def __getattr__(name: str) -> Any:
    if name == "pywa_app":  # built lazily: pywa and FastAPI are benchmark-only dependencies
        return _pywa()
    raise AttributeError(name)
