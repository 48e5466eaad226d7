"""Replies through Meta's Graph API (``POST /{version}/{phone_number_id}/messages``).

Each request is tried once. Whether and when to try again is the caller's: the outbox for
replies, the reminder queue for reminders, the next run for recalls. So one reply makes one
HTTP request per outbox attempt, never retries within retries. A failure says whether trying
again may help (throughput and pair rate limits, Meta's 5xx, the network), how long Meta asked
us to wait (``Retry-After``), and how many requests of a reply sent as several got through.
A document is uploaded first (``POST /{phone_number_id}/media``), then sent by the id Meta gave
it: one part, whose two requests are tried again together (a failure after the upload uploads
again on the next try; the unused upload is harmless, Meta deletes uploads after 30 days).
The access token travels only in the Authorization header: it is never logged, and neither is
a patient's number (``PatientAddress.masked()``) nor a file's content.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta

import httpx
import msgspec

from adapters.http_client import HttpClient
from adapters.meta.errors import GraphApiError, GraphApiUnreachable, MetaTemporaryError, error_from
from adapters.meta.wire import Payload, payloads, read_receipt
from application.messages import DocumentReply, OutboundMessage, TextReply
from application.ports import OutboundLog
from application.pseudonyms import Pseudonyms
from domain.clinic import Clinic
from domain.ids import PatientAddress

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class GraphApiConfig:
    access_token: str = field(repr=False)
    version: str = "v23.0"
    base_url: str = "https://graph.facebook.com"
    timeout_seconds: float = 10.0


class _Sent(msgspec.Struct, frozen=True):
    id: str


class _SendAnswer(msgspec.Struct, frozen=True):
    messages: tuple[_Sent, ...] = ()


class _UploadAnswer(msgspec.Struct, frozen=True):
    id: str = ""


MAX_REFERENCE = 512  # Meta's limit for biz_opaque_callback_data


@dataclass
class GraphApiSender:
    """Implements ``MessageSender`` over the Graph API."""

    http: HttpClient
    config: GraphApiConfig
    outbound: OutboundLog | None = None  # where each sent message's wamid is kept, for its receipts
    names: Pseudonyms = field(default_factory=Pseudonyms.random)  # a wamid's name in the log

    async def send(
        self,
        clinic: Clinic,
        to: PatientAddress,
        message: OutboundMessage,
        reference: str | None = None,
        *,
        from_part: int = 0,
    ) -> None:
        if isinstance(message, DocumentReply):
            if from_part >= 1:
                return  # Meta took the document on an earlier try
            try:
                media_id = await self._upload(clinic.phone_number_id, message)
            except GraphApiError as error:
                error.parts_sent = 0
                log.warning("Graph API upload of a document for %s failed: %s", to.masked(), error)
                raise
            requests = payloads(to, message, media_id=media_id)
        else:
            requests = payloads(to, message)
        for part, payload in enumerate(requests):
            if part < from_part:
                continue  # Meta took it on an earlier try
            if reference is not None:
                # Meta hands it back in this message's delivery reports (statuses[]).
                payload["biz_opaque_callback_data"] = reference[:MAX_REFERENCE]
            try:
                wamid = await self._post(clinic.phone_number_id, payload)
            except GraphApiError as error:
                error.parts_sent = part
                log.warning("Graph API send to %s failed: %s", to.masked(), error)
                raise
            # The last message to an erased patient leaves no id behind: its receipts find nothing.
            forget = isinstance(message, TextReply) and message.forget_when_sent
            if self.outbound is not None and wamid and not forget:
                try:
                    await self.outbound.sent(clinic.id, to, wamid, str(payload["type"]))
                except Exception:  # the message is out: a bookkeeping failure must not fail the turn
                    log.exception("could not record sent message %s", self.names.message(wamid))

    async def mark_read(self, clinic: Clinic, message_id: str) -> None:
        """Blue ticks and a typing indicator for a message just received; failures only logged."""
        try:
            await self._post(clinic.phone_number_id, read_receipt(message_id))
        except GraphApiError as error:
            log.info("read receipt not sent: %s", error)

    async def _post(self, phone_number_id: str, payload: Payload) -> str:
        """One request; Meta's id for the message sent, or the typed error of the failure."""
        response = await self._request(
            f"{phone_number_id}/messages",
            content=msgspec.json.encode(payload),
            headers={"Content-Type": "application/json"},
        )
        return _wamid(response.content)

    async def _upload(self, phone_number_id: str, document: DocumentReply) -> str:
        """The file uploaded to Meta (multipart, one request); the media id to send it by."""
        response = await self._request(
            f"{phone_number_id}/media",
            data={"messaging_product": "whatsapp", "type": document.mime_type},
            files={"file": (document.filename, document.content, document.mime_type)},
        )
        try:
            media_id = msgspec.json.decode(response.content, type=_UploadAnswer).id
        except (msgspec.DecodeError, msgspec.ValidationError):
            media_id = ""
        if not media_id:
            raise MetaTemporaryError(
                f"Graph API {response.status_code}: an upload answered without a media id"
            )
        return media_id

    async def _request(
        self,
        edge: str,
        *,
        headers: dict[str, str] | None = None,
        content: bytes | None = None,
        data: dict[str, str] | None = None,
        files: dict[str, tuple[str, bytes, str]] | None = None,
    ) -> httpx.Response:
        """One POST to ``/{version}/{edge}`` with the token; the answer if 2xx, else its typed error."""
        url = f"{self.config.base_url}/{self.config.version}/{edge}"
        headers = {"Authorization": f"Bearer {self.config.access_token}", **(headers or {})}
        try:
            response = await self.http.client.post(
                url,
                content=content,
                data=data,
                files=files,
                headers=headers,
                timeout=self.config.timeout_seconds,
            )
        except httpx.TransportError as failure:
            raise GraphApiUnreachable(f"Graph API unreachable: {type(failure).__name__}") from None
        if response.is_success:
            return response
        error = error_from(response.status_code, response.content)
        error.retry_after = _pause(response.headers.get("retry-after"))
        raise error


def _wamid(content: bytes) -> str:
    try:
        answer = msgspec.json.decode(content, type=_SendAnswer)
    except (msgspec.DecodeError, msgspec.ValidationError):
        return ""
    return answer.messages[0].id if answer.messages else ""


def _pause(header: str | None) -> timedelta | None:
    """A ``Retry-After`` in seconds (Meta sends seconds), at most a day; None when absent or not a number."""
    try:
        return timedelta(seconds=min(max(0.0, float(header)), 86_400.0)) if header else None
    except ValueError:
        return None
