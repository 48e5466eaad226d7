"""A fake of Meta's Graph API on 127.0.0.1: real HTTP, Meta's request and error formats, scriptable.

It records every request, checks the Bearer token as Meta would (401 with code 190
otherwise), answers sends with Meta's success body and a fresh ``wamid``, and can be
told to answer the next requests with Meta's error bodies, other statuses or delays.

Files uploaded (``POST /{version}/{phone_number_id}/media``, multipart) are kept by the media id
answered, as Meta keeps them; a document message naming an id it does not keep is refused (400).
"""

from __future__ import annotations

import base64
import email
import email.message
import email.policy
import hashlib
import itertools
import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests import meta_payloads as meta
from tests.integration.servers._http import JsonHandler, serving
from tests.wamids import wamid as realistic_wamid

TOKEN = "EAAG-fake-graph-token-never-logged"

# The types Meta takes in an upload (its "supported media types"); an .ics goes as text/plain.
UPLOAD_TYPES = frozenset(
    {
        "audio/aac",
        "audio/amr",
        "audio/mpeg",
        "audio/mp4",
        "audio/ogg",
        "text/plain",
        "application/pdf",
        "application/msword",
        "application/vnd.ms-excel",
        "application/vnd.ms-powerpoint",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "image/jpeg",
        "image/png",
        "image/webp",
        "video/3gpp",
        "video/mp4",
    }
)


@dataclass(frozen=True)
class Answer:
    status: int = 200
    body: dict[str, Any] | None = None  # None: Meta's success body for the request
    delay_seconds: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)


def meta_error(
    code: int, message: str, *, status: int = 400, subcode: int | None = None, **headers: str
) -> Answer:
    """An error answer exactly as the Graph API writes it."""
    error: dict[str, Any] = {
        "message": f"(#{code}) {message}",
        "type": "OAuthException",
        "code": code,
        "error_data": {"messaging_product": "whatsapp", "details": message},
        "fbtrace_id": "AbCdEfGhIjKlMnOpQrStUv",
    }
    if subcode is not None:
        error["error_subcode"] = subcode
    return Answer(
        status=status, body={"error": error}, headers={k.replace("_", "-"): v for k, v in headers.items()}
    )


@dataclass(frozen=True)
class Media:
    content: bytes
    mime_type: str
    overrides: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Upload:
    """A file uploaded to ``/media``: its name and type as the multipart part gave them, the
    ``type`` form field (what Meta is told), and its bytes."""

    filename: str
    mime_type: str  # the ``type`` field
    content_type: str  # the file part's own Content-Type
    content: bytes


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: dict[str, str]
    json: dict[str, Any]  # {} for an upload, whose fields are in ``form``
    form: dict[str, str] = field(default_factory=dict)  # an upload's form fields, but the file


class FakeGraphApi:
    def __init__(self, url: str) -> None:
        self.url = url
        self.requests: list[Request] = []
        self._script: deque[Answer] = deque()
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._webhook: tuple[str, str] | None = None
        self._outage: tuple[float, Answer] | None = None
        self.reports_delivered = 0
        self.accepted: list[dict[str, Any]] = []  # message requests answered with success, in order
        self.media: dict[str, Media] = {}  # media id -> the file Meta keeps for it
        self.downloads: list[str] = []  # the media ids downloaded, in order
        self.uploads: dict[str, Upload] = {}  # media id -> the file uploaded for it, in order
        self._media_ids = itertools.count(1_000_000_000_000_001)  # never reset: ids stay unique
        # ``wamid.FAKE00000001``... by default; with ``realistic_ids`` ids shaped as Meta's, base64
        # with the recipient's number inside (``tests.wamids``), for tests of what is kept of them.
        self.realistic_ids = False
        self.wamids: list[str] = []  # the ids answered to sends, in order

    def keep(self, media_id: str, content: bytes, mime_type: str, **answer: Any) -> None:
        """A file a patient sent, as Meta keeps it: ``GET /{version}/{media_id}`` describes it
        (``answer`` overrides the description: another url, size or sha256) and its URL serves it."""
        self.media[media_id] = Media(content, mime_type, answer)

    def fail_for(self, seconds: float, answer: Answer) -> None:
        """Answer every message request so for the next ``seconds`` (an outage of Meta's)."""
        self.answer_for(seconds, answer)

    def answer_for(self, seconds: float, answer: Answer) -> None:
        """Answer every message request so for the next ``seconds`` (errors, or slow successes)."""
        with self._lock:
            self._outage = (time.monotonic() + seconds, answer)

    def report_to(self, webhook_url: str, app_secret: str) -> None:
        """Post a signed 'sent' receipt to the webhook for every message taken, as Meta does;
        retried until the webhook answers 2xx (it may be down, as after a crash)."""
        self._webhook = (webhook_url, app_secret)

    def answer(self, *answers: Answer) -> None:
        """Answer the next requests so, in order; after them, succeed again."""
        with self._lock:
            self._script.extend(answers)

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()
            self._script.clear()
            self._ids = itertools.count(1)

    @property
    def sent(self) -> list[dict[str, Any]]:
        """The JSON bodies of the message requests (not read receipts nor uploads), in order."""
        return [
            r.json
            for r in self.requests
            if r.method == "POST" and r.path.endswith("/messages") and "status" not in r.json
        ]

    def sent_to(self, phone: str) -> list[dict[str, Any]]:
        """The messages sent to ``phone`` (digits, as the patient's number is stored), in order."""
        return [body for body in self.sent if body.get("to") == f"+{phone}"]

    def uploaded(self, media_id: str) -> Upload:
        """The file uploaded under ``media_id`` (KeyError if none was)."""
        return self.uploads[media_id]

    def _handle(self, handler: JsonHandler) -> tuple[Answer, dict[str, Any]]:
        headers = {k.lower(): v for k, v in handler.headers.items()}
        if handler.path.rstrip("/").endswith("/media"):
            form, file = _multipart(headers.get("content-type", ""), _read(handler))
            return self._upload(Request(handler.command, handler.path, headers, {}, form), file)
        body = handler.read_json()
        request = Request(handler.command, handler.path, headers, body)
        with self._lock:
            self.requests.append(request)
            scripted = self._script.popleft() if self._script else Answer()
            if self._outage is not None and time.monotonic() < self._outage[0] and "status" not in body:
                scripted = self._outage[1]
            number = next(self._ids)
        if request.headers.get("authorization") != f"Bearer {TOKEN}":
            return meta_error(190, "Error validating access token", status=401), {}
        if scripted.body is not None or scripted.status != 200:
            return scripted, scripted.body or {}
        if "status" in body:  # a read receipt
            return scripted, {"success": True}
        if body.get("type") == "document" and str((body.get("document") or {}).get("id")) not in self.media:
            refused = meta_error(
                100, "Param document['id'] is not a valid whatsapp business account media attachment ID"
            )
            return refused, refused.body or {}
        to = body.get("to") or body.get("recipient", "")
        wamid = realistic_wamid(str(to)) if self.realistic_ids else f"wamid.FAKE{number:08d}"
        success = {
            "messaging_product": "whatsapp",
            "contacts": [{"input": to, "wa_id": str(to).removeprefix("+")}],
            "messages": [{"id": wamid}],
        }
        with self._lock:
            self.accepted.append(body)
            self.wamids.append(wamid)
        if self._webhook is not None:
            phone_number_id = request.path.strip("/").split("/")[1]
            receipt = meta.status_delivery(
                phone_number_id,
                str(to).removeprefix("+"),
                wamid,
                "sent",
                int(time.time()),
                callback_data=body.get("biz_opaque_callback_data"),
            )
            threading.Thread(target=self._report, args=(receipt,), daemon=True).start()
        return scripted, success

    def _upload(self, request: Request, file: Upload | None) -> tuple[Answer, dict[str, Any]]:
        """``POST /{version}/{phone_number_id}/media``: keeps the file, answers its media id."""
        with self._lock:
            self.requests.append(request)
            scripted = self._script.popleft() if self._script else Answer()
            if self._outage is not None and time.monotonic() < self._outage[0]:
                scripted = self._outage[1]
        if request.headers.get("authorization") != f"Bearer {TOKEN}":
            return meta_error(190, "Error validating access token", status=401), {}
        if scripted.body is not None or scripted.status != 200:
            return scripted, scripted.body or {}
        if request.form.get("messaging_product") != "whatsapp":
            refusal = "Param messaging_product is required and must be whatsapp"
        elif file is None:
            refusal = "Param file is required"
        elif file.mime_type not in UPLOAD_TYPES:
            refusal = "Param file must be a file with one of the following types: " + ", ".join(
                sorted(UPLOAD_TYPES)
            )
        else:
            refusal = ""
        if refusal or file is None:
            refused = meta_error(100, refusal)
            return refused, refused.body or {}
        media_id = str(next(self._media_ids))
        with self._lock:
            self.uploads[media_id] = file
            self.media[media_id] = Media(file.content, file.mime_type)
        return scripted, {"id": media_id}

    def _get(self, handler: JsonHandler) -> None:
        """``GET /{version}/{media-id}`` (what Meta keeps of a file) or ``GET /download/{media-id}``."""
        authorised = handler.headers.get("authorization") == f"Bearer {TOKEN}"
        with self._lock:
            self.requests.append(
                Request("GET", handler.path, {k.lower(): v for k, v in handler.headers.items()}, {})
            )
        parts = handler.path.strip("/").split("/")
        media = self.media.get(parts[-1]) if len(parts) == 2 else None
        if not authorised:
            answer = meta_error(190, "Error validating access token", status=401)
            handler.write_json(answer.status, answer.body)
        elif media is None:
            answer = meta_error(100, "Unsupported get request. Object does not exist", status=404)
            handler.write_json(answer.status, answer.body)
        elif parts[0] == "download":
            with self._lock:
                self.downloads.append(parts[1])
            handler.write_bytes(200, media.content, media.mime_type)
        else:
            described = {
                "messaging_product": "whatsapp",
                "url": f"{self.url}/download/{parts[1]}",
                "mime_type": media.mime_type,
                "sha256": base64.b64encode(hashlib.sha256(media.content).digest()).decode(),
                "file_size": str(len(media.content)),
                "id": parts[1],
            }
            handler.write_json(200, described | media.overrides)

    def _report(self, receipt: meta.JsonObject) -> None:
        assert self._webhook is not None
        url, secret = self._webhook
        raw = meta.encode(receipt)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                answer = httpx.post(url, content=raw, headers=meta.signed_headers(secret, raw), timeout=5)
                if answer.is_success:
                    with self._lock:
                        self.reports_delivered += 1
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)


def text_of(body: dict[str, Any]) -> str:
    """What a patient reads of a sent message: a text's body, or an interactive message's."""
    return str(
        (body.get("text") or {}).get("body")
        or ((body.get("interactive") or {}).get("body") or {}).get("text", "")
    )


def choices_of(body: dict[str, Any]) -> list[tuple[str, str]]:
    """The ids and titles a patient can tap in a sent message: its list rows, then its buttons."""
    action = (body.get("interactive") or {}).get("action") or {}
    rows = [row for section in action.get("sections", []) for row in section.get("rows", [])]
    buttons = [button.get("reply", {}) for button in action.get("buttons", [])]
    return [(str(c.get("id", "")), str(c.get("title", ""))) for c in (*rows, *buttons)]


def _read(handler: JsonHandler) -> bytes:
    return handler.rfile.read(int(handler.headers.get("content-length") or 0))


def _multipart(content_type: str, raw: bytes) -> tuple[dict[str, str], Upload | None]:
    """A multipart/form-data body's fields (but the file) and its file part (``file``), if any."""
    message = email.message_from_bytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + raw, policy=email.policy.HTTP
    )
    if not isinstance(message, email.message.EmailMessage) or not message.is_multipart():
        return {}, None
    fields: dict[str, str] = {}
    file: tuple[str, str, bytes] | None = None
    for part in message.iter_parts():
        name = str(part.get_param("name", "", header="content-disposition"))
        content = part.get_payload(decode=True)
        assert isinstance(content, bytes)
        if name == "file":
            file = (part.get_filename() or "", part.get_content_type(), content)
        else:
            fields[name] = content.decode()
    if file is None:
        return fields, None
    filename, content_type, content = file
    return fields, Upload(filename, fields.get("type", ""), content_type, content)


@contextmanager
def fake_graph_api() -> Iterator[FakeGraphApi]:
    fakes: list[FakeGraphApi] = []

    class Handler(JsonHandler):
        def do_GET(self) -> None:
            fakes[0]._get(self)

        def do_POST(self) -> None:
            answer, body = fakes[0]._handle(self)
            if answer.delay_seconds:
                time.sleep(answer.delay_seconds)
            self.write_json(answer.status, body, answer.headers)

    with serving(Handler, "fake-graph-api") as url:
        fakes.append(FakeGraphApi(url))
        yield fakes[0]
