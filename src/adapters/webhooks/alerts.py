"""The hand-off alert POSTed to a clinic's webhook with httpx, as JSON signed with HMAC-SHA256.

The body names no patient: the clinic, the reason, the conversation's keyed hash and the time.
``X-ClinicFlow-Signature: sha256=<hex>`` is the HMAC-SHA256 of the raw body under
``CLINICFLOW_ALERT_WEBHOOK_SECRET``; the receiver recomputes it and compares in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC

import httpx
import msgspec

from adapters.http_client import HttpClient
from application.ports import AlertNotDelivered, HandoffAlert

SIGNATURE_HEADER = "X-ClinicFlow-Signature"
TIMEOUT_SECONDS = 10.0


class _Body(msgspec.Struct, frozen=True):
    event: str
    clinic_id: str
    reason: str
    conversation: str  # the patient's keyed hash: what the console and the audit log name them by
    since: str  # ISO 8601, UTC
    text: str = "Una conversación necesita a una persona"


def alert_body(alert: HandoffAlert) -> bytes:
    return msgspec.json.encode(
        _Body(
            event="conversation.needs_person",
            clinic_id=alert.clinic_id,
            reason=alert.reason.value,
            conversation=alert.conversation,
            since=alert.at.astimezone(UTC).isoformat(),
        )
    )


def signature(secret: bytes, body: bytes) -> str:
    return "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()


class SignedAlertWebhook:
    """Implements ``AlertWebhook``: one try per call; the worker tries again."""

    def __init__(self, http: HttpClient, secret: str | None) -> None:
        self._http = http
        self._secret = secret.encode() if secret else None

    async def post(self, url: str, alert: HandoffAlert) -> None:
        if self._secret is None:
            raise AlertNotDelivered("CLINICFLOW_ALERT_WEBHOOK_SECRET is not set: no alert goes unsigned")
        body = alert_body(alert)
        try:
            response = await self._http.client.post(
                url,
                content=body,
                headers={"Content-Type": "application/json", SIGNATURE_HEADER: signature(self._secret, body)},
                timeout=TIMEOUT_SECONDS,
                follow_redirects=False,
            )
        except httpx.HTTPError as exc:
            raise AlertNotDelivered(f"{type(exc).__name__} reaching the alert webhook") from exc
        if not response.is_success:
            raise AlertNotDelivered(f"the alert webhook answered {response.status_code}")
