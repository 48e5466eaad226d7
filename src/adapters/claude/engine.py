"""ClaudeNlu: one Messages API call per message it is asked about, structured output, counted tokens.

Every failure (timeout, rate limit, overload, 5xx, malformed output) becomes
``NluUnavailable``: the use case then answers politely and leaves the session as it
was. The SDK's own retries are off (``max_retries``, default 0): a patient waiting on
WhatsApp is better served by a quick fallback than by a slow second try.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field, replace
from typing import cast

import anthropic
import httpx2
from anthropic.types import MessageParam, OutputConfigParam, TextBlockParam

from adapters.claude.pricing import dollars
from adapters.claude.prompt import prompt
from adapters.claude.reading import OUTPUT_SCHEMA, MalformedReading, decode_reading, to_understanding
from application.ports import Metrics, NluContext, NluOutcome, NluUnavailable, NoMetrics
from domain.understanding import Understanding

log = logging.getLogger(__name__)

OUTPUT: OutputConfigParam = {"format": {"type": "json_schema", "schema": OUTPUT_SCHEMA}}


@dataclass(frozen=True)
class ClaudeConfig:
    api_key: str = field(repr=False)
    model: str = "claude-haiku-4-5"
    base_url: str | None = None  # tests point the real SDK at a fake Messages API
    timeout_seconds: float = 5.0
    max_tokens: int = 400
    max_retries: int = 0


@dataclass
class Usage:
    """Tokens and calls so far, for the logs and for cost per booking."""

    calls: int = 0
    failures: int = 0
    input_tokens: int = 0
    cache_read_tokens: int = 0
    cache_write_tokens: int = 0
    output_tokens: int = 0


class ClaudeNlu:
    """Implements ``NluEngine`` with Claude (Anthropic's async SDK on httpx2)."""

    def __init__(
        self, config: ClaudeConfig, http: httpx2.AsyncClient | None = None, metrics: Metrics | None = None
    ) -> None:
        self.config = config
        self.usage = Usage()
        self._metrics = metrics or NoMetrics()
        self._client = anthropic.AsyncAnthropic(
            api_key=config.api_key,
            base_url=config.base_url,
            timeout=config.timeout_seconds,
            max_retries=config.max_retries,
            http_client=http,
        )

    async def close(self) -> None:
        await self._client.close()

    async def understand(self, text: str, context: NluContext) -> Understanding:
        self.usage.calls += 1
        request = prompt(context, text)
        started = time.perf_counter()
        try:
            response = await self._client.messages.create(
                model=self.config.model,
                max_tokens=self.config.max_tokens,
                system=cast("list[TextBlockParam]", request.system),
                messages=cast("list[MessageParam]", request.messages),
                output_config=OUTPUT,
            )
        except anthropic.APIError as failure:
            self.usage.failures += 1
            self._metrics.nlu_call("claude", NluOutcome.FAILED, time.perf_counter() - started)
            log.warning("claude call failed: %s", _describe(failure))
            raise NluUnavailable(_describe(failure)) from None
        seconds = time.perf_counter() - started
        tokens = self._count(response.usage, seconds)
        answer = "".join(block.text for block in response.content if block.type == "text")
        try:
            understanding = to_understanding(decode_reading(answer), context.clinic)
        except MalformedReading as malformed:
            self.usage.failures += 1
            self._metrics.nlu_call("claude", NluOutcome.REFUSED, seconds)
            log.warning("claude answer refused: %s", malformed)
            raise NluUnavailable(str(malformed), tokens=tokens) from None
        self._metrics.nlu_call("claude", NluOutcome.OK, seconds)
        return replace(understanding, model_tokens=tokens)

    def _count(self, usage: anthropic.types.Usage, seconds: float) -> int:
        """Counts the call's tokens; returns every token it read (cached or not) and wrote: the
        figure the patient's and the clinic's daily budgets are kept in."""
        cache_read = usage.cache_read_input_tokens or 0
        cache_write = usage.cache_creation_input_tokens or 0
        self.usage.input_tokens += usage.input_tokens
        self.usage.cache_read_tokens += cache_read
        self.usage.cache_write_tokens += cache_write
        self.usage.output_tokens += usage.output_tokens
        model, cost = self.config.model, 0.0
        for kind, tokens in (
            ("input", usage.input_tokens),
            ("cache_read", cache_read),
            ("cache_write", cache_write),
            ("output", usage.output_tokens),
        ):
            if tokens:
                cost += (spent := dollars(model, kind, tokens))
                self._metrics.nlu_tokens(model, kind, tokens, spent)
        log.info(
            "claude call: %d input, %d cache read, %d cache write, %d output tokens, $%.5f, %.0f ms",
            usage.input_tokens,
            cache_read,
            cache_write,
            usage.output_tokens,
            cost,
            seconds * 1000,
        )
        return usage.input_tokens + cache_read + cache_write + usage.output_tokens


def _describe(failure: anthropic.APIError) -> str:
    if isinstance(failure, anthropic.APITimeoutError):
        return "timeout"
    if isinstance(failure, anthropic.APIStatusError):
        return f"HTTP {failure.status_code} {type(failure).__name__}"
    return type(failure).__name__
