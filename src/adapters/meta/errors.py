"""Meta's Graph API errors as typed exceptions, by Meta's error ``code``.

Only some are worth retrying: throughput and pair rate limits, Meta's own 5xx and
temporary errors, and the network. Everything else fails the same way again.
"""

from __future__ import annotations

from typing import ClassVar

import msgspec

from application.ports import DeliveryFailed


class GraphApiError(DeliveryFailed):
    retryable: ClassVar[bool] = False

    def __init__(
        self,
        message: str,
        *,
        code: int | None = None,
        subcode: int | None = None,
        http_status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.subcode = subcode
        self.http_status = http_status


class ThroughputLimited(GraphApiError):
    """130429: the business number sends faster than its throughput allows."""

    retryable = True


class PairRateLimited(GraphApiError):
    """131056: too many messages to this one patient in a short time."""

    retryable = True


class MetaTemporaryError(GraphApiError):
    """Meta's 5xx, or its "temporarily unavailable" codes."""

    retryable = True


class GraphApiUnreachable(GraphApiError):
    """The request did not get an answer (connection refused, timeout)."""

    retryable = True


class Undeliverable(GraphApiError):
    """131026: the recipient cannot receive this message (no WhatsApp, old app, blocked us)."""


class ReEngagementRequired(GraphApiError):
    """131047: more than 24 hours since the patient wrote; only a template can reach them."""


class AccessTokenInvalid(GraphApiError):
    """190 (or a permission error): the access token expired or lacks permission. Never retried."""


class TemplateRejected(GraphApiError):
    """132xxx: the template does not exist, is paused, or its parameters do not match."""


_BY_CODE: dict[int, type[GraphApiError]] = {
    130429: ThroughputLimited,
    131056: PairRateLimited,
    131026: Undeliverable,
    131047: ReEngagementRequired,
    190: AccessTokenInvalid,
    10: AccessTokenInvalid,
    200: AccessTokenInvalid,
    1: MetaTemporaryError,
    2: MetaTemporaryError,
    131000: MetaTemporaryError,
    133004: MetaTemporaryError,
}


class _Error(msgspec.Struct, frozen=True):
    message: str = ""
    code: int | None = None
    error_subcode: int | None = None
    fbtrace_id: str | None = None


class _ErrorBody(msgspec.Struct, frozen=True):
    error: _Error


def error_from(http_status: int, body: bytes) -> GraphApiError:
    """The typed error for a non-2xx answer, from Meta's ``{"error": {"code": ...}}`` body."""
    try:
        error = msgspec.json.decode(body, type=_ErrorBody).error
    except (msgspec.DecodeError, msgspec.ValidationError):
        error = _Error(message=f"HTTP {http_status} without a Graph API error body")
    code = error.code
    if code is not None and code in _BY_CODE:
        kind = _BY_CODE[code]
    elif code is not None and 132000 <= code < 133000:
        kind = TemplateRejected
    elif http_status == 429:
        kind = ThroughputLimited
    elif http_status >= 500:
        kind = MetaTemporaryError
    elif http_status == 401:
        kind = AccessTokenInvalid
    else:
        kind = GraphApiError
    trace = f", fbtrace_id {error.fbtrace_id}" if error.fbtrace_id else ""
    return kind(
        f"Graph API {http_status} code {code}: {error.message}{trace}",
        code=code,
        subcode=error.error_subcode,
        http_status=http_status,
    )
