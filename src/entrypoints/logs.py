"""Logs as one JSON object per line (or readable text), with request and turn ids, phones masked,
message ids replaced by their keyed hash.

The code logs through the standard library (``logging.getLogger(__name__)``); structlog's
formatter renders every record, the libraries' too (uvicorn, asyncpg, httpx), adding what the
context holds: ``request_id`` for the HTTP request being served, ``turn_id`` and ``clinic_id`` for
the turn being taken. A turn started by a webhook request carries that request's id, so one id
follows a message from Meta's delivery to our reply.

A message is named in logs by its keyed hash (``Pseudonyms.message``), never by Meta's id: a wamid
is base64 with the patient's number inside. Whatever id still reaches a line (an error of Meta's, a
database's duplicate-key detail) is replaced by that same hash, in every field, so a search for a
message's name finds every line about it.
"""

from __future__ import annotations

import logging
import re
import secrets
import sys
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager
from typing import Any

import structlog
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from application.pseudonyms import Pseudonyms

REQUEST_ID_HEADER = "x-request-id"
_GIVEN_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
# A run of 8 to 15 digits, perhaps after a +, is a phone number until proven otherwise: all but
# its last four digits are hidden. The code masks numbers itself (``PatientAddress.masked``);
# this catches what a library or an exception message let through. Our own names (a keyed hash,
# a turn id: 16 or 32 hex characters) are left whole, even when they start with digits.
_PHONE = re.compile(r"(?<![\w])(?![0-9a-f]{16}(?:[0-9a-f]{16})?(?!\w))\+?(\d{4,11})(\d{4})(?!\d)")
_UNMASKED_KEYS = frozenset({"timestamp", "level", "logger", "request_id", "turn_id"})
# Meta's message ids: "wamid." and base64, standard or URL-safe, padded or not.
_MESSAGE_ID = re.compile(r"wamid\.[A-Za-z0-9+/_=-]+", re.IGNORECASE)


def mask_phone_numbers(text: str) -> str:
    return _PHONE.sub(lambda found: "*" * len(found.group(1)) + found.group(2), text)


class _Scrub:
    """The last step before rendering: in every field, nested ones too, message ids become their
    keyed hash, then phone numbers are masked (outside the fields that hold only our own ids)."""

    def __init__(self, names: Pseudonyms) -> None:
        self._names = names

    def __call__(self, _: Any, __: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
        for key, value in event.items():
            event[key] = self._clean(value, mask=key not in _UNMASKED_KEYS)
        return event

    def _clean(self, value: Any, *, mask: bool) -> Any:
        if isinstance(value, str):
            named = _MESSAGE_ID.sub(lambda found: self._names.message(found.group()), value)
            return mask_phone_numbers(named) if mask else named
        if value is None or isinstance(value, bool | int | float):
            return value
        if isinstance(value, dict):
            return {self._clean(k, mask=mask): self._clean(v, mask=mask) for k, v in value.items()}
        if isinstance(value, list | tuple | set | frozenset):
            return [self._clean(item, mask=mask) for item in value]
        return self._clean(repr(value), mask=mask)  # what the renderer would show of it


def configure(log_format: str = "json", level: str = "info", names: Pseudonyms | None = None) -> None:
    """Route every record through structlog's formatter, to stderr; message ids in lines become
    their hash under ``names`` (the process's ``CLINICFLOW_HASH_KEY``; without it, a random key)."""
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        # A traceback as text before the scrub, in both formats: the console renderer's own would
        # skip it (and Rich's shows local variables).
        structlog.processors.format_exc_info,
    ]
    renderer: Any
    if log_format == "json":
        renderer = structlog.processors.JSONRenderer()
    else:
        renderer = structlog.dev.ConsoleRenderer(colors=False)
    scrub = _Scrub(names or Pseudonyms.random())
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, scrub, renderer],
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    for old in root.handlers[:]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    # Python's warnings (a library's deprecation, say) become records of the "py.warnings" logger,
    # rendered like every other line: printed raw, they would break the JSON stream.
    logging.captureWarnings(True)
    # A line per Graph API request (every reply, every read receipt) repeats what each turn's
    # own line says; its failures are logged by the sender.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)


def new_id() -> str:
    return secrets.token_hex(8)


@contextmanager
def bound(**context: str) -> Iterator[None]:
    """Add ``context`` to every line logged inside the block (this task and the tasks it starts)."""
    with structlog.contextvars.bound_contextvars(**context):
        yield


def request_ids(app: ASGIApp) -> ASGIApp:
    """ASGI middleware: each HTTP request gets an id (the caller's ``X-Request-ID`` when it is a
    sane one, else a new one), logged with every line of the request and sent back in the answer."""

    async def with_request_id(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        request_id = _given_id(scope) or new_id()
        header = (REQUEST_ID_HEADER.encode(), request_id.encode())

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), header]
            await send(message)

        tokens = structlog.contextvars.bind_contextvars(request_id=request_id)
        try:
            await app(scope, receive, send_with_id)
        finally:
            structlog.contextvars.reset_contextvars(**tokens)

    return with_request_id


def _given_id(scope: Scope) -> str | None:
    for name, value in scope["headers"]:
        if name == b"x-request-id":
            given = value.decode("latin-1")
            return given if _GIVEN_ID.fullmatch(given) else None
    return None
