"""The production stack under test, a Meta that delivers until it gets a 200, and the checks that
nothing was lost or doubled.

`clinicflow serve` runs as its own process on PostgreSQL and Redis, replying through a fake
Graph API that posts Meta's signed receipts back (so an interrupted send is recognised). Times
are shortened (leases, pauses, the sweep) so that recoveries happen in seconds, not minutes.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import asyncpg
import httpx

from adapters.clinic_config.toml_file import load_demo_clinic
from application.pseudonyms import Pseudonyms
from tests import meta_payloads as meta
from tests.consent import answered_at_url_now
from tests.integration.servers._process import stop_process
from tests.integration.servers.fake_graph import TOKEN, FakeGraphApi
from tests.integration.serving import TEST_HASH_KEY, clean_env, clinicflow, free_port

SECRET = "fault-tests-app-secret"
PHONE_NUMBER_ID = "100000000000001"  # the demo clinic's
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=ZoneInfo("America/Santiago"))  # a Monday morning
PATIENTS_WHO_ANSWERED = 200  # patient(0) .. patient(199) answered the privacy notice before
FIRST_NAMES = ("Ana", "Beto", "Carla", "Diego", "Elena", "Fabián", "Gloria", "Hugo", "Inés", "Jorge")
LAST_NAMES = ("López", "Muñoz", "Rojas", "Soto", "Vega")


def fast_recovery(**extra: str) -> dict[str, str]:
    """Settings that make leases, pauses and the sweep run in seconds."""
    return {
        "CLINICFLOW_LOCK_EXPIRY_SECONDS": "3",
        "CLINICFLOW_LOCK_WAIT_SECONDS": "3",
        "CLINICFLOW_LOCK_SETTLE_MS": "20",
        "CLINICFLOW_TURN_LEASE_SECONDS": "3",
        "CLINICFLOW_TURN_RETRY_MS": "300",
        "CLINICFLOW_SEND_RETRY_MS": "300",
        "CLINICFLOW_SWEEP_MS": "200",
        "CLINICFLOW_SWEEP_GRACE_MS": "1000",
        "CLINICFLOW_SHUTDOWN_GRACE_SECONDS": "5",
        **extra,
    }


@dataclass
class Stack:
    """`clinicflow serve` as a process that the test can kill and start again on the same port."""

    database_url: str
    redis_url: str
    graph: FakeGraphApi
    extra: dict[str, str] = field(default_factory=dict)
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[str] | None = None
    workers: list[subprocess.Popen[str]] = field(default_factory=list)
    first_started: float | None = None  # monotonic: a restarted server's clock goes on from there
    log: Path = field(
        default_factory=lambda: Path(tempfile.mkstemp(prefix="clinicflow-serve-", suffix=".log")[1])
    )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def env(self) -> dict[str, str]:
        return clean_env(
            DATABASE_URL=self.database_url,
            REDIS_URL=self.redis_url,
            META_APP_SECRET=SECRET,
            META_VERIFY_TOKEN="verify",
            META_ACCESS_TOKEN=TOKEN,
            META_GRAPH_URL=self.graph.url,
            **fast_recovery(**self.extra),
        )

    def load_clinic(self) -> None:
        loaded = clinicflow("clinic", "load", "--demo", env=self.env)
        assert loaded.returncode == 0, loaded.stderr
        # The harness's patients accepted the privacy notice before: these tests count replies.
        numbers = [patient(index) for index in range(PATIENTS_WHO_ANSWERED)]
        answered_at_url_now(self.database_url, load_demo_clinic(), numbers, NOW - timedelta(days=1))

    def _now(self) -> str:
        self.first_started = self.first_started or time.monotonic()
        # Time must not run backwards across a restart: leases taken before it would outlive it.
        return (NOW + timedelta(seconds=time.monotonic() - self.first_started)).isoformat()

    def _spawn(self, *command: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-m", "entrypoints.cli", *command, "--now", self._now()],
            env=self.env,
            stdout=subprocess.DEVNULL,
            # A file, not a pipe: a busy server's log would fill a pipe nobody reads, and block it.
            stderr=self.log.open("a", encoding="utf-8"),
            text=True,
        )

    def start_worker(self) -> subprocess.Popen[str]:
        """A `clinicflow worker` on the same database and clock; stopped with the stack."""
        worker = self._spawn("worker")
        self.workers.append(worker)
        return worker

    def start(self) -> None:
        self.graph.report_to(f"{self.url}/webhooks/whatsapp", SECRET)
        self.process = self._spawn("serve", "--port", str(self.port))
        deadline = time.monotonic() + 60  # a loaded machine imports slowly; a hang shows its stacks
        while True:
            try:
                if httpx.get(f"{self.url}/health", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"serve did not start: {self.logged()[-3000:]}\n{self._stacks()}")
            time.sleep(0.05)

    def _stacks(self) -> str:
        """Where a server that does not answer is stuck: its threads' stacks (py-spy, if installed)."""
        spy = Path(sys.executable).with_name("py-spy")
        if self.process is None or self.process.poll() is not None or not spy.exists():
            return ""
        dumped = subprocess.run(
            [str(spy), "dump", "--pid", str(self.process.pid)], capture_output=True, text=True, check=False
        )
        return f"py-spy dump of the server:\n{dumped.stdout}{dumped.stderr}"

    def kill(self) -> None:
        """kill -9: no lifespan shutdown, no drain, connections cut mid-request."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        """SIGTERM, as a deploy does (the server and its workers)."""
        for process in (self.process, *self.workers):
            stop_process(process, timeout=30)

    def logged(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@contextmanager
def stack_of(database_url: str, redis_url: str, graph: FakeGraphApi, **extra: str) -> Iterator[Stack]:
    """A stack over the demo clinic, ready to start; stopped (workers too) and its log removed after."""
    stack = Stack(database_url, redis_url, graph, extra=extra)
    stack.load_clinic()
    try:
        yield stack
    finally:
        stack.stop()
        stack.log.unlink(missing_ok=True)


def script(index: int) -> list[str]:
    """Ten different messages of one patient: a booking, then a question and goodbyes."""
    name = f"{FIRST_NAMES[index % 10]} {LAST_NAMES[index // 10 % 5]}"
    return [
        "Hola",
        "Quiero agendar una cita",
        "mañana",
        "en la tarde",
        f"a las {15 + index % 4}",
        f"me llamo {name}",
        "sí",
        "gracias",
        "¿dónde están ubicados?",
        "hasta luego",
    ]


def patient(index: int) -> str:
    return f"5699{index:07d}"


@dataclass(frozen=True)
class Delivery:
    patient: str
    message_id: str
    text: str
    body: bytes


def deliveries(patients: int, per_patient: int = 10) -> list[list[Delivery]]:
    """Each patient's deliveries, in the order they sent them (Meta's timestamps one second apart)."""
    run = f"{time.time_ns():x}"
    streams = []
    for index in range(patients):
        stream = []
        for n, text in enumerate(script(index)[:per_patient]):
            message_id = f"wamid.{run}.{index}.{n}"
            payload = meta.text_delivery(
                PHONE_NUMBER_ID, patient(index), message_id, text, int(NOW.timestamp()) + n
            )
            stream.append(Delivery(patient(index), message_id, text, meta.encode(payload)))
        streams.append(stream)
    return streams


class Meta:
    """Delivers as Meta does: signed, and again (after a pause) until the webhook answers 200."""

    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        self.acknowledged: Counter[str] = Counter()
        self.refusals = 0
        self._watchers: list[tuple[int, asyncio.Event]] = []

    async def until_acknowledged(self, count: int) -> None:
        """Return once ``count`` deliveries were acknowledged."""
        reached = asyncio.Event()
        self._watchers.append((count, reached))
        self._notify()
        await reached.wait()

    def _notify(self) -> None:
        total = sum(self.acknowledged.values())
        for count, reached in self._watchers:
            if total >= count:
                reached.set()

    async def deliver(self, client: httpx.AsyncClient, delivery: Delivery, *, seconds: float = 120) -> None:
        deadline = time.monotonic() + seconds
        for pause in itertools.chain((0.05, 0.1, 0.2), itertools.repeat(0.3)):
            try:
                response = await client.post(
                    f"{self.stack.url}/webhooks/whatsapp",
                    content=delivery.body,
                    headers=meta.signed_headers(SECRET, delivery.body),
                )
                if response.status_code == 200:
                    self.acknowledged[delivery.message_id] += 1
                    self._notify()
                    return
                assert response.status_code == 503, (response.status_code, response.text)
            except httpx.TransportError:
                pass  # the server is down (killed, restarting): Meta tries again later
            self.refusals += 1
            assert time.monotonic() < deadline, f"{delivery.message_id} never acknowledged"
            await asyncio.sleep(pause)

    async def stream(self, client: httpx.AsyncClient, stream: Sequence[Delivery], gap: float = 0.02) -> None:
        for delivery in stream:
            await self.deliver(client, delivery)
            await asyncio.sleep(gap)


async def fetch(database_url: str, query: str, *args: object) -> list[asyncpg.Record]:
    connection = await asyncpg.connect(database_url)
    try:
        return await connection.fetch(query, *args)
    finally:
        await connection.close()


async def settled(database_url: str, seconds: float = 40) -> None:
    """Wait until no message waits in the inbox and no reply in the outbox (for a whole second)."""
    deadline = time.monotonic() + seconds
    quiet_since: float | None = None
    while True:
        [row] = await fetch(
            database_url,
            "SELECT (SELECT count(*) FROM inbound_messages WHERE status = 'pending') AS inbox, "
            "(SELECT count(*) FROM outbox WHERE status = 'pending') AS outbox",
        )
        if row["inbox"] == 0 and row["outbox"] == 0:
            quiet_since = quiet_since or time.monotonic()
            if time.monotonic() - quiet_since > 1:
                return
        else:
            quiet_since = None
        if time.monotonic() > deadline:
            stuck = await fetch(
                database_url,
                "SELECT message_id, address, attempts, available_at, claimed_until, last_error "
                "FROM inbound_messages WHERE status = 'pending' ORDER BY address, sent_at LIMIT 10",
            )
            raise AssertionError(f"still waiting: {dict(row)}: {[dict(r) for r in stuck]}")
        await asyncio.sleep(0.1)


async def assert_nothing_lost_or_doubled(stack: Stack, streams: list[list[Delivery]]) -> None:
    """Every delivered message handled once; every reply of every turn sent, once; one booking at most."""
    # The inbox keeps each id's keyed hash under the stack's key (issue 24), never the id.
    names = Pseudonyms(TEST_HASH_KEY.encode())
    delivered = {names.message_key(d.message_id) for stream in streams for d in stream}
    rows = await fetch(stack.database_url, "SELECT message_id, status FROM inbound_messages")
    recorded = {r["message_id"]: r["status"] for r in rows if r["message_id"] in delivered}
    assert set(recorded) == delivered
    assert set(recorded.values()) == {"handled"}

    replies = await fetch(stack.database_url, "SELECT id, status, last_error FROM outbox")
    assert {r["status"] for r in replies} == {"sent"}, [dict(r) for r in replies if r["status"] != "sent"]
    # What Meta took (not what it refused): a reply is one or more requests, each taken once.
    taken = [body for body in stack.graph.accepted if "biz_opaque_callback_data" in body]
    parts = Counter(json.dumps(body, sort_keys=True) for body in taken)
    doubled = [part for part, n in parts.items() if n > 1]
    assert doubled == [], f"replies sent twice: {doubled[:3]}"
    references = {body["biz_opaque_callback_data"] for body in taken}
    assert references == {f"outbox:{r['id']}" for r in replies}, "a reply was lost"

    for index, stream in enumerate(streams):
        [session] = await fetch(
            stack.database_url,
            "SELECT history::text AS history FROM chat_sessions WHERE address = $1",
            patient(index),
        )
        said = [turn["text"] for turn in json.loads(session["history"]) if turn["speaker"] == "patient"]
        sent = [d.text for d in stream]
        assert said, f"patient {index}: nothing recorded"
        assert said == sent[-len(said) :], f"patient {index}: {said} is not the end of {sent}"
        got = [b for b in stack.graph.accepted if b.get("to") == f"+{patient(index)}"]
        assert got, f"patient {index} got no answer"

    bookings = await fetch(
        stack.database_url,
        "SELECT address, count(*) AS n FROM appointments WHERE status = 'booked' GROUP BY 1",
    )
    assert all(r["n"] == 1 for r in bookings)
