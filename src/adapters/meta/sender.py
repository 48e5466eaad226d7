"""Replies through Meta's Graph API (``POST /{version}/{phone_number_id}/messages``).

Each request is tried once. Whether and when to try again is the caller's: the outbox for
replies, the reminder queue for reminders, the next run for recalls. So one reply makes one
HTTP request per outbox attempt, never retries within retries. A failure says whether trying
again may help (throughput and pair rate limits, Meta's 5xx, the network), how long Meta asked
us to wait (``Retry-After``), and how many requests of a reply sent as several got through.
The access token travels only in the Authorization header: it is never logged, and neither is
a patient's number (``PatientAddress.masked()``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta

import httpx
import msgspec

from adapters.http_client import HttpClient
from adapters.meta.errors import GraphApiError, GraphApiUnreachable, error_from
from adapters.meta.wire import Payload, payloads, read_receipt
from application.messages import OutboundMessage
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
        for part, payload in enumerate(payloads(to, message)):
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
            if self.outbound is not None and wamid:
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
        url = f"{self.config.base_url}/{self.config.version}/{phone_number_id}/messages"
        body = msgspec.json.encode(payload)
        headers = {"Authorization": f"Bearer {self.config.access_token}", "Content-Type": "application/json"}
        try:
            response = await self.http.client.post(
                url, content=body, headers=headers, timeout=self.config.timeout_seconds
            )
        except httpx.TransportError as failure:
            raise GraphApiUnreachable(f"Graph API unreachable: {type(failure).__name__}") from None
        if response.is_success:
            return _wamid(response.content)
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
