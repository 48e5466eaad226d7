"""The Litestar app: Meta's webhook (handshake and signed deliveries) and health."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from typing import Annotated, Any

from litestar import Litestar, Request, get, post
from litestar.datastructures import State
from litestar.enums import MediaType
from litestar.openapi import OpenAPIConfig
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import QueryParameter
from litestar.response import Response
from litestar.response.base import ASGIResponse
from litestar.status_codes import (
    HTTP_200_OK,
    HTTP_400_BAD_REQUEST,
    HTTP_401_UNAUTHORIZED,
    HTTP_403_FORBIDDEN,
    HTTP_500_INTERNAL_SERVER_ERROR,
    HTTP_503_SERVICE_UNAVAILABLE,
)
from litestar.types import ASGIApp

from adapters.meta.inbound import MetaDelivery
from adapters.meta.payload import MalformedDelivery, decode_delivery
from adapters.meta.signature import verify_signature, verify_token_matches, well_formed
from adapters.observability.prometheus import CONTENT_TYPE as PROMETHEUS_CONTENT_TYPE
from adapters.postgres.failures import database_outage
from application.intake import Intake
from application.ports import DeliveryOutcome, Metrics, ServiceUnavailable
from application.pseudonyms import Pseudonyms
from entrypoints import logs
from entrypoints.api import SECURITY_COMPONENTS, staff_api
from entrypoints.console import console_routes, console_stores, console_templates
from entrypoints.container import Container, exposition, start_services, stop_services, unready
from entrypoints.hand_offs import hand_offs_forever
from entrypoints.security_headers import security_headers
from entrypoints.settings import Settings
from entrypoints.turns import TurnRunner

log = logging.getLogger(__name__)

WEBHOOK_PATH = "/webhooks/whatsapp"
SIGNATURE_HEADER = "x-hub-signature-256"
# Meta's deliveries are at most a few megabytes; anything larger is refused before it is read.
MAX_DELIVERY_BYTES = 3 * 1024 * 1024


class _SparseLog:
    """Logs how many bad signatures came in, at most once a minute: a flood must not flood the log."""

    def __init__(self, every_seconds: float = 60.0) -> None:
        self._every = every_seconds
        self._count = 0
        self._last = -every_seconds

    def seen(self) -> None:
        self._count += 1
        now = time.monotonic()
        if now - self._last >= self._every:
            log.warning(
                "webhook deliveries with a bad signature refused: %d since the last report", self._count
            )
            self._count, self._last = 0, now


bad_signatures = _SparseLog()


def _text(body: str, status: int) -> Response[str]:
    return Response(body, status_code=status, media_type=MediaType.TEXT)


def _plain(body: str, status: int, headers: dict[str, str] | None = None) -> ASGIResponse:
    """A plain-text answer as the ASGI response itself: the webhook's answers skip Litestar's
    response conversion, which cost more than verifying the signature."""
    return ASGIResponse(body=body, status_code=status, media_type=MediaType.TEXT, headers=headers)


_OK = _plain("ok", HTTP_200_OK)  # stateless: sent again and again


@dataclass(frozen=True, slots=True)
class WhatsAppWebhook:
    """Meta's webhook: the verification handshake and signed deliveries.

    Built once when the app starts (``_lifespan``, from the container) and kept in the app's
    state; the route handlers below call it. Litestar's per-request dependency injection cost
    more than the rest of the intake together: it resolved five providers in a task group for
    every delivery.
    """

    _settings: Settings
    _intake: Intake
    _turns: TurnRunner
    _metrics: Metrics
    _names: Pseudonyms

    @classmethod
    def of(cls, container: Container) -> WhatsAppWebhook:
        return cls(
            container.settings(),
            container.intake(),
            container.turns(),
            container.metrics(),
            container.pseudonyms(),
        )

    def verify(self, mode: str | None, token: str | None, challenge: str | None) -> Response[str]:
        """Echo ``hub.challenge`` when Meta presents our verify token."""
        if (
            mode == "subscribe"
            and challenge is not None
            and verify_token_matches(self._settings.meta_verify_token, token)
        ):
            return _text(challenge, HTTP_200_OK)
        return _text("forbidden", HTTP_403_FORBIDDEN)

    async def receive(self, request: Request[Any, Any, Any]) -> ASGIResponse:
        """Verify the HMAC-SHA256 signature of the raw body, record every message in it, answer 200."""
        signature = request.headers.get(SIGNATURE_HEADER)
        if not signature:
            self._metrics.delivery(DeliveryOutcome.MISSING_SIGNATURE)
            return _plain("missing signature", HTTP_401_UNAUTHORIZED)
        if not well_formed(signature):  # refused before the body is read: a flood of these is cheap
            return self._bad_signature()
        body = await request.body()
        if not verify_signature(self._settings.meta_app_secret, body, signature):
            return self._bad_signature()
        try:
            delivery = decode_delivery(body)
        except MalformedDelivery as error:
            log.warning("malformed webhook delivery: %s", error)
            self._metrics.delivery(DeliveryOutcome.MALFORMED)
            return _plain("malformed delivery", HTTP_400_BAD_REQUEST)
        try:
            recorded = await self._intake.record(MetaDelivery(delivery))
        except Exception as outage:
            if not _outage(outage):
                raise  # not "try later" but a bug: a 500, logged by the app's handler of the unexpected
            # What was not recorded is not acknowledged: Meta delivers the whole delivery again
            # later, and what was recorded by then is recognised as a redelivery.
            log.warning("delivery not (fully) recorded, deferred: %s: %s", type(outage).__name__, outage)
            self._metrics.delivery(DeliveryOutcome.DEFERRED)
            return _plain("unavailable, retry later", HTTP_503_SERVICE_UNAVAILABLE, {"Retry-After": "30"})
        self._metrics.messages([m.kind for m in recorded.accepted], recorded.redelivered)
        # Answered after the 200 (a slow model never makes Meta time out and deliver again),
        # here or, with CLINICFLOW_TURNS=workers, by the workers the inbox wakes.
        if not self._settings.turns_in_workers:
            for message in recorded.accepted:
                self._turns.start(message.clinic_id, message.sender, message.sent_at)
        # Replies refused outside the 24-hour window, queued again as the clinic's template.
        if not self._settings.turns_in_workers:
            for clinic_id, patient in recorded.resent:
                self._turns.start(clinic_id, patient)
        self._metrics.delivery(DeliveryOutcome.ACCEPTED)
        return _OK

    def _bad_signature(self) -> ASGIResponse:
        bad_signatures.seen()
        self._metrics.delivery(DeliveryOutcome.BAD_SIGNATURE)
        return _plain("bad signature", HTTP_403_FORBIDDEN)


def _outage(error: Exception) -> bool:
    """Whether ``error`` says a store is away (Meta should deliver again later), rather than that
    the delivery or the code is wrong: bad data is never reported as an outage."""
    return isinstance(error, ServiceUnavailable) or database_outage(error)


def unexpected_error(request: Request[Any, Any, Any], error: Exception) -> Response[dict[str, str]]:
    """The answer to every error no layer of the app handles (a bug): a 500, and the one log line
    of it, with its traceback and the request's id. The line names the route's template, never
    the path itself (it may hold a phone number), nor the request's data."""
    route = request.scope.get("path_template") or "an unknown route"
    log.error("unexpected %s answering %s %s", type(error).__name__, request.method, route, exc_info=error)
    return Response({"error": "internal error"}, status_code=HTTP_500_INTERNAL_SERVER_ERROR)


@get("/health", media_type=MediaType.TEXT, summary="Liveness")
async def health() -> str:
    return "ok"


def _text_spec(description: str) -> ResponseSpec:
    return ResponseSpec(str, description=description, media_type=MediaType.TEXT, generate_examples=False)


def _bearer_matches(header: str | None, token: str) -> bool:
    scheme, _, given = (header or "").partition(" ")
    return scheme.lower() == "bearer" and verify_token_matches(token, given.strip())


def create_app(container: Container) -> Litestar:
    """The web app over a configured container (tests pass one with overrides).

    Pools are opened in the app's lifespan, on the server's own event loop.
    """
    app = Litestar(
        route_handlers=[
            verify,
            receive,
            health,
            ready,
            metrics,
            staff_api(container),
            *console_routes(container),
        ],
        template_config=console_templates(),
        stores=console_stores(container.settings()),
        lifespan=[_lifespan(container)],
        logging_config=None,  # the process's logging is `logs.configure`'s (serve, worker)
        # Litestar logs no exception then: the unexpected ones (500s) are logged by this handler.
        exception_handlers={HTTP_500_INTERNAL_SERVER_ERROR: unexpected_error},
        request_max_body_size=MAX_DELIVERY_BYTES,
        openapi_config=OpenAPIConfig(
            title="ClinicFlow",
            version="1",
            description="Meta's webhook, health, and the clinics' staff API (under /api/v1).",
            components=SECURITY_COMPONENTS,
        ),
    )
    # Around Litestar's whole stack, not in `middleware=`: there each layer gets an exception
    # handler of its own, which cost the webhook about 0.1 ms per delivery (bench.profile).
    app.asgi_handler = security_headers(logs.request_ids(app.asgi_handler))
    return app


def _lifespan(container: Container) -> Callable[[Litestar], AbstractAsyncContextManager[None]]:
    """Open the services with the app; run the sweep and drain the turns, unless workers answer."""

    @asynccontextmanager
    async def services(app: Litestar) -> AsyncIterator[None]:
        app.state.container = container
        app.state.webhook = WhatsAppWebhook.of(container)
        await start_services(container)
        if container.settings().turns_in_workers:  # this process only records; workers answer
            try:
                yield
            finally:
                await stop_services(container)
            return
        runner = container.turns()
        grace = container.settings().sweep_grace.total_seconds()
        sweep = asyncio.create_task(runner.sweep_forever(first_delay=grace), name="inbox sweep")
        # Without a database no worker runs: this process alerts and hands quiet conversations back.
        hand_offs = (
            None
            if container.settings().durable
            else asyncio.create_task(hand_offs_forever(container), name="hand-offs")
        )
        try:
            yield
        finally:
            for task in (sweep, hand_offs):
                if task is not None:
                    task.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await task
            await runner.drain(container.settings().shutdown_grace.total_seconds())
            await stop_services(container)

    return services


# Readiness and Prometheus metrics, for the platform that runs the service.


@get(
    "/ready",
    media_type=MediaType.TEXT,
    summary="Readiness: the database and Redis answer",
    responses={503: _text_spec("unreachable: database, redis (what does not answer)")},
)
async def ready(state: State) -> Response[str]:
    down = await unready(state.container)
    if down:
        return _text(f"unreachable: {', '.join(down)}", HTTP_503_SERVICE_UNAVAILABLE)
    return _text("ready", HTTP_200_OK)


@get(
    "/metrics",
    media_type=PROMETHEUS_CONTENT_TYPE,
    summary="Prometheus metrics: for the bearer of CLINICFLOW_METRICS_TOKEN, or for all if opened",
    include_in_schema=False,
)
async def metrics(request: Request[Any, Any, Any], state: State) -> Response[bytes]:
    container: Container = state.container
    settings = container.settings()
    if settings.metrics_token:
        if not _bearer_matches(request.headers.get("authorization"), settings.metrics_token):
            return Response(b"unauthorized", status_code=HTTP_401_UNAUTHORIZED, media_type=MediaType.TEXT)
    elif not settings.metrics_public:
        # Closed by default: the webhook's port faces the internet.
        return Response(
            b"metrics are closed: set CLINICFLOW_METRICS_TOKEN (or CLINICFLOW_METRICS_PUBLIC=true)",
            status_code=HTTP_403_FORBIDDEN,
            media_type=MediaType.TEXT,
        )
    return Response(await exposition(container), media_type=PROMETHEUS_CONTENT_TYPE)


# Meta's webhook: the verification handshake and signed deliveries.


@get(
    WEBHOOK_PATH,
    media_type=MediaType.TEXT,
    summary="Meta's verification handshake",
    responses={403: _text_spec("forbidden: not Meta's subscription, or not our verify token")},
)
async def verify(
    state: State,
    mode: Annotated[str | None, QueryParameter(name="hub.mode")] = None,
    token: Annotated[str | None, QueryParameter(name="hub.verify_token")] = None,
    challenge: Annotated[str | None, QueryParameter(name="hub.challenge")] = None,
) -> Response[str]:
    webhook: WhatsAppWebhook = state.webhook
    return webhook.verify(mode, token, challenge)


@post(WEBHOOK_PATH, status_code=HTTP_200_OK, media_type=MediaType.TEXT, summary="Signed message deliveries")
async def receive(request: Request[Any, Any, Any]) -> ASGIApp:
    webhook: WhatsAppWebhook = request.app.state.webhook
    return await webhook.receive(request)
