"""LLM calls and tokens per completed booking over a suite of Spanish conversations (target: <= 1.0).

Run from the repository root: ``.venv/bin/python -m bench.conversations``.

Every conversation of ``bench.conversation_suite`` is driven through the real use case
(intake, turn and conversation, in-memory adapters, the demo clinic) with the real hybrid reader:
the offline Spanish reader first, then ``ClaudeNlu`` on the official SDK for what it cannot
settle. Claude is a fake Messages API on 127.0.0.1 (the tests' own), answering each
message with the reading its step scripts. A conversation counts when its appointment is
booked and is the one the patient asked for; one that is not is printed with the reason,
and the run fails.
"""

from __future__ import annotations

import asyncio
import functools
import itertools
import json
import logging
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from tests.integration.servers.fake_anthropic import API_KEY, FakeMessagesApi, fake_messages_api
from tests.message_path import message_path

from adapters.claude.engine import ClaudeConfig, ClaudeNlu, Usage
from adapters.claude.pricing import dollars
from adapters.clinic_config.toml_file import load_demo_clinic
from adapters.hybrid_nlu import HybridNlu
from adapters.memory.clock import FixedClock
from adapters.memory.sender import RecordingSender
from adapters.memory.store import InMemoryUnitOfWorkFactory
from application.messages import InboundMessage, OutboundMessage, choices_of
from bench._common import Figures, print_table, verdict
from bench.conversation_suite import (
    INPUT_TOKENS,
    NEUTRAL,
    OUTPUT_TOKENS,
    SUITE,
    Conversation,
    Expect,
    Press,
    Say,
)
from domain.clinic import Clinic
from domain.consent import Consent
from domain.ids import PatientAddress
from entrypoints.container import offline_readers

TARGET_CALLS_PER_BOOKING = 1.0

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=ZoneInfo("America/Santiago"))  # Monday 30 November
TYPING = timedelta(seconds=20)  # between a patient's messages (keeps within the replies-per-minute limit)
PATIENT = PatientAddress("56900000000")  # a placeholder; every conversation has its own store
CHARS_PER_TOKEN = 4  # a rough rule, to check the scripted usage against the prompts really sent
HAIKU_MIN_CACHEABLE_TOKENS = 4096  # a shorter cache_control prefix is not cached (no error either)


@dataclass(frozen=True)
class Prompt:
    """The size of one request as sent: its cache-marked prefix, and everything the model reads."""

    cached_chars: int
    chars: int

    @classmethod
    def of(cls, request: dict[str, Any]) -> Prompt:
        system = request.get("system", [])
        cached = sum(len(block["text"]) for block in system if "cache_control" in block)
        read = sum(len(block["text"]) for block in system)
        read += sum(len(str(message["content"])) for message in request.get("messages", []))
        read += len(json.dumps(request.get("output_config", {}), ensure_ascii=False))
        return cls(cached, read)


@dataclass
class Outcome:
    """One conversation: the model calls it caused and whether it booked what was asked."""

    name: str
    texts: int
    calls: int = 0
    to_model: list[str] = field(default_factory=list)  # what the offline reader left to the model
    unscripted: list[str] = field(default_factory=list)  # of that, what had no scripted reading
    usage: Usage = field(default_factory=Usage)
    prompts: list[Prompt] = field(default_factory=list)
    problem: str | None = None

    @property
    def booked(self) -> bool:
        return self.problem is None


class Bot:
    """The use case wired as ``tests/integration/claude/test_claude_conversation.py`` wires it."""

    def __init__(self, clinic: Clinic, claude: ClaudeNlu) -> None:
        self.clinic = clinic
        self.clock = FixedClock(NOW)
        self.sender = RecordingSender()
        self.store = InMemoryUnitOfWorkFactory()
        self.handle = message_path(
            [clinic],
            store=self.store,
            nlu=HybridNlu(offline_readers(), claude),
            sender=self.sender,
            clock=self.clock,
        )
        # The patient accepted the clinic's privacy notice before: the model may read what the
        # offline reader cannot, as it does for every patient who consents.
        notice = clinic.privacy.notice.version
        self.store.store.consents.append(Consent(clinic.id, PATIENT, notice, True, NOW - timedelta(days=30)))
        self._ids = itertools.count()

    async def deliver(self, step: Say | Press, last: list[OutboundMessage]) -> list[OutboundMessage]:
        """One turn: the step's messages accepted together, then answered; the bot's replies."""
        self.clock.advance(TYPING)
        now = self.clock.now()
        if isinstance(step, Say):
            messages = [
                InboundMessage.text_message(self._id(), self.clinic.id, PATIENT, now, text)
                for text in step.texts
            ]
        else:
            messages = [
                InboundMessage.button_press(self._id(), self.clinic.id, PATIENT, now, _button(step, last))
            ]
        before = len(self.sender.sent)
        await self.handle.accept(messages)
        await self.handle.take_turn(self.clinic.id, PATIENT, now)
        return [sent.message for sent in self.sender.sent[before:]]

    def _id(self) -> str:
        return f"wamid.bench{next(self._ids)}"


class StepFailed(Exception):
    pass


def _button(press: Press, last: list[OutboundMessage]) -> str:
    if press.button_id is not None:
        return press.button_id
    choices = [choice for reply in last for choice in choices_of(reply)]
    if press.title is not None:
        choices = [(i, title) for i, title in choices if press.title in title]
    if len(choices) <= press.index:
        wanted = press.title or f"choice {press.index}"
        raise StepFailed(f"nothing to press for {wanted!r} in {_bodies(last)}")
    return choices[press.index][0]


def _bodies(replies: list[OutboundMessage]) -> str:
    return " | ".join(reply.body.replace("\n", " ")[:160] for reply in replies) or "(no reply)"


def _mismatch(clinic: Clinic, bot: Bot, expect: Expect) -> str | None:
    appointments = list(bot.store.store.appointments.values())
    if len(appointments) != 1:
        return f"{len(appointments)} appointments booked"
    [appointment] = appointments
    local = clinic.local(appointment.starts_at)
    got = Expect(
        local.date().isoformat(), local.strftime("%H:%M"), appointment.doctor_id, appointment.patient_name
    )
    wrong = [
        f"{what} {getattr(got, what)!r} instead of {wanted!r}"
        for what in ("day", "time", "doctor", "patient")
        if (wanted := getattr(expect, what)) is not None and getattr(got, what) != wanted
    ]
    return "booked " + ", ".join(wrong) if wrong else None


async def play(
    conversation: Conversation, clinic: Clinic, claude: ClaudeNlu, api: FakeMessagesApi
) -> Outcome:
    """Drive one conversation; its model calls, tokens and problem (None when it booked as asked)."""
    bot = Bot(clinic, claude)
    outcome = Outcome(conversation.name, conversation.texts)
    before = replace(claude.usage)
    last: list[OutboundMessage] = []
    try:
        for step in conversation.steps:
            api.reset()
            if isinstance(step, Say):
                api.answer(step.model or NEUTRAL)
            replies = await bot.deliver(step, last)
            calls = len(api.requests)
            outcome.calls += calls
            outcome.prompts += [Prompt.of(request) for request in api.requests]
            if calls:
                said = step.text if isinstance(step, Say) else f"[{step.button_id or step.title}]"
                outcome.to_model.append(said)
                if not isinstance(step, Say) or step.model is None:
                    outcome.unscripted.append(said)
            if not replies:
                raise StepFailed(f"no reply to {step}")
            last = replies
        outcome.problem = _mismatch(clinic, bot, conversation.expect)
    except StepFailed as failed:
        outcome.problem = str(failed)
    if outcome.problem:
        outcome.problem += f"; last reply: {_bodies(last)}"
    outcome.usage = _added(claude.usage, before, sign=-1)
    return outcome


def _added(usage: Usage, other: Usage, *, sign: int = 1) -> Usage:
    """``usage`` plus (or minus) ``other``, counter by counter."""
    return Usage(**{f.name: getattr(usage, f.name) + sign * getattr(other, f.name) for f in fields(Usage)})


def cost(usage: Usage) -> float:
    """US dollars at Claude Haiku 4.5's list prices (the ones the service's metrics count)."""
    model = "claude-haiku-4-5"
    return (
        dollars(model, "input", usage.input_tokens)
        + dollars(model, "output", usage.output_tokens)
        + dollars(model, "cache_read", usage.cache_read_tokens)
        + dollars(model, "cache_write", usage.cache_write_tokens)
    )


async def play_suite(suite: Sequence[Conversation] = SUITE) -> list[Outcome]:
    """Play every conversation of ``suite`` (this module's own by default), each in a fresh store."""
    clinic = load_demo_clinic()
    with fake_messages_api() as api:
        claude = ClaudeNlu(ClaudeConfig(api_key=API_KEY, base_url=api.url, timeout_seconds=5.0))
        try:
            return [await play(conversation, clinic, claude, api) for conversation in suite]
        finally:
            await claude.close()


def summarise(outcomes: list[Outcome]) -> Figures:
    booked = [o for o in outcomes if o.booked]
    count = max(len(booked), 1)
    calls = [o.calls for o in booked]
    spread = Counter(min(c, 2) for c in calls)
    total = functools.reduce(_added, (o.usage for o in booked), Usage())
    prompts = [prompt for o in outcomes for prompt in o.prompts]
    est_input = statistics.mean(p.chars for p in prompts) / CHARS_PER_TOKEN if prompts else 0.0
    est_cached = max((p.cached_chars for p in prompts), default=0) / CHARS_PER_TOKEN
    mean_calls = sum(calls) / count
    return {
        "conversations": len(outcomes),
        "completed_bookings": len(booked),
        "model_calls_total": sum(o.calls for o in outcomes),
        "calls_per_booking_mean": mean_calls,
        "calls_per_booking_median": statistics.median(calls) if calls else 0.0,
        "calls_per_booking_max": max(calls, default=0),
        "bookings_with_0_calls": spread[0],
        "bookings_with_1_call": spread[1],
        "bookings_with_2plus_calls": spread[2],
        "unscripted_model_calls": sum(len(o.unscripted) for o in outcomes),
        "input_tokens_per_booking": total.input_tokens / count,
        "output_tokens_per_booking": total.output_tokens / count,
        "cache_read_tokens_per_booking": total.cache_read_tokens / count,
        "cache_write_tokens_per_booking": total.cache_write_tokens / count,
        "cost_per_booking_usd": cost(total) / count,
        "cost_per_1000_bookings_usd": cost(total) / count * 1000,
        # The prompts really sent, in tokens at ~4 characters each: a check on the scripted usage.
        "est_prompt_tokens_per_call": est_input,
        "est_cache_marked_prefix_tokens": est_cached,
        "est_prefix_cacheable_by_haiku": "yes" if est_cached >= HAIKU_MIN_CACHEABLE_TOKENS else "no",
        "est_cost_per_booking_usd": mean_calls
        * cost(Usage(input_tokens=round(est_input), output_tokens=OUTPUT_TOKENS)),
        "seed_calls_per_booking": sum(o.texts for o in booked) / count,
        "seed_cost_per_booking_usd": sum(o.texts for o in booked)
        / count
        * cost(Usage(input_tokens=INPUT_TOKENS, output_tokens=OUTPUT_TOKENS)),
        "target_calls_per_booking": TARGET_CALLS_PER_BOOKING,
        "verdict": verdict(mean_calls, TARGET_CALLS_PER_BOOKING),
    }


def summary(figures: Figures) -> Figures:
    """The few figures a one-table runner shows (``bench.run``), from those of ``run()``."""
    return {
        "calls_per_booking": figures["calls_per_booking_mean"],
        "completed": figures["completed_bookings"],
        "verdict": figures["verdict"],
        "tokens_and_cost": f"{figures['input_tokens_per_booking']:,.0f} / "
        f"{figures['output_tokens_per_booking']:,.0f}; ${figures['cost_per_booking_usd']:.4f}",
    }


async def run() -> Figures:
    """Play the suite and return its figures; raises if any conversation failed to book as asked."""
    outcomes = await play_suite()
    failed = [o for o in outcomes if not o.booked]
    if failed:
        raise AssertionError("conversations that did not book as asked:\n" + _report(failed))
    return summarise(outcomes)


def _clip(text: str, most: int) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


def _report(outcomes: list[Outcome]) -> str:
    return "\n".join(f"- {o.name}: {o.problem}" for o in outcomes)


def main() -> None:
    logging.basicConfig(level=logging.ERROR)
    outcomes = asyncio.run(play_suite())
    print(f"{'conversation':44} texts calls  texts read by the model (* unscripted)")
    for o in outcomes:
        sent = "; ".join(f"{text}*" if text in o.unscripted else text for text in o.to_model)
        mark = "" if o.booked else "NOT BOOKED "
        print(f"{o.name[:44]:44} {o.texts:5} {o.calls:5}  {mark}{_clip(sent, 60)}")
    print()
    print_table(
        f"Model calls per completed booking (target <= {TARGET_CALLS_PER_BOOKING:g})", summarise(outcomes)
    )
    failed = [o for o in outcomes if not o.booked]
    if failed:
        print("\nConversations that did not book as asked:\n" + _report(failed))
        raise SystemExit(1)


if __name__ == "__main__":
    main()
