"""Replies through Meta's Graph API (``POST /{version}/{phone_number_id}/messages``), with retries.

Retries use exponential backoff with full jitter, and only where retrying helps
(throughput and pair rate limits, Meta's 5xx, the network); a ``Retry-After`` header
is honoured. The access token travels only in the Authorization header: it is never
logged, and neither is a patient's number (``PatientAddress.masked()``).
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import httpx
import msgspec

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
    max_attempts: int = 4
    backoff_base_seconds: float = 0.5
    backoff_cap_seconds: float = 8.0
    timeout_seconds: float = 10.0


class _Sent(msgspec.Struct, frozen=True):
    id: str


class _SendAnswer(msgspec.Struct, frozen=True):
    messages: tuple[_Sent, ...] = ()


class GraphApiHttp:
    """The HTTP client (and its connection pool) for the Graph API, opened in the app's lifespan."""

    def __init__(self, client: httpx.AsyncClient | None = None) -> None:
        self._client = client
        self._owned = client is None

    @property
    def client(self) -> httpx.AsyncClient:
        if self._client is None:
            raise RuntimeError("the Graph API client is not started (start it in the app's lifespan)")
        return self._client

    async def start(self) -> None:
        if self._client is None:
            self._client = httpx.AsyncClient(
                limits=httpx.Limits(max_connections=50, max_keepalive_connections=20)
            )

    async def stop(self) -> None:
        if self._client is not None and self._owned:
            client, self._client = self._client, None
            await client.aclose()


MAX_REFERENCE = 512  # Meta's limit for biz_opaque_callback_data


@dataclass
class GraphApiSender:
    """Implements ``MessageSender`` over the Graph API."""

    http: GraphApiHttp
    config: GraphApiConfig
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    jitter: Callable[[], float] = random.random
    outbound: OutboundLog | None = None  # where each sent message's wamid is kept, for its receipts
    names: Pseudonyms = field(default_factory=Pseudonyms.random)  # a wamid's name in the log

    async def send(
        self, clinic: Clinic, to: PatientAddress, message: OutboundMessage, reference: str | None = None
    ) -> None:
        for payload in payloads(to, message):
            if reference is not None:
                # Meta hands it back in this message's delivery reports (statuses[]).
                payload["biz_opaque_callback_data"] = reference[:MAX_REFERENCE]
            wamid = await self._post(clinic.phone_number_id, payload, to)
            if self.outbound is not None and wamid:
                try:
                    await self.outbound.sent(clinic.id, to, wamid, str(payload["type"]))
                except Exception:  # the message is out: a bookkeeping failure must not fail the turn
                    log.exception("could not record sent message %s", self.names.message(wamid))

    async def mark_read(self, clinic: Clinic, message_id: str) -> None:
        """Blue ticks and a typing indicator for a message just received; failures only logged."""
        try:
            await self._post(clinic.phone_number_id, read_receipt(message_id), None, attempts=1)
        except GraphApiError as error:
            log.info("read receipt not sent: %s", error)

    async def _post(
        self,
        phone_number_id: str,
        payload: Payload,
        to: PatientAddress | None,
        *,
        attempts: int | None = None,
    ) -> str:
        url = f"{self.config.base_url}/{self.config.version}/{phone_number_id}/messages"
        body = msgspec.json.encode(payload)
        headers = {"Authorization": f"Bearer {self.config.access_token}", "Content-Type": "application/json"}
        most = attempts or self.config.max_attempts
        for attempt in range(1, most + 1):
            retry_after: float | None = None
            try:
                response = await self.http.client.post(
                    url, content=body, headers=headers, timeout=self.config.timeout_seconds
                )
            except httpx.TransportError as failure:
                error: GraphApiError = GraphApiUnreachable(f"Graph API unreachable: {type(failure).__name__}")
            else:
                if response.is_success:
                    return _wamid(response.content)
                error = error_from(response.status_code, response.content)
                retry_after = _seconds(response.headers.get("retry-after"))
            if not error.retryable or attempt == most:
                raise error
            delay = retry_after if retry_after is not None else self._backoff(attempt)
            log.warning(
                "Graph API send to %s failed (%s), attempt %d of %d, retrying in %.2fs",
                to.masked() if to else "-",
                error,
                attempt,
                most,
                delay,
            )
            await self.sleep(delay)
        raise AssertionError("unreachable")

    def _backoff(self, attempt: int) -> float:
        """Full jitter: a random wait up to base x 2^(attempt-1), capped."""
        ceiling = min(
            self.config.backoff_cap_seconds, self.config.backoff_base_seconds * 2.0 ** (attempt - 1)
        )
        return ceiling * self.jitter()


def _wamid(content: bytes) -> str:
    try:
        answer = msgspec.json.decode(content, type=_SendAnswer)
    except (msgspec.DecodeError, msgspec.ValidationError):
        return ""
    return answer.messages[0].id if answer.messages else ""


def _seconds(header: str | None) -> float | None:
    try:
        return max(0.0, float(header)) if header else None
    except ValueError:
        return None
