"""Security headers on every HTTP answer of the app, set in one place around Litestar's whole stack
(so its own 404s, 405s and error pages get them too).

- ``Content-Security-Policy``: scripts, styles and everything else only from this server, no
  inline script or style, no ``eval``, forms post only here, and no framing (``frame-ancestors
  'none'``, with ``X-Frame-Options: DENY`` for older browsers). The console is built for it:
  htmx is a static file and runs with ``allowEval`` and its inline indicator styles off.
- A patient's file opened from the console (a path with ``/media/``) gets the same policy with
  ``sandbox``: no script in it runs and it has no origin, whatever type it claims.
- ``X-Content-Type-Options: nosniff`` and ``Referrer-Policy: no-referrer`` (a conversation's URL
  holds the patient's number: it must never leave in a Referer).
- ``Cache-Control: no-store`` on everything but the console's static files: pages and API answers
  show patients' numbers, names and messages, which no browser or proxy may keep.

The browsable OpenAPI pages under ``/schema`` load their renderer from a CDN with an inline
script; they get every header but the CSP (they show no patient data).
"""

from __future__ import annotations

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "media-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    )
)
_ALWAYS = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
)
_CSP = ((b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),)
# A file a patient sent, opened on its own: nothing in it may run, whatever it claims to be.
_SANDBOXED = ((b"content-security-policy", f"{CONTENT_SECURITY_POLICY}; sandbox".encode()),)
_PATIENT_FILES = "/media/"
_NO_STORE = ((b"cache-control", b"no-store"),)
_CACHEABLE = "/console/static/"
_DOCUMENTATION = "/schema"


def headers_for(path: str) -> tuple[tuple[bytes, bytes], ...]:
    """The headers an answer to ``path`` carries (they replace any of the same name)."""
    cacheable = path.startswith(_CACHEABLE)
    documentation = path == _DOCUMENTATION or path.startswith(_DOCUMENTATION + "/")
    policy = () if documentation else _SANDBOXED if _PATIENT_FILES in path else _CSP
    return _ALWAYS + policy + (() if cacheable else _NO_STORE)


def security_headers(app: ASGIApp) -> ASGIApp:
    """ASGI middleware: every HTTP answer gets ``headers_for`` its path."""

    async def with_headers(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        ours = headers_for(scope["path"])
        names = {name for name, _ in ours}

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = [(n, v) for n, v in message.get("headers", ()) if n.lower() not in names]
                message["headers"] = [*kept, *ours]
            await send(message)

        await app(scope, receive, send_with_headers)

    return with_headers
