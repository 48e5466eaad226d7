"""Implements ``Metrics`` with prometheus_client, on a registry of its own (one per container).

The names follow Prometheus' conventions: ``_total`` counters, ``_seconds`` histograms, labels
with a handful of values each. No label ever holds a phone number, a clinic's patient or free
text: a label value is a series, and a series per patient would both leak and explode.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, disable_created_metrics
from prometheus_client.exposition import CONTENT_TYPE_LATEST, generate_latest, start_http_server

from application.messages import InboundKind
from domain.ids import ClinicId
from domain.throttle import ModelRefusal

CONTENT_TYPE = CONTENT_TYPE_LATEST
# A `_created` series beside every counter doubles the output for a figure nobody graphs.
disable_created_metrics()  # type: ignore[no-untyped-call]

_QUICK = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
_SLOW = (0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 15.0, 30.0, 60.0)


class PrometheusMetrics:
    """Implements ``Metrics``; ``exposition()`` is what ``/metrics`` answers."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self._declare_intake_and_turns(self.registry)
        self._declare_model(self.registry)
        self._declare_sends_and_dependencies(self.registry)

    def _declare_intake_and_turns(self, registry: CollectorRegistry) -> None:
        self._deliveries = Counter(
            "clinicflow_webhook_deliveries",
            "Webhook deliveries from Meta by outcome.",
            ["outcome"],
            registry=registry,
        )
        self._messages = Counter(
            "clinicflow_inbound_messages",
            "Patients' messages in accepted deliveries: new, or a duplicate (a redelivery).",
            ["outcome"],
            registry=registry,
        )
        self._new, self._duplicates = self._messages.labels("new"), self._messages.labels("duplicate")
        self._kinds = Counter(
            "clinicflow_inbound_messages_by_kind",
            "New patients' messages by kind: text, button, audio, image, reaction...",
            ["kind"],
            registry=registry,
        )
        # Every kind shows from the start (at 0), and counting one is a dict lookup, not a label lookup.
        self._by_kind = {kind: self._kinds.labels(kind.value) for kind in InboundKind}
        self._turns = Counter(
            "clinicflow_turns", "Conversation turns by outcome.", ["outcome"], registry=registry
        )
        self._turn_seconds = Histogram(
            "clinicflow_turn_seconds",
            "Time a turn took, from claiming its messages to staging its replies.",
            buckets=_SLOW,
            registry=registry,
        )

    def _declare_model(self, registry: CollectorRegistry) -> None:
        self._nlu_calls = Counter(
            "clinicflow_nlu_calls",
            "Model calls by engine and outcome.",
            ["engine", "outcome"],
            registry=registry,
        )
        self._nlu_seconds = Histogram(
            "clinicflow_nlu_call_seconds",
            "Model call latency, failures included.",
            ["engine"],
            buckets=_SLOW,
            registry=registry,
        )
        self._tokens = Counter(
            "clinicflow_nlu_tokens", "Model tokens by model and kind.", ["model", "kind"], registry=registry
        )
        self._dollars = Counter(
            "clinicflow_nlu_cost_dollars",
            "What the model calls cost, in US dollars at list prices.",
            ["model"],
            registry=registry,
        )
        self._model_tokens = Gauge(
            "clinicflow_model_tokens_today",
            "A clinic's model tokens (read and written) today, its own day, as this process last saw them.",
            ["clinic"],
            registry=registry,
        )
        self._model_token_limit = Gauge(
            "clinicflow_model_tokens_daily_limit",
            "A clinic's daily budget of model tokens (CLINICFLOW_MODEL_TOKENS_PER_CLINIC_DAY).",
            ["clinic"],
            registry=registry,
        )
        self._model_refused = Counter(
            "clinicflow_model_calls_refused",
            "Messages read offline that the model would have read, by the budget used up "
            "(no_consent: the patient has not consented to the model reading them).",
            ["budget"],
            registry=registry,
        )

    def _declare_sends_and_dependencies(self, registry: CollectorRegistry) -> None:
        self._sends = Counter(
            "clinicflow_sends", "Messages handed to WhatsApp by outcome.", ["outcome"], registry=registry
        )
        self._bookings = Counter(
            "clinicflow_bookings",
            "Appointments committed (booked), or refused by the store as already taken.",
            ["outcome"],
            registry=registry,
        )
        self._lock_wait = Histogram(
            "clinicflow_lock_wait_seconds",
            "Time a turn waited for its conversation's lock, by outcome.",
            ["outcome"],
            buckets=_QUICK,
            registry=registry,
        )
        self._up = Gauge(
            "clinicflow_dependency_up",
            "1 when the dependency answered the last check (at each scrape), else 0.",
            ["dependency"],
            registry=registry,
        )

    def delivery(self, outcome: str) -> None:
        self._deliveries.labels(outcome).inc()

    def messages(self, new: Sequence[InboundKind], duplicates: int) -> None:
        if new:
            self._new.inc(len(new))
            for kind in new:
                self._by_kind[kind].inc()
        if duplicates:
            self._duplicates.inc(duplicates)

    def turn(self, outcome: str, seconds: float) -> None:
        self._turns.labels(outcome).inc()
        self._turn_seconds.observe(seconds)

    def nlu_call(self, engine: str, outcome: str, seconds: float) -> None:
        self._nlu_calls.labels(engine, outcome).inc()
        self._nlu_seconds.labels(engine).observe(seconds)

    def nlu_tokens(self, model: str, kind: str, tokens: int, dollars: float) -> None:
        self._tokens.labels(model, kind).inc(tokens)
        self._dollars.labels(model).inc(dollars)

    def send(self, outcome: str) -> None:
        self._sends.labels(outcome).inc()

    def booking(self, outcome: str) -> None:
        self._bookings.labels(outcome).inc()

    def lock_wait(self, outcome: str, seconds: float) -> None:
        self._lock_wait.labels(outcome).observe(seconds)

    def model_tokens(self, clinic_id: ClinicId, used: int, limit: int) -> None:
        self._model_tokens.labels(clinic_id).set(used)
        self._model_token_limit.labels(clinic_id).set(limit)

    def model_refused(self, refusal: ModelRefusal) -> None:
        self._model_refused.labels(refusal.value).inc()

    def dependency(self, name: str, up: bool) -> None:
        self._up.labels(name).set(1 if up else 0)

    def exposition(self) -> bytes:
        """The registry in Prometheus' text format."""
        return generate_latest(self.registry)

    def serve(self, port: int, host: str = "0.0.0.0") -> Callable[[], None]:  # noqa: S104 - a container's port
        """Answer ``GET /metrics`` on ``port`` from a thread (the worker serves no HTTP otherwise);
        returns what stops it."""
        server, thread = start_http_server(port, addr=host, registry=self.registry)

        def stop() -> None:
            server.shutdown()
            server.server_close()
            thread.join(timeout=5)

        return stop
