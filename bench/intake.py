"""Intake: how fast the webhook acknowledges signed deliveries, as in production, next to its peers.

`clinicflow serve` runs on a real PostgreSQL and Redis (throwaway servers on this machine, as the
tests start them), replying through a fake Graph API on 127.0.0.1 with a chosen latency; every
acknowledged delivery is also answered (turns run in the same process after the 200). The load
comes from bench/loadgen.py in its own process. The bare Litestar endpoint and pywa are measured
the same way, on the same machine, in the same run.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import httpx
from tests.integration.servers._process import stop_process
from tests.integration.servers.fake_graph import TOKEN, Answer, FakeGraphApi, fake_graph_api
from tests.integration.servers.postgres import postgres_server
from tests.integration.servers.redis import redis_server
from tests.integration.serving import clean_env, free_port

ROOT = Path(__file__).resolve().parent.parent
SECRET = "bench-app-secret"


@dataclass(frozen=True)
class Load:
    seconds: float = 10.0  # closed loop: the most acknowledged per second
    rate: float = 1000.0  # open loop: latency at this many deliveries per second...
    rate_seconds: float = 60.0  # ...sustained this long
    connections: int = 32
    patients: int = 200
    memory_deliveries: int = 100_000  # server memory after 1,000 deliveries, then after this many


@dataclass
class Server:
    name: str
    process: subprocess.Popen[bytes]
    url: str
    log: Path

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")


@contextmanager
def background(name: str, command: Sequence[str], env: dict[str, str], url: str = "") -> Iterator[Server]:
    """A process of the benchmark, its output in a log file; stopped (SIGTERM) on the way out."""
    log = Path(tempfile.mkstemp(prefix=f"bench-{name}-", suffix=".log")[1])
    with log.open("ab") as sink:
        process = subprocess.Popen(list(command), env=env, cwd=ROOT, stdout=sink, stderr=sink)
    try:
        yield Server(name, process, url, log)
    finally:
        stop_process(process, timeout=30)
        log.unlink(missing_ok=True)


@contextmanager
def running(name: str, command: Sequence[str], env: dict[str, str], port: int) -> Iterator[Server]:
    """A web server of the benchmark, once its /health answers."""
    with background(name, command, env, f"http://127.0.0.1:{port}") as server:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{server.url}/health", timeout=1)
                break
            except httpx.TransportError:
                if server.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{name} did not start:\n{server.log.read_text()[-3000:]}") from None
                time.sleep(0.1)
        yield server


def drive(
    server: Server,
    load: Load,
    *,
    rate: float = 0,
    seconds: float | None = None,
    count: int = 0,
    first: int = 0,
    patients: int = 0,
) -> dict[str, object]:
    """Run the load generator against ``server``; its JSON summary plus the server's CPU time per delivery.

    ``count`` sends exactly that many deliveries (closed loop), however long it takes.
    """
    cpu_before = server.cpu_seconds()
    done = subprocess.run(
        [
            sys.executable, "-m", "bench.loadgen",
            "--url", f"{server.url}/webhooks/whatsapp", "--secret", SECRET,
            "--seconds", str(3600 if count else seconds or load.seconds), "--rate", str(rate),
            "--connections", str(load.connections), "--patients", str(patients or load.patients),
            "--count", str(count), "--first", str(first),
        ],
        cwd=ROOT, capture_output=True, text=True, check=True, timeout=3600,
    )  # fmt: skip
    summary: dict[str, object] = json.loads(done.stdout)
    ok = int(str(summary["ok"])) or 1
    summary["server_cpu_ms_per_delivery"] = round((server.cpu_seconds() - cpu_before) * 1000 / ok, 3)
    return summary


@dataclass
class Stack:
    """`clinicflow serve` (and its workers, when turns run there) over a fresh database."""

    server: Server
    env: dict[str, str]
    workers: list[Server]

    def cpu_seconds(self) -> float:
        """CPU time of the server and its workers together."""
        return self.server.cpu_seconds() + sum(w.cpu_seconds() for w in self.workers)


@contextmanager
def production_stack(
    graph: FakeGraphApi,
    *,
    turns: str = "inline",
    workers: int = 0,
    python: Sequence[str] = (sys.executable,),
    extra: dict[str, str] | None = None,
    now: str | None = None,
) -> Iterator[Stack]:
    """PostgreSQL, Redis, the schema and the demo clinic, and `clinicflow serve` over them.

    ``turns="workers"``: `serve` only records; ``workers`` `clinicflow worker` processes answer.
    ``python`` runs the server's module (a profiler can stand in: ``python -m pyinstrument ...``).
    ``now`` (ISO 8601) starts the processes' clocks there (``--now``): scripted dates hold.
    """
    with ExitStack() as stack:
        postgres = stack.enter_context(postgres_server())
        redis = stack.enter_context(redis_server())
        url = _fresh_database(postgres.url())
        port = free_port()
        env = clean_env(
            **{
                "DATABASE_URL": url,
                "REDIS_URL": redis.url(),
                "CLINICFLOW_HASH_KEY": "bench-hash-key-" + "0" * 32,
                "META_APP_SECRET": SECRET,
                "META_VERIFY_TOKEN": "bench",
                "META_ACCESS_TOKEN": TOKEN,
                "META_GRAPH_URL": graph.url,
                "DATABASE_POOL_SIZE": "20",
                "CLINICFLOW_TURNS": turns,
                **(extra or {}),
            }
        )
        for step in (["migrate"], ["clinic", "load", "--demo"]):
            subprocess.run([sys.executable, "-m", "entrypoints.cli", *step], env=env, cwd=ROOT, check=True,
                           capture_output=True, timeout=120)  # fmt: skip
        clock = ["--now", now] if now else []
        command = [*python, "-m", "entrypoints.cli", "serve", "--port", str(port), *clock]
        server = stack.enter_context(running("clinicflow", command, env, port))
        worker = [sys.executable, "-m", "entrypoints.cli", "worker", *clock]
        started = [stack.enter_context(background(f"worker-{n}", worker, env)) for n in range(workers)]
        yield Stack(server, env, started)


def _fresh_database(admin_url: str) -> str:
    import asyncio

    name = f"bench_{time.time_ns():x}"

    async def create() -> None:
        connection = await asyncpg.connect(admin_url)
        try:
            await connection.execute(f'CREATE DATABASE "{name}"')
        finally:
            await connection.close()

    asyncio.run(create())
    return admin_url.rsplit("/", 1)[0] + f"/{name}"


def baseline(name: str, app: str) -> AbstractContextManager[Server]:
    port = free_port()
    env = clean_env(BENCH_APP_SECRET=SECRET)
    # The same server settings as `clinicflow serve`: uvicorn's defaults, without the access log.
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        app,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--no-access-log",
    ]
    return running(name, command, env, port)


def memory_growth(
    graph: FakeGraphApi, load: Load, small: int = 1_000, large: int = 100_000
) -> dict[str, object]:
    """Server memory (RSS) after ``small`` deliveries and after ``large``, on a fresh server."""
    with production_stack(graph) as stack:
        drive(stack.server, load, count=small)
        after_small = stack.server.rss_mb()
        drive(stack.server, load, count=large - small)
        after_large = stack.server.rss_mb()
    return {
        "deliveries": f"{small:,} / {large:,}",
        "rss_small_mb": round(after_small, 1),
        "rss_large_mb": round(after_large, 1),
        "growth_percent": round((after_large - after_small) / after_small * 100, 1),
    }


def run(load: Load = Load(), graph_latency: float = 0.05) -> dict[str, dict[str, object]]:
    """Every intake figure: ClinicFlow's throughput and latency under load, and the baselines' throughput."""
    results: dict[str, dict[str, object]] = {}
    with fake_graph_api() as graph:
        graph.answer_for(24 * 3600, Answer(delay_seconds=graph_latency))
        # Intake alone, as the peers are measured: `serve` verifies, deduplicates, records durably and
        # acknowledges; answering is the workers' (CLINICFLOW_TURNS=workers), measured in bench.turns.
        with production_stack(graph, turns="workers") as stack:
            server = stack.server
            results["clinicflow"] = drive(server, load)
            results["clinicflow_at_rate"] = drive(server, load, rate=load.rate, seconds=load.rate_seconds)
            results["clinicflow_at_rate"]["rss_mb"] = round(server.rss_mb(), 1)
        results["memory"] = memory_growth(graph, load, large=load.memory_deliveries)
    with baseline("bare", "bench.baselines:bare") as server:
        results["bare_litestar"] = drive(server, load)
    if importlib.util.find_spec("pywa") is None:  # a benchmark-only dependency: `make bench` installs it
        results["pywa"] = {"skipped": "pywa is not installed: make bench installs it"}
    else:
        with baseline("pywa", "bench.baselines:pywa_app") as server:
            results["pywa"] = drive(server, load)
    return results


if __name__ == "__main__":
    print(json.dumps(run(Load(seconds=5, rate_seconds=10)), indent=2))
