"""A 6-message booking end to end, with the NLU at a realistic 800 ms (figure 3 of issue 9).

Run from the repository root: ``.venv/bin/python -m bench.booking``.

The service runs as in production: `clinicflow serve` (turns answered in the process whose
webhook accepted the message, ``CLINICFLOW_TURNS=inline``) on a throwaway PostgreSQL and Redis,
its clock started at Monday 30 Nov 2026 09:00 in Santiago (the suite's "now"), with the hybrid
reader as deployed (``CLINICFLOW_NLU=claude``: the offline reader first, Claude only for what it
cannot settle). Claude is a fake Messages API on 127.0.0.1 that answers every request after
800 ms (``MODEL_LATENCY``) with the reading ``bench.conversation_suite`` scripts for the message
that reached it (the suite's NEUTRAL reading when the message has none); the Graph API is a fake
answering each message in 50 ms.

Three 6-step conversations of the suite are played one after another, each by its own patient,
through the real webhook: every step is a signed Meta delivery POSTed to
``/webhooks/whatsapp`` (a text; a tap is a ``button_reply`` or ``list_reply`` with the id and
title of the choice, taken from the last interactive message the fake Graph API took for that
patient; a burst posts its texts back to back). The next step is sent once the turn is fully
answered: no inbox or outbox row pending in PostgreSQL and at least one new message to the
patient taken by the fake Graph API. No patient thinking time is counted.

A step's time runs from its (first) POST to the moment the last reply of the turn was taken by
the fake Graph API. The fake only records the order of the messages it took, so this script
polls it every 5 ms (``POLL_SECONDS``) and takes the moment it first saw the turn's final reply
count: the figure is within a poll interval of the truth, and it stops when the Graph API
received the last reply's request (its own 50 ms answer to that request is not counted).

Before the bookings, another patient asks the address (one model call, no booking), untimed: a
fresh server's first turn and first model call pay one-off costs (about 0.1 s and 0.35 s here)
that a server in service paid long ago. Its figures are reported apart, as ``warmup``;
``run(warmup=False)`` times a cold server instead.

After the last step the patient must have exactly one booked appointment in PostgreSQL, and it
must be the one the conversation expects (local day and time, doctor, patient name, where
given); otherwise the run fails rather than print a figure.

Figures per conversation: total seconds over its 6 steps, seconds per step, model calls (requests
the fake Messages API received while it was played) and replies per step; overall: the mean total
and the slowest step. Every turn includes the conversation lock's settle window
(``CLINICFLOW_LOCK_SETTLE_MS``, 100 ms by default), which waits for messages sent together.
"""

from __future__ import annotations

import asyncio
import itertools
import statistics
import time
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import asyncpg
import httpx
from tests import meta_payloads as meta
from tests.integration.servers.fake_anthropic import API_KEY, FakeMessagesApi, Reply, fake_messages_api
from tests.integration.servers.fake_graph import Answer, FakeGraphApi, fake_graph_api

from bench._common import Figures, print_table
from bench.conversation_suite import NEUTRAL, SUITE, Conversation, Expect, Press, Say, Step
from bench.intake import SECRET, production_stack

MODEL_LATENCY = 0.8  # seconds, every answer of the fake Messages API
GRAPH_LATENCY = 0.05  # seconds, every message the fake Graph API takes
POLL_SECONDS = 0.005
STEP_TIMEOUT = 30.0  # seconds for one turn to be answered before the run fails

ZONE = ZoneInfo("America/Santiago")
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=ZONE)  # the suite's dates assume this moment
CLINIC_ID = "sonrisa"  # the demo clinic
PHONE_NUMBER_ID = "100000000000001"  # the demo clinic's WhatsApp number
# Played in this order, by name so that edits to the suite do not change what is measured.
BOOKINGS = (
    "greeting, then step by step",  # read offline throughout: no model call expected
    "address question, then booking by buttons",
    "terse pieces, ok",
)
FIRST_PHONE = 56_911_000_001  # each conversation's patient: this number, then the next ones
WARMUP_PHONE = 56_911_000_000


def conversation(name: str) -> Conversation:
    found = [c for c in SUITE if c.name == name]
    if len(found) != 1:
        raise LookupError(f"bench.conversation_suite has {len(found)} conversations named {name!r}")
    return found[0]


# Not timed: a fresh server's first turn, and its first model call, pay one-off costs (connections,
# the SDK's first request and response) that a server in service paid long ago. Another patient
# asks the address (a model call, no booking) before the bookings are played.
WARMUP = Conversation("warm-up (not counted)", conversation(BOOKINGS[1]).steps[:1])


class BookingFailed(Exception):
    """The bot did not answer, or did not book what the conversation asked for."""


# --- what Claude answers ------------------------------------------------------------------------


def last_user_text(request: dict[str, Any]) -> str:
    """The text of the last user message of a Messages API request (the patient's latest words)."""
    for message in reversed(request.get("messages", [])):
        if message.get("role") != "user":
            continue
        content = message.get("content", "")
        if isinstance(content, str):
            return content
        return "\n".join(str(block.get("text", "")) for block in content if isinstance(block, dict))
    return ""


@dataclass
class Readings:
    """The fake Messages API's responder: the reading scripted for the step whose text reached it.

    Steps are looked up in ``conversation`` (the one being played): a step matches when all its
    texts are in the request's last user message; the step the message ends with, then the
    longest, wins. Every answer takes ``latency`` seconds.
    """

    latency: float
    conversation: Conversation | None = None
    unscripted: list[str] = field(default_factory=list)  # messages that reached the model unscripted

    def __call__(self, request: dict[str, Any]) -> Reply:
        said = last_user_text(request)
        steps = self.conversation.steps if self.conversation is not None else ()
        matching = [s for s in steps if isinstance(s, Say) and all(text in said for text in s.texts)]
        step = max(matching, key=lambda s: (said.rstrip().endswith(s.texts[-1]), len(s.text)), default=None)
        if step is None or step.model is None:
            self.unscripted.append(said)
            return replace(NEUTRAL, delay_seconds=self.latency)
        return replace(step.model, delay_seconds=self.latency)


# --- the patient's side of WhatsApp -----------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    """A button or list row of an interactive message the bot sent."""

    id: str
    title: str
    kind: str  # "button" or "list"
    description: str | None = None


def replies_to(graph: FakeGraphApi, phone: str) -> list[dict[str, Any]]:
    """The messages to ``phone`` the fake Graph API took, in order."""
    return [body for body in list(graph.accepted) if body.get("to") == f"+{phone}"]


def choices_in(body: dict[str, Any]) -> list[Choice]:
    """The choices of one sent message as it went over the wire (none for a text)."""
    interactive = body.get("interactive") or {}
    action = interactive.get("action") or {}
    if interactive.get("type") == "button":
        return [
            Choice(str(b["reply"]["id"]), str(b["reply"]["title"]), "button")
            for b in action.get("buttons", [])
        ]
    if interactive.get("type") == "list":
        return [
            Choice(str(row["id"]), str(row["title"]), "list", row.get("description"))
            for section in action.get("sections", [])
            for row in section.get("rows", [])
        ]
    return []


def choose(press: Press, graph: FakeGraphApi, phone: str) -> Choice:
    """What ``press`` taps in the last interactive message the patient received."""
    interactive = [body for body in replies_to(graph, phone) if body.get("type") == "interactive"]
    if not interactive:
        raise BookingFailed(f"{press} but the bot sent nothing to tap")
    choices = choices_in(interactive[-1])
    if press.button_id is not None:
        choices = [c for c in choices if c.id == press.button_id]
    elif press.title is not None:
        choices = [c for c in choices if press.title in c.title]
    index = 0 if press.button_id is not None else press.index
    if len(choices) <= index:
        shown = [c.title for c in choices_in(interactive[-1])]
        raise BookingFailed(f"nothing to tap for {press} in the last interactive message: {shown}")
    return choices[index]


class Patient:
    """One patient's phone: signed deliveries as Meta would POST them to the webhook."""

    def __init__(self, phone: str, started: float) -> None:
        self.phone = phone
        self._started = started  # monotonic, when the server's clock was at NOW
        self._ids = itertools.count(1)

    def deliveries(self, step: Step, graph: FakeGraphApi) -> tuple[list[bytes], str]:
        """The raw bodies that carry ``step`` (one per text of a burst), and what it says."""
        if isinstance(step, Say):
            return [meta.encode(self._text(text)) for text in step.texts], step.text
        choice = choose(step, graph, self.phone)
        message_id, timestamp = self._stamp()
        if choice.kind == "button":
            payload = meta.button_delivery(
                PHONE_NUMBER_ID, self.phone, message_id, choice.id, choice.title, timestamp
            )
        else:
            payload = meta.list_delivery(
                PHONE_NUMBER_ID, self.phone, message_id, choice.id, choice.title, timestamp,
                description=choice.description,
            )  # fmt: skip
        return [meta.encode(payload)], f"[{choice.title}]"

    def _text(self, text: str) -> meta.JsonObject:
        message_id, timestamp = self._stamp()
        return meta.text_delivery(PHONE_NUMBER_ID, self.phone, message_id, text, timestamp)

    def _stamp(self) -> tuple[str, int]:
        """A fresh message id, and Meta's timestamp on the server's clock (started at NOW, running)."""
        timestamp = int(NOW.timestamp() + time.monotonic() - self._started)
        return f"wamid.bench.booking.{self.phone}.{next(self._ids)}", timestamp


# --- playing and timing -----------------------------------------------------------------------------


@dataclass
class Played:
    """One conversation: what each step said, its seconds and model calls, and what was booked."""

    name: str
    phone: str
    said: list[str] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    calls: list[int] = field(default_factory=list)
    replies: list[int] = field(default_factory=list)  # messages the fake Graph API took, per step
    booked: str = ""

    @property
    def total(self) -> float:
        return sum(self.seconds)


async def pending(connection: asyncpg.Connection) -> bool:
    """Whether a message waits in the inbox or a reply in the outbox."""
    waiting: bool = await connection.fetchval(
        "SELECT EXISTS (SELECT 1 FROM inbound_messages WHERE status = 'pending')"
        " OR EXISTS (SELECT 1 FROM outbox WHERE status = 'pending')"
    )
    return waiting


async def answered(
    connection: asyncpg.Connection, graph: FakeGraphApi, phone: str, before: int, posted: float
) -> float:
    """The moment (perf_counter) the turn's last reply was seen taken, once the turn is fully answered."""
    count, last_seen = before, posted
    deadline = posted + STEP_TIMEOUT
    while True:
        now = time.perf_counter()
        taken = len(replies_to(graph, phone))
        if taken != count:
            count, last_seen = taken, now
        if count > before and not await pending(connection):
            # Nothing pending: every reply of the turn was taken; one taken during the query counts.
            taken = len(replies_to(graph, phone))
            return time.perf_counter() if taken != count else last_seen
        if now > deadline:
            raise BookingFailed(f"the turn was not answered within {STEP_TIMEOUT:g} s")
        await asyncio.sleep(POLL_SECONDS)


@dataclass
class Line:
    """What the patients' side holds while playing: the webhook, PostgreSQL and both fakes."""

    webhook: str
    client: httpx.AsyncClient
    connection: asyncpg.Connection
    graph: FakeGraphApi
    claude: FakeMessagesApi
    readings: Readings
    started: float  # monotonic, when the server's clock was at NOW (close enough)


async def play(line: Line, conversation: Conversation, phone: str) -> Played:
    """Play ``conversation`` as the patient ``phone``, timing each step (nothing checked yet)."""
    line.readings.conversation = conversation
    patient = Patient(phone, line.started)
    played = Played(conversation.name, phone)
    for number, step in enumerate(conversation.steps, 1):
        bodies, said = patient.deliveries(step, line.graph)
        before, calls_before = len(replies_to(line.graph, phone)), len(line.claude.requests)
        posted = time.perf_counter()
        for body in bodies:
            response = await line.client.post(
                line.webhook, content=body, headers=meta.signed_headers(SECRET, body)
            )
            if response.status_code != 200:
                raise BookingFailed(f"step {number} ({said}): the webhook answered {response.status_code}")
        try:
            done = await answered(line.connection, line.graph, phone, before, posted)
        except BookingFailed as failed:
            raise BookingFailed(f"{conversation.name!r}, step {number} ({said}): {failed}") from None
        played.said.append(said)
        played.seconds.append(done - posted)
        played.calls.append(len(line.claude.requests) - calls_before)
        played.replies.append(len(replies_to(line.graph, phone)) - before)
    return played


async def check_booking(connection: asyncpg.Connection, conversation: Conversation, phone: str) -> str:
    """The patient's appointment, as booked; raises unless it is the one the conversation expects."""
    rows = await connection.fetch(
        "SELECT doctor_id, patient_name, starts_at FROM appointments"
        " WHERE clinic_id = $1 AND address_kind = 'phone' AND address = $2 AND status = 'booked'",
        CLINIC_ID,
        phone,
    )
    failed = await connection.fetchval(
        "SELECT count(*) FROM outbox WHERE clinic_id = $1 AND address = $2 AND status = 'failed'",
        CLINIC_ID,
        phone,
    )
    if failed:
        raise BookingFailed(f"{conversation.name!r}: {failed} replies could not be sent")
    if len(rows) != 1:
        raise BookingFailed(f"{conversation.name!r}: {len(rows)} appointments booked instead of 1")
    [row] = rows
    local = row["starts_at"].astimezone(ZONE)
    got = Expect(local.date().isoformat(), local.strftime("%H:%M"), row["doctor_id"], row["patient_name"])
    wrong = [
        f"{what} {getattr(got, what)!r} instead of {wanted!r}"
        for what in ("day", "time", "doctor", "patient")
        if (wanted := getattr(conversation.expect, what)) is not None and getattr(got, what) != wanted
    ]
    if wrong:
        raise BookingFailed(f"{conversation.name!r} booked the wrong appointment: " + ", ".join(wrong))
    return f"{got.day} {got.time} {got.doctor} {got.patient}"


async def play_all(
    webhook: str,
    database_url: str,
    graph: FakeGraphApi,
    claude: FakeMessagesApi,
    readings: Readings,
    warmup: bool,
) -> tuple[list[Played], Played | None]:
    """The bookings, each checked; and the warm-up (None without one)."""
    started = time.monotonic()
    connection = await asyncpg.connect(database_url)
    try:
        async with httpx.AsyncClient(timeout=10) as client:
            line = Line(webhook, client, connection, graph, claude, readings, started)
            warm = await play(line, WARMUP, str(WARMUP_PHONE)) if warmup else None
            played = []
            for number, name in enumerate(BOOKINGS):
                booking = conversation(name)
                phone = str(FIRST_PHONE + number)
                played.append(await play(line, booking, phone))
                played[-1].booked = await check_booking(connection, booking, phone)
            return played, warm
    finally:
        await connection.close()


# --- figures ------------------------------------------------------------------------------------------


def steps(played: Played) -> dict[str, object]:
    return {
        "name": played.name,
        "total_s": round(played.total, 3),
        "steps_s": [round(s, 3) for s in played.seconds],
        "model_calls": sum(played.calls),
        "model_calls_per_step": played.calls,
        "replies_per_step": played.replies,
        "said": played.said,
    }


def figures(
    played: list[Played],
    warmup: Played | None,
    unscripted: list[str],
    model_latency: float,
    graph_latency: float,
) -> dict[str, object]:
    slowest, n = max(
        ((p, n) for p in played for n in range(len(p.seconds))), key=lambda pn: pn[0].seconds[pn[1]]
    )
    return {
        "model_latency_ms": round(model_latency * 1000),
        "graph_latency_ms": round(graph_latency * 1000),
        "conversations": [steps(c) | {"booked": c.booked} for c in played],
        "mean_total_s": round(statistics.mean(c.total for c in played), 3),
        "slowest_step_s": round(slowest.seconds[n], 3),
        "slowest_step": f"{slowest.name}, step {n + 1}: {slowest.said[n]}",
        "model_calls": sum(sum(c.calls) for c in played),
        "unscripted_model_calls": len(unscripted),
        "warmup": steps(warmup) if warmup is not None else "none",
    }


def run(
    model_latency: float = MODEL_LATENCY, graph_latency: float = GRAPH_LATENCY, *, warmup: bool = True
) -> dict[str, object]:
    """Play the three bookings against `clinicflow serve` (after an untimed warm-up turn, unless
    ``warmup=False``); their figures. Raises if one did not book what it asked for."""
    readings = Readings(model_latency)
    with fake_graph_api() as graph, fake_messages_api() as claude:
        graph.answer_for(24 * 3600, Answer(delay_seconds=graph_latency))
        claude.respond_with(readings)
        extra = {"ANTHROPIC_API_KEY": API_KEY, "ANTHROPIC_BASE_URL": claude.url, "CLINICFLOW_NLU": "claude"}
        with production_stack(graph, turns="inline", extra=extra, now=NOW.isoformat()) as stack:
            webhook = f"{stack.server.url}/webhooks/whatsapp"
            database_url = stack.env["DATABASE_URL"]
            played, warm = asyncio.run(play_all(webhook, database_url, graph, claude, readings, warmup))
    return figures(played, warm, readings.unscripted, model_latency, graph_latency)


def summary(results: dict[str, object]) -> Figures:
    """The overall figures, for one table."""
    keys = ("mean_total_s", "slowest_step_s", "slowest_step", "model_calls", "unscripted_model_calls")
    return {
        key: value for key, value in results.items() if key in keys and isinstance(value, float | int | str)
    }


def print_steps(results: dict[str, object]) -> None:
    """Each conversation's total and model calls, then its steps: seconds, model calls, replies, words."""
    played = results["conversations"]
    warmup = results["warmup"]
    assert isinstance(played, list)
    for c in [*played, *([warmup] if isinstance(warmup, dict) else [])]:
        print(f"{c['name']}: {c['total_s']:.3f} s, {c['model_calls']} model calls")
        for n, (seconds, calls, replies, said) in enumerate(
            zip(c["steps_s"], c["model_calls_per_step"], c["replies_per_step"], c["said"], strict=True), 1
        ):
            print(f"  {n}  {seconds:6.3f} s  model calls {calls}  replies {replies}  {said}")
    print()


def main() -> None:
    results = run()
    print(
        f"A 6-message booking end to end, NLU at {results['model_latency_ms']} ms, "
        f"Graph API at {results['graph_latency_ms']} ms\n"
    )
    print_steps(results)
    print_table("Overall", summary(results))


if __name__ == "__main__":
    main()
